//! Property tests of what a user relies on most: an age matches an intervention exactly when a
//! deliberately naive reading of the raw pathway data says it should; ages and timeline points
//! print and read back unchanged; the age parsers never panic and agree with a naive reading of
//! the README rules; and `hcp validate` never panics on randomly edited pathway files, never lets
//! an edit that breaks a rule pass, and stays quiet about edits that change nothing.

use crate::common;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::LazyLock;

use hcp::answer::query::{self, At, QueryRequest};
use hcp::load::PathwaySource;
use hcp::model::Intervention;
use hcp::model::age::{self, Point, Spelling};
use hcp::model::library::Library;
use proptest::prelude::*;
use proptest::sample::Index;
use serde::Deserialize;
use serde::de::IgnoredAny;

// ------------------------------------------------------------------ a naive reference for windows

/// The last day of pregnancy hcp accepts (42 weeks) and the last day of the programme (5 years).
const LAST_GESTATION: u64 = 42 * 7;
const LAST_AGE: u64 = 1826;

/// A timeline point as the reference reads it: (phase, day), phase 0 preconception, 1 pregnancy
/// (days of gestation), 2 after birth (days since birth). Tuples order like the timeline, so
/// every pregnancy point comes before every point after birth.
type RefPoint = (u8, u64);

const PREGNANCY: u8 = 1;
const AFTER_BIRTH: u8 = 2;

/// `y m w d` numbers of an age literal, read naively: digits then a unit, units in the order
/// y, m, w, d, each at most once, each number at most 100,000 (README "Ages and windows").
fn naive_components(text: &str) -> Option<[u64; 4]> {
    let mut parts = [0u64; 4];
    let mut next = 0;
    let mut number = String::new();
    if text.is_empty() {
        return None;
    }
    for ch in text.chars() {
        if ch.is_ascii_digit() {
            number.push(ch);
            continue;
        }
        let unit = ['y', 'm', 'w', 'd']
            .iter()
            .position(|u| *u == ch.to_ascii_lowercase())?;
        if number.is_empty() || unit < next {
            return None;
        }
        parts[unit] = number.parse::<u64>().ok().filter(|n| *n <= 100_000)?;
        number.clear();
        next = unit + 1;
    }
    number.is_empty().then_some(parts)
}

/// Days since birth, straight from the README: a week is 7 days, and `Ny Mm` is
/// floor((12N + M) × 30.4375) days. (Floating point is exact here: 30.4375 = 30 + 7/16.)
fn naive_days(text: &str) -> Option<u64> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("birth") {
        return Some(0);
    }
    let [years, months, weeks, days] = naive_components(text)?;
    let whole_months = (12 * years + months) as f64;
    Some((whole_months * 30.4375).floor() as u64 + 7 * weeks + days)
}

/// Days of pregnancy: weeks and days only, 0 to 42 weeks.
fn naive_gestation(text: &str) -> Option<u64> {
    let [years, months, weeks, days] = naive_components(text.trim())?;
    let total = 7 * weeks + days;
    (years == 0 && months == 0 && total <= LAST_GESTATION).then_some(total)
}

/// A point as written in pathway data: `preconception`, `28w gestation`, `birth`, `2y6m`.
fn naive_point(text: &str) -> RefPoint {
    let text = text.trim();
    if text == "preconception" {
        return (0, 0);
    }
    if let Some(weeks) = text.strip_suffix("gestation") {
        let days = naive_gestation(weeks).unwrap_or_else(|| panic!("reference reads {text:?}"));
        return (PREGNANCY, days);
    }
    (
        AFTER_BIRTH,
        naive_days(text).unwrap_or_else(|| panic!("reference reads {text:?}")),
    )
}

/// Only what the reference needs from a catalogue file (everything else is ignored).
#[derive(Deserialize)]
struct RawCatalogue {
    #[serde(default)]
    stages: Vec<RawStage>,
}

#[derive(Deserialize)]
struct RawStage {
    id: String,
    from: String,
    to: String,
}

/// Only what the reference needs from a pathway file.
#[derive(Deserialize)]
struct RawPathway {
    interventions: Vec<RawIntervention>,
}

#[derive(Deserialize)]
struct RawIntervention {
    id: String,
    stage: String,
    until_stage: Option<String>,
    window: Option<RawWindow>,
    relative: Option<IgnoredAny>,
    timing: String,
    due: Option<String>,
    catch_up_until: Option<String>,
}

#[derive(Deserialize)]
struct RawWindow {
    from: String,
    to: String,
}

/// When the reference says an intervention can occur: inclusive at both ends.
struct RefIntervention {
    id: String,
    from: RefPoint,
    to: RefPoint,
    relative: bool,
    /// `scheduled`, `ongoing`, `if-needed` or `event`, as written.
    kind: String,
    /// A scheduled window: the `window`, or the `due` age alone.
    scheduled: Option<(RefPoint, RefPoint)>,
    catch_up_until: Option<RefPoint>,
}

/// README: "Coming up" looks 8 weeks ahead.
const AHEAD: u64 = 56;

impl RefIntervention {
    fn contains(&self, point: RefPoint) -> bool {
        self.from <= point && point <= self.to
    }

    /// The status the README's rules give at `point`: a scheduled item is due in its window,
    /// overdue after it until catch-up ends, upcoming when it opens within 8 weeks on the same
    /// timeline; any other kind has its kind's status throughout its span.
    fn status(&self, point: RefPoint) -> Option<&'static str> {
        let Some((from, to)) = self.scheduled else {
            let status = match self.kind.as_str() {
                "ongoing" => "ongoing",
                "if-needed" => "if-needed",
                _ => "event",
            };
            return self.contains(point).then_some(status);
        };
        if from <= point && point <= to {
            Some("due")
        } else if point > to {
            self.catch_up_until
                .filter(|until| point <= *until)
                .map(|_| "overdue")
        } else {
            (from.0 == point.0 && from.1 - point.1 <= AHEAD).then_some("upcoming")
        }
    }
}

