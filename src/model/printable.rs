//! Which characters may not stand in a value that is printed as an identifier (a family file's
//! `reference`): everything no output may show raw ([`super::hazardous`]), every other control
//! character and every format character. One predicate for `hcp assess` (HCP101) and for the
//! family schema's pattern, so the editor and hcp refuse the same references.

/// Whether `c` may not be in a printed reference: a control character (C0, DEL and C1), a format
/// character (Unicode general category Cf), a line or paragraph separator, or any other character
/// [`super::hazardous::is_hazardous`] names.
pub fn is_unprintable(c: char) -> bool {
    super::hazardous::is_hazardous(c) || c.is_control() || is_format(c)
}

/// Whether `c` is in Unicode general category Cf (format), as of Unicode 15.1 (std has no
/// query for it). New format characters are rare; a test keeps the bidi and zero-width ones here.
pub fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{600}'..='\u{605}'
            | '\u{61C}'
            | '\u{6DD}'
            | '\u{70F}'
            | '\u{890}'..='\u{891}'
            | '\u{8E2}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

/// A regular-expression character class body (for JSON Schema `pattern`, ECMA-262 syntax, which
/// Python's `re` and Rust's `regex` read alike) of every unprintable character in the Basic
/// Multilingual Plane, as `\uXXXX` ranges. Characters beyond it (a few rare format characters such
/// as the tag characters) cannot be written portably without the `u` flag; `hcp assess` still
/// refuses them.
pub fn bmp_class() -> String {
    let mut class = String::new();
    let mut run: Option<(u32, u32)> = None;
    fn flush(run: Option<(u32, u32)>, class: &mut String) {
        match run {
            Some((from, to)) if from == to => class.push_str(&format!("\\u{from:04X}")),
            Some((from, to)) => class.push_str(&format!("\\u{from:04X}-\\u{to:04X}")),
            None => {}
        }
    }
    for code in 0..=0xFFFFu32 {
        let unprintable = char::from_u32(code).is_some_and(is_unprintable);
        match (unprintable, run) {
            (true, Some((from, to))) if to + 1 == code => run = Some((from, code)),
            (true, _) => {
                flush(run, &mut class);
                run = Some((code, code));
            }
            (false, _) => {}
        }
    }
    flush(run, &mut class);
    class
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_class_holds_exactly_the_unprintable_characters_of_the_bmp() {
        let pattern = format!("^[{}]$", bmp_class());
        let re = regex::Regex::new(&pattern).unwrap();
        for code in 0..=0xFFFFu32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            assert_eq!(
                re.is_match(&c.to_string()),
                is_unprintable(c),
                "U+{code:04X}"
            );
        }
        assert!(
            bmp_class().starts_with("\\u0000-\\u001F"),
            "{}",
            bmp_class()
        );
    }
}
