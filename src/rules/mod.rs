//! The validation rules: a registry of stable codes, each a small function with a summary and an
//! explanation (`hcp rule HCP005`), in the way ruff and clippy keep their lints.
//!
//! Codes are never reused. HCP001–HCP003 are reported by the loader (a file that cannot be read or
//! parsed); the rest run over a loaded [`Library`].

mod assessment;
mod pathway_set;
mod references;
mod review;
mod structure;
mod timing;

use crate::diagnostic::{Diagnostic, Severity};
use crate::library::{FileId, Library};
use crate::yaml::{Spanned, position};

/// The codes, as constants, for code that reports them directly.
pub mod codes {
    /// See [`super::RULES`].
    pub const UNREADABLE_FILE: &str = "HCP001";
    /// See [`super::RULES`].
    pub const INVALID_YAML: &str = "HCP002";
    /// See [`super::RULES`].
    pub const INVALID_SHAPE: &str = "HCP003";
    /// See [`super::RULES`].
    pub const REVIEW_DUE: &str = "HCP027";
}

/// A validation rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable code, `HCP` + three digits.
    pub code: &'static str,
    /// Kebab-case name.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line.
    pub summary: &'static str,
    /// What it checks, why it matters, and how to fix it.
    pub explanation: &'static str,
    /// The check; `None` for findings the loader makes.
    pub check: Option<fn(&Library, &mut Sink)>,
}

/// Collects one rule's findings.
pub struct Sink<'a> {
    library: &'a Library,
    code: &'static str,
    severity: Severity,
    out: Vec<Diagnostic>,
}

impl<'a> Sink<'a> {
    fn new(library: &'a Library, rule: &Rule) -> Self {
        Sink {
            library,
            code: rule.code,
            severity: rule.severity,
            out: Vec::new(),
        }
    }

    /// Report a finding at a spanned value.
    pub fn at<T>(&mut self, file: FileId, value: &Spanned<T>, path: String, message: String) {
        self.at_with_help(file, value, path, message, None);
    }

    /// Report a finding at a spanned value, with a suggestion.
    pub fn at_with_help<T>(
        &mut self,
        file: FileId,
        value: &Spanned<T>,
        path: String,
        message: String,
        help: Option<String>,
    ) {
        let (line, column) = position(value);
        self.push(file, line, column, path, message, help);
    }

    /// Report a finding about a file (or the set) as a whole.
    pub fn on_file(&mut self, file: FileId, path: String, message: String, help: Option<String>) {
        self.push(file, 0, 0, path, message, help);
    }

    fn push(
        &mut self,
        file: FileId,
        line: u64,
        column: u64,
        path: String,
        message: String,
        help: Option<String>,
    ) {
        self.out.push(Diagnostic {
            code: self.code,
            severity: self.severity,
            file: self.library.display(file).to_string(),
            line,
            column,
            path,
            message,
            help,
        });
    }
}

