//! A regional library is read and checked on all cores (from 64 files and 5,000 interventions);
//! what comes out must be exactly what one core gives: files in name order, findings in rule
//! order.

use crate::common;

use hcp::check;
use hcp::load::{self, PathwaySource};

/// The bundled set plus `copies` unregistered local variants of Parenting Support (16
/// interventions each): every variant is a finding (HCP014), so there is plenty to order.
fn large_set(copies: usize) -> tempfile::TempDir {
    let dir = common::bundled_copy();
    let text = std::fs::read_to_string(dir.path().join("parenting-support.yaml")).unwrap();
    for i in 0..copies {
        let id = format!("zz-variant-{i:03}");
        let variant = text
            .replace("id: parenting-support\n", &format!("id: {id}\n"))
            .replace("id: parenting-support.", &format!("id: {id}."));
        std::fs::write(dir.path().join(format!("{id}.yaml")), variant).unwrap();
    }
    dir
}

#[test]
fn a_large_set_reads_and_checks_as_one_core_would() {
    let dir = large_set(320);
    let raw = load::read_source(&PathwaySource::Directory(dir.path().into())).unwrap();
    assert!(raw.len() > 300);
    let relatives: Vec<&str> = raw.iter().map(|f| f.relative.as_str()).collect();
    let mut sorted = relatives.clone();
    sorted.sort_unstable();
    assert_eq!(relatives, sorted, "files come in name order");
    for file in &raw {
        let on_disk = std::fs::read_to_string(dir.path().join(&file.relative)).unwrap();
        assert_eq!(
            file.content.as_deref(),
            Ok(on_disk.as_str()),
            "{}",
            file.relative
        );
    }

    let (library, load_findings) = load::load(raw);
    assert!(load_findings.is_empty(), "{load_findings:?}");
    let interventions: usize = library
        .pathways
        .iter()
        .map(|(_, p)| p.interventions.len())
        .sum();
    assert!(
        interventions > 5_000,
        "{interventions}: the rules must take the parallel path"
    );
    let all_cores = check::check_all(&library);
    let one_core: Vec<_> = check::RULES
        .iter()
        .flat_map(|rule| check::check_one(&library, rule))
        .collect();
    assert_eq!(all_cores, one_core);
    let unregistered: Vec<&str> = all_cores
        .iter()
        .filter(|d| d.code == hcp::model::diagnostic::Code::PathwaySetMismatch)
        .map(|d| d.file.as_str())
        .collect();
    assert_eq!(unregistered.len(), 320);
    assert!(unregistered.is_sorted(), "findings follow the files");
}
