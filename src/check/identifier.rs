//! Whether a family file's `reference` can be printed (HCP101: no control, bidi or zero-width
//! characters) and whether it identifies someone (HCP105): an NHS number written in it, however
//! split, or the file's own `nhs_number` or `name` however spelled. Values are compared, never
//! printed.

/// The first character in `text` that must not be in a printed reference, if any: a control
/// character (C0, DEL and C1, U+0080–U+009F), a format character (Unicode general category Cf:
/// the bidi controls U+202A–U+202E, U+2066–U+2069, U+200E and U+200F, the zero-width characters
/// U+200B–U+200D, U+2060 and U+FEFF, the soft hyphen, …) or a line or paragraph separator
/// (U+2028, U+2029). Any of them can hide or reorder what a report, a caseload or a CI log shows
/// (a reference that reads `HV-0042` but is not), or break its line.
pub(super) fn unprintable(text: &str) -> Option<char> {
    text.chars()
        .find(|&c| crate::model::printable::is_unprintable(c))
}

/// Separators an identifier may be written with: spaces, hyphens (Unicode ones too, as pasted
/// from a clinical system or a letter), dots and slashes. One set for finding an NHS number in a
/// reference and for comparing a reference with the file's own `nhs_number` or `name`, so no
/// spelling of the identifier passes one check that the other would catch.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '.' | '/')
}

/// Whether `text` holds an NHS number anywhere: a run of exactly ten digits, which spaces,
/// hyphens, dots or slashes may split (`NHS 943 476 5919`, `HV-9434765919`, `943.476.5919`), with
/// a valid check digit. Longer or shorter runs of digits (dates, local serial numbers) are not.
pub(super) fn holds_nhs_number(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let mut run = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            run.push(c);
            i += 1;
            continue;
        }
        // Separators continue a run only between digits.
        let mut next = i;
        while next < chars.len() && is_separator(chars[next]) {
            next += 1;
        }
        let joins =
            next > i && !run.is_empty() && chars.get(next).is_some_and(char::is_ascii_digit);
        if joins {
            i = next;
            continue;
        }
        if run.len() == 10 && looks_like_nhs_number(&run) {
            return true;
        }
        run.clear();
        i = next.max(i + 1);
    }
    run.len() == 10 && looks_like_nhs_number(&run)
}

/// Whether `text` is exactly 10 ASCII digits whose last digit is the NHS number Modulus 11 check
/// digit of the first nine: weights 10 down to 2, check = 11 - (sum mod 11), 11 counts as 0, and
/// 10 means no valid NHS number has these nine digits. [`holds_nhs_number`] finds the runs of
/// digits (and the separators between them) that it is given.
fn looks_like_nhs_number(text: &str) -> bool {
    let mut digits = [0u32; 10];
    let mut n = 0;
    for c in text.chars() {
        if !c.is_ascii_digit() || n == digits.len() {
            return false;
        }
        digits[n] = u32::from(c) - u32::from('0');
        n += 1;
    }
    if n != digits.len() {
        return false;
    }
    let sum: u32 = digits[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(d, w)| d * w)
        .sum();
    match 11 - sum % 11 {
        10 => false,
        11 => digits[9] == 0,
        check => digits[9] == check,
    }
}