struct Bundled {
    library: Library,
    reference: Vec<RefIntervention>,
}

impl Bundled {
    /// hcp's interventions by id.
    fn interventions(&self) -> HashMap<&str, &Intervention> {
        self.library
            .interventions()
            .map(|(_, _, _, iv)| (iv.id.value.as_str(), iv))
            .collect()
    }
}

/// The bundled set as hcp loads it, and the reference built from the same raw text.
///
/// The reference: an intervention's own `window` when it has one, else from the start of its
/// `stage` to the end of its `until_stage` (or of the same stage). A `due` age does not narrow
/// that (README: "listed for its stage(s) … shown as `due at 8w` within its stage"), and neither
/// does a `relative` timing: event-relative interventions (working days after a conference) are
/// listed across their stages, because the date of the event is not known from the child's age
/// (query.rs, `timing_text`: "the stages only say where it is listed"). They are included, with
/// that meaning.
static BUNDLED: LazyLock<Bundled> = LazyLock::new(|| {
    let validation = common::validate(&PathwaySource::Bundled).expect("bundled set loads");
    assert_eq!(
        validation.summary.errors, 0,
        "{:#?}",
        validation.diagnostics
    );
    let raw = hcp::load::read_source(&PathwaySource::Bundled).expect("bundled files");
    let text = |f: &hcp::load::RawFile| f.content.clone().expect("bundled file is readable");
    let mut stages: HashMap<String, (RefPoint, RefPoint)> = HashMap::new();
    for file in raw.iter().filter(|f| f.relative.starts_with("catalogue/")) {
        let catalogue: RawCatalogue = hcp::load::yaml::from_str(&text(file)).expect("catalogue");
        for s in catalogue.stages {
            stages.insert(s.id, (naive_point(&s.from), naive_point(&s.to)));
        }
    }
    let mut reference = Vec::new();
    for file in raw.iter().filter(|f| !f.relative.contains('/')) {
        let pathway: RawPathway = hcp::load::yaml::from_str(&text(file)).expect("pathway");
        for iv in pathway.interventions {
            let (from, to) = match &iv.window {
                Some(w) => (naive_point(&w.from), naive_point(&w.to)),
                None => {
                    let last = iv.until_stage.as_ref().unwrap_or(&iv.stage);
                    (stages[&iv.stage].0, stages[last].1)
                }
            };
            let scheduled = (iv.timing == "scheduled").then(|| match (&iv.window, &iv.due) {
                (Some(w), _) => (naive_point(&w.from), naive_point(&w.to)),
                (None, Some(d)) => (naive_point(d), naive_point(d)),
                (None, None) => panic!("{} is scheduled without a window", iv.id),
            });
            reference.push(RefIntervention {
                id: iv.id,
                from,
                to,
                relative: iv.relative.is_some(),
                kind: iv.timing,
                scheduled,
                catch_up_until: iv.catch_up_until.as_deref().map(naive_point),
            });
        }
    }
    Bundled {
        library: validation.library,
        reference,
    }
});

fn at_of(point: RefPoint) -> Option<At> {
    let day = u32::try_from(point.1).ok()?;
    match point.0 {
        PREGNANCY => Some(At::Gestation(day)),
        AFTER_BIRTH => Some(At::Age(day)),
        _ => None,
    }
}

fn words(point: RefPoint) -> String {
    match at_of(point) {
        Some(at @ At::Gestation(_)) => format!("{at:?} (gestation day {})", point.1),
        Some(at) => format!("{at:?} (day {})", point.1),
        None => "preconception".to_string(),
    }
}

/// The points either side of `point` in its phase, where hcp can be asked about them.
fn around(point: RefPoint) -> Vec<RefPoint> {
    let last = match point.0 {
        PREGNANCY => LAST_GESTATION,
        AFTER_BIRTH => LAST_AGE,
        _ => return Vec::new(),
    };
    [point.1.checked_sub(1), Some(point.1), Some(point.1 + 1)]
        .into_iter()
        .flatten()
        .filter(|d| *d <= last)
        .map(|d| (point.0, d))
        .collect()
}

