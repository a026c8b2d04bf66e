//! Unit tests of the FHIR mapping.

use super::*;

#[test]
fn ages_take_the_unit_that_is_exact() {
    let unit = |d| {
        let q = age(d);
        (q.value, q.code)
    };
    assert_eq!(unit(0), (0, "d"));
    assert_eq!(unit(10), (10, "d"));
    assert_eq!(unit(14), (2, "wk"));
    assert_eq!(unit(56), (8, "wk"));
    assert_eq!(unit(273), (9, "mo"));
    assert_eq!(unit(365), (1, "a"));
    assert_eq!(unit(913), (30, "mo"));
    assert_eq!(unit(1826), (5, "a"));
    let range = |a, b| {
        let r = age_range(a, b);
        (r.low.value, r.high.value, r.low.code, r.high.code)
    };
    assert_eq!(range(10, 14), (10, 14, "d", "d"));
    assert_eq!(range(42, 56), (6, 8, "wk", "wk"));
    assert_eq!(range(273, 365), (9, 12, "mo", "mo"));
    assert_eq!(range(0, 1826), (0, 5, "a", "a"));
    assert_eq!(gestation(97).code, "d");
    assert_eq!(gestation(196).value, 28);
}

#[test]
fn long_ids_become_valid_fhir_ids() {
    assert_eq!(
        fhir_id("universal.new-birth-visit"),
        "universal.new-birth-visit"
    );
    let long = "infant-mental-health.additional-visit-significant-attachment-concerns";
    let id = fhir_id(long);
    assert!(id.len() <= 64, "{id}");
    assert_ne!(id, fhir_id(&format!("{long}-2")));
    assert_eq!(
        fhir_name("universal.new-birth-visit"),
        "UniversalNewBirthVisit"
    );
}
