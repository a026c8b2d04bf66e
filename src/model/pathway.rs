//! The pathway data model: the shapes of catalogue and pathway files, as read from YAML.
//!
//! Every value a validation rule may blame is [`Spanned`], so findings can name file:line:col.
//! The format is documented for authors in `docs/data-format.md`.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::age::{Duration, Point, Span};
pub use crate::model::kpi::{Cohort, Compute, Denominator};
pub use crate::model::level::Level;
use crate::model::span::Spanned;
use crate::model::text::Text;
pub use crate::model::timing::{Category, DateRange, TimingKind};

/// Whether a pathway is the Universal one or a targeted one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PathwayKind {
    /// The single Universal pathway.
    Universal,
    /// A targeted pathway, in addition to Universal.
    Targeted,
}

/// What an intervention's content rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// National guidance (DHSC, PHE/OHID, NICE, Working Together, UKHSA, …).
    National,
    /// The East of England Best Practice Pathways.
    EastOfEngland,
    /// What a service lead would expect where national guidance is silent.
    LocalPractice,
}

/// How sure the data is of a fact (facts.md `[C]`, `[C-partial]`, `[GK]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Certainty {
    /// Seen in the cited source.
    Confirmed,
    /// Partly seen, partly inferred (the note says which part).
    Partial,
    /// Not confirmed in a source; verify before relying on it.
    Unverified,
}

/// Whether a KPI is collected nationally or recommended by the pathways.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum KpiStatus {
    /// A national metric that exists today.
    Existing,
    /// A measure the pathways recommend where none exists.
    Recommended,
}

/// A calendar date as written in data: `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CalendarDate(pub jiff::civil::Date);

/// The pattern of a calendar date wherever hcp reads or writes one (JSON Schema, ECMA-262).
pub const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// The schema of a date written `YYYY-MM-DD`, with what an editor says of one that is not.
pub(crate) fn date_schema(message: &str) -> schemars::Schema {
    schemars::json_schema!({
        "type": "string",
        "format": "date",
        "pattern": DATE_PATTERN,
        "markdownDescription": "A calendar date written `YYYY-MM-DD`, e.g. `2026-11-25` (not `25/11/2026`).",
        "patternErrorMessage": message,
        "errorMessage": message
    })
}

/// Written as a string in `YYYY-MM-DD` form (JSON Schema's `date` format).
impl JsonSchema for CalendarDate {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CalendarDate".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        date_schema("expected a calendar date written YYYY-MM-DD, e.g. 2026-11-25")
    }
}

impl CalendarDate {
    /// Read exactly `YYYY-MM-DD` that is a real date (not a date-time, not a week date).
    pub fn parse(text: &str) -> Option<CalendarDate> {
        let strict = text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        strict
            .then(|| text.parse::<jiff::civil::Date>().ok())
            .flatten()
            .map(CalendarDate)
    }
}

impl<'de> Deserialize<'de> for CalendarDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        CalendarDate::parse(&text).ok_or_else(|| {
            serde::de::Error::custom("expected a calendar date written YYYY-MM-DD, e.g. 2026-11-25")
        })
    }
}

impl fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// An inclusive span of the timeline as written in data (`{from: 6w, to: 8w}`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// First point inside the window.
    pub from: Spanned<Point>,
    /// Last point inside the window.
    pub to: Spanned<Point>,
}

impl Window {
    /// The window as a plain span of the timeline.
    pub fn span(&self) -> Span {
        Span {
            from: self.from.value,
            to: self.to.value,
        }
    }
}

