//! What a pathway file may be written with: no hidden characters anywhere (HCP028), and ids of
//! plain ASCII (HCP029), so that what a reviewer reads is what hcp and clinical systems see.

use super::rule::{Rule, Sink};
use crate::load::yaml;
use crate::model::diagnostic::{Code, Severity};
use crate::model::hazardous::is_hazardous;
use crate::model::library::{FileId, Library};
use crate::model::span::Spanned;
use crate::model::text::Text;

/// A hidden character in a file's text: where, which, and whether it was written as an escape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hidden {
    line: u64,
    column: u64,
    character: char,
    escaped: bool,
    /// In a comment (which has no data path).
    comment: bool,
}

/// Every hidden character in `text`: written as itself anywhere (a bidi override in a comment is
/// the classic way to make code read differently from what it does), or written as an escape
/// (`\e`, `\x1b`, `\u202E`, …) inside a double-quoted scalar. Columns count characters, from 1.
fn hidden_in(text: &str) -> Vec<Hidden> {
    let mut found = Vec::new();
    let text = yaml::strip_bom(text);
    for (n, line) in text.lines().enumerate() {
        let line_no = n as u64 + 1;
        let chars: Vec<char> = line.trim_end_matches('\r').chars().collect();
        // Whether the current position is inside a double-quoted scalar on this line (a
        // single-quoted one or a comment outside quotes ends the scan for escapes).
        let mut in_double = false;
        let mut in_single = false;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let at = |escaped, character| Hidden {
                line: line_no,
                column: i as u64 + 1,
                character,
                escaped,
                comment: false,
            };
            if is_hazardous(c) {
                found.push(at(false, c));
                i += 1;
                continue;
            }
            match c {
                '"' if !in_single => in_double = !in_double,
                '\'' if !in_double => in_single = !in_single,
                '#' if !in_double && !in_single && (i == 0 || chars[i - 1] == ' ') => {
                    // The rest is a comment: only characters written as themselves count.
                    found.extend(
                        chars[i..]
                            .iter()
                            .enumerate()
                            .filter(|(_, c)| is_hazardous(**c))
                            .map(|(k, c)| Hidden {
                                line: line_no,
                                column: (i + k) as u64 + 1,
                                character: *c,
                                escaped: false,
                                comment: true,
                            }),
                    );
                    break;
                }
                '\\' if in_double => {
                    let (decoded, len) = escape_at(&chars[i + 1..]);
                    if let Some(d) = decoded.filter(|d| is_hazardous(*d)) {
                        found.push(at(true, d));
                    }
                    i += 1 + len;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
    }
    found
}

/// The character a YAML double-quoted escape stands for (the characters after the backslash), and
/// how many characters the escape takes; `None` for an escape that is not a character hcp cares
/// about or is malformed (the YAML parser reports those).
fn escape_at(rest: &[char]) -> (Option<char>, usize) {
    let hex = |n: usize| -> (Option<char>, usize) {
        let digits: String = rest.iter().skip(1).take(n).collect();
        if digits.len() != n {
            return (None, 1);
        }
        let c = u32::from_str_radix(&digits, 16)
            .ok()
            .and_then(char::from_u32);
        (c, 1 + n)
    };
    match rest.first() {
        Some('0') => (Some('\0'), 1),
        Some('a') => (Some('\u{7}'), 1),
        Some('b') => (Some('\u{8}'), 1),
        Some('e') => (Some('\u{1b}'), 1),
        Some('v') => (Some('\u{b}'), 1),
        Some('f') => (Some('\u{c}'), 1),
        Some('N') => (Some('\u{85}'), 1),
        Some('L') => (Some('\u{2028}'), 1),
        Some('P') => (Some('\u{2029}'), 1),
        Some('x') => hex(2),
        Some('u') => hex(4),
        Some('U') => hex(8),
        Some(_) => (None, 1),
        None => (None, 0),
    }
}

fn hidden_characters(lib: &Library, sink: &mut Sink) {
    // build.rs made the prebuilt form only of files with no hidden character.
    if lib.prebuilt {
        return;
    }
    for (i, file) in lib.files.iter().enumerate() {
        for h in hidden_in(&file.text) {
            let written = match (h.escaped, h.comment) {
                (true, _) => "written as an escape",
                (false, false) => "written as itself",
                (false, true) => "written as itself, in a comment",
            };
            let path = if h.comment {
                String::new()
            } else {
                yaml::path_at_line(&file.text, h.line)
            };
            sink.at_line(
                FileId(i),
                h.line,
                h.column,
                path,
                format!(
                    "hidden character U+{:04X} ({}, {written}): what a reader sees is not what hcp reads",
                    u32::from(h.character),
                    kind_of(h.character)
                ),
            );
        }
    }
}

/// What a hidden character is, in words.
fn kind_of(c: char) -> &'static str {
    match c {
        '\u{80}'..='\u{9f}' => "a C1 control character",
        '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            "a bidirectional control"
        }
        '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{180e}' => {
            "an invisible character"
        }
        '\u{2028}' | '\u{2029}' => "a line or paragraph separator",
        '\u{fff9}'..='\u{ffff}' => "a character XML forbids",
        _ => "a control character",
    }
}

