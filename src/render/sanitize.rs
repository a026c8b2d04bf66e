//! One sanitiser for every sink. Text from data, file names and arguments may hold characters that
//! drive a terminal (ESC, BEL, OSC 52 clipboard writes, C1 controls such as U+009B), reorder what
//! a reader sees (bidi overrides such as U+202E), hide in plain sight (zero-width characters), or
//! make XML invalid (U+FFFE). [`Sanitized`] wraps stdout, stderr and every file hcp writes and
//! shows each of them as a visible escape; [`inline`] makes a value safe to put inside one line of
//! a message (a newline there could start a forged `::error::` line in a CI log) and cuts an
//! over-long one short.
//!
//! Escapes are `\xNN` for C0 controls and DEL (which JSON output never holds raw: serde_json
//! escapes them itself) and `\uNNNN` for the rest: inside a JSON string that is a valid JSON escape
//! of the same character, so JSON stays valid and means the same; elsewhere it reads as what it is.

use std::borrow::Cow;
use std::io::{self, Write};

/// How many characters of one value a message repeats before it is cut short.
pub const INLINE_CHARS: usize = 200;

/// How many characters of one message, file name, data path or help line a report shows.
pub const MESSAGE_CHARS: usize = 1_000;

pub use crate::model::hazardous::is_hazardous;

/// Write `c` as its visible escape.
fn escape_into(out: &mut Vec<u8>, c: char) {
    let code = u32::from(c);
    let text = if code < 0x80 {
        format!("\\x{code:02x}")
    } else {
        format!("\\u{code:04x}")
    };
    out.extend_from_slice(text.as_bytes());
}

/// `text` for one line of a message: every hazardous character, and newline, carriage return and
/// tab, shown as an escape; cut to [`INLINE_CHARS`] characters with a note of how many more there
/// were. Borrowed when there is nothing to change.
pub fn inline(text: &str) -> Cow<'_, str> {
    one_line(text, INLINE_CHARS)
}

