//! `hcp kpi --format markdown`: the text's prose with a Markdown table and headings.

use std::io::{self, Write};

use super::Markdown;
use crate::answer::kpi::Returns;
use crate::render::Render;

impl Render<Returns> for Markdown {
    fn render(&self, r: &Returns, out: &mut dyn Write) -> io::Result<()> {
        crate::render::text::kpi::prose(r, true, 0, out)
    }
}
