//! Findings the loader makes (HCP001–HCP003): a file that cannot be read or parsed. The loader
//! reports them with positions as it reads; they are declared here with the other rules.

use super::rule::Rule;
use crate::model::diagnostic::{Code, Severity};

/// HCP001 unreadable-file.
pub(super) const UNREADABLE_FILE: Rule = Rule {
    code: Code::UnreadableFile,
    severity: Severity::Error,
    summary: "A file could not be read: missing, a directory, a link, a special file, too large, or not UTF-8.",
    explanation: "hcp reads every `*.yaml` file directly under the pathway directory and under `catalogue/`. \
A file that cannot be read (permissions, a directory named like a file, larger than 1 MiB, or not valid \
UTF-8) is reported and the other files are still checked.\n\n\
Only regular files are read. A named pipe (FIFO), a device or a socket named like a YAML file is refused \
without being read, so it can neither hang hcp nor feed it without end; the size limit holds for what is \
actually read, not only for the size the file reports.\n\n\
Symbolic links are not followed inside a pathway set: a link named like a YAML file, and a linked \
`catalogue/` or `assessment/` directory, are reported and what they point to is never opened, wherever \
it is (inside the set or outside it, e.g. `/proc/self/environ` or `/etc/passwd`, whose first line would \
otherwise be quoted in a finding). The directory given to `--pathways` may itself be a link.\n\n\
Fix: save the file as UTF-8, replace a link with the file itself, or move the file out of the pathway directory.",
    check: None,
};

/// HCP002 invalid-yaml.
pub(super) const INVALID_YAML: Rule = Rule {
    code: Code::InvalidYaml,
    severity: Severity::Error,
    summary: "A file is not well-formed YAML, repeats a key, or exceeds a safety budget.",
    explanation: "The file could not be parsed as one YAML document: a syntax error, a key given twice in the \
same mapping (YAML forbids it and hcp never silently keeps one of them), an alias to an unknown anchor, \
more than one document, or a document so deep or alias-heavy that hcp refuses it (protection against \
'billion laughs' alias bombs).\n\nFix: correct the YAML at the line and column given.",
    check: None,
};

/// HCP003 invalid-shape.
pub(super) const INVALID_SHAPE: Rule = Rule {
    code: Code::InvalidShape,
    severity: Severity::Error,
    summary: "A file has an unknown key, a missing key, a value of the wrong type, or an unreadable age.",
    explanation: "The YAML is well-formed but does not have the shape of a pathway or catalogue file \
(docs/data-format.md): a key hcp does not know (often a typo: a did-you-mean is offered), a required \
key that is missing, a list where text was expected, an unknown level or basis, or an age or gestation \
that cannot be read (ages are written `10d`, `6w`, `9m`, `2y6m`; pregnancy as `28w gestation`).\n\n\
Fix: use the key or value suggested.",
    check: None,
};