/// As [`inline`], cut at `max_chars` (a whole message rather than one value in it).
pub fn one_line(text: &str, max_chars: usize) -> Cow<'_, str> {
    let needs_escape = |c: char| is_hazardous(c) || matches!(c, '\n' | '\r' | '\t');
    let long = text.len() > max_chars && text.chars().nth(max_chars).is_some();
    if !long && !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = Vec::with_capacity(text.len().min(INLINE_CHARS * 4) + 16);
    for c in text.chars().take(max_chars) {
        match c {
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if is_hazardous(c) => escape_into(&mut out, c),
            c => {
                let mut buf = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    let mut out = String::from_utf8(out).unwrap_or_default();
    if long {
        out.push_str(&more(text, max_chars));
    }
    Cow::Owned(out)
}

/// `text` cut to `max_chars` characters, with a note of how many more there were; nothing is
/// escaped (the writer does that).
pub fn cut(text: &str, max_chars: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max_chars) {
        Some((at, _)) => Cow::Owned(format!("{}{}", &text[..at], more(text, max_chars))),
        None => Cow::Borrowed(text),
    }
}

fn more(text: &str, kept: usize) -> String {
    format!("… ({} more characters)", text.chars().count() - kept)
}

/// Recognises a byte sequence hcp itself writes (a colour code) at the start of a slice: its length.
pub type OwnSequence = fn(&[u8]) -> Option<usize>;

/// A writer that shows every hazardous character as an escape (newline and tab pass: they are the
/// output's own line structure, and so does a carriage return directly before a newline, the line
/// end iCalendar requires; a carriage return anywhere else could overwrite a line, and is escaped). When colouring, hcp's own colour sequences pass too
/// (`allow_colour`, checked by `own`); any other ESC, data's included, is escaped like the rest.
/// A character split across two writes is held until the rest arrives.
pub struct Sanitized<W: Write> {
    inner: W,
    own: Option<OwnSequence>,
    /// The start of a UTF-8 sequence whose end has not arrived yet.
    pending: Vec<u8>,
}

impl<W: Write> Sanitized<W> {
    /// Wrap `inner`; with `own`, byte sequences it recognises (hcp's colour codes) pass untouched.
    pub fn new(inner: W, own: Option<OwnSequence>) -> Self {
        Sanitized {
            inner,
            own,
            pending: Vec::new(),
        }
    }

    /// Escape what `bytes` holds and write it; an incomplete character at the end is kept.
    fn write_clean(&mut self, bytes: &[u8], last: bool) -> io::Result<()> {
        let plain = |b: u8| (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t';
        if self.pending.is_empty() && bytes.iter().all(|b| plain(*b)) {
            return self.inner.write_all(bytes);
        }
        // Nothing hazardous (table borders, dashes, accents): as it is.
        if self.pending.is_empty() && !may_hold_hazard(bytes) {
            return self.inner.write_all(bytes);
        }
        let mut data = std::mem::take(&mut self.pending);
        data.extend_from_slice(bytes);
        let mut out = Vec::with_capacity(data.len() + 16);
        let mut i = 0;
        while i < data.len() {
            let b = data[i];
            if plain(b) {
                out.push(b);
                i += 1;
                continue;
            }
            if b == b'\r' {
                match data.get(i + 1) {
                    Some(b'\n') => {
                        out.extend_from_slice(b"\r\n");
                        i += 2;
                        continue;
                    }
                    // Whether a newline follows comes with the next write.
                    None if !last => {
                        self.pending.push(b);
                        break;
                    }
                    _ => {}
                }
            }
            if b == 0x1b
                && let Some(len) = self.own.and_then(|own| own(&data[i..]))
            {
                out.extend_from_slice(&data[i..i + len]);
                i += len;
                continue;
            }
            let rest = &data[i..];
            let width = match b {
                0x00..=0x7f => 1,
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                0xf0..=0xf7 => 4,
                _ => 0,
            };
            if width > rest.len() && !last && rest.len() < 4 {
                // The rest of this character comes with the next write.
                self.pending.extend_from_slice(rest);
                break;
            }
            match std::str::from_utf8(&rest[..width.min(rest.len())])
                .ok()
                .and_then(|s| s.chars().next())
                .filter(|_| width > 0)
            {
                Some(c) if is_hazardous(c) => escape_into(&mut out, c),
                Some(c) => {
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                // Not UTF-8 (hcp writes only UTF-8; a lone byte from a file name, say).
                None => {
                    out.extend_from_slice(format!("\\x{b:02x}").as_bytes());
                    i += 1;
                    continue;
                }
            }
            i += width;
        }
        self.inner.write_all(&out)
    }
}

/// Whether `bytes` may hold a hazardous character, scanned a byte at a time (every table border
/// of every answer passes here). Only a few lead bytes can start one: C2 (C1 controls), D8
/// (U+061C), E1 (U+180E), E2 80 and E2 81 (zero-width, bidi, separators) and EF (U+FEFF,
/// U+FFF9-U+FFFF); those are decoded and checked. A character cut off at the end, or a byte that
/// cannot start UTF-8, also sends the bytes the careful way.
fn may_hold_hazard(bytes: &[u8]) -> bool {
    // Whether the character at `at` (`width` bytes) is hazardous; a cut-off one may be.
    let decoded = |at: usize, width: usize| {
        bytes
            .get(at..at + width)
            .and_then(|s| std::str::from_utf8(s).ok())
            .and_then(|s| s.chars().next())
            .is_none_or(is_hazardous)
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let next = bytes.get(i + 1).copied();
        let suspect = match (b, next) {
            (0x20..=0x7e | b'\n' | b'\t' | 0x80..=0xbf, _) => false,
            (0x00..=0x7f | 0xc0 | 0xc1 | 0xf5..=0xff, _) => true,
            // A lead byte at the very end: its character comes with the next write.
            (0xc2 | 0xd8 | 0xe1 | 0xe2 | 0xef, None) => true,
            (0xc2, Some(n)) => (0x80..=0x9f).contains(&n),
            (0xd8, _) => decoded(i, 2),
            (0xe1, _) => decoded(i, 3),
            (0xe2, Some(0x80 | 0x81)) | (0xef, Some(0xbb | 0xbf)) => decoded(i, 3),
            // Every other character (box drawing, dashes, accents, other scripts) is safe; its
            // continuation bytes pass one at a time.
            _ => false,
        };
        if suspect {
            return true;
        }
        i += 1;
    }
    false
}

impl<W: Write> Write for Sanitized<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_clean(buf, false)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            self.write_clean(&[], true)?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(pieces: &[&[u8]], own: Option<OwnSequence>) -> String {
        let mut out = Vec::new();
        let mut w = Sanitized::new(&mut out, own);
        for p in pieces {
            w.write_all(p).unwrap();
        }
        w.flush().unwrap();
        drop(w);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_carriage_return_passes_only_as_part_of_a_line_end() {
        assert_eq!(through(&[b"a\r\nb"], None), "a\r\nb");
        assert_eq!(through(&[b"a\r", b"\nb"], None), "a\r\nb");
        assert_eq!(through(&[b"a\rb\n"], None), "a\\x0db\n");
        assert_eq!(through(&[b"a\r", b"b"], None), "a\\x0db");
        assert_eq!(through(&[b"end\r"], None), "end\\x0d");
    }

    #[test]
    fn every_hazardous_character_is_shown_escaped() {
        let text = "a\u{1b}[2Jb\u{7}c\u{9b}31md\u{202e}e\u{200b}f\u{feff}g\u{fffe}h\u{2028}i\n\tj";
        assert_eq!(
            through(&[text.as_bytes()], None),
            "a\\x1b[2Jb\\x07c\\u009b31md\\u202ee\\u200bf\\ufeffg\\ufffeh\\u2028i\n\tj"
        );
        // Ordinary text in any script passes untouched.
        let plain = "Health visitor — Ymwelydd iechyd — زائر صحي — 保健访视员 ½\n";
        assert_eq!(through(&[plain.as_bytes()], None), plain);
    }

    #[test]
    fn a_character_split_across_writes_is_judged_whole() {
        let rlo = "\u{202e}".as_bytes();
        let pieces: [&[u8]; 3] = [b"x", &rlo[..1], &rlo[1..]];
        assert_eq!(through(&pieces, None), "x\\u202e");
        // A C1 control split after its lead byte, and one after a table border.
        assert_eq!(through(&[b"x\xc2", b"\x9b2J"], None), "x\\u009b2J");
        let border = "┌─┐".as_bytes();
        assert_eq!(through(&[border, b"\xc2", b"\x85"], None), "┌─┐\\u0085");
        let dash = "—".as_bytes();
        assert_eq!(through(&[&dash[..2], &dash[2..]], None), "—");
        // A truncated character at the very end is shown as bytes, not dropped.
        assert_eq!(through(&[&rlo[..2]], None), "\\xe2\\x80");
    }

    #[test]
    fn only_hcps_own_colour_sequences_pass() {
        fn own(bytes: &[u8]) -> Option<usize> {
            bytes.starts_with(b"\x1b[1m").then_some(4)
        }
        assert_eq!(
            through(&[b"\x1b[1mok\x1b]52;c;x\x07"], Some(own)),
            "\x1b[1mok\\x1b]52;c;x\\x07"
        );
    }

    #[test]
    fn json_stays_valid_and_means_the_same() {
        let json = serde_json::to_string(&"a\u{202e}b\u{85}c\u{1b}").unwrap();
        let clean = through(&[json.as_bytes()], None);
        assert!(clean.is_ascii(), "{clean}");
        let back: String = serde_json::from_str(&clean).unwrap();
        assert_eq!(back, "a\u{202e}b\u{85}c\u{1b}");
    }

    #[test]
    fn an_inlined_value_stays_on_one_line_and_is_cut_short() {
        assert_eq!(inline("plain"), "plain");
        assert!(matches!(inline("plain"), Cow::Borrowed(_)));
        assert_eq!(
            inline("x\n::error file=a::forged\r\t\u{1b}"),
            "x\\n::error file=a::forged\\r\\t\\x1b"
        );
        let long = "é".repeat(INLINE_CHARS + 50);
        let cut = inline(&long);
        assert!(cut.starts_with(&"é".repeat(INLINE_CHARS)));
        assert!(cut.ends_with("… (50 more characters)"), "{cut}");
        let exactly = "a".repeat(INLINE_CHARS);
        assert_eq!(inline(&exactly), exactly);
    }
}
