//! [`Spanned`]: a value with the place in its file it was read from, so findings about meaning
//! (an unknown profession, a window outside its stage) name file:line:col, not only syntax errors.
//!
//! The type is the model's; reading it from YAML is the loader's (`load::yaml`).

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Serialize, Serializer};

/// A value with the 1-based line and column it was read from (0 and 0 when it has none, as in
/// the bundled set read from its build-time MessagePack form).
///
/// Read from YAML through serde-saphyr's own `Spanned` (see `load::yaml`). serde-saphyr's type
/// carries two full locations (56 bytes per value); this one carries 8, which makes the in-memory model about
/// half the size, and a model that touches fewer fresh pages is what start-up time is made of.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// 1-based line, or 0 when unknown.
    pub line: u32,
    /// 1-based column, or 0 when unknown.
    pub column: u32,
}

impl<T> Spanned<T> {
    /// A value with no known position.
    pub fn unplaced(value: T) -> Self {
        Spanned {
            value,
            line: 0,
            column: 0,
        }
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// A source position taken from a [`Spanned`] value.
pub fn position<T>(spanned: &Spanned<T>) -> (u64, u64) {
    (u64::from(spanned.line), u64::from(spanned.column))
}

/// A spanned value is written in a file exactly as its value is: the schema is the value's.
impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}
