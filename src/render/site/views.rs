//! What each page's template is given: the answers worded (timing through `render::ages` and
//! `render::words`, as every other format words it), with every link already relative to the
//! page. The templates only lay these out; the escaping is theirs (minijinja's HTML autoescape,
//! with hidden characters shown as escapes first: see `super::environment`).

use serde::Serialize;

use super::figures::{self, Figure};
use crate::answer::browse::{InterventionShown, KpiItem, PathwayItem, Shown};
use crate::answer::query::Row;
use crate::answer::site::Site;
use crate::model::library::Library;
use crate::model::{CalendarDate, KpiStatus, Level, TimingKind};
use crate::render::ages;
use crate::render::words::{
    basis, catch_up, certainty, cohort, day, days, join, kind_words, level_short, plural, timing,
};

/// A link: where (relative to the page) and its text.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Link {
    pub href: String,
    pub text: String,
}

/// A piece of a source: text, or an address shown as a link.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Segment {
    text: String,
    href: Option<String>,
}

/// A file name for an id: ids are plain ASCII words (HCP029), but a name is never taken from data
/// unchecked: anything but ASCII letters, digits, `-`, `.` and `_` becomes `_xx`, and a leading
/// `.` is escaped too, so no id names a hidden file or leaves its folder.
pub(super) fn file_name(id: &str) -> String {
    let mut name = String::with_capacity(id.len() + 5);
    for (i, b) in id.bytes().enumerate() {
        match b {
            b'.' if i == 0 => name.push_str("_2e"),
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' => name.push(char::from(b)),
            other => name.push_str(&format!("_{other:02x}")),
        }
    }
    if name.is_empty() {
        name.push('_');
    }
    name.push_str(".html");
    name
}

/// The pages' addresses, from the site's root.
pub(super) fn pathway_href(id: &str) -> String {
    format!("pathway/{}", file_name(id))
}
pub(super) fn kpi_href(id: &str) -> String {
    format!("kpi/{}", file_name(id))
}
pub(super) fn profession_href(id: &str) -> String {
    format!("profession/{}", file_name(id))
}
pub(super) fn intervention_href(id: &str) -> String {
    format!("intervention/{}", file_name(id))
}

/// A source's text cut into plain text and web addresses (http and https only, so no other
/// scheme can become a link), each address ending before white space, a quote or an angle
/// bracket, and without the punctuation that ends a sentence.
pub(super) fn segments(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let start = ["https://", "http://"]
            .iter()
            .filter_map(|scheme| rest.find(scheme))
            .min();
        let Some(start) = start else {
            out.push(Segment {
                text: rest.to_string(),
                href: None,
            });
            break;
        };
        let tail = &rest[start..];
        let mut end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '\''))
            .unwrap_or(tail.len());
        // Trailing punctuation ends the sentence, not the address; a `)` only when unopened.
        while let Some(c) = tail[..end].chars().last() {
            let unopened =
                c == ')' && tail[..end].matches('(').count() < tail[..end].matches(')').count();
            if matches!(c, '.' | ',' | ';' | ':' | '!' | '?') || unopened {
                end -= c.len_utf8();
            } else {
                break;
            }
        }
        let address = &tail[..end];
        let has_host = address.split("://").nth(1).is_some_and(|h| !h.is_empty());
        if start > 0 {
            out.push(Segment {
                text: rest[..start].to_string(),
                href: None,
            });
        }
        out.push(Segment {
            text: address.to_string(),
            href: has_host.then(|| address.to_string()),
        });
        rest = &tail[end..];
    }
    out
}

/// A date as people write it: `3 December 2026`, or `not recorded`.
pub(super) fn long_date(date: Option<CalendarDate>) -> String {
    date.map_or_else(
        || "not recorded".to_string(),
        |d| d.0.strftime("%-d %B %Y").to_string(),
    )
}

fn level_class(level: Level) -> &'static str {
    match level {
        Level::Universal => "lvl-u",
        Level::UniversalPlus => "lvl-up",
        Level::UniversalPartnershipPlus => "lvl-upp",
    }
}

/// One intervention in a table.
#[derive(Debug, Clone, Serialize)]
pub(super) struct RowView {
    href: String,
    title: String,
    pathway: Link,
    level_short: &'static str,
    level_title: &'static str,
    level_class: &'static str,
    when: String,
    lead: Link,
    with: Vec<Link>,
    kpis: Vec<Link>,
    core_purposes: Vec<Link>,
}