/// Every window and stage edge of the bundled set, with the day before and the day after it
/// (ages after birth in days, pregnancy in days of gestation), plus both ends of pregnancy and of
/// the programme: `hcp::answer::query::matches_at` agrees with the naive reference for every intervention
/// at every one of those points. Protects README's "windows are inclusive at both ends" (due on
/// day 42 and on day 56 of `6w..8w`, not on 41 or 57) against off-by-one errors, and the month
/// arithmetic (`9m` = day 273) against rounding the other way.
#[test]
fn window_matching_agrees_with_the_reference_at_every_edge() {
    let bundled = &*BUNDLED;
    let ours: BTreeSet<&str> = bundled.reference.iter().map(|r| r.id.as_str()).collect();
    let theirs: BTreeSet<&str> = bundled
        .library
        .interventions()
        .map(|(_, _, _, iv)| iv.id.value.as_str())
        .collect();
    assert_eq!(ours, theirs, "the reference reads the same interventions");
    assert!(
        bundled.reference.iter().any(|r| r.relative),
        "event-relative interventions are in the set and so checked"
    );

    let mut points: BTreeSet<RefPoint> = [
        (PREGNANCY, 0),
        (PREGNANCY, LAST_GESTATION),
        (AFTER_BIRTH, 0),
        (AFTER_BIRTH, LAST_AGE),
    ]
    .into();
    for r in &bundled.reference {
        points.extend(around(r.from));
        points.extend(around(r.to));
    }
    assert!(
        points.len() > 60,
        "only {} points near edges: is the reference reading the windows?",
        points.len()
    );

    let interventions = bundled.interventions();
    let mut disagreements = Vec::new();
    for &point in &points {
        let at = at_of(point).expect("points near edges can be asked about");
        for r in &bundled.reference {
            let expected = r.contains(point);
            let actual = query::matches_at(&bundled.library, interventions[r.id.as_str()], &at);
            if expected != actual {
                disagreements.push(format!(
                    "{} at {}: reference says {expected}, hcp says {actual}",
                    r.id,
                    words(point)
                ));
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

/// The ids and statuses `hcp query --all` (no filters, every pathway, every cohort) lists at
/// `at`, and those the reference lists.
/// Intervention ids with their status.
type Statuses = BTreeSet<(String, String)>;

fn listed(at: At, point: RefPoint) -> (Statuses, Statuses) {
    let bundled = &*BUNDLED;
    let request = QueryRequest {
        at: Some(at),
        all: true,
        ..QueryRequest::default()
    };
    let answer = query::run(&bundled.library, &request).expect("query runs");
    let hcp = answer
        .results
        .into_iter()
        .map(|row| {
            let status = row.status.map_or("none", |s| s.id());
            (row.id.to_string(), status.to_string())
        })
        .collect();
    let reference = bundled
        .reference
        .iter()
        .filter_map(|r| Some((r.id.clone(), r.status(point)?.to_string())))
        .collect();
    (hcp, reference)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// At a random age from birth to 5 years, `hcp query --age` (through `query::run`, with its
    /// pathway selection, filtering and sorting) lists exactly the interventions the naive
    /// reference lists: nothing due is left out and nothing is listed that is not due.
    #[test]
    fn a_query_at_any_age_lists_exactly_what_the_reference_lists(days in 0u32..=1826) {
        let (hcp, reference) = listed(At::Age(days), (AFTER_BIRTH, u64::from(days)));
        prop_assert_eq!(hcp, reference, "at day {}", days);
    }

    /// The same for `hcp query --gestation`, any day of pregnancy from 0 to 42 weeks.
    #[test]
    fn a_query_at_any_gestation_lists_exactly_what_the_reference_lists(days in 0u32..=294) {
        let (hcp, reference) = listed(At::Gestation(days), (PREGNANCY, u64::from(days)));
        prop_assert_eq!(hcp, reference, "at gestation day {}", days);
    }
}

// ------------------------------------------------------------------ ages read, print, read back

/// Ways of writing `days` since birth: in days, weeks (and days), months (and weeks and days),
/// years and months, with zero components, and in capitals; `birth` for day 0.
fn spellings(days: u64) -> Vec<String> {
    let rest_forms = |rest: u64| -> Vec<String> {
        let mut forms = vec![format!("{rest}d")];
        if rest == 0 {
            forms.push(String::new());
        }
        if rest >= 7 {
            let tail = match rest % 7 {
                0 => String::new(),
                days => format!("{days}d"),
            };
            forms.push(format!("{}w{tail}", rest / 7));
        }
        forms
    };
    let mut out = vec![format!("0y0m0w{days}d"), format!(" {days}D ")];
    if days == 0 {
        out.push("birth".to_string());
        out.push("Birth".to_string());
    }
    out.extend(rest_forms(days).into_iter().filter(|f| !f.is_empty()));
    for months in 1..=60u64 {
        let month_days = (months as f64 * 30.4375).floor() as u64;
        if month_days > days {
            break;
        }
        for rest in rest_forms(days - month_days) {
            out.push(format!("{months}m{rest}"));
            if months >= 12 {
                let (y, m) = (months / 12, months % 12);
                out.push(format!("{y}y{m}m{rest}"));
                if m == 0 {
                    out.push(format!("{y}Y{rest}"));
                }
            }
        }
    }
    out
}

/// Every way of writing every age from birth to 5 years (`913d`, `130w3d`, `30m`, `2y6m`,
/// `2y5m4w2d`, …) reads as the README arithmetic says, is accepted as a programme age, and what
/// hcp prints for that day reads back to the same day: parse → format → parse. (src/age.rs checks
/// format → parse for each day; this adds the many spellings a user may type, against an
/// independent reading.)
#[test]
fn every_spelling_of_every_age_reads_prints_and_reads_back() {
    let mut checked = 0;
    for days in 0..=LAST_AGE {
        for text in spellings(days) {
            assert_eq!(naive_days(&text), Some(days), "reference reads {text:?}");
            let parsed = age::parse_age_days(&text);
            assert_eq!(parsed, Ok(days), "{text:?}");
            // Typed on the command line: any of these spellings is read (data files read only
            // the canonical one, which is what hcp prints; checked below).
            let programme =
                age::parse_programme_age_as(&text, Spelling::Lenient).expect("within 5 years");
            assert_eq!(u64::from(programme), days, "{text:?}");
            let printed = age::format_age_days(programme);
            assert_eq!(
                age::parse_age_days(&printed),
                Ok(days),
                "{text:?} prints as {printed:?}"
            );
            assert_eq!(
                age::parse_programme_age(&printed),
                Ok(programme),
                "{printed:?}"
            );
            checked += 1;
        }
    }
    assert!(checked > 50_000, "only {checked} spellings");
}

/// Every point of the timeline prints and reads back to the same point: `preconception`, each day
/// of pregnancy (`11w6d gestation`, 0 to 42 weeks, also written as weeks and days or days only)
/// and each day from birth to 5 years; the first day past either end is refused. A window
/// copied from hcp's output into pathway data keeps its meaning.
#[test]
fn every_timeline_point_prints_and_reads_back() {
    assert_eq!(
        Point::parse(&Point::Preconception.to_string()),
        Ok(Point::Preconception)
    );
    for g in 0..=u32::try_from(LAST_GESTATION).expect("small") {
        let point = Point::Gestation(g);
        assert_eq!(Point::parse(&point.to_string()), Ok(point), "{point}");
        let printed = age::format_gestation_days(g);
        assert_eq!(age::parse_gestation_days(&printed), Ok(g), "{printed}");
        for text in [format!("{g}d"), format!("{}w{}d", g / 7, g % 7)] {
            assert_eq!(
                age::parse_gestation_days_as(&text, Spelling::Lenient),
                Ok(g),
                "{text}"
            );
            assert_eq!(naive_gestation(&text), Some(u64::from(g)), "{text}");
        }
    }
    for d in 0..=u32::try_from(LAST_AGE).expect("small") {
        let point = Point::Postnatal(d);
        assert_eq!(Point::parse(&point.to_string()), Ok(point), "{point}");
    }
    for g in 295..=300 {
        let printed = age::format_gestation_days(g);
        assert!(age::parse_gestation_days(&printed).is_err(), "{printed}");
        assert!(
            Point::parse(&format!("{printed} gestation")).is_err(),
            "{printed}"
        );
    }
    for d in 1827..=1900 {
        let printed = age::format_age_days(d);
        assert_eq!(age::parse_age_days(&printed), Ok(u64::from(d)), "{printed}");
        assert!(age::parse_programme_age(&printed).is_err(), "{printed}");
        assert!(Point::parse(&printed).is_err(), "{printed}");
    }
}

/// What every age parser does with `text`: never panic; `parse_age_days` accepts exactly what the
/// naive reading accepts, with the same day; a programme age is that day when it is within 5
/// years and refused otherwise, and prints back to itself; a gestation is within 42 weeks.
fn check_age_parsers(text: &str) -> Result<(), TestCaseError> {
    let days = age::parse_age_days(text);
    prop_assert_eq!(
        days.clone().ok(),
        naive_days(text),
        "parse_age_days({:?})",
        text
    );
    let programme = age::parse_programme_age_as(text, Spelling::Lenient);
    match days {
        Ok(d) if d <= LAST_AGE => {
            prop_assert_eq!(programme.clone().map(u64::from), Ok(d), "{:?}", text);
        }
        _ => prop_assert!(programme.is_err(), "{:?} is not a programme age", text),
    }
    if let Ok(d) = programme {
        let printed = age::format_age_days(d);
        prop_assert_eq!(
            age::parse_age_days(&printed),
            Ok(u64::from(d)),
            "{:?}",
            printed
        );
    }
    let gestation = age::parse_gestation_days_as(text, Spelling::Lenient);
    prop_assert_eq!(
        gestation.clone().ok().map(u64::from),
        naive_gestation(text.trim()),
        "parse_gestation_days({:?})",
        text
    );
    let _ = Point::parse(text);
    let _ = Point::parse_as(text, Spelling::Lenient);
    let _ = age::Duration::parse(text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any text at all given as `--age`, `--gestation` or a window bound gets a value or a reason,
    /// never a panic (exit 101 at the point of care).
    #[test]
    fn the_age_parsers_never_panic_on_any_text(text in "\\PC*") {
        check_age_parsers(&text)?;
    }

    /// Text made of the characters of ages (digits, units, spaces, signs) is read exactly as the
    /// README rules say, or refused.
    #[test]
    fn age_like_text_is_read_as_the_readme_says(text in "[0-9ywmd \\-+]{0,12}") {
        check_age_parsers(&text)?;
    }

    /// Well-formed and nearly well-formed ages (units in any order, capitals, big numbers) are read
    /// exactly as the README rules say, or refused.
    #[test]
    fn nearly_valid_ages_are_read_as_the_readme_says(
        text in " ?([0-9]{1,7}[ywmdYWMD]){1,4} ?"
    ) {
        check_age_parsers(&text)?;
    }
}

// ------------------------------------------------------------------ `hcp validate` under random edits

/// Which kind of file of the set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Pathway,
    Catalogue,
    Framework,
}

/// One line of a YAML file, read the simple way the bundled files are written: block style,
/// two-space indents, folded block scalars (`>`, `>-`) for prose, single-line flow collections.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Line {
    Blank,
    /// A comment line outside any block scalar.
    Comment,
    /// A line of a block scalar (prose), including blank and `#` lines inside it.
    Text,
    /// `key: value` or `- key: value`; `col` is the key's column, `parents` the enclosing keys.
    Key {
        col: usize,
        dash: bool,
        key: String,
        value: String,
        parents: Vec<String>,
    },
    /// Anything else (`- item`, `- >`).
    Other,
}

fn split_key(rest: &str) -> Option<(&str, &str)> {
    let colon = rest.find(':')?;
    let (key, after) = (&rest[..colon], &rest[colon + 1..]);
    let is_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    (is_key && (after.is_empty() || after.starts_with(' '))).then(|| (key, after.trim()))
}

fn is_block_indicator(value: &str) -> bool {
    let value = value.split(" #").next().unwrap_or_default().trim();
    let mut chars = value.chars();
    matches!(chars.next(), Some('>' | '|')) && chars.all(|c| matches!(c, '-' | '+' | '0'..='9'))
}

fn classify(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut keys: Vec<(usize, String)> = Vec::new();
    // The column a block scalar's lines must be indented beyond.
    let mut block: Option<usize> = None;
    for raw in text.lines() {
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        let body = &raw[indent..];
        if let Some(parent) = block {
            if body.trim().is_empty() || indent > parent {
                out.push(Line::Text);
                continue;
            }
            block = None;
        }
        if body.trim().is_empty() {
            out.push(Line::Blank);
            continue;
        }
        if body.starts_with('#') {
            out.push(Line::Comment);
            continue;
        }
        let (dash, col, rest) = match body.strip_prefix("- ") {
            Some(item) => {
                let trimmed = item.trim_start_matches(' ');
                (true, indent + 2 + item.len() - trimmed.len(), trimmed)
            }
            None => (false, indent, body),
        };
        match split_key(rest) {
            Some((key, value)) => {
                while keys.last().is_some_and(|(c, _)| *c >= col) {
                    keys.pop();
                }
                let parents = keys.iter().map(|(_, k)| k.clone()).collect();
                keys.push((col, key.to_string()));
                if is_block_indicator(value) {
                    block = Some(col);
                }
                out.push(Line::Key {
                    col,
                    dash,
                    key: key.to_string(),
                    value: value.to_string(),
                    parents,
                });
            }
            None => {
                if dash && is_block_indicator(rest) {
                    block = Some(indent);
                }
                out.push(Line::Other);
            }
        }
    }
    out
}

/// A bundled file as found in `pathways/`, with its lines read.
struct Original {
    relative: String,
    kind: FileKind,
    text: String,
    lines: Vec<Line>,
}

impl Original {
    fn raw_lines(&self) -> Vec<&str> {
        self.text.lines().collect()
    }
}

struct Originals {
    files: Vec<Original>,
    /// (file, line) of every `key:` line.
    keys: Vec<(usize, usize)>,
    /// (file, line) of every `key: value` line with a value on the line.
    valued: Vec<(usize, usize)>,
    /// (file, line) of every `window: {from: …, to: …}` or `span: {…}` line.
    flow_windows: Vec<(usize, usize)>,
    /// (file, line) of every intervention's `stage`, `until_stage`, `lead`, `event`, `after`.
    references: Vec<(usize, usize)>,
    /// Every intervention id (a value from the pool of replacements).
    intervention_ids: Vec<String>,
}

fn pathways_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("pathways")
}

static ORIGINALS: LazyLock<Originals> = LazyLock::new(|| {
    let raw = hcp::load::read_source(&PathwaySource::Directory(pathways_dir())).expect("reads");
    let files: Vec<Original> = raw
        .into_iter()
        .map(|f| {
            let text = f.content.expect("readable");
            let kind = if f.relative.starts_with("catalogue/") {
                FileKind::Catalogue
            } else if f.relative.starts_with("assessment/") {
                FileKind::Framework
            } else {
                FileKind::Pathway
            };
            Original {
                lines: classify(&text),
                relative: f.relative,
                kind,
                text,
            }
        })
        .collect();
    let (mut keys, mut valued, mut flow_windows, mut references) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (f, file) in files.iter().enumerate() {
        for (i, line) in file.lines.iter().enumerate() {
            let Line::Key {
                key,
                value,
                parents,
                ..
            } = line
            else {
                continue;
            };
            keys.push((f, i));
            if !value.is_empty() {
                valued.push((f, i));
            }
            if file.kind != FileKind::Framework
                && matches!(key.as_str(), "window" | "span")
                && value.starts_with("{from:")
            {
                flow_windows.push((f, i));
            }
            if is_reference(file.kind, parents, key) {
                references.push((f, i));
            }
        }
    }
    let intervention_ids = BUNDLED
        .library
        .interventions()
        .map(|(_, _, _, iv)| iv.id.value.to_string())
        .collect();
    Originals {
        files,
        keys,
        valued,
        flow_windows,
        references,
        intervention_ids,
    }
});

fn parents_are(parents: &[String], want: &[&str]) -> bool {
    parents.len() == want.len() && parents.iter().zip(want).all(|(p, w)| p == w)
}

/// Intervention keys that name a stage, profession or event (a wrong value is HCP005).
fn is_reference(kind: FileKind, parents: &[String], key: &str) -> bool {
    kind == FileKind::Pathway
        && (parents_are(parents, &["interventions"])
            && matches!(key, "stage" | "until_stage" | "lead" | "event")
            || parents_are(parents, &["interventions", "relative"]) && key == "after")
}

/// The keys a mapping at this place must have (docs/data-format.md; `Option` and defaulted
/// fields in src/model.rs are left out).
fn required_keys(kind: FileKind, parents: &[String]) -> &'static [&'static str] {
    let at = |want: &[&str]| parents_are(parents, want);
    match kind {
        FileKind::Pathway if at(&[]) => {
            &["id", "title", "summary", "span", "source", "interventions"]
        }
        FileKind::Pathway if at(&["interventions"]) => &[
            "id",
            "title",
            "description",
            "level",
            "stage",
            "lead",
            "source",
            "basis",
            "certainty",
        ],
        FileKind::Pathway if at(&["interventions", "relative"]) => &["after", "latest"],
        FileKind::Catalogue if at(&["stages"]) => &["id", "title", "from", "to"],
        FileKind::Catalogue if at(&["levels"]) => &["id", "title", "definition", "source"],
        FileKind::Catalogue if at(&["core_purposes"]) => &["number", "title", "wording"],
        FileKind::Catalogue if at(&["interfaces"]) => &["id", "title", "description"],
        FileKind::Catalogue if at(&["pathway_set"]) => &["id", "kind", "title", "span"],
        FileKind::Catalogue if at(&["professions"]) => &["id", "title"],
        FileKind::Catalogue if at(&["kpis"]) => &[
            "id",
            "title",
            "definition",
            "numerator",
            "denominator",
            "status",
            "source",
        ],
        FileKind::Catalogue if at(&["events"]) => &["id", "title"],
        _ => &[],
    }
}

/// Replacement values: numbers, words, a negative, a boolean, an empty list, an empty string, an
/// intervention id (slot 6, filled in per case) and an age past the programme's end.
const POOL: [&str; 8] = [
    "12",
    "xyz",
    "-1",
    "true",
    "[]",
    "''",
    "<intervention id>",
    "99y",
];

/// Why replacing the value of `key` at this place with any value of [`POOL`] must be an error;
/// `None` when it may be harmless (`title: xyz` is a fine title).
fn replacement_breaks(
    kind: FileKind,
    parents: &[String],
    key: &str,
    old: &str,
    new: &str,
) -> Option<&'static str> {
    let at = |want: &[&str]| parents_are(parents, want);
    if is_reference(kind, parents, key) && new != old {
        return Some("no stage, profession or event has this id (HCP005)");
    }
    match kind {
        FileKind::Pathway if at(&["interventions"]) => match key {
            "due" | "kpi_deadline" => Some("not a timeline point (HCP003)"),
            "level" | "basis" | "certainty" => Some("not a level, basis or certainty (HCP003)"),
            "id" if new != old && new.contains('.') => {
                Some("another intervention already has this id (HCP004)")
            }
            _ => None,
        },
        FileKind::Catalogue if at(&["stages"]) && matches!(key, "from" | "to") => {
            Some("not a timeline point (HCP003)")
        }
        FileKind::Catalogue if at(&["kpis"]) && key == "deadline" => {
            Some("not a timeline point (HCP003)")
        }
        FileKind::Catalogue if at(&["kpis"]) && key == "status" => {
            Some("not a KPI status (HCP003)")
        }
        FileKind::Catalogue if at(&["pathway_set"]) && key == "kind" => {
            Some("not a pathway kind (HCP003)")
        }
        _ => None,
    }
}

