use super::*;
use crate::model::Cohort;
use crate::model::family::Feeding;
use crate::model::span::Spanned;
use jiff::civil::date;

fn age(t: &str) -> Option<Spanned<CalendarAge>> {
    CalendarAge::parse(t).ok().map(Spanned::unplaced)
}

fn compute(turned: &str, by: Option<&str>, after: Option<&str>) -> Compute {
    Compute {
        computable: None,
        reason: None,
        cohort: Some(Spanned::unplaced(Cohort {
            turned: age(turned),
            ..Cohort::default()
        })),
        event: Some(Spanned::unplaced("u.nbv".into())),
        by: by.and_then(age),
        from: None,
        after: after.and_then(age),
        tool: None,
        feeding: Vec::new(),
        denominator: None,
        note: None,
    }
}

fn record(born: Date, done: &[(Date, Option<Feeding>)]) -> Record {
    Record {
        reference: "R".into(),
        born: Some(born),
        expected: None,
        done: done
            .iter()
            .map(|(d, f)| DoneOn {
                intervention: "u.nbv".into(),
                date: *d,
                tools: Vec::new(),
                feeding: *f,
            })
            .collect(),
    }
}

const Q3: Period = Period {
    from: date(2026, 7, 1),
    to: date(2026, 9, 30),
};

#[test]
fn within_and_after_14_days() {
    let c2 = compute("30d", Some("14d"), None);
    let c3 = compute("30d", None, Some("14d"));
    let born = date(2026, 6, 1); // 30 days on 1 July
    let day = |n: i64| born.checked_add(jiff::Span::new().days(n)).expect("date");
    assert_eq!(
        judge(&c2, &record(born, &[(day(14), None)]), Q3),
        Judged::Numerator
    );
    assert_eq!(
        judge(&c2, &record(born, &[(day(15), None)]), Q3),
        Judged::Denominator
    );
    assert_eq!(
        judge(&c3, &record(born, &[(day(14), None)]), Q3),
        Judged::Denominator
    );
    assert_eq!(
        judge(&c3, &record(born, &[(day(15), None)]), Q3),
        Judged::Numerator
    );
    // Turned 30 days the day before the quarter: outside.
    assert_eq!(
        judge(&c2, &record(date(2026, 5, 31), &[]), Q3),
        Judged::Outside
    );
}

#[test]
fn feeding_not_recorded_is_not_judged() {
    let mut c = compute("8w", Some("8w"), None);
    c.feeding = vec![Spanned::unplaced(Feeding::TotallyBreastfed)];
    let born = date(2026, 6, 1);
    let at = date(2026, 7, 20);
    assert_eq!(
        judge(&c, &record(born, &[(at, None)]), Q3),
        Judged::NotJudged(Unjudged::NoFeeding)
    );
    assert_eq!(
        judge(&c, &record(born, &[(at, Some(Feeding::NotBreastfed))]), Q3),
        Judged::Denominator
    );
    assert_eq!(
        judge(
            &c,
            &record(born, &[(at, Some(Feeding::TotallyBreastfed))]),
            Q3
        ),
        Judged::Numerator
    );
}

#[test]
fn percent_is_rounded_half_up_to_one_decimal() {
    let p = |n, d| {
        Counts {
            numerator: n,
            denominator: d,
            not_judged: 0,
        }
        .percent_tenths()
    };
    assert_eq!(p(2, Some(3)), Some(667));
    assert_eq!(p(1, Some(3)), Some(333));
    assert_eq!(p(1, Some(8)), Some(125)); // 12.5
    assert_eq!(p(1, Some(16)), Some(63)); // 6.25 -> 6.3
    assert_eq!(p(0, Some(0)), None);
    assert_eq!(p(3, None), None);
}