/// One file under `pathways/catalogue/`: every section optional, all files merged.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogueFile {
    /// HCP ages and stages, in timeline order.
    #[serde(default)]
    pub stages: Vec<Stage>,
    /// Service level definitions.
    #[serde(default)]
    pub levels: Vec<LevelDefinition>,
    /// Children's Centre core purposes.
    #[serde(default)]
    pub core_purposes: Vec<CorePurpose>,
    /// Partnership interfaces.
    #[serde(default)]
    pub interfaces: Vec<Interface>,
    /// The pathways that must be present, once each.
    #[serde(default)]
    pub pathway_set: Vec<ExpectedPathway>,
    /// Events the Universal pathway must contain (the mandated contacts).
    #[serde(default)]
    pub mandated_contacts: Vec<Spanned<Text>>,
    /// Professions.
    #[serde(default)]
    pub professions: Vec<Profession>,
    /// KPIs.
    #[serde(default)]
    pub kpis: Vec<Kpi>,
    /// Events that timings can be relative to.
    #[serde(default)]
    pub events: Vec<Event>,
}

/// An HCP age and stage.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Stable id, e.g. `6-8-weeks`.
    #[schemars(length(min = 1))]
    pub id: Spanned<Text>,
    /// Display title.
    #[schemars(length(min = 1))]
    pub title: Text,
    /// First point of the stage.
    pub from: Spanned<Point>,
    /// Last point of the stage (inclusive).
    pub to: Spanned<Point>,
    /// What happens in the stage.
    #[serde(default)]
    pub description: Text,
}

impl Stage {
    /// The stage as a span of the timeline.
    pub fn span(&self) -> Span {
        Span {
            from: self.from.value,
            to: self.to.value,
        }
    }
}

/// The definition of a service level.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelDefinition {
    /// Which level.
    pub id: Spanned<Level>,
    /// Display title.
    pub title: Text,
    /// What the level means.
    pub definition: Text,
    /// Where the definition comes from.
    pub source: Text,
}

/// A Children's Centre core purpose.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CorePurpose {
    /// 1, 2 or 3.
    pub number: Spanned<u8>,
    /// Short title.
    pub title: Text,
    /// The full wording.
    pub wording: Text,
}

/// A partnership interface between services.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Interface {
    /// Stable id.
    #[schemars(length(min = 1))]
    pub id: Spanned<Text>,
    /// Display title.
    #[schemars(length(min = 1))]
    pub title: Text,
    /// What the interface covers.
    pub description: Text,
}

/// A pathway the bundled set must contain.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpectedPathway {
    /// Pathway id (and file stem).
    #[schemars(length(min = 1))]
    pub id: Spanned<Text>,
    /// Universal or targeted.
    pub kind: PathwayKind,
    /// Display title.
    #[schemars(length(min = 1))]
    pub title: Text,
    /// The span the pathway must cover.
    pub span: Window,
}

/// A profession or service.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profession {
    /// Stable id, e.g. `health-visitor`.
    #[schemars(length(min = 1))]
    pub id: Spanned<Text>,
    /// Display title.
    #[schemars(length(min = 1))]
    pub title: Text,
    /// Role in the programme.
    #[serde(default)]
    pub description: Text,
}

/// A key performance indicator.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    /// National code (`C2`) or recommended id (`R-…`).
    #[schemars(length(min = 1))]
    pub id: Spanned<Text>,
    /// Display title.
    #[schemars(length(min = 1))]
    pub title: Text,
    /// What it measures.
    pub definition: Text,
    /// What is counted.
    pub numerator: Text,
    /// What it is counted out of.
    pub denominator: Text,
    /// The child's age by which the KPI counts the intervention, if it has one.
    #[serde(default)]
    pub deadline: Option<Spanned<Point>>,
    /// Existing or recommended.
    pub status: KpiStatus,
    /// Where the definition comes from.
    pub source: Text,
    /// How sure the definition is.
    #[serde(default)]
    pub certainty: Option<Certainty>,
    /// How `hcp kpi` computes it from records, or why records cannot (HCP033-HCP036).
    #[serde(default)]
    pub compute: Option<Spanned<Compute>>,
}

