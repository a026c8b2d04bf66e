//! [`Text`]: the model's strings, borrowed from the data compiled into hcp where they come from
//! there, owned otherwise.
//!
//! Every command on a clean bundled set builds its model from the prebuilt MessagePack form that
//! `build.rs` embeds (see `load::load_prebuilt`, which tells this module where that data lies
//! with [`set_embedded_data`]; the YAML is read only to place findings). Its strings sit unescaped in the binary,
//! so a title or a description can point at them instead of being copied onto the heap: about
//! half of the model's memory, and on a small VM each fresh page of heap costs microseconds of
//! start-up. Text read from a `--pathways` directory or a family file is owned, as before.

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};

/// The data compiled into hcp that text may borrow from (set once by the loader).
static EMBEDDED: OnceLock<&'static [u8]> = OnceLock::new();

/// Tell [`Text`] where the data compiled into hcp lies, so strings read from it are borrowed. The
/// loader calls this before reading the prebuilt set; a second call is ignored.
pub fn set_embedded_data(data: &'static [u8]) {
    let _ = EMBEDDED.set(data);
}

/// `text` as a slice of the embedded data, when that is where it lies.
fn embedded_str(text: &str) -> Option<&'static str> {
    embedded_in(EMBEDDED.get()?, text)
}

/// `text` as a slice of `data`, when that is where it lies (a pointer-range check, no unsafe).
fn embedded_in(data: &'static [u8], text: &str) -> Option<&'static str> {
    let start = text.as_ptr().addr().checked_sub(data.as_ptr().addr())?;
    let bytes = data.get(start..start.checked_add(text.len())?)?;
    std::str::from_utf8(bytes).ok()
}

/// A string of pathway data.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Cow<'static, str>);

impl Text {
    /// The text as a `&str`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when the text points into the data compiled into hcp rather than the heap.
    pub fn is_embedded(&self) -> bool {
        matches!(self.0, Cow::Borrowed(_))
    }

    /// The text without leading and trailing whitespace, still borrowed when it was.
    pub fn trimmed(&self) -> Text {
        match &self.0 {
            Cow::Borrowed(text) => Text(Cow::Borrowed(text.trim())),
            Cow::Owned(text) => Text(Cow::Owned(text.trim().to_owned())),
        }
    }

    /// Keep `text`, borrowing it when it lies inside the embedded data.
    fn from_read(text: &str) -> Text {
        match embedded_str(text) {
            Some(embedded) => Text(Cow::Borrowed(embedded)),
            None => Text(Cow::Owned(text.to_owned())),
        }
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    // `pad`, not `write_str`, so widths and alignment (`{:<36}`) apply as they do to a `str`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text(Cow::Owned(text))
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text(Cow::Owned(text.to_owned()))
    }
}

impl From<Text> for String {
    fn from(text: Text) -> String {
        text.0.into_owned()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        *self == *other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;

        impl Visitor<'_> for TextVisitor {
            type Value = Text;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            // Borrowed or not as far as serde can tell, a `&str` that lies inside the embedded
            // data can be kept as a slice of it: wrappers such as serde-saphyr's `Spanned` pass
            // borrowed strings on through `visit_str`.
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Text, E> {
                Ok(Text::from_read(text))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<Text, E> {
                Ok(Text(Cow::Owned(text)))
            }
        }

        // `any`, not `str`: YAML hands a number or a boolean to `deserialize_str` as its digits
        // (`id: 7` read as the id "7"), where the schema, and so every editor, says it is not
        // text. Asked for anything, the parser says what the value is, and only text is taken.
        deserializer.deserialize_any(TextVisitor)
    }
}

impl JsonSchema for Text {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        String::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        String::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        String::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_read_from_elsewhere_is_owned_and_compares_as_a_string() {
        let text: Text = serde_json::from_str("\"6-8 week review\"").unwrap();
        assert!(!text.is_embedded());
        assert_eq!(text, "6-8 week review");
        assert_eq!(text.as_str(), "6-8 week review");
        assert_eq!(text.to_string(), "6-8 week review");
        assert_eq!(format!("{text:?}"), "\"6-8 week review\"");
        assert_eq!(format!("[{text:>17}]"), "[  6-8 week review]");
        assert_eq!(serde_json::to_string(&text).unwrap(), "\"6-8 week review\"");
    }

    /// Some data standing in for the embedded set (the loader's tests use the real one).
    static DATA: &[u8] = b"header 6-8 week review universal trailer";

    #[test]
    fn only_a_string_inside_the_data_is_borrowed() {
        let at = DATA.windows(9).position(|w| w == b"universal").unwrap();
        let inside = std::str::from_utf8(&DATA[at..at + 9]).unwrap();
        assert_eq!(embedded_in(DATA, inside), Some(inside));
        // The same characters elsewhere in memory, and empty text elsewhere, are not.
        let copy = inside.to_owned();
        assert_eq!(embedded_in(DATA, copy.as_str()), None);
        assert_eq!(embedded_in(DATA, String::new().as_str()), None);
        // Empty text just past the end lies within the data's range: borrowing it borrows nothing.
        let at_end = std::str::from_utf8(&DATA[DATA.len()..]).unwrap();
        assert_eq!(embedded_in(DATA, at_end), Some(""));
    }
}