/// HCP028 hidden-character.
pub(super) const HIDDEN_CHARACTER: Rule = Rule {
    code: Code::HiddenCharacter,
    severity: Severity::Error,
    summary: "A file holds a control, bidirectional or invisible character, written as itself or as an escape.",
    explanation: "Pathway data is reviewed by people and read by machines; a character a reviewer cannot \
see must not change what hcp reads. A right-to-left override (U+202E) makes text display in another order \
than it is stored, a zero-width space (U+200B) inside `health-visitor` makes a different id that looks \
the same, and an ESC or C1 control can drive a terminal or a CI log. hcp \
refuses them anywhere in a file (comments included: that is where a bidi override hides code), whether \
typed as themselves or as a double-quoted escape (`\"\\e\"`, `\"\\u202E\"`). Tab and line breaks are \
allowed; every output also escapes these characters, so nothing reaches a reader raw either way.\n\n\
Fix: delete the character at the position given (an editor that shows invisible characters helps).",
    check: Some(hidden_characters),
};

/// Whether `id` is plain ASCII: letters and digits in words joined by single `-` or `.`
/// (`universal.new-birth-visit`, `R-SG-CORE-GROUP`), lower-case unless `upper` is allowed (KPIs).
fn plain_id(id: &str, upper: bool) -> bool {
    // One pass over the bytes (this runs for every id on every command): a word character, or a
    // separator between two of them.
    let mut after_word = false;
    for b in id.bytes() {
        let word =
            b.is_ascii_digit() || b.is_ascii_lowercase() || (upper && b.is_ascii_uppercase());
        if word {
            after_word = true;
        } else if matches!(b, b'-' | b'.') && after_word {
            after_word = false;
        } else {
            return false;
        }
    }
    after_word
}

fn id_format(lib: &Library, sink: &mut Sink) {
    // The data path is made only for an id that fails: this runs on every command.
    let mut check = |file: FileId, id: &Spanned<Text>, path: &dyn Fn() -> String, upper: bool| {
        let text = id.value.as_str();
        // An empty id is HCP025's; a hidden character in one also HCP028's, but it is named here
        // too, as an id that does not match.
        if text.is_empty() || plain_id(text, upper) {
            return;
        }
        let rule = if upper {
            "ASCII letters and digits in words joined by `-` or `.` (e.g. `C8i`, `R-SG-CORE-GROUP`)"
        } else {
            "lower-case ASCII letters and digits in words joined by `-` or `.` (e.g. `health-visitor`, `universal.new-birth-visit`)"
        };
        sink.at(
            file,
            id,
            path(),
            format!("id `{text}` is not plain ASCII: ids are {rule}"),
        );
    };
    for (file, p) in &lib.pathways {
        check(*file, &p.id, &|| "id".into(), false);
        for (i, iv) in p.interventions.iter().enumerate() {
            check(*file, &iv.id, &|| format!("interventions[{i}].id"), false);
        }
    }
    let cat = &lib.catalogue;
    for e in &cat.stages {
        check(
            e.file,
            &e.item.id,
            &|| format!("stages[{}].id", e.index),
            false,
        );
    }
    for e in &cat.professions {
        check(
            e.file,
            &e.item.id,
            &|| format!("professions[{}].id", e.index),
            false,
        );
    }
    for e in &cat.kpis {
        check(
            e.file,
            &e.item.id,
            &|| format!("kpis[{}].id", e.index),
            true,
        );
    }
    for e in &cat.events {
        check(
            e.file,
            &e.item.id,
            &|| format!("events[{}].id", e.index),
            false,
        );
    }
    for e in &cat.interfaces {
        check(
            e.file,
            &e.item.id,
            &|| format!("interfaces[{}].id", e.index),
            false,
        );
    }
    for e in &cat.pathway_set {
        check(
            e.file,
            &e.item.id,
            &|| format!("pathway_set[{}].id", e.index),
            false,
        );
    }
    for (file, a) in &lib.assessments {
        for (i, d) in a.domains.iter().enumerate() {
            check(*file, &d.id, &|| format!("domains[{i}].id"), false);
            for (j, dim) in d.dimensions.iter().enumerate() {
                let at = || format!("domains[{i}].dimensions[{j}]");
                check(*file, &dim.id, &|| format!("{}.id", at()), false);
                for (k, ind) in dim.indicators.iter().enumerate() {
                    check(
                        *file,
                        &ind.id,
                        &|| format!("{}.indicators[{k}].id", at()),
                        false,
                    );
                }
            }
        }
        if let Some(b) = &a.banding {
            for (i, e) in b.escalation.iter().enumerate() {
                check(
                    *file,
                    &e.id,
                    &|| format!("banding.escalation[{i}].id"),
                    false,
                );
            }
        }
    }
}

