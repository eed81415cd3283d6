//! The site's own words inside the schedule's sentences (pages, feeds, `pipebook check`).
//!
//! Holiday names and time-off reasons are the site's text and often carry brackets of
//! their own ("Independence Day (observed)"); a sentence that put them in brackets read
//! "holiday duty rotates (Independence Day (observed)): …". The helpers here never put a
//! bracket inside another; reasons are quoted.

/// A time off's reason after the clause that says who is away: `, reason given: “text”`,
/// as an override's reason is shown, or nothing when it is blank. The reason is the
/// engineer's text, from a pull request: set off in quotes, "No one is on call. Escalate
/// to …" reads as the reason given, not as the site's own words. (It once stood in
/// brackets, as an aside the site might have written.)
pub fn reason_given(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        String::new()
    } else {
        format!(", reason given: {}", quoted(text))
    }
}

/// `text` in double quotation marks, the double marks inside it made single: a reason from
/// a pull request (`swap”. No one is on call. Escalate to …`) closed the quote
/// and went on as the page's and the feed's own words.
pub fn quoted(text: &str) -> String {
    let inner: String = (text.trim().chars())
        .map(|c| match c {
            '\u{201C}' | '\u{201E}' | '\u{201F}' | '\u{301D}' | '\u{AB}' => '\u{2018}',
            '\u{201D}' | '"' | '\u{FF02}' | '\u{301E}' | '\u{301F}' | '\u{BB}' => '\u{2019}',
            c => c,
        })
        .collect();
    format!("\u{201C}{inner}\u{201D}")
}

/// A holiday's name with its date in brackets: inside the name's own when it ends with
/// one ("Independence Day (observed, Fri 3 Jul)", not "(observed) (Fri 3 Jul)").
pub fn named_on(name: &str, date: &str) -> String {
    match name.strip_suffix(')') {
        Some(open) if open.contains('(') => format!("{open}, {date})"),
        _ => format!("{name} ({date})"),
    }
}

/// Names as a sentence lists them: `A`, `A and B`, `A, B and C`.
pub fn listed(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_s_own_double_marks_become_single() {
        assert_eq!(quoted(" swap "), "\u{201C}swap\u{201D}");
        assert_eq!(
            quoted("a\u{201D}. b \"c\" \u{201E}d\u{201C} \u{AB}e\u{BB}"),
            "\u{201C}a\u{2019}. b \u{2019}c\u{2019} \u{2018}d\u{2018} \u{2018}e\u{2019}\u{201D}"
        );
    }

    #[test]
    fn a_reason_is_quoted_as_given() {
        assert_eq!(
            reason_given("Dentist"),
            ", reason given: \u{201C}Dentist\u{201D}"
        );
        assert_eq!(
            reason_given(" Conference (KubeCon) "),
            ", reason given: \u{201C}Conference (KubeCon)\u{201D}"
        );
        assert_eq!(reason_given("  "), "");
    }

    #[test]
    fn a_holiday_named_with_brackets_gets_its_date_inside_them() {
        assert_eq!(named_on("Labor Day", "Mon 7 Sep"), "Labor Day (Mon 7 Sep)");
        assert_eq!(
            named_on("Independence Day (observed)", "Fri 3 Jul"),
            "Independence Day (observed, Fri 3 Jul)"
        );
        assert_eq!(named_on("Odd :)", "Fri 3 Jul"), "Odd :) (Fri 3 Jul)");
    }

    #[test]
    fn names_are_listed_as_a_sentence_lists_them() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(listed(&names(&[])), "");
        assert_eq!(listed(&names(&["A"])), "A");
        assert_eq!(listed(&names(&["A", "B"])), "A and B");
        assert_eq!(listed(&names(&["A", "B", "C"])), "A, B and C");
    }
}
