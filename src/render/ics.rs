//! iCalendar (RFC 5545) for `hcp schedule --format ics`: one all-day event per window, the
//! child's pseudonymous reference as the only identifier. Written here rather than with a crate:
//! the format needed is small (a calendar of all-day events), the `icalendar` crate brings a
//! second date library (chrono) beside jiff, and what matters — CRLF line ends, lines folded at 75
//! octets without splitting a character, TEXT escaping — is tested here and the output is parsed
//! by Python's `icalendar` in `.ci/run`.

use std::io::{self, Write};

use crate::answer::schedule::ScheduleRow;
use crate::render::words::schedule_words::status;
use crate::render::{Render, Scheduling};

/// iCalendar.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ics;

/// Escape a TEXT value (RFC 5545 3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Write one content line, folded at 75 octets (continuation lines start with a space), CRLF.
fn line(out: &mut dyn Write, content: &str) -> io::Result<()> {
    let mut used = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.write_all(b"\r\n ")?;
            used = 1;
        }
        let mut buf = [0; 4];
        out.write_all(c.encode_utf8(&mut buf).as_bytes())?;
        used += n;
    }
    out.write_all(b"\r\n")
}

fn compact(d: jiff::civil::Date) -> String {
    d.strftime("%Y%m%d").to_string()
}

fn event(out: &mut dyn Write, r: &ScheduleRow, stamp: &str) -> io::Result<()> {
    line(out, "BEGIN:VEVENT")?;
    line(
        out,
        &format!(
            "UID:{}-{}-{}@hcp",
            escape(&r.reference).replace(' ', "_"),
            r.intervention,
            compact(r.from)
        ),
    )?;
    line(out, &format!("DTSTAMP:{stamp}T000000Z"))?;
    line(out, &format!("DTSTART;VALUE=DATE:{}", compact(r.from)))?;
    // DTEND of an all-day event is the day after the last one.
    let end = r.to.tomorrow().unwrap_or(r.to);
    line(out, &format!("DTEND;VALUE=DATE:{}", compact(end)))?;
    line(
        out,
        &format!(
            "SUMMARY:{}",
            escape(&format!("{}: {}", r.reference, r.title))
        ),
    )?;
    line(
        out,
        &format!(
            "DESCRIPTION:{}",
            escape(&format!(
                "{} ({}); {}",
                status(r),
                r.intervention,
                r.lead_title
            ))
        ),
    )?;
    line(out, &format!("CATEGORIES:{}", r.status.id()))?;
    line(out, "TRANSP:TRANSPARENT")?;
    line(out, "END:VEVENT")
}

impl Render<Scheduling<'_>> for Ics {
    fn render(&self, s: &Scheduling<'_>, out: &mut dyn Write) -> io::Result<()> {
        let (rows, today): (Vec<&ScheduleRow>, Option<jiff::civil::Date>) = match s.worklist {
            Some(w) => (w.rows.iter().collect(), Some(w.today)),
            None => (
                s.scheduled
                    .schedules
                    .iter()
                    .flat_map(|x| x.rows.iter())
                    .collect(),
                s.scheduled.schedules.first().map(|x| x.today),
            ),
        };
        let stamp = today.map(compact).unwrap_or_else(|| "19700101".into());
        line(out, "BEGIN:VCALENDAR")?;
        line(out, "VERSION:2.0")?;
        line(
            out,
            &format!(
                "PRODID:-//hcp//Healthy Child Programme schedule {}//EN",
                env!("CARGO_PKG_VERSION")
            ),
        )?;
        line(out, "CALSCALE:GREGORIAN")?;
        for r in rows {
            event(out, r, &stamp)?;
        }
        line(out, "END:VCALENDAR")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let mut out = Vec::new();
        let text = format!("SUMMARY:{}", "é".repeat(60));
        line(&mut out, &text).unwrap();
        let s = String::from_utf8(out).expect("never splits a character");
        for physical in s.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        assert_eq!(s.replace("\r\n ", ""), format!("{text}\r\n"));
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(escape("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        assert_eq!(escape("bell\u{7}"), "bell");
    }
}