/// Every rule, in code order.
pub static RULES: &[Rule] = &[
    Rule {
        code: codes::UNREADABLE_FILE,
        name: "unreadable-file",
        severity: Severity::Error,
        summary: "A file could not be read: missing, a directory, too large, or not UTF-8.",
        explanation: "hcp reads every `*.yaml` file directly under the pathway directory and under `catalogue/`. \
A file that cannot be read (permissions, a directory named like a file, larger than 1 MiB, or not valid \
UTF-8) is reported and the other files are still checked.\n\nFix: save the file as UTF-8, or move it out of the pathway directory.",
        check: None,
    },
    Rule {
        code: codes::INVALID_YAML,
        name: "invalid-yaml",
        severity: Severity::Error,
        summary: "A file is not well-formed YAML, repeats a key, or exceeds a safety budget.",
        explanation: "The file could not be parsed as one YAML document: a syntax error, a key given twice in the \
same mapping (YAML forbids it and hcp never silently keeps one of them), an alias to an unknown anchor, \
more than one document, or a document so deep or alias-heavy that hcp refuses it (protection against \
'billion laughs' alias bombs).\n\nFix: correct the YAML at the line and column given.",
        check: None,
    },
    Rule {
        code: codes::INVALID_SHAPE,
        name: "invalid-shape",
        severity: Severity::Error,
        summary: "A file has an unknown key, a missing key, a value of the wrong type, or an unreadable age.",
        explanation: "The YAML is well-formed but does not have the shape of a pathway or catalogue file \
(docs/data-format.md): a key hcp does not know (often a typo: a did-you-mean is offered), a required \
key that is missing, a list where text was expected, an unknown level or basis, or an age or gestation \
that cannot be read (ages are written `10d`, `6w`, `9m`, `2y6m`; pregnancy as `28w gestation`).\n\n\
Fix: use the key or value suggested.",
        check: None,
    },
    Rule {
        code: "HCP004",
        name: "duplicate-id",
        severity: Severity::Error,
        summary: "Two entries share an id (ids are unique across all files).",
        explanation: "Every stage, profession, KPI, event, interface, pathway and intervention has a stable id \
that other data and clinical systems refer to. Two entries with the same id make every reference to it \
ambiguous. Ids are unique within their kind across all files; intervention ids are unique across all \
pathways.\n\nFix: rename one of them (and its references).",
        check: Some(structure::duplicate_ids),
    },
    Rule {
        code: "HCP005",
        name: "unresolved-reference",
        severity: Severity::Error,
        summary: "A reference names a stage, profession, KPI, event, interface or pathway that does not exist.",
        explanation: "Interventions refer to catalogue entries by id: `stage`, `until_stage`, `lead`, `with`, \
`kpis`, `interfaces`, `event` and `relative.after`; the catalogue's `mandated_contacts` refer to events; \
assessment indicators refer to the pathways they point to. A \
reference to an id that no catalogue file defines is a typo or a missing catalogue entry, and the \
intervention would silently drop out of queries by that stage or profession.\n\nFix: use an existing id \
(a did-you-mean is offered), or add the entry to a file under `catalogue/`.",
        check: Some(references::unresolved_references),
    },
    Rule {
        code: "HCP006",
        name: "core-purpose-out-of-range",
        severity: Severity::Error,
        summary: "A Children's Centre core purpose is not 1, 2 or 3.",
        explanation: "Children's Centres are commissioned against three core purposes: 1 child development and \
school readiness, 2 parenting aspirations and parenting skills, 3 child and family health and life \
chances. Any other number refers to nothing.\n\nFix: use 1, 2 or 3.",
        check: Some(references::core_purpose_range),
    },
    Rule {
        code: "HCP007",
        name: "reversed-range",
        severity: Severity::Error,
        summary: "A window, stage or timing ends before it starts.",
        explanation: "Windows are inclusive ranges of the timeline: `from` must not come after `to`. The same \
holds for stages, pathway spans, `until_stage` (which must not be an earlier stage than `stage`) and \
event-relative timings (`earliest` must not be after `latest`). A reversed range matches no age, so the \
intervention would never be shown as due.\n\nFix: swap the ends, or correct the one that is wrong.",
        check: Some(timing::reversed_ranges),
    },
    Rule {
        code: "HCP008",
        name: "window-outside-stage",
        severity: Severity::Error,
        summary: "An intervention's window lies outside the stage(s) it claims.",
        explanation: "An intervention belongs to a stage (or runs from `stage` to `until_stage`); its exact window \
must lie inside those stages. Otherwise a query by stage and a query by age give different answers for \
the same intervention.\n\nFix: correct the window, or name the stage(s) the window actually falls in.",
        check: Some(timing::window_outside_stage),
    },
    Rule {
        code: "HCP009",
        name: "outside-pathway-span",
        severity: Severity::Error,
        summary: "An intervention falls outside the span of its pathway.",
        explanation: "Each pathway covers a span of the programme (e.g. Safeguarding runs from birth to 5 years; \
Antenatal from notification of pregnancy to the new birth visit). An intervention whose stages or window \
fall outside it belongs to another pathway.\n\nFix: move the intervention, or correct its timing.",
        check: Some(timing::outside_pathway_span),
    },
    Rule {
        code: "HCP010",
        name: "lead-not-unique",
        severity: Severity::Error,
        summary: "The lead profession is also listed in `with`, or a profession is listed twice.",
        explanation: "Every intervention has exactly one lead profession (`lead`), accountable for it, and may \
involve others (`with`). Listing the lead again in `with`, or a profession twice, blurs who is \
accountable.\n\nFix: keep the lead in `lead` only, and each other profession once in `with`.",
        check: Some(structure::lead_not_unique),
    },
    Rule {
        code: "HCP011",
        name: "childrens-centre-without-core-purpose",
        severity: Severity::Error,
        summary: "A Children's Centre delivers an intervention that names no core purpose.",
        explanation: "The East of England pathways follow every reference to a Children's Centre service with the \
core purpose (1, 2 or 3) it serves. An intervention led by or involving `childrens-centre-practitioner` \
must list `core_purposes`.\n\nFix: add `core_purposes: [n]`.",
        check: Some(structure::childrens_centre_without_core_purpose),
    },
    Rule {
        code: "HCP012",
        name: "kpi-deadline-unmeetable",
        severity: Severity::Error,
        summary: "A KPI's deadline falls before the intervention's window opens.",
        explanation: "A KPI that counts an intervention by an age (C2 by 14 days, C8i by 8 weeks, C4 by 12 \
months…) cannot be met if the intervention's window opens after that age. The intervention's own \
`kpi_deadline`, when given, must also lie at or after the window's start.\n\nFix: correct the window, \
the deadline, or the KPI the intervention is linked to.",
        check: Some(timing::kpi_deadline_unmeetable),
    },
    Rule {
        code: "HCP013",
        name: "unused-existing-kpi",
        severity: Severity::Warning,
        summary: "A national (existing) KPI is not linked to any intervention.",
        explanation: "Every national metric measures something the pathways deliver. An existing KPI that no \
intervention lists means either the intervention is missing or the link is.\n\nFix: add the KPI id to \
the intervention it measures.",
        check: Some(references::unused_existing_kpi),
    },
    Rule {
        code: "HCP014",
        name: "pathway-set-mismatch",
        severity: Severity::Error,
        summary: "An expected pathway is missing, unexpected, duplicated, or not in its own file.",
        explanation: "The catalogue's `pathway_set` lists the pathways the set must contain, once each: the \
Universal pathway and the eight targeted pathways. A missing pathway means a query silently returns \
nothing for it. Each pathway lives in `<id>.yaml`.\n\nFix: add the missing file, remove or register the \
unexpected one, or rename the file to match the id.",
        check: Some(pathway_set::pathway_set_mismatch),
    },
    Rule {
        code: "HCP015",
        name: "level-mismatch",
        severity: Severity::Error,
        summary: "An intervention's level does not fit its pathway (Universal vs targeted).",
        explanation: "Interventions of the Universal pathway are `universal`; interventions of a targeted pathway \
are `universal-plus` or `universal-partnership-plus`, because targeted pathways are in addition to \
Universal.\n\nFix: correct the level, or move the intervention to the right pathway.",
        check: Some(pathway_set::level_mismatch),
    },
    Rule {
        code: "HCP016",
        name: "targeted-pathway-incomplete",
        severity: Severity::Error,
        summary: "A targeted pathway lacks entry criteria for a level it uses, or does not build on Universal.",
        explanation: "A targeted pathway says what need puts a family on it (`entry_criteria`, per level) and \
declares `in_addition_to_universal: true`. Without entry criteria practitioners cannot tell who the \
pathway is for.\n\nFix: add the entry criteria for each level the pathway has interventions at.",
        check: Some(pathway_set::targeted_pathway_incomplete),
    },
    Rule {
        code: "HCP017",
        name: "span-mismatch",
        severity: Severity::Error,
        summary: "A pathway's span differs from the span the catalogue sets for it.",
        explanation: "The catalogue's `pathway_set` fixes each pathway's span (Antenatal: notification of \
pregnancy to the new birth visit; the other targeted pathways: birth to 5 years). A pathway file that \
claims another span has drifted from the agreed structure.\n\nFix: correct the span in the pathway file, or \
change the agreed span in the catalogue.",
        check: Some(pathway_set::span_mismatch),
    },
    Rule {
        code: "HCP018",
        name: "stage-sequence",
        severity: Severity::Error,
        summary: "The stages overlap, leave a gap, or are out of timeline order.",
        explanation: "The HCP ages and stages tile the timeline from preconception to 5 years: each stage starts \
the day after the previous one ends (pregnancy stages by gestation). An overlap puts an age in two \
stages; a gap leaves ages in none, and a query by age then finds no stage.\n\nFix: make each stage start \
right after the previous one.",
        check: Some(timing::stage_sequence),
    },
    Rule {
        code: "HCP019",
        name: "mandated-contact-missing",
        severity: Severity::Error,
        summary: "A mandated health visiting contact is missing from the Universal pathway.",
        explanation: "The five health visiting contacts are mandated (antenatal, new birth visit, 6-8 week \
review, 1 year review, 2-2½ year review). The catalogue lists their events in `mandated_contacts`; the \
Universal pathway must contain an intervention marked `event:` with each. Local edits must never \
silently drop one.\n\nFix: restore the intervention, with its `event`.",
        check: Some(pathway_set::mandated_contact_missing),
    },
    Rule {
        code: "HCP020",
        name: "intervention-id-prefix",
        severity: Severity::Warning,
        summary: "An intervention id does not start with its pathway id.",
        explanation: "Intervention ids are `<pathway id>.<name>` (e.g. `safeguarding.core-group`), so an id alone \
says where the intervention lives, and ids stay unique when pathways are combined.\n\nFix: rename the id.",
        check: Some(structure::intervention_id_prefix),
    },
    Rule {
        code: "HCP021",
        name: "empty-level",
        severity: Severity::Warning,
        summary: "A targeted pathway has no interventions at one of its two levels.",
        explanation: "Targeted pathways describe help at Universal Plus and at Universal Partnership Plus. A level \
with no interventions leaves practitioners without guidance for families at that level, unless the \
pathway's `note` explains why.\n\nFix: add the interventions, or state the reason in the pathway's `note`.",
        check: Some(pathway_set::empty_level),
    },
    Rule {
        code: "HCP022",
        name: "triangle-structure",
        severity: Severity::Error,
        summary: "The assessment framework lacks, repeats or misplaces an Assessment Triangle domain or dimension.",
        explanation: "The assessment framework follows the DH 2000 Assessment Triangle exactly: child's developmental needs \
(7 dimensions), parenting capacity (6) and family and environmental factors (7). A missing dimension could \
never be assessed, so every family would look incomplete; a misplaced one is counted in the wrong domain \
by the escalation rules. Indicator ids are `<dimension>.<name>`.\n\nFix: use the DH 2000 domain and \
dimension ids (see docs/assessment-format.md).",
        check: Some(assessment::triangle_structure),
    },
    Rule {
        code: "HCP023",
        name: "banding-rules",
        severity: Severity::Error,
        summary: "The banding rules are missing, duplicated, unreachable, overlapping, or let more need give a lower band.",
        explanation: "Exactly one file declares `banding`. Each escalation rule needs a threshold between 1 and \
the number of dimensions (or domains) and must give a band higher than the needs it counts, so more need \
can never give a lower band. Two rules with the same trigger must agree. Decisive indicators are banded \
Universal Partnership Plus. Every band must be reachable by some indicator or rule.\n\nFix: correct the \
rule at the position given.",
        check: Some(assessment::banding_rules),
    },
    Rule {
        code: "HCP024",
        name: "band-coverage",
        severity: Severity::Warning,
        summary: "A dimension has no indicators at some band, or the same indicator at two bands.",
        explanation: "For every dimension the framework lists indicators at Universal, Universal Plus and Universal \
Partnership Plus, as the East of England assessment criteria do. A gap leaves practitioners unable to \
record that level for the dimension; the same text at two bands makes the result depend on which one \
was ticked.\n\nFix: add the missing indicators, or remove the duplicate.",
        check: Some(assessment::band_coverage),
    },
    Rule {
        code: "HCP025",
        name: "empty-text",
        severity: Severity::Error,
        summary: "An id, title, description, summary, source, definition or indicator text is empty.",
        explanation: "Every pathway and intervention names where it comes from (`source`) and says what it is; \
an empty `source` would pass off an intervention as national guidance with nothing to check it against, \
and an empty id or title cannot be queried or shown. (A missing key is HCP003; this is a key that is \
present but blank, such as `source: ''`.)\n\nFix: write the text, or remove the entry.",
        check: Some(structure::empty_text),
    },
    Rule {
        code: "HCP026",
        name: "national-contact",
        severity: Severity::Error,
        summary: "A nationally mandated contact is missing from the Universal pathway, or timed outside its national window.",
        explanation: "The five health visiting contacts mandated in England are held in hcp's code, not only in \
the catalogue, so a local copy cannot drop one by editing both the Universal pathway and \
`mandated_contacts`. Each must be an intervention of the Universal pathway marked `event:` with its id \
(`antenatal-contact`, `new-birth-visit`, `6-8-week-review`, `1-year-review`, `2-year-review`), \
timed by the child's age inside the national window of the 2026 DHSC guidance: from \
28 weeks of pregnancy; 1 day to 2 weeks; 6 to 8 weeks; 9 to 15 months; 24 to 30 months. Its window (or else \
its stages), its `due` age and its `kpi_deadline` must lie inside, and it must not be timed `relative` to an \
event. Every intervention marked with the event is checked, not only the first. A local window narrower than \
the national one (10-14 days, 9-11 months) is fine. (A contact the catalogue lists but the pathway lacks is \
HCP019; its level, like that of every Universal intervention, is HCP015's.)\n\nFix: restore the intervention with its `event`, or bring its \
window inside the national one.",
        check: Some(pathway_set::national_contact),
    },
    Rule {
        code: codes::REVIEW_DUE,
        name: "review-due",
        severity: Severity::Warning,
        summary: "A pathway records no `next_review` date, is past it, or its review dates are impossible.",
        explanation: "National guidance changes: a contact is added, a screening schedule moves, a programme is \
withdrawn. A pathway records when its content was last checked against its sources (`last_reviewed`) and \
when it must be checked again (`next_review`, YYYY-MM-DD). Once that date has passed, `hcp validate` warns \
(so `--strict` in CI fails until someone reviews the pathway) and `query`, `show`, `list` and `assess` print a \
note that the content may be out of date. A pathway with no `next_review` is reported too (missing is not \
\"reviewed\": without a date nothing can ever say the content is stale), as are a `last_reviewed` after today \
and a `next_review` on or before `last_reviewed`. This is the one check that depends on the date: `hcp validate --today \
YYYY-MM-DD` pins it.\n\nFix: check each intervention against its `source`, then set `last_reviewed` to \
today and `next_review` to the date of the next review.",
        check: None,
    },
    Rule {
        code: crate::family::codes::INVALID,
        name: "family-file-invalid",
        severity: Severity::Error,
        summary: "A family file cannot be read, is not YAML, or is not shaped like a family file (hcp assess).",
        explanation: "`hcp assess` reads family files (docs/assessment-format.md): `reference`, `child`, \
`assessment_date`, `dimensions` and an optional `practitioner` decision. Unknown keys get a did-you-mean. \
Messages give positions and never repeat values from the file, which is about a real family.\n\nFix: \
correct the file at the line and column given.",
        check: None,
    },
    Rule {
        code: crate::family::codes::UNKNOWN_DIMENSION,
        name: "family-unknown-dimension",
        severity: Severity::Error,
        summary: "A family file names a dimension the assessment framework does not have (hcp assess).",
        explanation: "`dimensions` in a family file is keyed by the ids of the 20 Assessment Triangle dimensions. \
An unknown key is most often a typo, and the observations under it would otherwise be lost.\n\nFix: use \
the dimension id suggested.",
        check: None,
    },
    Rule {
        code: crate::family::codes::UNKNOWN_INDICATOR,
        name: "family-unknown-indicator",
        severity: Severity::Error,
        summary: "A family file names an unknown indicator, or one that belongs to another dimension (hcp assess).",
        explanation: "Each observed indicator must be an indicator id of the dimension it is listed under. An \
unknown id would silently not count; an indicator under the wrong dimension would be counted in the wrong \
place by the escalation rules.\n\nFix: use the id suggested, or move it to its own dimension.",
        check: None,
    },
    Rule {
        code: crate::family::codes::INVALID_DATE,
        name: "family-invalid-date",
        severity: Severity::Error,
        summary: "A family file's dates or age are malformed, in the future, inconsistent, or outside the programme (hcp assess).",
        explanation: "Dates are YYYY-MM-DD. The child is given by exactly one of `date_of_birth`, `age`, \
`gestation` or `expected_date_of_delivery`. A date of birth in the future, an assessment before birth, or \
a child over 5 years on the assessment date cannot be assessed against the Healthy Child Programme 0-5.\n\n\
Fix: correct the date.",
        check: None,
    },
    Rule {
        code: crate::family::codes::IDENTIFYING_REFERENCE,
        name: "family-identifying-reference",
        severity: Severity::Error,
        summary: "A family file's `reference` holds an NHS number, or is the file's own `nhs_number` or `name` (hcp assess).",
        explanation: "`reference` is the one identifier hcp prints (reports, caseload summaries, CI logs), so it must be \
pseudonymous. A reference that holds a run of exactly 10 digits (spaces, hyphens, dots or slashes may split it: \
`NHS 943 476 5919`, `HV-9434765919`) with a valid NHS number Modulus 11 check digit, or that is the file's own \
`nhs_number` or `name` (however spaced, hyphenated, dotted, slashed or capitalised), is refused and the family is not assessed; the message \
never repeats the value. Ten digits with a wrong check digit are not an NHS number and are accepted.\n\nFix: use the \
pseudonymous reference your service assigns (such as HV-2026-0042), never an NHS number or a name.",
        check: None,
    },
];