/// Whether `reference` is the same identifier as `nhs_number` (or `name`), however either is
/// spaced, hyphenated, dotted or slashed (and for digits, whatever leading zeros a YAML integer
/// lost).
pub(super) fn same_identifier(reference: &str, nhs_number: &str) -> bool {
    let strip = |s: &str| s.chars().filter(|c| !is_separator(*c)).collect::<String>();
    let (a, b) = (strip(reference), strip(nhs_number));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if all_digits(&a) && all_digits(&b) {
        a.trim_start_matches('0') == b.trim_start_matches('0')
    } else {
        a.eq_ignore_ascii_case(&b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The check digit, written out the long way: weights 10 down to 2, 11 - (sum mod 11).
    fn check_digit(nine: &str) -> Option<u32> {
        let sum: u32 = nine
            .chars()
            .zip([10, 9, 8, 7, 6, 5, 4, 3, 2])
            .map(|(c, w)| c.to_digit(10).unwrap() * w)
            .sum();
        match 11 - sum % 11 {
            11 => Some(0),
            10 => None,
            c => Some(c),
        }
    }

    #[test]
    fn the_published_test_nhs_number_has_a_valid_check_digit() {
        assert!(looks_like_nhs_number("9434765919"));
        // Written with separators, it is found in a reference.
        assert!(holds_nhs_number("943 476 5919"));
        assert!(holds_nhs_number("943-476-5919"));
        assert!(holds_nhs_number(" 943 - 476 - 5919 "));
        assert!(holds_nhs_number("943\u{a0}476\u{2013}5919"));
        for wrong in ['0', '1', '2', '3', '4', '5', '6', '7', '8'] {
            assert!(
                !looks_like_nhs_number(&format!("943476591{wrong}")),
                "{wrong}"
            );
        }
    }

    #[test]
    fn an_nhs_number_is_found_inside_a_reference() {
        for text in [
            "9434765919",
            "NHS 9434765919",
            "HV-9434765919",
            "943.476.5919",
            "943/476/5919",
            "x9434765919y",
            "ref 943 - 476 - 5919 (mum)",
        ] {
            assert!(holds_nhs_number(text), "{text}");
        }
        for text in [
            "HV-2026-0042",
            "2026-11-25-0001",
            "9434765918",
            "94347659190",
            "943476591",
            "",
        ] {
            assert!(!holds_nhs_number(text), "{text}");
        }
    }

    #[test]
    fn a_remainder_of_zero_gives_check_digit_zero() {
        // 4+0+...+2*2 = 44 = 4 * 11.
        assert!(looks_like_nhs_number("4000000020"));
        assert!(!looks_like_nhs_number("4000000021"));
        assert!(looks_like_nhs_number("0000000000"));
    }

    #[test]
    fn a_check_of_ten_means_no_valid_number() {
        // 9*10 + 9*9 + 9*8 = 243 = 22 * 11 + 1: check 10, so no tenth digit makes it valid.
        for last in 0..=9 {
            assert!(
                !looks_like_nhs_number(&format!("999000000{last}")),
                "{last}"
            );
        }
    }

    #[test]
    fn only_ten_ascii_digits_look_like_an_nhs_number() {
        for text in [
            "",
            "943476591",
            "94347659190",
            "0943476591 9",
            "943476591O",
            "NHS 9434765919",
            "943.476.5919",
            "943/476/5919",
            "+9434765919",
            // Fullwidth and Arabic-Indic digits are not ASCII.
            "９４３４７６５９１９",
            "٩٤٣٤٧٦٥٩١٩",
        ] {
            assert!(!looks_like_nhs_number(text), "{text:?}");
        }
    }

    #[test]
    fn exactly_one_tenth_digit_is_valid_unless_the_check_is_ten() {
        for n in (0..1_000_000_000u32).step_by(7_919_311) {
            let nine = format!("{n:09}");
            let valid: Vec<u32> = (0..=9)
                .filter(|d| looks_like_nhs_number(&format!("{nine}{d}")))
                .collect();
            assert_eq!(
                valid,
                check_digit(&nine).into_iter().collect::<Vec<_>>(),
                "{nine}"
            );
        }
    }

    #[test]
    fn same_identifier_ignores_spacing_hyphens_case_and_lost_leading_zeros() {
        assert!(same_identifier("999 000 0000", "9990000000"));
        assert!(same_identifier("999-000-0000", "999 000 0000"));
        assert!(same_identifier("0123456780", "123456780"));
        assert!(same_identifier("ab-12", "AB 12"));
        assert!(!same_identifier("999 000 0001", "999 000 0000"));
        assert!(!same_identifier("HV-1", "1"));
        assert!(!same_identifier("-", " "));
    }

    #[test]
    fn control_bidi_and_zero_width_characters_are_unprintable() {
        let mut refused = vec![
            '\0', '\t', '\n', '\r', '\u{1b}', '\u{7f}', '\u{2028}', '\u{2029}',
        ];
        refused.extend('\u{80}'..='\u{9f}'); // C1 controls
        refused.extend('\u{202a}'..='\u{202e}'); // bidi embeddings and overrides
        refused.extend('\u{2066}'..='\u{2069}'); // bidi isolates
        refused.extend(['\u{200e}', '\u{200f}', '\u{61c}']); // bidi marks
        refused.extend(['\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}']); // zero width
        refused.extend(['\u{ad}', '\u{e0041}', '\u{1d173}']); // other Cf: soft hyphen, tags
        for c in refused {
            for text in [format!("{c}HV-1"), format!("HV{c}-1"), format!("HV-1{c}")] {
                assert_eq!(unprintable(&text), Some(c), "U+{:04X}", u32::from(c));
            }
        }
        for text in [
            "HV-2026-0042",
            "Ref 42",
            "réf-ñ-42",
            "HV\u{a0}42",
            "HV\u{2013}42",
            "参考-42",
            "",
        ] {
            assert_eq!(unprintable(text), None, "{text:?}");
        }
    }
}
