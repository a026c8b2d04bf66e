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

/// Every string the forms of `forms` spell with each number at `lo - 1`, `lo`, `hi` and
/// `hi + 1` (so inside and just outside every bound), plus every value of single-unit forms.
fn spelt(forms: &[spelling::Form], out: &mut Vec<String>) {
    for form in forms {
        let mut texts = vec![String::new()];
        for &(unit, lo, hi) in *form {
            let mut numbers = vec![lo, hi, hi + 1, (lo + hi) / 2];
            if lo > 0 {
                numbers.push(lo - 1);
            }
            if form.len() == 1 {
                numbers.extend(lo..=hi.min(lo + 400));
            }
            texts = texts
                .iter()
                .flat_map(|t| numbers.iter().map(move |n| format!("{t}{n}{unit}")))
                .collect();
        }
        out.extend(texts);
    }
}

/// The corpus the parity test runs: every canonical form at and around its bounds, every day of
/// the programme as hcp writes it, and the misspellings issue #23 found, each also mangled the
/// ways people mangle them (upper case, spaces, leading zeros, a missing space before
/// `gestation`).
fn corpus() -> Vec<String> {
    let mut out: Vec<String> = [
        "",
        " ",
        "2Y",
        "8W",
        "BIRTH",
        " 8w",
        "8w ",
        "196d gestation",
        "28wgestation",
        "28w  gestation",
        "28w\tgestation",
        "28W gestation",
        "28w Gestation",
        "43w gestation",
        "42w gestation",
        "42w1d gestation",
        "41w6d gestation",
        "0w gestation",
        "0w6d gestation",
        "6y",
        "5y",
        "5y1d",
        "4y11m30d",
        "4y12m",
        "60m",
        "60m1d",
        "59m30d",
        "59m31d",
        "1826d",
        "1827d",
        "260w6d",
        "261w",
        "2w7d",
        "1y2w",
        "2m2w",
        "18 months",
        "18m",
        "08w",
        "00d",
        "0d",
        "0y",
        "preconception",
        "Preconception",
        "preconception ",
        "birth",
        "gestation",
        " gestation",
        "28w gestation ",
        "2y6m",
        "30m",
        "3y4m",
        "11w6d",
        "8m29d",
        "23m29d",
        "1y14d",
        "3y11m30d",
        "15wd",
        "0wd",
        "10000wd",
        "10001wd",
        "015wd",
        "15WD",
        "15 wd",
        "100000d",
        "100001d",
        "14285w",
        "14286w",
        "3285m",
        "3286m",
        "273y",
        "274y",
        "+5wd",
        "-1d",
        "2x",
        "y",
        "6m2y",
        "2y2y",
        "12",
        "d",
        "1y1y",
        "1e3d",
        "١d",
        "8ｗ",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    spelt(spelling::AGE_FORMS, &mut out);
    spelt(spelling::GESTATION_FORMS, &mut out);
    spelt(spelling::DURATION_FORMS, &mut out);
    let gestations: Vec<String> = out
        .iter()
        .filter(|s| !s.contains('y') && !s.contains('m'))
        .map(|s| format!("{s} gestation"))
        .collect();
    out.extend(gestations);
    for day in 0..=PROGRAMME_END_DAYS {
        out.push(format_age_days(day));
    }
    for day in 0..=MAX_GESTATION_DAYS + 7 {
        out.push(format_gestation_days(day));
        out.push(format!("{} gestation", format_gestation_days(day)));
    }
    let mangled: Vec<String> = out
        .iter()
        .step_by(7)
        .flat_map(|s| {
            [
                s.to_ascii_uppercase(),
                format!(" {s}"),
                format!("0{s}"),
                s.replace(" gestation", "gestation"),
                s.replace(" gestation", "  gestation"),
            ]
        })
        .collect();
    out.extend(mangled);
    out.sort();
    out.dedup();
    out
}

/// Issue #23: the JSON Schema pattern and the parser in data files' strict spelling accept
/// exactly the same strings, for every kind of value that has a pattern.
#[test]
fn the_schema_pattern_and_the_strict_parser_agree() {
    use spelling::{Kind, pattern};
    let corpus = corpus();
    type Parse = fn(&str) -> bool;
    let kinds: [(Kind, Parse); 5] = [
        (Kind::Point, |s| Point::parse(s).is_ok()),
        (Kind::Age, |s| parse_programme_age(s).is_ok()),
        (Kind::Gestation, |s| parse_gestation_days(s).is_ok()),
        (Kind::Duration, |s| Duration::parse(s).is_ok()),
        (Kind::CalendarAge, |s| {
            serde_json::from_value::<crate::model::calendar::CalendarAge>(s.into()).is_ok()
        }),
    ];
    for (kind, parse) in kinds {
        let regex = regex::Regex::new(&pattern(kind)).expect("the pattern compiles");
        let (mut accepted, mut refused) = (0, 0);
        for text in &corpus {
            let by_pattern = regex.is_match(text);
            assert_eq!(
                by_pattern,
                parse(text),
                "{kind:?} {text:?}: the pattern says {by_pattern}"
            );
            if by_pattern {
                accepted += 1;
            } else {
                refused += 1;
            }
        }
        assert!(
            accepted >= 100 && refused >= 100,
            "{kind:?}: {accepted} accepted, {refused} refused"
        );
    }
    assert!(corpus.len() > 5_000, "{}", corpus.len());
}

#[test]
fn the_cases_issue_23_names_are_refused_in_data_and_read_on_the_command_line() {
    for text in [
        "2Y",
        "8W",
        "BIRTH",
        " 8w",
        "196d gestation",
        "28w  gestation",
        "1y2w",
        "08w",
    ] {
        assert!(Point::parse(text).is_err(), "{text:?}");
        assert!(Point::parse_as(text, Spelling::Lenient).is_ok(), "{text:?}");
    }
    for text in [
        "",
        "28wgestation",
        "43w gestation",
        "6y",
        "5y1d",
        "42w1d gestation",
    ] {
        assert!(Point::parse(text).is_err(), "{text:?}");
        assert!(
            Point::parse_as(text, Spelling::Lenient).is_err(),
            "{text:?}"
        );
    }
    assert_eq!(parse_programme_age_as("8W", Spelling::Lenient), Ok(56));
    assert_eq!(parse_gestation_days_as(" 28W ", Spelling::Lenient), Ok(196));
    assert_eq!(
        Point::parse_as("28W GESTATION", Spelling::Lenient),
        Ok(Point::Gestation(196))
    );
}

/// A value read but not written the one way gets the canonical spelling of the same value as its
/// suggestion, and a reason that never repeats the value (family files are private).
#[test]
fn a_non_canonical_spelling_suggests_the_canonical_one() {
    for (text, reason, suggestion) in [
        ("8W", "lower case", "8w"),
        ("BIRTH", "lower case", "birth"),
        (" 8w", "without spaces around", "8w"),
        ("08w", "leading zeros", "8w"),
        ("08w gestation", "leading zeros", "8w gestation"),
        ("2y06m", "leading zeros", "2y6m"),
        ("28w  gestation", "exactly one space", "28w gestation"),
        ("196d gestation", "weeks (28w)", "28w gestation"),
        ("1y2w", "one unit", "1y14d"),
        ("2w10d", "one unit", "24d"),
        (
            "28wgestation",
            "one space, then the word gestation",
            "28w gestation",
        ),
    ] {
        let e = Point::parse(text).expect_err(text);
        assert!(e.reason.contains(reason), "{text:?}: {}", e.reason);
        assert_eq!(e.suggestion.as_deref(), Some(suggestion), "{text:?}");
        assert!(
            !e.reason.contains(text.trim()) && !e.reason.contains('`'),
            "{text:?}: {}",
            e.reason
        );
        assert!(
            e.with_suggestion()
                .ends_with(&format!("did you mean `{suggestion}`?"))
        );
    }
    let family = parse_programme_age("7W").expect_err("7W");
    assert_eq!(family.suggestion.as_deref(), Some("7w"));
    assert!(!family.reason.contains("7W"), "{}", family.reason);
    assert_eq!(
        Duration::parse("15WD").unwrap_err().suggestion.as_deref(),
        Some("15wd")
    );
    assert_eq!(Point::parse("").unwrap_err().suggestion, None);
}

/// What hcp writes (JSON, the prebuilt bundle) is read back in the strict spelling.
#[test]
fn hcp_writes_every_point_in_the_canonical_spelling() {
    for day in 0..=PROGRAMME_END_DAYS {
        let point = Point::Postnatal(day);
        assert_eq!(Point::parse(&point.to_string()), Ok(point));
        let duration = Duration::Days(day);
        let written = serde_json::to_value(duration).unwrap();
        assert_eq!(Duration::parse(written.as_str().unwrap()), Ok(duration));
    }
    for day in 0..=MAX_GESTATION_DAYS {
        let point = Point::Gestation(day);
        assert_eq!(Point::parse(&point.to_string()), Ok(point));
    }
    for day in [1827, 5000, 100_000] {
        let written = serde_json::to_value(Duration::Days(day)).unwrap();
        assert_eq!(
            Duration::parse(written.as_str().unwrap()),
            Ok(Duration::Days(day))
        );
    }
}

/// Each form's largest value is inside the range it is for, and a single unit's bound is the
/// largest that is (`260w`, `60m`, `5y`, `1826d`; `42w` of pregnancy).
#[test]
fn each_form_stays_inside_the_parser_range() {
    let largest = |_: u32, hi: u32| hi;
    for (forms, limit) in [
        (spelling::AGE_FORMS, u64::from(PROGRAMME_END_DAYS)),
        (spelling::GESTATION_FORMS, u64::from(MAX_GESTATION_DAYS)),
        (
            spelling::DURATION_FORMS,
            u64::from(spelling::MAX_DURATION_DAYS),
        ),
    ] {
        for form in forms {
            assert!(spelling::form_days(form, largest) <= limit, "{form:?}");
            if let [(unit, lo, hi)] = form {
                let one_more: &[(char, u32, u32)] = &[(*unit, *lo, hi + 1)];
                assert!(spelling::form_days(one_more, largest) > limit, "{form:?}");
            }
        }
    }
}

#[test]
fn range_patterns_match_exactly_their_numbers() {
    for (lo, hi) in [
        (0, 0),
        (0, 9),
        (1, 6),
        (0, 42),
        (1, 59),
        (0, 260),
        (0, 1826),
        (7, 1000),
        (0, 100_000),
        (99, 101),
    ] {
        let regex = regex::Regex::new(&format!("^{}$", spelling::range_pattern(lo, hi))).unwrap();
        for n in 0..=(hi + 1200).min(120_000) {
            assert_eq!(
                regex.is_match(&n.to_string()),
                (lo..=hi).contains(&n),
                "{lo}..={hi}: {n}"
            );
            assert!(!regex.is_match(&format!("0{n}")), "{lo}..={hi}: 0{n}");
        }
    }
}