/// HCP029 id-format.
pub(super) const ID_FORMAT: Rule = Rule {
    code: Code::IdFormat,
    severity: Severity::Error,
    summary: "An id is not plain ASCII (lower-case kebab-case; KPI ids may use capitals).",
    explanation: "Ids are what other data, clinical systems and scripts match on. An id with a space, an \
underscore, an accented letter or a look-alike from another alphabet (a Cyrillic `а` in `pаthway`) is a \
different id that looks the same, and a reference to the real one silently misses it. Ids are ASCII \
letters and digits in words joined by single `-` or `.`: lower-case for pathways, interventions \
(`<pathway id>.<name>`), stages, professions, events, interfaces and the assessment framework; KPI ids \
may use capitals (`C8i`, `R-SG-CORE-GROUP`).\n\nFix: rename the id (and every reference to it).",
    check: Some(id_format),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_found_written_or_escaped_with_their_column() {
        let text = "a: \"x\\u202Ey\"\nb: plain \u{200b}text\n# a comment \u{202e} here\nc: 'not \\e an escape'\nd: \"ok \\n \\t \\\\ \\\" fine\"\ne: \"\\e[2J\" # \\e in a comment\n";
        let found = hidden_in(text);
        assert_eq!(
            found,
            vec![
                Hidden {
                    line: 1,
                    column: 6,
                    character: '\u{202e}',
                    escaped: true,
                    comment: false
                },
                Hidden {
                    line: 2,
                    column: 10,
                    character: '\u{200b}',
                    escaped: false,
                    comment: false
                },
                Hidden {
                    line: 3,
                    column: 13,
                    character: '\u{202e}',
                    escaped: false,
                    comment: true
                },
                Hidden {
                    line: 6,
                    column: 5,
                    character: '\u{1b}',
                    escaped: true,
                    comment: false
                },
            ]
        );
        // A byte order mark at the start is the file's encoding, not a hidden character.
        assert!(hidden_in("\u{feff}id: x\n").is_empty());
        for (escape, c) in [
            ("\\0", '\0'),
            ("\\a", '\u{7}'),
            ("\\x9B", '\u{9b}'),
            ("\\N", '\u{85}'),
            ("\\U0000FEFF", '\u{feff}'),
            ("\\L", '\u{2028}'),
        ] {
            let found = hidden_in(&format!("k: \"{escape}\"\n"));
            assert_eq!(found.len(), 1, "{escape}");
            assert_eq!(found[0].character, c, "{escape}");
        }
    }

    #[test]
    fn plain_ids_are_ascii_words_joined_by_single_separators() {
        for id in [
            "health-visitor",
            "universal.new-birth-visit",
            "6-8-weeks",
            "c2",
        ] {
            assert!(plain_id(id, false), "{id}");
        }
        for id in ["C8i", "R-SG-CORE-GROUP-HV-ATTENDANCE"] {
            assert!(plain_id(id, true), "{id}");
            assert!(!plain_id(id, false), "{id}");
        }
        for id in [
            "health visitor",
            "health_visitor",
            "pаthway",
            "-x",
            "x-",
            "a--b",
            "a..b",
            "é",
            "x\u{200b}",
        ] {
            assert!(!plain_id(id, true), "{id}");
        }
    }
}