/// What every page builds its links with: the site's root relative to the page.
#[derive(Clone, Copy)]
pub(super) struct Ctx<'a> {
    pub lib: &'a Library,
    pub root: &'a str,
}

impl Ctx<'_> {
    fn link(&self, href: String, text: impl ToString) -> Link {
        Link {
            href: format!("{}{href}", self.root),
            text: text.to_string(),
        }
    }

    fn profession(&self, id: &str) -> Link {
        let title = self
            .lib
            .profession(id)
            .map_or_else(|| id.to_string(), |p| p.title.to_string());
        self.link(profession_href(id), title)
    }

    fn core_purpose(&self, n: u8) -> Link {
        let title = self
            .lib
            .catalogue
            .core_purposes
            .iter()
            .find(|c| c.item.number.value == n)
            .map_or_else(|| n.to_string(), |c| format!("{n} {}", c.item.title));
        self.link(format!("index.html#core-purpose-{n}"), title)
    }

    pub(super) fn row(&self, r: &Row) -> RowView {
        RowView {
            href: format!("{}{}", self.root, intervention_href(&r.id)),
            title: r.title.to_string(),
            pathway: self.link(pathway_href(&r.pathway), &r.pathway_title),
            level_short: level_short(r.level),
            level_title: r.level.title(),
            level_class: level_class(r.level),
            when: timing(&r.timing),
            lead: self.link(profession_href(&r.lead), &r.lead_title),
            with: r.with.iter().map(|w| self.profession(w)).collect(),
            kpis: r.kpis.iter().map(|k| self.link(kpi_href(k), k)).collect(),
            core_purposes: r
                .core_purposes
                .iter()
                .map(|n| self.core_purpose(*n))
                .collect(),
        }
    }

    fn stage_title(&self, id: &str) -> String {
        self.lib
            .stage(id)
            .map_or_else(|| id.to_string(), |(_, s)| s.title.to_string())
    }

    fn stage_pos(&self, id: &str) -> usize {
        self.lib.stage(id).map_or(usize::MAX, |(i, _)| i)
    }
}

/// A group of rows under a heading (a stage).
#[derive(Debug, Clone, Serialize)]
pub(super) struct Group {
    id: String,
    title: String,
    when: String,
    caption: String,
    rows: Vec<RowView>,
}

/// Rows (already in stage order) grouped by their first stage.
fn by_stage(ctx: Ctx<'_>, rows: &[&Row], caption: &dyn Fn(&str) -> String) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for r in rows {
        if groups.last().is_none_or(|g| g.id != r.stage.as_str()) {
            let title = ctx.stage_title(&r.stage);
            let when = ctx
                .lib
                .stage(&r.stage)
                .map(|(_, s)| ages::window(s.span()))
                .unwrap_or_default();
            groups.push(Group {
                id: r.stage.to_string(),
                caption: caption(&title),
                title,
                when,
                rows: Vec::new(),
            });
        }
        if let Some(g) = groups.last_mut() {
            g.rows.push(ctx.row(r));
        }
    }
    groups
}

/// A pathway in the index's tables.
#[derive(Debug, Clone, Serialize)]
pub(super) struct PathwayLine {
    href: String,
    title: String,
    kind: &'static str,
    span: String,
    u: usize,
    up: usize,
    upp: usize,
    last_reviewed: String,
    next_review: String,
    overdue: bool,
}

pub(super) fn pathway_line(ctx: Ctx<'_>, site: &Site, p: &PathwayItem) -> PathwayLine {
    use crate::answer::browse::ListedKind;
    let found = ctx.lib.pathway(&p.id);
    PathwayLine {
        href: format!("{}{}", ctx.root, pathway_href(&p.id)),
        title: p.title.to_string(),
        kind: match p.kind {
            ListedKind::Universal => "Universal",
            ListedKind::Targeted => "Targeted",
            ListedKind::Unregistered => "Not in the catalogue",
        },
        span: ages::window(crate::model::age::Span {
            from: p.from,
            to: p.to,
        }),
        u: p.universal,
        up: p.universal_plus,
        upp: p.universal_partnership_plus,
        last_reviewed: long_date(found.and_then(|f| f.last_reviewed.as_ref().map(|d| d.value))),
        next_review: long_date(found.and_then(|f| f.next_review.as_ref().map(|d| d.value))),
        overdue: site.review_overdue.iter().any(|o| o.pathway == p.id),
    }
}

