// Which characters must never reach a reader raw, in one place: the sanitiser escapes them in
// every sink (`render::sanitize`), HCP028 refuses them in pathway data (`check::characters`), and
// build.rs (which `include!`s this file) embeds no prebuilt form of a file that holds one, so the
// YAML path reports it with a position. Plain comments only: build.rs includes the file.

/// Whether `c` must never reach a reader raw, besides newline and tab (the line structure of
/// every format, judged where a value is inlined): C0 controls and DEL, C1 controls, bidi
/// embeddings, overrides, isolates and marks, zero-width and other invisible format characters,
/// line and paragraph separators, and the two non-characters XML forbids.
pub fn is_hazardous(c: char) -> bool {
    matches!(c,
        '\0'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'   // C0 (but tab and newline) and DEL
        | '\u{80}'..='\u{9f}'                             // C1 controls (U+009B is a CSI)
        | '\u{61c}'                                       // Arabic letter mark
        | '\u{180e}'                                      // Mongolian vowel separator
        | '\u{200b}'..='\u{200f}'                         // zero-width characters, LRM, RLM
        | '\u{2028}' | '\u{2029}'                         // line and paragraph separators
        | '\u{202a}'..='\u{202e}'                         // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}'                         // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}'                         // bidi isolates
        | '\u{feff}'                                      // zero-width no-break space (BOM)
        | '\u{fff9}'..='\u{fffb}'                         // interlinear annotation controls
        | '\u{fffe}' | '\u{ffff}'                         // not characters (invalid in XML)
    )
}
