//! The data path (`interventions[3].lead`) of the block-style YAML node on a line, worked out
//! from indentation: a parse error has only a position, and a finding also names where in the
//! data it is. Family files get a redacted form that never shows a key that is not a plain name.

use super::yaml::{is_plain_key, strip_bom};

/// The data path (`interventions[3].lead`) of the block-style YAML node on `line` (1-based),
/// worked out from indentation. Used for parse errors, where the parser gives only a position.
pub fn path_at_line(text: &str, line: u64) -> String {
    path_with(text, line, shortened)
}

/// As [`path_at_line`], for files about people: a segment that is not a plain key name (text of
/// a note or a name that the indentation made look like a key) is shown as `…`.
pub fn path_at_line_redacted(text: &str, line: u64) -> String {
    path_with(text, line, |key| {
        if is_plain_key(key) {
            key.to_string()
        } else {
            "…".to_string()
        }
    })
}

fn path_with(text: &str, line: u64, segment_of: impl Fn(&str) -> String) -> String {
    struct Frame {
        indent: usize,
        segment: String,
        item: bool,
        next_index: usize,
    }
    let text = strip_bom(text);
    // A document marker (`---`, `...`) belongs to no key.
    let index = usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX);
    if text
        .lines()
        .nth(index)
        .is_some_and(|l| l.starts_with("---") || l.starts_with("..."))
    {
        return String::new();
    }
    let mut stack: Vec<Frame> = Vec::new();
    let target = usize::try_from(line).unwrap_or(usize::MAX);
    for raw in text.lines().take(target) {
        let body = raw.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') || body.starts_with("---") {
            continue;
        }
        let mut indent = raw.len() - body.len();
        let mut rest = body;
        while let Some(after) = rest
            .strip_prefix("- ")
            .or_else(|| (rest == "-").then_some(""))
        {
            while stack
                .last()
                .is_some_and(|f| f.indent > indent || (f.indent == indent && f.item))
            {
                stack.pop();
            }
            let index = stack.last_mut().map_or(0, |parent| {
                parent.next_index += 1;
                parent.next_index - 1
            });
            stack.push(Frame {
                indent,
                segment: format!("[{index}]"),
                item: true,
                next_index: 0,
            });
            indent += 2;
            rest = after.trim_start_matches(' ');
        }
        let key = rest
            .split_once(':')
            .map(|(k, _)| k.trim().trim_matches(|c| c == '"' || c == '\''))
            .filter(|k| !k.is_empty() && !k.starts_with(['{', '[', '"', '\'']) && !k.contains(' '));
        if let Some(key) = key {
            while stack.last().is_some_and(|f| f.indent >= indent) {
                stack.pop();
            }
            stack.push(Frame {
                indent,
                segment: segment_of(key),
                item: false,
                next_index: 0,
            });
        }
    }
    let mut path = String::new();
    for frame in &stack {
        if !frame.item && !path.is_empty() {
            path.push('.');
        }
        path.push_str(&frame.segment);
    }
    path
}

/// A key as a path segment, cut short: a path names where, it does not repeat a megabyte key.
fn shortened(key: &str) -> String {
    const MAX_CHARS: usize = 64;
    match key.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &key[..cut]),
        None => key.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_at_line_follows_indentation() {
        let text = "id: x\ninterventions:\n  - id: a\n    lead: hv\n  - id: b\n    with:\n      - gp\n    lead: hv\nspan: {from: birth}\n";
        assert_eq!(path_at_line(text, 1), "id");
        assert_eq!(path_at_line(text, 4), "interventions[0].lead");
        assert_eq!(path_at_line(text, 5), "interventions[1].id");
        assert_eq!(path_at_line(text, 7), "interventions[1].with[0]");
        assert_eq!(path_at_line(text, 8), "interventions[1].lead");
        assert_eq!(path_at_line(text, 9), "span");
    }

    #[test]
    fn path_segments_are_cut_short_and_bom_free() {
        let long = "k".repeat(10_000);
        let path = path_at_line(&format!("{long}: 1\n"), 1);
        assert_eq!(path.chars().count(), 65);
        assert!(path.ends_with('…'));
        assert_eq!(path_at_line("\u{feff}idd: 1\n", 1), "idd");
    }
}