/// Criteria under a heading.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Criteria {
    heading: &'static str,
    items: Vec<String>,
}

/// A pathway's page.
#[derive(Debug, Clone, Serialize)]
pub(super) struct PathwayView {
    title: String,
    summary: String,
    span: String,
    levels: String,
    counts: String,
    last_reviewed: String,
    next_review: String,
    overdue: bool,
    note: Option<String>,
    criteria: Vec<Criteria>,
    stages: Vec<Group>,
    source: Vec<Segment>,
    intervention_sources: Vec<Vec<Segment>>,
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A pathway's page and its figure; `None` when `shown` is not a pathway.
pub(super) fn pathway(ctx: Ctx<'_>, site: &Site, shown: &Shown) -> Option<(PathwayView, Figure)> {
    let Shown::Pathway {
        id,
        title,
        summary,
        span,
        in_addition_to_universal,
        entry_criteria,
        exit_criteria,
        source,
        last_reviewed,
        next_review,
        note,
        interventions,
    } = shown
    else {
        return None;
    };
    let count = |l: Level| interventions.iter().filter(|r| r.level == l).count();
    let counts: Vec<String> = Level::ALL
        .iter()
        .map(|l| count(*l))
        .zip(Level::ALL)
        .filter(|(n, _)| *n > 0)
        .map(|(n, l)| format!("{n} at {}", l.title()))
        .collect();
    let mut levels: Vec<&str> = Level::ALL
        .iter()
        .filter(|l| count(**l) > 0)
        .map(|l| l.title())
        .collect();
    if levels.is_empty() {
        levels.push("none");
    }
    let mut levels = levels.join(", ");
    if *in_addition_to_universal {
        levels.push_str(", each in addition to the Universal pathway");
    }
    let mut criteria = Vec::new();
    for (heading, items) in [
        (
            "Entry criteria: Universal Plus",
            &entry_criteria.universal_plus,
        ),
        (
            "Entry criteria: Universal Partnership Plus",
            &entry_criteria.universal_partnership_plus,
        ),
        ("Exit and step-down", exit_criteria),
    ] {
        if !items.is_empty() {
            criteria.push(Criteria {
                heading,
                items: items.iter().map(|i| one_line(i)).collect(),
            });
        }
    }
    let rows: Vec<&Row> = interventions.iter().collect();
    let stages = by_stage(ctx, &rows, &|stage| {
        format!("{title}: interventions in {stage}, by level")
    });
    let mut intervention_sources: Vec<String> = Vec::new();
    for r in interventions {
        let s = one_line(&r.source);
        if !s.is_empty() && s != one_line(source) && !intervention_sources.contains(&s) {
            intervention_sources.push(s);
        }
    }
    let figure = figures::pathway_lanes(ctx.lib, &site.stages, title, interventions);
    let overdue = site.review_overdue.iter().any(|o| o.pathway == id.as_str());
    Some((
        PathwayView {
            title: title.clone(),
            summary: one_line(summary),
            span: ages::window(*span),
            levels,
            counts: if counts.is_empty() {
                "none".into()
            } else {
                counts.join(", ")
            },
            last_reviewed: long_date(*last_reviewed),
            next_review: long_date(*next_review),
            overdue,
            note: note.as_deref().map(one_line),
            criteria,
            stages,
            source: segments(source),
            intervention_sources: intervention_sources.iter().map(|s| segments(s)).collect(),
        },
        figure,
    ))
}

fn status(s: KpiStatus) -> &'static str {
    match s {
        KpiStatus::Existing => "existing (a national metric)",
        KpiStatus::Recommended => "recommended",
    }
}

/// A KPI in the list of KPIs.
#[derive(Debug, Clone, Serialize)]
pub(super) struct KpiLine {
    href: String,
    id: String,
    title: String,
    status: &'static str,
    deadline: String,
    count: usize,
}

