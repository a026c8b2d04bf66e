//! hcp: the Healthy Child Programme (pregnancy to 5 years) care pathways as validated data.
//!
//! The library is layered, and each layer imports only from the ones before it:
//! [`model`] (the data) → [`load`] (reading files, the bundled set, the clock) → [`check`] (the
//! rule registry, and the policy that a set with errors never answers) → [`answer`] (query, browse,
//! assess, diff: typed data) → [`render`] (every format, and every word the user reads). The `hcp`
//! binary's `cli` module parses arguments and wires them together; the library never prints.
//! `docs/architecture.md` follows one request through.
//!
//! This API is internal to the hcp binary and not yet stable.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// No panics on input-derived data: the library returns errors instead.
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// The library never prints: renderers write to the `Write` they are given.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod answer;
pub mod check;
pub mod load;
pub mod model;
pub mod render;
