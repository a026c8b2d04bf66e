//! The data model: the pathway set and its catalogue, the assessment framework, family records,
//! ages and timing, the facts hcp holds nationally, and findings. Types and their invariants
//! only: nothing here reads files, prints, or depends on a layer above.

pub mod age;
pub mod calendar;
pub mod diagnostic;
pub mod family;
pub mod framework;
/// The characters that must never reach a reader raw (a file build.rs includes too).
pub mod hazardous;
pub mod kpi;
pub mod level;
pub mod library;
pub mod national;
mod pathway;
pub mod printable;
pub mod schema;
pub mod span;
pub mod text;
pub mod timing;

pub use pathway::*;