/// An event that timings can count from.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Stable id.
    #[schemars(length(min = 1))]
    pub id: Spanned<Text>,
    /// Display title.
    #[schemars(length(min = 1))]
    pub title: Text,
    /// What the event is.
    #[serde(default)]
    pub description: Text,
}

/// One pathway file.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pathway {
    /// Pathway id; equals the file stem.
    #[schemars(length(min = 1))]
    #[schemars(extend("markdownDescription" = "Lower case words joined by hyphens, the same as the file name without `.yaml`: `safeguarding` in `pathways/safeguarding.yaml`."))]
    pub id: Spanned<Text>,
    /// Display title.
    #[schemars(length(min = 1))]
    pub title: Text,
    /// What the pathway is for.
    #[schemars(length(min = 1))]
    pub summary: Text,
    /// True for targeted pathways, which build on Universal.
    #[serde(default)]
    pub in_addition_to_universal: Option<Spanned<bool>>,
    /// The span of the programme the pathway covers.
    pub span: Window,
    /// What need puts a family on the pathway, per level.
    #[serde(default)]
    pub entry_criteria: Option<Spanned<EntryCriteria>>,
    /// When a family steps down or leaves.
    #[serde(default)]
    pub exit_criteria: Vec<Text>,
    /// Where the pathway as a whole comes from.
    #[schemars(length(min = 1))]
    #[schemars(extend("markdownDescription" = "The guidance by name, issuer and year, e.g. `East of England Best Practice Pathways (2019); DHSC Healthy Child Programme (2009, 2021)`."))]
    pub source: Text,
    /// When the content was last checked against its sources (YYYY-MM-DD).
    #[serde(default)]
    pub last_reviewed: Option<Spanned<CalendarDate>>,
    /// When the content must next be checked (YYYY-MM-DD); after it, `hcp validate` warns
    /// (HCP027) and answers from the pathway carry a note.
    #[serde(default)]
    pub next_review: Option<Spanned<CalendarDate>>,
    /// Caveats.
    #[serde(default)]
    pub note: Option<Text>,
    /// The interventions, in order.
    pub interventions: Vec<Intervention>,
}

/// Entry criteria of a targeted pathway, per level.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EntryCriteria {
    /// Needs that call for Universal Plus.
    #[serde(default)]
    pub universal_plus: Vec<Text>,
    /// Needs that call for Universal Partnership Plus.
    #[serde(default)]
    pub universal_partnership_plus: Vec<Text>,
}

/// A timing relative to an event rather than to the child's age.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Relative {
    /// The event id the timing counts from.
    pub after: Spanned<Text>,
    /// Earliest time after the event (default: straight away).
    #[serde(default)]
    pub earliest: Option<Spanned<Duration>>,
    /// Latest time after the event.
    pub latest: Spanned<Duration>,
}

impl Relative {
    /// The earliest time after the event.
    pub fn earliest(&self) -> Duration {
        self.earliest
            .as_ref()
            .map_or(Duration::Days(0), |e| e.value)
    }
}