/// A random edit, drawn as indices so that it shrinks.
#[derive(Debug, Clone)]
struct Mutation {
    /// 0 delete, 1 duplicate, 2 swap (any line of a random file); 3 replace a value, 4 delete a
    /// key line, 5 duplicate a key line, 6 change a window bound, 7 change a reference (a random
    /// such line of any file).
    kind: u8,
    file: Index,
    a: Index,
    b: Index,
    pool: Index,
    other: Index,
    to_bound: bool,
}

/// Line edits: delete, duplicate or swap any line; delete or duplicate a `key:` line.
const LINE_EDITS: &[u8] = &[0, 1, 2, 4, 5];
/// Value edits: replace a value, change a window bound, change a reference.
const VALUE_EDITS: &[u8] = &[3, 6, 7];

fn mutations(kinds: &'static [u8]) -> impl Strategy<Value = Mutation> {
    (
        prop::sample::select(kinds),
        any::<Index>(),
        any::<Index>(),
        any::<Index>(),
        any::<Index>(),
        any::<Index>(),
        any::<bool>(),
    )
        .prop_map(|(kind, file, a, b, pool, other, to_bound)| Mutation {
            kind,
            file,
            a,
            b,
            pool,
            other,
            to_bound,
        })
}

/// What validation must say about an edited set.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Expect {
    /// At least one error, for this reason.
    Error(String),
    /// No error: the edit changes nothing the data means.
    Clean(&'static str),
    /// Either: the edit may or may not break a rule.
    Anything,
}

