//! FHIR ids and the quantities ages and gestations become.

use super::*;
use crate::load::digest::sha256;
use crate::model::age::months_to_days;

/// A valid FHIR id (`[A-Za-z0-9\-\.]{1,64}`) for an hcp id: the id itself when it is one, else
/// its first 55 usable characters, `-` and the first 8 hex digits of its SHA-256 (the full hcp id
/// stays in `identifier`).
pub fn fhir_id(id: &str) -> String {
    let usable = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
    if !id.is_empty() && id.len() <= 64 && id.chars().all(usable) {
        return id.to_string();
    }
    let stem: String = id
        .chars()
        .map(|c| if usable(c) { c } else { '-' })
        .take(55)
        .collect();
    let digest = sha256(id.as_bytes());
    let hex: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    format!("{stem}-{hex}")
}

/// A computer-friendly name (`[A-Z][A-Za-z0-9_]*`): the id's words capitalised and joined.
pub(super) fn fhir_name(id: &str) -> String {
    let mut name: String = id
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        name.insert(0, 'X');
    }
    name
}

/// Text as FHIR strings want it: trimmed, and none when empty.
pub(super) fn text(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

pub(super) fn quantity(value: u32, unit: &'static str, code: &'static str) -> Quantity {
    Quantity {
        value,
        unit,
        system: UCUM,
        code,
    }
}

/// An age after birth (days since birth) as an `Age`: whole years (`a`), whole months from 3
/// (`mo`), whole weeks (`wk`), else days (`d`). UCUM's `mo` and `a` are the mean Julian month and
/// year (30.4375 and 365.25 days), hcp's own; hcp counts the whole days (`9 mo` is day 273).
pub fn age(days: u32) -> Quantity {
    let days64 = u64::from(days);
    if days > 0 {
        for years in 1..=5u32 {
            if months_to_days(u64::from(years) * 12) == days64 {
                return quantity(years, "years", "a");
            }
        }
        for months in 3..=60u32 {
            if months_to_days(u64::from(months)) == days64 {
                return quantity(months, "months", "mo");
            }
        }
        if days.is_multiple_of(7) {
            return quantity(days / 7, "weeks", "wk");
        }
    }
    quantity(days, "days", "d")
}

/// An age window as a `Range` with one unit for both ends: the coarsest of years, months, weeks
/// and days that gives both ends exactly (`10 d` to `14 d`, `9 mo` to `12 mo`).
pub fn age_range(from: u32, to: u32) -> Range {
    let exact = |days: u32, unit: &str| -> Option<u32> {
        let days64 = u64::from(days);
        match unit {
            "a" => (0..=5u32).find(|y| months_to_days(u64::from(*y) * 12) == days64),
            "mo" => (0..=60u32).find(|m| months_to_days(u64::from(*m)) == days64),
            "wk" => (days.is_multiple_of(7)).then_some(days / 7),
            _ => Some(days),
        }
    };
    for (code, unit) in [
        ("a", "years"),
        ("mo", "months"),
        ("wk", "weeks"),
        ("d", "days"),
    ] {
        if let (Some(low), Some(high)) = (exact(from, code), exact(to, code)) {
            return Range {
                low: quantity(low, unit, code),
                high: quantity(high, unit, code),
            };
        }
    }
    unreachable!("every age is a whole number of days")
}

/// A gestation (days of pregnancy) as a `Duration` in weeks, or days when not whole weeks.
pub fn gestation(days: u32) -> Quantity {
    if days.is_multiple_of(7) {
        quantity(days / 7, "weeks", "wk")
    } else {
        quantity(days, "days", "d")
    }
}
