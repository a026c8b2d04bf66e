//! The benchmark suite (`cargo bench`; figures and how to read them in BENCHMARKS.md).
//!
//! Each command is broken into its parts so a regression points at its cause:
//!
//! - `validate/*`: `read_source` (the bundled files as text), `parse` (`load::load`: YAML into the
//!   model, as for `--pathways`), `load_prebuilt` / `load_prebuilt_pathways_only` (the bundled set
//!   from its build-time MessagePack form, with and without the assessment framework), `check`
//!   (`check::check_all`: every rule), and `validate` (the whole of `hcp::check::validate_as_of` on the bundled
//!   set).
//! - `query/*`: `run` (`query::run` for Safeguarding at 2y over a loaded set) and `render_table` /
//!   `render_json` (`render::query` of that result).
//! - `assess/*`: `framework` (resolving the assessment framework), `family_load` (parsing and
//!   checking `examples/escalation.yaml`), `report` (scoring it and listing what is due),
//!   `render_text`, and `case_row` (the lean caseload row).
//! - `scaling/*`: parse and check of synthetic sets of 1k and 10k interventions written by
//!   `examples/gen_synthetic.rs`, reported per intervention: the time per element should stay flat
//!   from 1k to 10k (linear growth). `HCP_BENCH_100K=1` adds the 100k set (slow: seconds per
//!   iteration).
//!
//! Measurement times are short so that `cargo bench` finishes in a few minutes; pass a filter to
//! run one group (`cargo bench --bench hcp -- query`).

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use hcp::answer::query::{At, QueryRequest};
use hcp::load::{PathwaySource, load, read_source};
use hcp::render::{AssessFormat, TableFormat};

// The generator is shared with `cargo run --example gen_synthetic` (its `main` is unused here).
#[allow(dead_code)]
#[path = "../examples/gen_synthetic.rs"]
mod gen_synthetic;

/// The date the example family files are assessed against (as `hcp assess --today`).
fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 25)
}

fn bundled() -> hcp::model::library::Library {
    let (library, diagnostics) = load(read_source(&PathwaySource::Bundled).expect("bundled set"));
    assert!(diagnostics.is_empty(), "the bundled set parses cleanly");
    library
}

fn safeguarding_at_2y() -> QueryRequest {
    QueryRequest {
        at: Some(At::Age(
            hcp::model::age::parse_programme_age("2y").expect("2y is an age"),
        )),
        pathways: vec!["safeguarding".to_string()],
        ..QueryRequest::default()
    }
}

fn validate(c: &mut Criterion) {
    let mut g = c.benchmark_group("validate");
    g.bench_function("read_source", |b| {
        b.iter(|| read_source(black_box(&PathwaySource::Bundled)))
    });
    g.bench_function("parse", |b| {
        b.iter_batched(
            || read_source(&PathwaySource::Bundled).expect("bundled set"),
            load,
            BatchSize::SmallInput,
        )
    });
    g.bench_function("load_prebuilt", |b| {
        b.iter(|| hcp::load::load_prebuilt(black_box(true)))
    });
    g.bench_function("load_prebuilt_pathways_only", |b| {
        b.iter(|| hcp::load::load_prebuilt(black_box(false)))
    });
    let library = bundled();
    g.bench_function("check", |b| {
        b.iter(|| hcp::check::check_all(black_box(&library)))
    });
    g.bench_function("validate", |b| {
        b.iter(|| {
            hcp::check::validate_as_of(
                black_box(&PathwaySource::Bundled),
                hcp::check::Needs::Everything,
                Some(today()),
            )
        })
    });
    g.finish();
}

fn query(c: &mut Criterion) {
    let library = bundled();
    let request = safeguarding_at_2y();
    let result = hcp::answer::query::run(&library, &request).expect("the query runs");
    assert!(!result.results.is_empty());
    let mut g = c.benchmark_group("query");
    g.bench_function("run", |b| {
        b.iter(|| hcp::answer::query::run(black_box(&library), black_box(&request)))
    });
    g.bench_function("render_table", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            hcp::render::query(
                TableFormat::Table,
                black_box(&result),
                80,
                false,
                None,
                &mut out,
            )
            .map(|()| out)
        })
    });
    g.bench_function("render_json", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            hcp::render::query(
                TableFormat::Json,
                black_box(&result),
                80,
                false,
                None,
                &mut out,
            )
            .map(|()| out)
        })
    });
    g.finish();
}

fn assess(c: &mut Criterion) {
    let library = bundled();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/escalation.yaml");
    let text = std::fs::read_to_string(&path).expect("examples/escalation.yaml");
    let framework = library.framework().expect("a framework");
    let family =
        hcp::answer::assess::family_from_text("escalation.yaml", &text, &framework, today())
            .expect("a valid family");
    let report = hcp::answer::assess::report(&library, &framework, &family, None);
    let mut g = c.benchmark_group("assess");
    g.bench_function("framework", |b| b.iter(|| black_box(&library).framework()));
    g.bench_function("family_load", |b| {
        b.iter(|| {
            hcp::answer::assess::family_from_text(
                "escalation.yaml",
                black_box(&text),
                black_box(&framework),
                today(),
            )
        })
    });
    g.bench_function("report", |b| {
        b.iter(|| {
            hcp::answer::assess::report(black_box(&library), &framework, black_box(&family), None)
        })
    });
    g.bench_function("render_text", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            hcp::render::assessment(
                AssessFormat::Text,
                black_box(&report),
                hcp::render::UNWRAPPED,
                None,
                &mut out,
            )
            .map(|()| out)
        })
    });
    g.bench_function("case_row", |b| {
        b.iter(|| hcp::answer::assess::case_row(black_box(&framework), black_box(&family)))
    });
    g.finish();
}

fn scaling(c: &mut Criterion) {
    let mut sizes = vec![1_000, 10_000];
    if std::env::var_os("HCP_BENCH_100K").is_some() {
        sizes.push(100_000);
    }
    let mut g = c.benchmark_group("scaling");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(4));
    for n in sizes {
        let dir = tempfile::tempdir().expect("a temporary directory");
        gen_synthetic::write_pathways(n, dir.path()).expect("the generator writes the set");
        let source = PathwaySource::Directory(dir.path().to_path_buf());
        let raw = read_source(&source).expect("the synthetic set");
        let (library, diagnostics) = load(raw.clone());
        assert!(diagnostics.is_empty(), "the synthetic set parses cleanly");
        assert!(
            hcp::check::check_all(&library)
                .iter()
                .all(|d| d.severity != hcp::model::diagnostic::Severity::Error),
            "the synthetic set of {n} is valid"
        );
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(format!("parse/{n}"), |b| {
            b.iter_batched(|| raw.clone(), load, BatchSize::PerIteration)
        });
        g.bench_function(format!("check/{n}"), |b| {
            b.iter(|| hcp::check::check_all(black_box(&library)))
        });
    }
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50)
}

criterion_group! {
    name = benches;
    config = config();
    targets = validate, query, assess, scaling
}
criterion_main!(benches);