/// An edit applied to one file.
#[derive(Debug)]
struct Edit {
    relative: String,
    text: String,
    what: String,
    expect: Expect,
}

fn join(lines: &[String], like: &str) -> String {
    let mut text = lines.join("\n");
    if like.ends_with('\n') {
        text.push('\n');
    }
    text
}

fn edit(m: &Mutation) -> Edit {
    let originals = &*ORIGINALS;
    let pick = |list: &[(usize, usize)]| list[m.a.index(list.len())];
    let (f, i) = match m.kind {
        0..=2 => {
            let f = m.file.index(originals.files.len());
            (f, m.a.index(originals.files[f].lines.len()))
        }
        3 => pick(&originals.valued),
        4 | 5 => pick(&originals.keys),
        6 => pick(&originals.flow_windows),
        _ => pick(&originals.references),
    };
    let file = &originals.files[f];
    let mut lines: Vec<String> = file.raw_lines().into_iter().map(String::from).collect();
    let old = lines[i].clone();
    let info = &file.lines[i];
    let value = match m.pool.index(POOL.len()) {
        6 => originals.intervention_ids[m.other.index(originals.intervention_ids.len())].clone(),
        n => POOL[n].to_string(),
    };
    let place = format!("{}:{}", file.relative, i + 1);
    let (what, expect) = match (m.kind, info) {
        (0 | 4, _) => {
            lines.remove(i);
            let expect = match info {
                Line::Blank | Line::Comment => Expect::Clean("a blank or comment line is no data"),
                Line::Key {
                    key, parents, dash, ..
                } if required_keys(file.kind, parents).contains(&key.as_str()) => {
                    Expect::Error(format!(
                        "required key `{key}` deleted{}",
                        if *dash {
                            " with its list item's dash"
                        } else {
                            ""
                        }
                    ))
                }
                _ => Expect::Anything,
            };
            (format!("delete {place} {old:?}"), expect)
        }
        (1 | 5, _) => {
            lines.insert(i, old.clone());
            let expect = match info {
                Line::Blank | Line::Comment => Expect::Clean("a blank or comment line is no data"),
                Line::Key {
                    dash: false, key, ..
                } => Expect::Error(format!("key `{key}` repeated in one mapping (HCP002)")),
                Line::Key {
                    dash: true, key, ..
                } if file.kind != FileKind::Framework => Expect::Error(format!(
                    "a new list item with only `{key}` lacks required keys (HCP003)"
                )),
                _ => Expect::Anything,
            };
            (format!("duplicate {place} {old:?}"), expect)
        }
        (2, _) => {
            let j = m.b.index(lines.len());
            lines.swap(i, j);
            let expect = if lines[i] == lines[j] {
                Expect::Clean("swapping two equal lines changes nothing")
            } else {
                Expect::Anything
            };
            (
                format!("swap {place} {old:?} with line {} {:?}", j + 1, lines[i]),
                expect,
            )
        }
        (
            6,
            Line::Key {
                col, key, value: v, ..
            },
        ) => {
            let bound = if m.to_bound { "to" } else { "from" };
            let start = col + key.len() + 2;
            let open = old[start..].find(&format!("{bound}: ")).expect("bound") + start;
            let from = open + bound.len() + 2;
            let end = from + old[from..].find([',', '}']).expect("end of bound");
            lines[i] = format!("{}{value}{}", &old[..from], &old[end..]);
            (
                format!("set {bound} of {key}: {v} at {place} to {value:?}"),
                Expect::Error(format!(
                    "`{bound}: {value}` is not a timeline point (HCP003)"
                )),
            )
        }
        (
            _,
            Line::Key {
                col,
                key,
                value: v,
                parents,
                ..
            },
        ) => {
            lines[i] = format!("{}{value}", &old[..col + key.len() + 2]);
            let expect = match replacement_breaks(file.kind, parents, key, v, &value) {
                Some(reason) => Expect::Error(reason.to_string()),
                None if lines[i] == old => Expect::Clean("the value is unchanged"),
                None => Expect::Anything,
            };
            (format!("set {key}: {v} at {place} to {value:?}"), expect)
        }
        (_, other) => unreachable!("kind {} picked {other:?}", m.kind),
    };
    Edit {
        relative: file.relative.clone(),
        text: join(&lines, &file.text),
        what,
        expect,
    }
}

