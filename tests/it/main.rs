//! The integration tests, in one binary: one module per area, so the crate is linked into one test
//! executable instead of one per file. Run one area with `cargo test --test it assess::` (or any
//! other filter on the test path).

mod common;

mod assess;
mod cli;
mod clock;
mod content;
mod corpus;
mod diff;
mod ecosystem;
mod fhir;
mod fhir_response;
mod files;
mod finding;
mod hazards;
mod kpi;
mod prebuilt;
mod privacy;
mod properties;
mod readme;
mod rules;
mod safety;
mod scale;
mod schedule;
mod schema;
mod show;
mod sinks;
mod site;
mod structure;
mod wording;
