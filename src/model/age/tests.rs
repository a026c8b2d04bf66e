use super::*;

#[test]
fn documented_day_counts() {
    for (text, days) in [
        ("birth", 0),
        ("10d", 10),
        ("6w", 42),
        ("4w", 28),
        ("8w", 56),
        ("9m", 273),
        ("1y", 365),
        ("12m", 365),
        ("15m", 456),
        ("2y", 730),
        ("2y6m", 913),
        ("30m", 913),
        ("3y4m", 1217),
        ("4y", 1461),
        ("5y", 1826),
        ("1y2m3d", 426 + 3),
    ] {
        assert_eq!(parse_age_days(text), Ok(days), "{text}");
    }
}

#[test]
fn malformed_ages_are_refused_with_a_reason() {
    for text in [
        "",
        "2x",
        "-1y",
        "y",
        "6m2y",
        "2y2y",
        "12",
        "99999999y",
        "2 y",
    ] {
        assert!(parse_age_days(text).is_err(), "{text:?} should be refused");
    }
}

#[test]
fn programme_age_ends_at_five_years() {
    assert_eq!(parse_programme_age("5y"), Ok(1826));
    assert_eq!(short_form("18 months", false).as_deref(), Some("18m"));
    assert_eq!(
        short_form("2 years 6 months", false).as_deref(),
        Some("2y6m")
    );
    assert_eq!(
        short_form("2 years and 6 months", false).as_deref(),
        Some("2y6m")
    );
    assert_eq!(short_form("6 Weeks", false).as_deref(), Some("6w"));
    assert_eq!(short_form("28", true).as_deref(), Some("28w"));
    assert_eq!(short_form("28 weeks", true).as_deref(), Some("28w"));
    assert_eq!(short_form("18m", false), None);
    assert_eq!(short_form("eighteen months", false), None);
    let spaced = parse_age_days("18 months").unwrap_err().reason;
    assert!(spaced.contains("without spaces"), "{spaced}");
    let bare = parse_gestation_days("28").unwrap_err().reason;
    assert!(bare.contains("add w") && !bare.contains("year"), "{bare}");
    assert_eq!(parse_programme_age("1826d"), Ok(1826));
    assert!(parse_programme_age("1827d").is_err());
    assert!(parse_programme_age("6y").is_err());
}

#[test]
fn gestation_is_weeks_and_days_up_to_42_weeks() {
    assert_eq!(parse_gestation_days("28w"), Ok(196));
    assert_eq!(parse_gestation_days("11w6d"), Ok(83));
    assert_eq!(parse_gestation_days("42w"), Ok(294));
    assert!(parse_gestation_days("42w1d").is_err());
    assert!(parse_gestation_days("2m").is_err());
    assert!(parse_gestation_days("-1w").is_err());
}

#[test]
fn points_order_along_the_timeline() {
    let pre = Point::parse("preconception").unwrap();
    let g = Point::parse("40w gestation").unwrap();
    let b = Point::parse("birth").unwrap();
    let d = Point::parse("1d").unwrap();
    assert!(pre < g && g < b && b < d);
    assert_eq!(Point::parse("27w6d gestation"), Ok(Point::Gestation(195)));
}

#[test]
fn windows_are_inclusive_at_both_edges() {
    let w = Span {
        from: Point::Postnatal(42),
        to: Point::Postnatal(56),
    };
    assert!(!w.contains(Point::Postnatal(41)));
    assert!(w.contains(Point::Postnatal(42)));
    assert!(w.contains(Point::Postnatal(56)));
    assert!(!w.contains(Point::Postnatal(57)));
}

#[test]
fn formatting_round_trips() {
    for days in 0..=PROGRAMME_END_DAYS {
        let text = format_age_days(days);
        assert_eq!(parse_age_days(&text), Ok(u64::from(days)), "{text}");
    }
    assert_eq!(format_age_days(913), "2y6m");
    assert_eq!(format_age_days(273), "9m");
    assert_eq!(format_age_days(42), "6w");
    assert_eq!(format_age_days(10), "10d");
    assert_eq!(format_age_days(57), "57d");
    assert_eq!(format_age_days(272), "8m29d");
    assert_eq!(format_age_days(729), "23m29d");
    assert_eq!(format_age_days(1460), "3y11m30d");
}

#[test]
fn durations() {
    assert_eq!(Duration::parse("15wd"), Ok(Duration::WorkingDays(15)));
    assert_eq!(Duration::parse("3m"), Ok(Duration::Days(91)));
    assert!(Duration::parse("wd").is_err());
    assert_eq!(Duration::WorkingDays(15).to_string(), "15 working days");
}