/// A fresh copy of `pathways/` with the edit applied.
fn edited_copy(edit: &Edit) -> tempfile::TempDir {
    let dir = common::bundled_copy();
    std::fs::write(dir.path().join(&edit.relative), &edit.text).expect("write edited file");
    dir
}

/// Validate an edited set through the library, checking what holds for every edit: a result, each
/// finding with a registered code, a file of the set and a line within it; then what the edit
/// class requires.
fn check_edit(m: &Mutation) -> Result<hcp::check::Validation, TestCaseError> {
    let edit = edit(m);
    let dir = edited_copy(&edit);
    let validation = common::validate(&PathwaySource::Directory(dir.path().to_path_buf()))
        .map_err(|e| TestCaseError::fail(format!("{}: set not loaded: {e}", edit.what)))?;
    for d in &validation.diagnostics {
        prop_assert!(
            hcp::check::RULES.iter().any(|r| r.code == d.code),
            "{}: unregistered code {}",
            edit.what,
            d.code
        );
        let file = validation
            .library
            .files
            .iter()
            .find(|f| f.display == d.file);
        prop_assert!(
            file.is_some(),
            "{}: finding names no file of the set: {:?}",
            edit.what,
            d
        );
        let lines = file.map_or(0, |f| f.text.lines().count());
        prop_assert!(
            usize::try_from(d.line).unwrap_or(usize::MAX) <= lines + 1,
            "{}: finding beyond the end of its file ({} lines): {:?}",
            edit.what,
            lines,
            d
        );
    }
    let errors: Vec<String> = validation
        .diagnostics
        .iter()
        .filter(|d| d.severity == hcp::model::diagnostic::Severity::Error)
        .map(|d| format!("{} {}:{} {}", d.code, d.file, d.line, d.message))
        .collect();
    match &edit.expect {
        Expect::Error(reason) => prop_assert!(
            !errors.is_empty(),
            "{}: must be an error ({reason}) but validation passed",
            edit.what
        ),
        Expect::Clean(reason) => prop_assert!(
            errors.is_empty(),
            "{}: must stay clean ({reason}) but:\n{}",
            edit.what,
            errors.join("\n")
        ),
        Expect::Anything => {}
    }
    Ok(validation)
}