/// A rule by code (case-insensitive).
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

/// From this many interventions, the rules run on all cores (below it, starting threads costs
/// more than it saves).
const PARALLEL_MIN_INTERVENTIONS: usize = 5_000;

/// Run every rule over the library; findings come in registry order either way.
pub fn check_all(library: &Library) -> Vec<Diagnostic> {
    let interventions: usize = library
        .pathways
        .iter()
        .map(|(_, p)| p.interventions.len())
        .sum();
    crate::parallel::map_ordered(RULES, interventions >= PARALLEL_MIN_INTERVENTIONS, |rule| {
        check_one(library, rule)
    })
    .into_iter()
    .flatten()
    .collect()
}

/// HCP027 over the library, as of `today` (kept apart from [`check_all`], which never depends on
/// the date).
pub fn check_review_dates(library: &Library, today: jiff::civil::Date) -> Vec<Diagnostic> {
    let Some(rule) = rule(codes::REVIEW_DUE) else {
        return Vec::new();
    };
    let mut sink = Sink::new(library, rule);
    review::review_due(library, today, &mut sink);
    sink.out
}

/// Run one rule (nothing for the family-file codes, which `hcp assess` reports).
pub fn check_one(library: &Library, rule: &Rule) -> Vec<Diagnostic> {
    let Some(check) = rule.check else {
        return Vec::new();
    };
    let mut sink = Sink::new(library, rule);
    check(library, &mut sink);
    sink.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_in_order() {
        let codes: Vec<_> = RULES.iter().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<_> = RULES.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RULES.len());
    }
}