/// One intervention of a pathway.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Intervention {
    /// Stable id: `<pathway id>.<name>`.
    #[schemars(length(min = 1))]
    #[schemars(extend("markdownDescription" = "The pathway's id, a dot, then lower case words joined by hyphens: `universal.new-birth-visit`. Records and KPIs refer to it, so it never changes once published."))]
    pub id: Spanned<Text>,
    /// Display title.
    #[schemars(length(min = 1))]
    pub title: Text,
    /// What is done and why.
    #[schemars(length(min = 1))]
    pub description: Text,
    /// The service level it belongs to.
    pub level: Spanned<Level>,
    /// The stage it belongs to, or the first stage it can occur in.
    #[schemars(extend("markdownDescription" = "A stage id from `pathways/catalogue/core.yaml`, e.g. `birth-to-2-weeks`, `6-8-weeks` (`hcp list stages`)."))]
    pub stage: Spanned<Text>,
    /// The last stage it can occur in, when it runs across stages.
    #[serde(default)]
    pub until_stage: Option<Spanned<Text>>,
    /// The exact age window, where guidance gives one.
    #[serde(default)]
    pub window: Option<Window>,
    /// The age it is scheduled at, where guidance names one age rather than a window (e.g. the
    /// 8 week immunisations). It is listed for its whole stage(s), with the due age shown.
    #[serde(default)]
    pub due: Option<Spanned<Point>>,
    /// The age a KPI counts against, where it differs from the end of the window.
    #[serde(default)]
    pub kpi_deadline: Option<Spanned<Point>>,
    /// How it is timed: `scheduled`, `ongoing`, `if-needed` or `event`. Every intervention
    /// declares one (HCP030).
    #[serde(default)]
    pub timing: Option<Spanned<TimingKind>>,
    /// Scheduled only: the last age at which a missed one is still done (blood spot to 1 year,
    /// hearing screen to 3 months). Between the end of the window and this age it is overdue.
    #[serde(default)]
    pub catch_up_until: Option<Spanned<Point>>,
    /// Scheduled only: the KPI that counts one done after its window (C3 for a late new birth
    /// visit).
    #[serde(default)]
    pub late_kpi: Option<Spanned<Text>>,
    /// Scheduled only: screening or immunisation, which answers list after the mandated reviews.
    #[serde(default)]
    pub category: Option<Spanned<Category>>,
    /// The dates of birth it applies to, where the schedule depends on the birth cohort (MMRV
    /// since 1 January 2026). None: every child.
    #[serde(default)]
    pub born: Option<DateRange>,
    /// The calendar dates it is offered between, for a time-limited programme (a catch-up
    /// campaign). None: always.
    #[serde(default)]
    pub offered: Option<DateRange>,
    /// Timing relative to an event.
    #[serde(default)]
    pub relative: Option<Relative>,
    /// The event this intervention is.
    #[serde(default)]
    pub event: Option<Spanned<Text>>,
    /// The one lead profession.
    #[schemars(extend("markdownDescription" = "A profession id from `pathways/catalogue/professions.yaml`, e.g. `health-visitor`, `midwife`, `gp` (`hcp list professions`)."))]
    pub lead: Spanned<Text>,
    /// Other professions involved.
    #[serde(default)]
    pub with: Vec<Spanned<Text>>,
    /// Children's Centre core purposes served (1 to 3).
    #[serde(default)]
    pub core_purposes: Vec<Spanned<u8>>,
    /// KPIs that measure it.
    #[serde(default)]
    pub kpis: Vec<Spanned<Text>>,
    /// Named tools, programmes and frameworks.
    #[serde(default)]
    pub tools: Vec<Text>,
    /// Partnership interfaces it belongs to.
    #[serde(default)]
    pub interfaces: Vec<Spanned<Text>>,
    /// The guidance it comes from.
    #[schemars(length(min = 1))]
    #[schemars(extend("markdownDescription" = "The guidance by name, the part of it and a link, e.g. `NICE NG247 Maternal and child nutrition (2025), https://www.nice.org.uk/guidance/ng247`. Never empty (HCP025)."))]
    pub source: Spanned<Text>,
    /// What the content rests on.
    pub basis: Basis,
    /// How sure the content is.
    pub certainty: Certainty,
    /// Caveats, local variation, uncertainty.
    #[serde(default)]
    pub note: Option<Text>,
}

impl Pathway {
    /// Its `next_review` date, when that is before `today`: the content may be out of date
    /// (HCP027, the notes on answers, and `review_overdue` in JSON all ask this).
    pub fn review_overdue(&self, today: jiff::civil::Date) -> Option<&Spanned<CalendarDate>> {
        self.next_review
            .as_ref()
            .filter(|next| next.value.0 < today)
    }
}

impl Intervention {
    /// Every profession involved, lead first.
    pub fn professions(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.lead.value.as_str()).chain(self.with.iter().map(|p| p.value.as_str()))
    }
}