/// Keys of a pathway file and of an intervention (src/model.rs, docs/data-format.md).
const PATHWAY_KEYS: [&str; 12] = [
    "id",
    "title",
    "summary",
    "in_addition_to_universal",
    "span",
    "last_reviewed",
    "next_review",
    "entry_criteria",
    "exit_criteria",
    "source",
    "note",
    "interventions",
];
const INTERVENTION_KEYS: [&str; 27] = [
    "timing",
    "catch_up_until",
    "late_kpi",
    "category",
    "born",
    "offered",
    "id",
    "title",
    "description",
    "level",
    "stage",
    "until_stage",
    "window",
    "due",
    "kpi_deadline",
    "relative",
    "event",
    "lead",
    "with",
    "core_purposes",
    "kpis",
    "tools",
    "interfaces",
    "source",
    "basis",
    "certainty",
    "note",
];

/// The line reader the edit classes rest on reads the bundled files right: one `- id:` and one
/// `lead:` per intervention in each pathway file, the stages of the catalogue, only keys of the
/// format (no line of prose read as a key), and replacement values that are nobody's id.
#[test]
fn the_line_reader_finds_every_intervention_and_stage() {
    let originals = &*ORIGINALS;
    let bundled = &*BUNDLED;
    for file in &originals.files {
        let count = |key: &str, parents: &[&str], dash: Option<bool>| {
            file.lines
                .iter()
                .filter(|l| {
                    matches!(l, Line::Key { key: k, parents: p, dash: d, .. }
                        if k == key && parents_are(p, parents) && dash.is_none_or(|want| want == *d))
                })
                .count()
        };
        if file.kind == FileKind::Pathway {
            // Every key found is a key of the pathway format: no line of prose read as a key.
            for line in &file.lines {
                if let Line::Key { key, parents, .. } = line {
                    let parents: Vec<&str> = parents.iter().map(String::as_str).collect();
                    let known: &[&str] = match parents.as_slice() {
                        [] => &PATHWAY_KEYS,
                        ["entry_criteria"] => &["universal-plus", "universal-partnership-plus"],
                        ["interventions"] => &INTERVENTION_KEYS,
                        ["interventions", "relative"] => &["after", "earliest", "latest"],
                        ["interventions", "born" | "offered"] => &["from", "to"],
                        _ => &[],
                    };
                    assert!(
                        known.contains(&key.as_str()),
                        "{}: `{key}` under {parents:?} is not a pathway key",
                        file.relative
                    );
                }
            }
            let stem = file.relative.trim_end_matches(".yaml");
            let pathway = bundled.library.pathway(stem).expect("pathway loaded");
            let n = pathway.interventions.len();
            assert_eq!(count("id", &["interventions"], Some(true)), n, "{stem}");
            assert_eq!(count("lead", &["interventions"], Some(false)), n, "{stem}");
            assert_eq!(count("source", &[], None), 1, "{stem}");
        }
        if file.relative == "catalogue/core.yaml" {
            let n = bundled.library.catalogue.stages.len();
            assert_eq!(count("from", &["stages"], Some(false)), n);
        }
    }
    assert!(originals.flow_windows.len() > 40, "window lines found");
    assert!(originals.references.len() > 400, "reference lines found");
    for id in &originals.intervention_ids {
        let lib = &bundled.library;
        assert!(
            lib.stage(id).is_none() && lib.profession(id).is_none() && lib.event(id).is_none(),
            "{id} doubles as a stage, profession or event id"
        );
    }
    for value in POOL {
        let lib = &bundled.library;
        assert!(lib.stage(value).is_none() && lib.profession(value).is_none());
    }
}