pub(super) fn kpi_line(ctx: Ctx<'_>, k: &KpiItem) -> KpiLine {
    KpiLine {
        href: format!("{}{}", ctx.root, kpi_href(&k.id)),
        id: k.id.to_string(),
        title: k.title.to_string(),
        status: status(k.status),
        deadline: k
            .deadline
            .map_or_else(|| "–".to_string(), |d| format!("by {}", ages::point(d))),
        count: k.interventions,
    }
}

/// A KPI's page.
#[derive(Debug, Clone, Serialize)]
pub(super) struct KpiView {
    id: String,
    title: String,
    status: &'static str,
    definition: String,
    numerator: String,
    denominator: String,
    deadline: Option<String>,
    source: Vec<Segment>,
    caption: String,
    rows: Vec<RowView>,
}

pub(super) fn kpi(ctx: Ctx<'_>, shown: &Shown) -> Option<KpiView> {
    let Shown::Kpi {
        id,
        title,
        definition,
        numerator,
        denominator,
        deadline,
        status: s,
        source,
        interventions,
    } = shown
    else {
        return None;
    };
    Some(KpiView {
        id: id.clone(),
        title: title.clone(),
        status: status(*s),
        definition: one_line(definition),
        numerator: one_line(numerator),
        denominator: one_line(denominator),
        deadline: deadline.map(|d| format!("by {}", ages::point(d))),
        source: segments(source),
        caption: format!("The interventions {id} measures"),
        rows: interventions.iter().map(|r| ctx.row(r)).collect(),
    })
}

/// A profession's page.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ProfessionView {
    title: String,
    description: String,
    leads: Vec<Group>,
    with_caption: String,
    with_rows: Vec<RowView>,
}

pub(super) fn profession(ctx: Ctx<'_>, shown: &Shown) -> Option<ProfessionView> {
    let Shown::Profession {
        id,
        title,
        description,
        interventions,
    } = shown
    else {
        return None;
    };
    let mut rows: Vec<&Row> = interventions.iter().collect();
    rows.sort_by_key(|r| (ctx.stage_pos(&r.stage), r.level));
    let (leads, with): (Vec<&Row>, Vec<&Row>) =
        rows.into_iter().partition(|r| r.lead == id.as_str());
    Some(ProfessionView {
        title: title.clone(),
        description: one_line(description),
        leads: by_stage(ctx, &leads, &|stage| {
            format!("What the {} leads in {stage}", title.to_lowercase())
        }),
        with_caption: format!(
            "What the {} takes part in, led by others",
            title.to_lowercase()
        ),
        with_rows: with.iter().map(|r| ctx.row(r)).collect(),
    })
}

/// A label and its words, for the timing of an intervention.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Fact {
    label: &'static str,
    text: String,
}

/// KPI on an intervention's page.
#[derive(Debug, Clone, Serialize)]
pub(super) struct KpiRefView {
    href: String,
    id: String,
    text: String,
}

/// An intervention's page.
#[derive(Debug, Clone, Serialize)]
pub(super) struct InterventionView {
    id: String,
    title: String,
    description: String,
    pathway: Link,
    level: &'static str,
    when: String,
    timing: Vec<Fact>,
    stages_label: &'static str,
    stages: Vec<Link>,
    lead: Link,
    with: Vec<Link>,
    event: Option<String>,
    kpis: Vec<KpiRefView>,
    core_purposes: Vec<Link>,
    tools: String,
    interfaces: Vec<Link>,
    entry_heading: String,
    entry_criteria: Vec<String>,
    source: Vec<Segment>,
    basis: &'static str,
    certainty: &'static str,
    note: Option<String>,
}

