//! Synthetic data for the benchmarks (BENCHMARKS.md): large pathway sets and caseloads, valid by
//! construction.
//!
//! ```sh
//! cargo run --release --example gen_synthetic -- pathways 10000 /tmp/set10k
//! cargo run --release --example gen_synthetic -- families 1000 /tmp/fam1k
//! hcp validate --pathways /tmp/set10k
//! hcp assess /tmp/fam1k --format jsonl --today 2026-11-25
//! ```
//!
//! `pathways N DIR` writes a pathway set of exactly N interventions: the bundled catalogue and
//! assessment framework, the nine bundled pathways, and as many *local variants* of the nine as it
//! takes (`safeguarding-v0007.yaml`: the same content under a new pathway id, title and intervention
//! ids, registered in the catalogue's `pathway_set`, as a region keeping its own copies would). The
//! last variant is a partial copy of Universal, so the total is exact.
//!
//! `families N DIR` writes N family files for `hcp assess`, assessed on or before 2026-11-25 (run
//! with `--today 2026-11-25`): children of every age from pregnancy to 5 years, given by each of the
//! four ways, 10 to 20 dimensions assessed, mostly Universal indicators with Universal Plus and
//! Universal Partnership Plus needs mixed in, and a practitioner's decision on some.
//!
//! `records N DIR` writes N records for `hcp schedule` and `hcp kpi` (run with `--today
//! 2026-11-25`): children born on every day of the five years before, each with a `done` list of
//! the scheduled Universal interventions whose window has opened, most on time, some late, some
//! not recorded.
//!
//! All are deterministic: the same N gives the same files.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};
use hcp::load::{PathwaySource, load, read_source};
use hcp::model::{Level, PathwayKind};

/// The last day a generated family can be assessed on (pass it as `hcp assess --today`).
pub const TODAY: (i16, i8, i8) = (2026, 11, 25);

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (what, n, dir) = match args.as_slice() {
        [what, n, dir] => (
            what.as_str(),
            n.replace('_', "")
                .parse::<usize>()
                .with_context(|| format!("`{n}` is not a count"))?,
            Path::new(dir),
        ),
        _ => bail!("usage: gen_synthetic pathways|families|records COUNT DIR"),
    };
    match what {
        "pathways" => {
            let s = write_pathways(n, dir)?;
            println!(
                "wrote {} interventions in {} pathways ({} variants), {} files, {:.1} MB, to {}",
                s.interventions,
                s.pathways,
                s.pathways - 9,
                s.files,
                s.bytes as f64 / 1e6,
                dir.display()
            );
        }
        "families" => {
            let s = write_families(n, dir)?;
            println!(
                "wrote {} family files, {:.1} MB, to {} (assess with --today {:04}-{:02}-{:02})",
                s.files,
                s.bytes as f64 / 1e6,
                dir.display(),
                TODAY.0,
                TODAY.1,
                TODAY.2
            );
        }
        "records" => {
            let s = write_records(n, dir)?;
            println!(
                "wrote {} record files, {:.1} MB, to {} (schedule with --today {:04}-{:02}-{:02})",
                s.files,
                s.bytes as f64 / 1e6,
                dir.display(),
                TODAY.0,
                TODAY.1,
                TODAY.2
            );
        }
        other => bail!("unknown kind `{other}`: use `pathways`, `families` or `records`"),
    }
    Ok(())
}

/// What was written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: usize,
    /// Pathways (pathway sets only).
    pub pathways: usize,
    /// Interventions (pathway sets only).
    pub interventions: usize,
}

impl Written {
    fn write(&mut self, path: &Path, text: &str) -> Result<()> {
        fs::write(path, text).with_context(|| format!("cannot write `{}`", path.display()))?;
        self.files += 1;
        self.bytes += text.len();
        Ok(())
    }
}

/// A bundled pathway file cut into its header (up to and including `interventions:`) and one text
/// block per intervention.
struct Template {
    id: String,
    title: String,
    kind: PathwayKind,
    span: String,
    header: String,
    blocks: Vec<String>,
}