/// Each case parses the whole set from YAML, about a fifth of a second in a debug build, so the
/// edit tests run a few dozen cases each (split in two tests that run side by side);
/// `PROPTEST_CASES=1000 cargo test --release --test it properties::validate` sweeps deeper.
fn edit_cases(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default);
    ProptestConfig::with_cases(cases)
}

proptest! {
    #![proptest_config(edit_cases(32))]

    /// A random line edit of one bundled file (delete, duplicate or swap lines) never makes
    /// `hcp validate` panic, and every finding has a registered code and a place in the set. An
    /// edit that must break a rule is reported as at least one error: a key repeated in one
    /// mapping (HCP002), a required key deleted, a list item left with one key (HCP003). An edit
    /// that changes no data (a blank or comment line deleted or repeated, two equal lines swapped)
    /// reports no error.
    #[test]
    fn validate_never_panics_and_catches_line_edits_that_break_a_rule(m in mutations(LINE_EDITS)) {
        check_edit(&m)?;
    }

    /// A random value edit of one bundled file (a value replaced with `12`, `xyz`, `-1`, `true`,
    /// `[]`, `''`, an intervention id or `99y`; a window or span bound changed to one of those)
    /// never makes `hcp validate` panic. An edit that must break a rule is reported as at least
    /// one error: a stage, profession or event reference to nothing (HCP005), an unreadable window
    /// bound, stage bound, due age or KPI deadline, an unknown level, basis, certainty, status or
    /// kind (HCP003), an intervention id already taken (HCP004).
    #[test]
    fn validate_never_panics_and_catches_value_edits_that_break_a_rule(m in mutations(VALUE_EDITS)) {
        check_edit(&m)?;
    }
}

proptest! {
    #![proptest_config(edit_cases(4))]

    /// The same through the real binary: `hcp validate --pathways DIR` on a randomly edited set
    /// exits 0 or 1 (never 101 or a signal), prints no panic, and exits 1 exactly when the library
    /// finds an error.
    #[test]
    fn the_binary_validates_edited_sets_without_panicking(m in mutations(&[0, 1, 2, 3, 4, 5, 6, 7])) {
        let validation = check_edit(&m)?;
        let edit = edit(&m);
        let dir = edited_copy(&edit);
        let out = common::hcp()
            .args(["validate", "--pathways"])
            .arg(dir.path())
            .output()
            .expect("hcp runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        prop_assert!(
            !stderr.contains("panicked") && !stdout.contains("panicked"),
            "{}: {stderr}",
            edit.what
        );
        let expected = i32::from(validation.summary.errors > 0);
        prop_assert_eq!(out.status.code(), Some(expected), "{}: {}", edit.what, stderr);
    }
}
