//! The one spelling of ages in data files, and the JSON Schema `pattern` written from it.
//!
//! Every age, gestation, timeline point and duration is read by one parser with two modes
//! ([`Spelling`]): data files `Strict`, in the canonical spelling that the shipped JSON Schemas'
//! patterns accept, so an editor and `hcp validate` agree on every value; the command line
//! `Lenient` (upper case, spaces around, any units in order, as before). Both the strict check and
//! the patterns come from the tables below ([`AGE_FORMS`], [`GESTATION_FORMS`],
//! [`DURATION_FORMS`]), and `tests.rs` runs the parser and the pattern over a corpus of accepted
//! and refused strings and asserts that they agree.
//!
//! The ranges are the parser's own (the fifth birthday, day 1826; 42 weeks of pregnancy; a
//! duration of at most 100,000 days or 10,000 working days): each form's numbers are bounded so
//! that every value the form can spell is inside the range, and a test checks that each bound is
//! the largest that is.

use super::AgeError;

/// How an age is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// Data files (pathways, catalogue, framework, family files): the canonical spelling only —
    /// lower case, no spaces around, no leading zeros, exactly one space before `gestation`, and
    /// one of the forms in [`AGE_FORMS`] (for a gestation [`GESTATION_FORMS`]). It is what the
    /// JSON Schemas' patterns accept.
    Strict,
    /// The command line (`hcp query --age 8W`): also upper case, spaces around, leading zeros
    /// and any units in the order y, m, w, d (`1y2w`), within the same range.
    Lenient,
}

/// A canonical form: its units in order, each with the smallest and largest number written.
pub type Form = &'static [(char, u32, u32)];

/// Every canonical spelling of an age after birth (besides `birth`): one unit (`10d`, `6w`,
/// `9m`, `2y`), weeks and days (`11w6d`), years and months (`2y6m`), or months and/or years then
/// days (`8m29d`, `1y14d`, `3y11m30d`), each within the programme (to `5y`, day 1826).
/// [`super::format_age_days`] writes every day of the programme in one of them.
pub const AGE_FORMS: &[Form] = &[
    &[('d', 0, 1826)],
    &[('w', 0, 260)],
    &[('w', 0, 260), ('d', 1, 6)],
    &[('m', 0, 60)],
    &[('y', 0, 5)],
    &[('y', 1, 4), ('m', 1, 11)],
    &[('m', 1, 59), ('d', 1, 30)],
    &[('y', 1, 4), ('d', 1, 30)],
    &[('y', 1, 4), ('m', 1, 11), ('d', 1, 30)],
];

/// Every canonical spelling of a gestation (before ` gestation` in a timeline point): weeks
/// (`28w`), or weeks and days (`11w6d`), up to 42 weeks.
pub const GESTATION_FORMS: &[Form] = &[&[('w', 0, 42)], &[('w', 0, 41), ('d', 1, 6)]];

/// Every canonical spelling of a duration after an event in calendar units: one unit up to
/// 100,000 days, or any canonical age; working days are `Nwd` up to [`MAX_WORKING_DAYS`].
pub const DURATION_FORMS: &[Form] = &[
    &[('d', 0, 100_000)],
    &[('w', 0, 14_285)],
    &[('m', 0, 3_285)],
    &[('y', 0, 273)],
];

/// The most working days a duration may be.
pub const MAX_WORKING_DAYS: u32 = 10_000;
/// The most calendar days a duration may be.
pub const MAX_DURATION_DAYS: u32 = 100_000;

/// What a strict value is checked as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An age after birth, `birth` included.
    Age,
    /// Weeks of pregnancy without the word (`28w`, a family file's `gestation`).
    Gestation,
    /// A timeline point: `preconception`, `28w gestation`, `birth` or an age.
    Point,
    /// A KPI's calendar age: as a point, without `preconception`.
    CalendarAge,
    /// A duration after an event.
    Duration,
}

/// The numbers and units of a written value in order (`2y6m` → `[("2", 'y'), ("6", 'm')]`), or
/// None unless it is entirely digits-then-lower-case-unit pairs.
fn tokens(text: &str) -> Option<Vec<(&str, char)>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, ch) in text.char_indices() {
        if ch.is_ascii_digit() {
            continue;
        }
        if !matches!(ch, 'y' | 'm' | 'w' | 'd') || i == start {
            return None;
        }
        out.push((&text[start..i], ch));
        start = i + 1;
    }
    (start == text.len() && !out.is_empty()).then_some(out)
}