impl Template {
    fn parse(id: &str, title: &str, kind: PathwayKind, text: &str) -> Result<Template> {
        let (mut header, mut blocks, mut span) = (String::new(), Vec::<String>::new(), None);
        let item = format!("  - id: {id}.");
        let mut in_interventions = false;
        for line in text.lines() {
            if !in_interventions {
                if let Some(s) = line.strip_prefix("span: ") {
                    span = Some(s.split('#').next().unwrap_or(s).trim().to_string());
                }
                header.push_str(line);
                header.push('\n');
                in_interventions = line == "interventions:";
                continue;
            }
            if !line.is_empty() && !line.starts_with(' ') && !line.starts_with('#') {
                bail!("`{id}.yaml`: `interventions` must be the last key to be used as a template");
            }
            if line.starts_with(&item) {
                blocks.push(String::new());
            }
            if let Some(b) = blocks.last_mut() {
                b.push_str(line);
                b.push('\n');
            }
        }
        let span = span.with_context(|| format!("`{id}.yaml` has no one-line `span:`"))?;
        if blocks.is_empty() {
            bail!("`{id}.yaml` has no interventions");
        }
        Ok(Template {
            id: id.to_string(),
            title: title.to_string(),
            kind,
            span,
            header,
            blocks,
        })
    }

