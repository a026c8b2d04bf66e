//! Words for schedules and worklists.

use crate::answer::schedule::{ScheduleRow, ScheduleStatus};

/// A calendar date as practitioners write it: `12 Aug 2026`.
pub(in crate::render) fn date(d: jiff::civil::Date) -> String {
    d.strftime("%-d %b %Y").to_string()
}

/// A window of dates: `12 Aug 2026 to 16 Aug 2026`, or one date.
pub(in crate::render) fn window(r: &ScheduleRow) -> String {
    let est = if r.estimated { " (estimated)" } else { "" };
    if r.from == r.to {
        format!("{}{est}", date(r.from))
    } else {
        format!("{} to {}{est}", date(r.from), date(r.to))
    }
}

/// A status heading word: `Overdue`.
pub(in crate::render) fn status_title(s: ScheduleStatus) -> &'static str {
    match s {
        ScheduleStatus::Missed => "Missed",
        ScheduleStatus::Overdue => "Overdue",
        ScheduleStatus::Due => "Due now",
        ScheduleStatus::Upcoming => "Coming up",
        ScheduleStatus::DoneLate => "Done late",
        ScheduleStatus::Done => "Done",
    }
}

/// Where a row stands, in words: `done 12 Aug 2026`, `OVERDUE: still done until …`.
pub(in crate::render) fn status(r: &ScheduleRow) -> String {
    let kpi = |prefix: &str| {
        r.kpi
            .as_ref()
            .map(|k| format!("{prefix}{k}"))
            .unwrap_or_default()
    };
    match r.status {
        ScheduleStatus::Done => format!("done {}", r.done_on.map(date).unwrap_or_default()),
        ScheduleStatus::DoneLate => format!(
            "done late {}{}",
            r.done_on.map(date).unwrap_or_default(),
            kpi("; counts in ")
        ),
        ScheduleStatus::Due => format!("due now, until {}", date(r.to)),
        ScheduleStatus::Overdue => format!(
            "OVERDUE: still done until {}{}",
            r.catch_up_until.map(date).unwrap_or_default(),
            kpi("; a late one counts in ")
        ),
        ScheduleStatus::Missed => match r.catch_up_until {
            Some(c) => format!("MISSED: not recorded, catch-up ended {}", date(c)),
            None => format!("MISSED: not recorded, window closed {}", date(r.to)),
        },
        ScheduleStatus::Upcoming => format!("opens {}", date(r.from)),
    }
}
