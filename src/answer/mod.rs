//! Answers: the services behind `query`, `list`/`show`, `assess` and `diff`, over a pathway set
//! that has passed its checks. They return typed data (ids, days, bands, rule ids, counts), never
//! sentences: the words are made in `render`. A child's schedule and KPI returns belong here too.

pub mod assess;
pub mod browse;
pub mod diff;
pub mod fhir;
pub mod kpi;
pub mod provenance;
pub mod query;
pub mod review;
pub mod schedule;
pub mod site;
pub mod status;