    /// The text of variant `k` with the first `count` interventions.
    fn variant(&self, k: usize, count: usize) -> (String, String) {
        let new_id = format!("{}-v{k:04}", self.id);
        let mut out = format!(
            "# Synthetic local variant {k} of the `{}` pathway (examples/gen_synthetic.rs).\n",
            self.id
        );
        for line in self.header.lines() {
            if line.starts_with("id: ") {
                let _ = writeln!(out, "id: {new_id}");
            } else if let Some(title) = line.strip_prefix("title: ") {
                let _ = writeln!(out, "title: {title} (local variant {k})");
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
        let old = format!("  - id: {}.", self.id);
        let new = format!("  - id: {new_id}.");
        for block in self.blocks.iter().take(count) {
            out.push_str(&new);
            out.push_str(&block[old.len()..]);
        }
        (new_id, out)
    }
}

/// Write a pathway set of exactly `n` interventions (at least the bundled set's) to `dir`.
/// Pathways registered per synthetic catalogue file (about 2,500 YAML nodes).
const VARIANTS_PER_CATALOGUE_FILE: usize = 500;

pub fn write_pathways(n: usize, dir: &Path) -> Result<Written> {
    let raw = read_source(&PathwaySource::Bundled)?;
    let (library, diagnostics) = load(raw.clone());
    if !diagnostics.is_empty() {
        bail!("the bundled set does not parse: {:?}", diagnostics[0]);
    }
    let mut templates = Vec::new();
    for e in &library.catalogue.pathway_set {
        let id = &e.item.id.value;
        let file = raw
            .iter()
            .find(|f| f.relative == format!("{id}.yaml"))
            .with_context(|| format!("no bundled `{id}.yaml`"))?;
        let text = file.content.as_ref().map_err(|e| anyhow::anyhow!("{e}"))?;
        templates.push(Template::parse(id, &e.item.title, e.item.kind, text)?);
    }
    let bundled: usize = templates.iter().map(|t| t.blocks.len()).sum();
    if n < bundled {
        bail!(
            "a set holds at least the {bundled} bundled interventions; ask for {bundled} or more"
        );
    }
    fs::create_dir_all(dir.join("catalogue"))?;
    fs::create_dir_all(dir.join("assessment"))?;
    let mut written = Written {
        pathways: templates.len(),
        interventions: bundled,
        ..Written::default()
    };
    for f in &raw {
        let text = f.content.as_ref().map_err(|e| anyhow::anyhow!("{e}"))?;
        written.write(&dir.join(&f.relative), text)?;
    }
    let mut set = Vec::new();
    let mut remaining = n - bundled;
    let mut k = 0;
    while remaining > 0 {
        k += 1;
        let mut emitted = false;
        for t in &templates {
            if t.blocks.len() <= remaining {
                emit(dir, t, k, t.blocks.len(), &mut set, &mut written)?;
                remaining -= t.blocks.len();
                emitted = true;
            }
        }
        if !emitted {
            // Fewer left than the smallest pathway: a partial copy of Universal (the largest;
            // Universal has one level, so a partial copy still uses every level it has).
            let t = templates
                .iter()
                .filter(|t| t.kind == PathwayKind::Universal)
                .max_by_key(|t| t.blocks.len())
                .context("the bundled set has no Universal pathway")?;
            emit(dir, t, k, remaining, &mut set, &mut written)?;
            remaining = 0;
        }
    }
    // A region registers its variants in several catalogue files (one per service, say); one
    // file of thousands would exceed the per-file budget, as it should.
    for (i, chunk) in set.chunks(VARIANTS_PER_CATALOGUE_FILE).enumerate() {
        let text = format!(
            "# Synthetic local variants (examples/gen_synthetic.rs): every pathway must be registered.\npathway_set:\n{}",
            chunk.concat()
        );
        written.write(
            &dir.join(format!("catalogue/zz-synthetic-variants-{:03}.yaml", i + 1)),
            &text,
        )?;
    }
    Ok(written)
}

fn emit(
    dir: &Path,
    t: &Template,
    k: usize,
    count: usize,
    set: &mut Vec<String>,
    written: &mut Written,
) -> Result<()> {
    let (id, text) = t.variant(k, count);
    written.write(&dir.join(format!("{id}.yaml")), &text)?;
    let kind = match t.kind {
        PathwayKind::Universal => "universal",
        PathwayKind::Targeted => "targeted",
    };
    set.push(format!(
        "  - id: {id}\n    kind: {kind}\n    title: {} (local variant {k})\n    span: {}\n",
        t.title, t.span
    ));
    written.pathways += 1;
    written.interventions += count;
    Ok(())
}

/// splitmix64: a small deterministic generator (no dependency).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn date_minus(days: i64) -> Result<jiff::civil::Date> {
    let today = jiff::civil::date(TODAY.0, TODAY.1, TODAY.2);
    Ok(today.checked_sub(jiff::Span::new().days(days))?)
}

/// Write `n` family files to `dir`, scored against the bundled framework.
pub fn write_families(n: usize, dir: &Path) -> Result<Written> {
    let (library, _) = load(read_source(&PathwaySource::Bundled)?);
    let framework = library
        .framework()
        .context("the bundled set has no assessment framework")?;
    fs::create_dir_all(dir)?;
    let mut written = Written::default();
    for i in 0..n {
        let mut rng = Rng(0x5EED_0000 + i as u64);
        let back = i64::try_from(rng.below(300))?;
        let assessed = date_minus(back)?;
        let mut y =
            format!("# Synthetic family (examples/gen_synthetic.rs).\nreference: SYN-{i:06}\n");
        if rng.chance(20) {
            let _ = writeln!(
                y,
                "name: Synthetic Family {i}\nnhs_number: \"999 000 {i:04}\""
            );
        }
        y.push_str("child:\n");
        match rng.below(100) {
            // Date of birth: 0 days to 4y11m on the assessment date.
            0..80 => {
                let age = i64::try_from(rng.below(1795))?;
                let _ = writeln!(y, "  date_of_birth: {}", date_minus(back + age)?);
            }
            80..88 => {
                let months = 1 + rng.below(58);
                let age = match (months / 12, months % 12) {
                    (0, m) => format!("{m}m"),
                    (y, 0) => format!("{y}y"),
                    (y, m) => format!("{y}y{m}m"),
                };
                let _ = writeln!(y, "  age: {age}");
            }
            88..94 => {
                let _ = writeln!(y, "  gestation: {}w", 8 + rng.below(34));
            }
            _ => {
                // 8 to 41 weeks pregnant on the assessment date.
                let gestation = i64::try_from(56 + rng.below(231))?;
                let due = assessed.checked_add(jiff::Span::new().days(280 - gestation))?;
                let _ = writeln!(y, "  expected_date_of_delivery: {due}");
            }
        }
        let _ = writeln!(y, "assessment_date: {assessed}\ndimensions:");
        let skip = if rng.chance(70) { 0 } else { 1 + rng.below(10) };
        let mut order: Vec<usize> = (0..framework.dimensions.len()).collect();
        for j in (1..order.len()).rev() {
            order.swap(j, usize::try_from(rng.below(j as u64 + 1))?);
        }
        let mut chosen: Vec<usize> = order[usize::try_from(skip)?..].to_vec();
        // A caseload is mostly Universal: the family's profile decides which of the assessed
        // dimensions (the first few of the shuffled order) carry a need.
        let (plus, partnership) = match rng.below(100) {
            0..65 => (usize::from(rng.chance(15)), 0),
            65..90 => (1 + usize::try_from(rng.below(3))?, 0),
            _ => (usize::try_from(rng.below(4))?, 1),
        };
        let band_of = |position: usize| {
            if position < partnership {
                Level::UniversalPartnershipPlus
            } else if position < partnership + plus {
                Level::UniversalPlus
            } else {
                Level::Universal
            }
        };
        let bands: Vec<(usize, Level)> = chosen
            .iter()
            .enumerate()
            .map(|(position, &d)| (d, band_of(position)))
            .collect();
        chosen.sort_unstable();
        for d in chosen {
            let dim = &framework.dimensions[d];
            let band = bands
                .iter()
                .find(|(b, _)| *b == d)
                .map_or(Level::Universal, |(_, level)| *level);
            let decisive_ok = rng.chance(30);
            let mut pool: Vec<&str> = dim
                .indicators
                .iter()
                .filter(|ind| ind.band == band && (decisive_ok || !ind.decisive))
                .map(|ind| ind.id.as_str())
                .collect();
            if pool.is_empty() {
                pool = dim.indicators.iter().map(|ind| ind.id.as_str()).collect();
            }
            let take = 1 + usize::try_from(rng.below(2))?.min(pool.len() - 1);
            let mut picked: Vec<&str> = Vec::new();
            while picked.len() < take {
                let c = pool[usize::try_from(rng.below(pool.len() as u64))?];
                if !picked.contains(&c) {
                    picked.push(c);
                }
            }
            let _ = writeln!(y, "  {}:\n    indicators: [{}]", dim.id, picked.join(", "));
            if rng.chance(15) {
                y.push_str("    notes: Synthetic free text, never printed.\n");
            }
        }
        if rng.chance(40) {
            let band = ["universal", "universal-plus", "universal-partnership-plus"]
                [usize::try_from(rng.below(3))?];
            let _ = writeln!(
                y,
                "practitioner:\n  band: {band}\n  rationale: Synthetic rationale."
            );
        }
        written.write(&dir.join(format!("family-{i:06}.yaml")), &y)?;
    }
    Ok(written)
}

/// Write `n` records with `done` lists to `dir`.
pub fn write_records(n: usize, dir: &Path) -> Result<Written> {
    use hcp::model::TimingKind;
    use hcp::model::calendar::date_of;
    let (library, _) = load(read_source(&PathwaySource::Bundled)?);
    let today = jiff::civil::date(TODAY.0, TODAY.1, TODAY.2);
    // The scheduled Universal interventions for every child (no birth cohort), with windows.
    let scheduled: Vec<_> = library
        .pathway("universal")
        .context("no universal pathway")?
        .interventions
        .iter()
        .filter(|iv| iv.timing.as_ref().map(|k| k.value) == Some(TimingKind::Scheduled))
        .filter(|iv| iv.born.is_none() && iv.offered.is_none())
        .filter_map(|iv| {
            hcp::answer::status::scheduled_window(iv).map(|w| (iv.id.value.to_string(), w))
        })
        .collect();
    fs::create_dir_all(dir)?;
    let mut written = Written::default();
    for i in 0..n {
        let mut rng = Rng(0x5EC0_0000 + i as u64);
        let age = i64::try_from(rng.below(1826))?;
        let born = date_minus(age)?;
        let mut y = format!(
            "# Synthetic record (examples/gen_synthetic.rs).\nreference: REC-{i:06}\nchild:\n  date_of_birth: {born}\n"
        );
        let mut done = String::new();
        for (id, window) in &scheduled {
            let (Some(from), Some(to)) = (
                date_of(window.from, Some(born), None),
                date_of(window.to, Some(born), None),
            ) else {
                continue;
            };
            if from > today || rng.chance(8) {
                continue; // not open yet, or not recorded
            }
            let span = i64::from(to.since(from)?.get_days().max(0));
            let late = rng.chance(10);
            let offset = if late {
                span + 1 + i64::try_from(rng.below(20))?
            } else {
                i64::try_from(rng.below(u64::try_from(span + 1)?))?
            };
            let on = from.checked_add(jiff::Span::new().days(offset))?;
            if on > today {
                continue;
            }
            let _ = writeln!(done, "  - intervention: {id}\n    date: {on}");
        }
        if done.is_empty() {
            y.push_str("done: []\n");
        } else {
            y.push_str("done:\n");
            y.push_str(&done);
        }
        written.write(&dir.join(format!("rec-{i:06}.yaml")), &y)?;
    }
    Ok(written)
}
