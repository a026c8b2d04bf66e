//! The age parser: `parse_age_days`, `parse_programme_age`, `parse_gestation_days`,
//! `Point::parse` and `Duration::parse` never panic, and what parses formats back to itself.
#![no_main]

use hcp::model::age::{self, Duration, Point};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Arbitrary bytes as a number of days: formatting then parsing gives the same days. Durations
    // go up to 100,000 days, ages in the programme to 1,826; the round trip is promised for both.
    if let Some(bytes) = data.get(..4) {
        let days = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) % 100_001;
        let text = age::format_age_days(days);
        assert_eq!(age::parse_age_days(&text), Ok(u64::from(days)), "{text}");
        let gestation = days % (age::MAX_GESTATION_DAYS + 1);
        let text = age::format_gestation_days(gestation);
        assert_eq!(age::parse_gestation_days(&text), Ok(gestation), "{text}");
    }

    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(days) = age::parse_age_days(text) {
        // Every accepted age is in range for the arithmetic (no overflow, no wrap).
        assert!(
            days <= 100_000 * 365 + 100_000 * 31 + 100_000 * 7 + 100_000,
            "{text:?}"
        );
    }
    if let Ok(days) = age::parse_programme_age(text) {
        assert!(days <= age::PROGRAMME_END_DAYS);
        let again = age::format_age_days(days);
        assert_eq!(
            age::parse_programme_age(&again),
            Ok(days),
            "{text:?} -> {again}"
        );
    }
    if let Ok(days) = age::parse_gestation_days(text) {
        assert!(days <= age::MAX_GESTATION_DAYS);
    }
    if let Ok(point) = Point::parse(text) {
        let again = point.to_string();
        assert_eq!(Point::parse(&again), Ok(point), "{text:?} -> {again}");
    }
    if let Ok(duration) = Duration::parse(text) {
        // The serialized form (`15wd`, `3m`, `0d`) is what data files hold.
        let json = serde_json::to_string(&duration).expect("serializes");
        let again: String = serde_json::from_str(&json).expect("a JSON string");
        assert_eq!(Duration::parse(&again), Ok(duration), "{text:?} -> {again}");
        let _ = duration.to_string();
    }
});
