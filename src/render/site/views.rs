//! What the pages' templates share: links, sources cut into text and links, file names, dates,
//! and intervention rows, the answers worded (timing through `render::ages` and
//! `render::words`, as every other format words it), with every link already relative to the
//! page. The templates only lay these out; the escaping is theirs (minijinja's HTML autoescape,
//! with hidden characters shown as escapes first: see `super::environment`).

use serde::Serialize;

use crate::answer::query::Row;
use crate::model::library::Library;
use crate::model::{CalendarDate, Level};
use crate::render::ages;
use crate::render::words::{level_short, timing};

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

pub(super) fn level_class(level: Level) -> &'static str {
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
    pub(super) fn link(&self, href: String, text: impl ToString) -> Link {
        Link {
            href: format!("{}{href}", self.root),
            text: text.to_string(),
        }
    }

    pub(super) fn profession(&self, id: &str) -> Link {
        let title = self
            .lib
            .profession(id)
            .map_or_else(|| id.to_string(), |p| p.title.to_string());
        self.link(profession_href(id), title)
    }

    pub(super) fn core_purpose(&self, n: u8) -> Link {
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

    pub(super) fn stage_pos(&self, id: &str) -> usize {
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
pub(super) fn by_stage(
    ctx: Ctx<'_>,
    rows: &[&Row],
    caption: &dyn Fn(&str) -> String,
) -> Vec<Group> {
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

pub(super) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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