pub(super) fn intervention(ctx: Ctx<'_>, shown: &InterventionShown) -> InterventionView {
    let r = &shown.row;
    let t = &r.timing;
    let mut facts = Vec::new();
    if let Some(kind) = t.kind {
        facts.push(Fact {
            label: "Timing",
            text: kind_words(kind).to_string(),
        });
    }
    if let Some(c) = catch_up(t) {
        facts.push(Fact {
            label: "If missed",
            text: c,
        });
    }
    if let Some(c) = cohort(r) {
        facts.push(Fact {
            label: "For children",
            text: c,
        });
    }
    if let Some(w) = t.window {
        facts.push(Fact {
            label: "Window in days",
            text: days(w),
        });
    } else if let Some(d) = t.due {
        facts.push(Fact {
            label: "Due in days",
            text: day(d),
        });
    }
    let pathway_page = pathway_href(&r.pathway);
    let event = shown.event.as_ref().map(|e| {
        let mandated = if e.mandated {
            ", one of the mandated health visiting reviews"
        } else {
            ""
        };
        format!("{}{mandated}", e.event.title)
    });
    InterventionView {
        id: r.id.to_string(),
        title: r.title.to_string(),
        description: one_line(&r.description),
        pathway: ctx.link(pathway_page.clone(), &r.pathway_title),
        level: r.level.title(),
        when: timing(t),
        timing: facts,
        stages_label: plural(shown.stages.len(), "Stage", "Stages"),
        // The pathway's page has a section for the stage an intervention is listed under; the
        // later stages it runs into are named only.
        stages: shown
            .stages
            .iter()
            .map(|s| match s.id == r.stage {
                true => ctx.link(format!("{pathway_page}#stage-{}", s.id), &s.title),
                false => Link {
                    href: String::new(),
                    text: s.title.to_string(),
                },
            })
            .collect(),
        lead: ctx.link(profession_href(&r.lead), &r.lead_title),
        with: shown
            .with
            .iter()
            .map(|w| ctx.link(profession_href(&w.id), &w.title))
            .collect(),
        event,
        kpis: shown
            .kpis
            .iter()
            .map(|k| {
                let by = k
                    .deadline
                    .map(|d| format!(" (by {})", ages::point(d)))
                    .unwrap_or_default();
                KpiRefView {
                    href: format!("{}{}", ctx.root, kpi_href(&k.id)),
                    id: k.id.to_string(),
                    text: format!("{}{by}", k.title),
                }
            })
            .collect(),
        core_purposes: shown
            .core_purposes
            .iter()
            .map(|c| ctx.core_purpose(c.number))
            .collect(),
        tools: if r.tools.is_empty() {
            "none".into()
        } else {
            join(&r.tools)
        },
        interfaces: shown
            .interfaces
            .iter()
            .map(|i| ctx.link(format!("interfaces.html#{}", i.id), &i.title))
            .collect(),
        entry_heading: format!(
            "Entry criteria: {} on the {} pathway",
            r.level.title(),
            r.pathway_title
        ),
        entry_criteria: shown.entry_criteria.iter().map(|c| one_line(c)).collect(),
        source: segments(&r.source),
        basis: basis(r.basis),
        certainty: certainty(r.certainty),
        note: r.note.as_deref().map(one_line),
    }
}

/// Whether a row is a scheduled contact (figure 1 marks them).
pub(super) fn scheduled(r: &Row) -> bool {
    r.timing.kind == Some(TimingKind::Scheduled) && r.timing.scheduled.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linked(text: &str) -> Vec<(String, Option<String>)> {
        segments(text)
            .into_iter()
            .map(|s| (s.text, s.href))
            .collect()
    }

    #[test]
    fn sources_become_text_and_links_to_web_addresses_only() {
        assert_eq!(
            linked("NICE NG247 (2025), https://www.nice.org.uk/guidance/ng247 ; more."),
            vec![
                ("NICE NG247 (2025), ".into(), None),
                (
                    "https://www.nice.org.uk/guidance/ng247".into(),
                    Some("https://www.nice.org.uk/guidance/ng247".into())
                ),
                (" ; more.".into(), None),
            ]
        );
        assert_eq!(
            linked("(see https://example.org/a_(b)).")[1].1.as_deref(),
            Some("https://example.org/a_(b)")
        );
        assert_eq!(
            linked("(https://example.org/x)")[1].1.as_deref(),
            Some("https://example.org/x")
        );
        // No other scheme becomes a link; an address without a host is text.
        assert!(
            linked("javascript:alert(1) data:text/html,x")
                .iter()
                .all(|s| s.1.is_none())
        );
        assert!(linked("https:// x").iter().all(|s| s.1.is_none()));
        assert!(linked("").is_empty());
    }

    #[test]
    fn file_names_never_leave_their_folder_or_hide() {
        assert_eq!(
            file_name("universal.new-birth-visit"),
            "universal.new-birth-visit.html"
        );
        assert_eq!(file_name("C8i"), "C8i.html");
        assert_eq!(file_name("../x"), "_2e._2fx.html");
        assert_eq!(file_name("a b"), "a_20b.html");
        assert_eq!(file_name(""), "_.html");
    }
}
