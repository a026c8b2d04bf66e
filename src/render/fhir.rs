//! FHIR R4 JSON (`hcp export fhir`): the typed Bundle of `answer::fhir`, pretty-printed by serde.
//! It is a format of its own, not the versioned `json::Envelope`: a FHIR consumer reads a bare
//! resource, so provenance travels in the resources' `meta` instead.

use std::io::{self, Write};

use crate::answer::fhir::Bundle;

/// Write the Bundle as pretty-printed JSON with a final newline.
pub fn bundle(bundle: &Bundle, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, bundle)?;
    out.write_all(b"\n")
}