/// A number written without leading zeros.
fn number(digits: &str) -> Option<u32> {
    if !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 1 && digits.starts_with('0') {
        return None;
    }
    digits.parse().ok()
}

/// Whether a number in `text` is written with a leading zero (`08w`, `2y06m`).
fn leading_zero(text: &str) -> bool {
    let mut previous = None;
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        let starts = b == b'0'
            && !previous.is_some_and(|p: u8| p.is_ascii_digit())
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        previous = Some(b);
        starts
    })
}

/// Whether `text` is written in one of `forms`.
fn fits(text: &str, forms: &[Form]) -> bool {
    let Some(tokens) = tokens(text) else {
        return false;
    };
    forms.iter().any(|form| {
        form.len() == tokens.len()
            && form
                .iter()
                .zip(&tokens)
                .all(|(&(unit, lo, hi), &(digits, written))| {
                    written == unit && number(digits).is_some_and(|n| (lo..=hi).contains(&n))
                })
    })
}

/// Whether `text` is the canonical spelling of a value of this kind: exactly what the kind's
/// pattern ([`pattern`]) matches.
pub(crate) fn is_canonical(text: &str, kind: Kind) -> bool {
    let point = |text: &str| {
        text == "birth"
            || fits(text, AGE_FORMS)
            || text
                .strip_suffix(" gestation")
                .is_some_and(|weeks| fits(weeks, GESTATION_FORMS))
    };
    match kind {
        Kind::Age => text == "birth" || fits(text, AGE_FORMS),
        Kind::Gestation => fits(text, GESTATION_FORMS),
        Kind::Point => text == "preconception" || point(text),
        Kind::CalendarAge => point(text),
        Kind::Duration => {
            text.strip_suffix("wd")
                .and_then(number)
                .is_some_and(|n| n <= MAX_WORKING_DAYS)
                || fits(text, DURATION_FORMS)
                || fits(text, AGE_FORMS)
        }
    }
}

/// The regular expression of the numbers `lo..=hi` written without leading zeros.
pub(crate) fn range_pattern(lo: u32, hi: u32) -> String {
    let mut alternatives = Vec::new();
    let mut start = lo;
    while start <= hi {
        let width = start.to_string().len() as u32;
        let end = hi.min(10u32.pow(width) - 1);
        same_width(&start.to_string(), &end.to_string(), "", &mut alternatives);
        start = end + 1;
    }
    match alternatives.as_slice() {
        [one] => one.clone(),
        _ => format!("(?:{})", alternatives.join("|")),
    }
}

/// Alternatives matching the numbers from `a` to `b`, which have the same number of digits.
fn same_width(a: &str, b: &str, prefix: &str, out: &mut Vec<String>) {
    let class = |lo: u8, hi: u8| {
        if lo == hi {
            (lo as char).to_string()
        } else {
            format!("[{}-{}]", lo as char, hi as char)
        }
    };
    let (a0, b0) = (a.as_bytes()[0], b.as_bytes()[0]);
    let rest = a.len() - 1;
    if rest == 0 {
        out.push(format!("{prefix}{}", class(a0, b0)));
        return;
    }
    if a0 == b0 {
        same_width(&a[1..], &b[1..], &format!("{prefix}{}", a0 as char), out);
        return;
    }
    let mut first = a0;
    if a[1..].bytes().any(|c| c != b'0') {
        let nines = "9".repeat(rest);
        same_width(&a[1..], &nines, &format!("{prefix}{}", a0 as char), out);
        first += 1;
    }
    let partial_last = b[1..].bytes().any(|c| c != b'9');
    let last = if partial_last { b0 - 1 } else { b0 };
    if first <= last {
        out.push(format!(
            "{prefix}{}{}",
            class(first, last),
            "[0-9]".repeat(rest)
        ));
    }
    if partial_last {
        let zeros = "0".repeat(rest);
        same_width(&zeros, &b[1..], &format!("{prefix}{}", b0 as char), out);
    }
}

/// The alternatives of `forms` as one group.
fn forms_pattern(forms: &[Form]) -> String {
    let alternatives: Vec<String> = forms
        .iter()
        .map(|form| {
            form.iter()
                .map(|&(unit, lo, hi)| format!("{}{unit}", range_pattern(lo, hi)))
                .collect::<String>()
        })
        .collect();
    format!("(?:{})", alternatives.join("|"))
}

/// The JSON Schema `pattern` (ECMA-262 and Rust `regex` alike) of a kind's canonical spelling.
pub(crate) fn pattern(kind: Kind) -> String {
    let age = forms_pattern(AGE_FORMS);
    let gestation = forms_pattern(GESTATION_FORMS);
    match kind {
        Kind::Age => format!("^(?:birth|{age})$"),
        Kind::Gestation => format!("^{gestation}$"),
        Kind::Point => format!("^(?:preconception|birth|{age}|{gestation} gestation)$"),
        Kind::CalendarAge => format!("^(?:birth|{age}|{gestation} gestation)$"),
        Kind::Duration => format!(
            "^(?:{}wd|{}|{age})$",
            range_pattern(0, MAX_WORKING_DAYS),
            forms_pattern(DURATION_FORMS)
        ),
    }
}

/// The value tidied the ways the command line tolerates: trimmed, lower case, without leading
/// zeros, one space before `gestation`.
fn tidy(text: &str) -> String {
    let lower = text.trim().to_ascii_lowercase();
    let (value, gestation) = match lower.strip_suffix("gestation") {
        Some(weeks) => (weeks.trim_end().to_string(), true),
        None => (lower, false),
    };
    let mut out = String::new();
    let mut digits = String::new();
    for ch in value.chars() {
        if ch.is_ascii_digit() {
            digits.push(ch);
            continue;
        }
        let trimmed = digits.trim_start_matches('0');
        out.push_str(if trimmed.is_empty() && !digits.is_empty() {
            "0"
        } else {
            trimmed
        });
        digits.clear();
        out.push(ch);
    }
    out.push_str(&digits);
    if gestation {
        out.push_str(" gestation");
    }
    out
}

/// Refuse a value the lenient parser read but that is not written in the canonical spelling:
/// why (in words that never repeat the value, since family files are private), and the
/// canonical spelling of the same value as the suggestion (`8W` → `8w`, `196d gestation` →
/// `28w gestation`). `canonical` writes the value read in a canonical form.
pub(crate) fn require(
    text: &str,
    kind: Kind,
    canonical: impl FnOnce() -> String,
) -> Result<(), AgeError> {
    if is_canonical(text, kind) {
        return Ok(());
    }
    let tidied = tidy(text);
    let suggestion = if is_canonical(&tidied, kind) {
        tidied.clone()
    } else {
        canonical()
    };
    let what = match kind {
        Kind::Gestation => "a gestation",
        Kind::Duration => "a duration",
        _ => "an age",
    };
    let reason = if text.trim() != text {
        format!("in data files {what} is written without spaces around it")
    } else if text.chars().any(|c| c.is_ascii_uppercase()) {
        format!("in data files {what} is written in lower case")
    } else if leading_zero(text) {
        "in data files numbers are written without leading zeros".to_string()
    } else if text.contains("gestation") && !text.contains(" gestation")
        || text.contains("  gestation")
        || text.contains("\tgestation")
    {
        "in data files a gestation is followed by exactly one space and the word gestation"
            .to_string()
    } else if text.contains("gestation") || kind == Kind::Gestation {
        "in data files a gestation is written in weeks (28w), or weeks and days 1 to 6 (11w6d)"
            .to_string()
    } else {
        format!(
            "in data files {what} is one unit (10d, 6w, 9m, 2y), weeks and days 1 to 6 (11w6d), \
             years and months 1 to 11 (2y6m), or months and years then days 1 to 30 (8m29d)"
        )
    };
    Err(AgeError {
        reason,
        suggestion: (suggestion != text && is_canonical(&suggestion, kind)).then_some(suggestion),
    })
}

/// The most days a form can spell, for the tests' range checks: its largest numbers.
#[cfg(test)]
pub(crate) fn form_days(form: &[(char, u32, u32)], pick: impl Fn(u32, u32) -> u32) -> u64 {
    let (mut months, mut days) = (0u64, 0u64);
    for &(unit, lo, hi) in form {
        let n = u64::from(pick(lo, hi));
        match unit {
            'y' => months += 12 * n,
            'm' => months += n,
            'w' => days += 7 * n,
            _ => days += n,
        }
    }
    super::months_to_days(months) + days
}
