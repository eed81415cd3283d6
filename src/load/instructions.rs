//! Names that read as an instruction: "No one is on call. Escalate to +1 555 0199" as an
//! engineer's, a pipeline's, a domain's or a holiday's name read as pipebook's own words
//! on every page that shows it. The rule lives here, below validation, because holidays
//! read from iCalendar files are checked as they are loaded (`calendars`), at their
//! event's line, and the YAML files' names in validation (`validate::person_names`).
//!
//! Honest names hold numbers that are no phone number: dates ("Backfill 2024-01-01",
//! "Holiday: 2025-12-25", "FY 2024-2025"), counts in groups of three ("Load 10 000 000
//! rows"), compact dates ("Backfill 20240101") and times ("Batch 02:00-04:00 UTC",
//! "Batch 0200-0400 UTC") pass; "call 0800 123 4567", "555-0199 ext 12" and "call 0200
//! 400 555" do not.

use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory};

/// The most digits a name may hold in a row (spaces, dots, dashes, slashes and brackets
/// between them counted through), dates and counts in groups of three aside: a phone
/// number has more, even a local one; "Data Engineer 4" and a generated "Engineer 3
/// 65535" have fewer.
pub const MAX_DIGITS: usize = 6;

const PHONE: &str = "holds what reads as a phone number";

/// Why `name` is not a name, if it is not: it holds a phone number (more than
/// [`MAX_DIGITS`] digits in a row that are not dates or a count, or `+` before a digit
/// that is not a change in percent), a sentence's end (`!`, `?` and their Spanish,
/// full-width and CJK forms), or a full stop that ends a sentence (see
/// [`ends_sentence`]). Colons and semicolons stay: the calendar feeds' tests name
/// engineers with them, and neither makes a sentence on its own. Linear.
pub fn not_a_name(name: &str) -> Option<&'static str> {
    reads_as_words(name, false)
}

/// As [`not_a_name`], for the name of a pipeline or an alert, which may be an
/// identifier: digits glued to a letter, `_` or `:` before them (`orders_20240101`,
/// `ingest:v2`) are part of it, not a phone number.
pub fn not_a_label(name: &str) -> Option<&'static str> {
    reads_as_words(name, true)
}

/// [`not_a_name`], with the digits glued to an identifier left uncounted when
/// `identifiers`. Of two reasons, the one that starts first is given.
fn reads_as_words(name: &str, identifiers: bool) -> Option<&'static str> {
    let phone_at = phone_number_at(name, identifiers).unwrap_or(usize::MAX);
    let mut chars = name.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if at >= phone_at {
            break;
        }
        match c {
            '+' if plus_a_number(&name[at + 1..]) => return Some(PHONE),
            '!' | '?' | '¡' | '¿' | '。' | '！' | '？' => {
                return Some("holds sentence punctuation");
            }
            '.' if chars.peek().is_some_and(|&(_, n)| n.is_whitespace())
                && !name[at + 1..].trim().is_empty()
                && ends_sentence(&name[..at]) =>
            {
                return Some("reads as more than one sentence");
            }
            _ => {}
        }
    }
    (phone_at < usize::MAX).then_some(PHONE)
}

/// Whether `after` a `+` is a number to ring: a digit, after spaces, that is not a change
/// in percent ("+20% capacity").
fn plus_a_number(after: &str) -> bool {
    let after = after.trim_start();
    if !after.starts_with(|d: char| d.is_ascii_digit()) {
        return false;
    }
    let rest = after.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
    !rest.trim_start().starts_with('%')
}

/// Whether a full stop after `before` ends a sentence rather than an abbreviation: the
/// word before it is a lowercase word of four letters or more ("call.", where "med." and
/// "No." abbreviate), or any word of five or more ("Escalate.", where "Prof.", "Capt."
/// and "Jr." abbreviate).
fn ends_sentence(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '.')
        .next()
        .unwrap_or("");
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let lowercase = word.chars().next().is_some_and(char::is_lowercase);
    letters >= 5 || (letters >= 4 && lowercase)
}

/// Whether `c` may stand between the digits of one phone number: spaces (the
/// no-break, figure, thin and narrow ones too), dots, hyphens and dashes, slashes and
/// brackets. ("555\u{2009}0199\u{2009}333" and "555–0199–333" were let through until
/// session 39.)
fn joins_digits(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{A0}' | '\u{2007}' | '\u{2009}' | '\u{202F}' | '.' | '-' | '\u{2010}'
            ..='\u{2013}' | '/' | '(' | ')'
    )
}

/// One group of digits: what joins it to the group before it in its run, and the digits.
type Group<'a> = (&'a str, &'a str);

/// Where the first run of digits that reads as a phone number starts, if one does. A run
/// is a sequence of groups of digits with only [`joins_digits`] between them; with
/// `identifiers`, a group glued to a letter, `_` or `:` stands alone and is not counted.
fn phone_number_at(name: &str, identifiers: bool) -> Option<usize> {
    let mut run: Vec<Group> = Vec::new();
    let mut run_start = 0;
    // The end of the group before, and whether it was glued.
    let mut last: Option<(usize, bool)> = None;
    let mut chars = name.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c.general_category() != G::DecimalNumber {
            continue;
        }
        let mut end = at + c.len_utf8();
        while let Some(&(i, d)) = chars.peek() {
            if d.general_category() != G::DecimalNumber {
                break;
            }
            end = i + d.len_utf8();
            chars.next();
        }
        let before = name[..at].chars().next_back();
        let glued =
            identifiers && before.is_some_and(|b| b.is_alphanumeric() || matches!(b, '_' | ':'));
        let gap = last.map_or("", |(e, _)| &name[e..at]);
        let joined = last.is_some_and(|(_, g)| !g)
            && !glued
            && !gap.is_empty()
            && gap.chars().all(joins_digits);
        if !joined {
            if reads_as_phone(&run) {
                return Some(run_start);
            }
            run.clear();
            run_start = at;
        }
        if !glued {
            run.push((gap, &name[at..end]));
        }
        last = Some((end, glued));
    }
    reads_as_phone(&run).then_some(run_start)
}

/// Whether a run of groups reads as a phone number: between its dates, more than
/// [`MAX_DIGITS`] digits that are not a count in groups of three. Linear.
fn reads_as_phone(run: &[Group]) -> bool {
    let too_many = |part: &[Group]| {
        let digits: usize = part.iter().map(|(_, d)| d.chars().count()).sum();
        digits > MAX_DIGITS && !round_count(part)
    };
    let (mut i, mut start) = (0, 0);
    while i < run.len() {
        match date_at(&run[i..]) {
            Some(n) => {
                if too_many(&run[start..i]) {
                    return true;
                }
                i += n;
                start = i;
            }
            None => i += 1,
        }
    }
    too_many(&run[start..])
}

/// The value of a group of one to four ASCII digits.
fn value(digits: &str, lengths: std::ops::RangeInclusive<usize>) -> Option<u32> {
    (lengths.contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// How many groups at the start of `groups` write a date, if they do: year, month and
/// day (2024-01-15, 2024/01/15, 2024.01.15), day and month or month and day before the
/// year (15.01.2024, 01/15/2024), each joined by the same one character, a range of
/// years (2024-2025, 2024–2025), a range of times (0200-0400) or a compact date
/// (20240101). Years are 1900 to 2999, the calendars' own bounds.
fn date_at(groups: &[Group]) -> Option<usize> {
    let year = |d: &str| value(d, 4..=4).filter(|y| (1900..=2999).contains(y));
    let small = |d: &str, most: u32| value(d, 1..=2).filter(|v| (1..=most).contains(v));
    let single = |gap: &str, of: &[char]| {
        let mut c = gap.chars();
        c.next().filter(|c| of.contains(c)).is_some() && c.next().is_none()
    };
    let sep = ['-', '/', '.'];
    if let [(_, a), (s, b), (t, c), ..] = groups {
        let same = single(s, &sep) && s == t;
        let ymd = year(a).is_some() && small(b, 12).is_some() && small(c, 31).is_some();
        let day_month = |x: &str, y: &str| small(x, 31).is_some() && small(y, 12).is_some();
        let before_year = (day_month(a, b) || day_month(b, a)) && year(c).is_some();
        if same && (ymd || before_year) {
            return Some(3);
        }
    }
    if let [(_, a), (s, b), rest @ ..] = groups {
        let range = single(s, &['-', '/', '\u{2013}']);
        if range && year(a).zip(year(b)).is_some_and(|(a, b)| a < b) {
            return Some(2);
        }
        // A range of times of day, "0200-0400", is a pair: not joined on to more digits
        // by a dash ("0200-0400-5550" reads as a number), and not by a space ("0200 0400").
        let time = |d: &str| value(d, 4..=4).filter(|t| t / 100 < 24 && t % 100 < 60);
        let ends = rest.first().is_none_or(|(g, _)| g.chars().count() > 1);
        let dash = single(s, &['-', '\u{2013}']);
        if dash && ends && time(a).is_some() && time(b).is_some() {
            return Some(2);
        }
    }
    match groups {
        [(_, a), ..] if compact_date(a) => Some(1),
        _ => None,
    }
}

/// Whether `digits` write a date of the calendar as ISO 8601's basic format does,
/// YYYYMMDD ("20240101"), in the years 1900 to 2999: eight digits no phone number
/// writes as one group unless it happens to be a real date.
fn compact_date(digits: &str) -> bool {
    let (Some(y), Some(m), Some(d)) = (
        value(digits.get(..4).unwrap_or(""), 4..=4),
        value(digits.get(4..6).unwrap_or(""), 2..=2),
        value(digits.get(6..).unwrap_or(""), 2..=2),
    ) else {
        return false;
    };
    (1900..=2999).contains(&y) && chrono::NaiveDate::from_ymd_opt(y as i32, m, d).is_some()
}

/// Whether `groups` write one count in groups of three that ends in `000`, joined by
/// one and the same space or dot ("10 000 000", "2.500.000"): names hold round counts,
/// phone numbers are not grouped so ("0800 123 4567", "612 345 678").
fn round_count(groups: &[Group]) -> bool {
    let Some(((_, first), rest)) = groups.split_first() else {
        return false;
    };
    let Some(&(gap, _)) = rest.first() else {
        return false;
    };
    let lead = value(first, 1..=3).is_some() && !first.starts_with('0');
    let spaced = [" ", "\u{A0}", "\u{2009}", "\u{202F}", "."].contains(&gap);
    lead && spaced
        && rest
            .iter()
            .all(|&(g, d)| g == gap && value(d, 3..=3).is_some())
        && rest.last().is_some_and(|&(_, d)| d == "000")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_names_pass() {
        for ok in [
            "O'Brien",
            "Zoë Saldaña",
            "李小龍",
            "Anne-Marie de la Cruz",
            "Martin Luther King Jr.",
            "J. R. R. Tolkien",
            "Dr. med. Hans Müller",
            "Prof. Dr. Ing. Schmidt",
            "Data Engineer 4",
            "Engineer No. 12",
            "Data Engineer 3 65535",
            "Smith, John",
            "Eve; ROLE=CHAIR:x",
            "Nguyễn Thị Minh Khai",
            "Jean-Luc (JL) Picard",
            "Henry VIII",
            "Birthday of Martin Luther King, Jr.",
            "Independence Day (observed)",
            "@de1",
            "#data-oncall",
            "",
        ] {
            assert_eq!(not_a_name(ok), None, "{ok}");
        }
    }

    /// What a data-engineering team names pipelines, domains and holidays: dates, times,
    /// versions and counts. Those with more than six digits in a row were refused until
    /// session 39.
    #[test]
    fn dates_times_versions_and_counts_pass() {
        for ok in [
            "Backfill 2024-01-01",
            "Migration 2024-01-15 to 2024-02-01",
            "Migration 2024-01-15..2024-02-01",
            "Q3 2025 close",
            "ISO 8601 export",
            "Load 10 000 000 rows",
            "Load 10\u{202F}000\u{202F}000 rows",
            "Load 2.500.000 rows",
            "Load 10,000,000 rows",
            "SLA 99.9%",
            "Throughput +20%",
            "v2.3.1 rollout",
            "Batch 02:00-04:00 UTC",
            "Boxing Day (UK)",
            "Día de los Muertos",
            "Tết Nguyên Đán",
            "St. Patrick's Day",
            "Holiday: 2025-12-25",
            "Cutover 25.12.2025",
            "Cutover 12/25/2025",
            "FY 2024-2025",
            "FY 2024–2025 close",
            "Backfill 2024-01-01 00:00",
            "Backfill 20240101",
            "Backfill 20240101-20240131",
            "Backfill 20240229 to 20240301",
            "Batch 0200-0400 UTC",
            "Batch 2300–0100",
            "Batch 0200-0400 / 1400-1600",
            "Export 20240101T0200Z",
        ] {
            assert_eq!(not_a_name(ok), None, "{ok}");
            assert_eq!(not_a_label(ok), None, "{ok}");
        }
    }

    #[test]
    fn instructions_are_not_names() {
        for (bad, why) in [
            ("No one is on call. Escalate to +1 555 0199", "sentence"),
            ("No one is on call. Escalate to the SRE lead", "sentence"),
            ("Escalate to +1 555 0199", "phone"),
            ("call 0800 123 4567", "phone"),
            ("555-0199 ext 12", "phone"),
            ("Escalate to 612 345 678", "phone"),
            ("call 555 000 0199", "phone"),
            ("call 555.019.9333", "phone"),
            ("call 555\u{2009}0199\u{2009}333", "phone"),
            ("call 555–0199–333", "phone"),
            ("Backfill 2024-01-01 call 555 0199", "phone"),
            ("2024-01-15 555 0199 12", "phone"),
            ("Dana Lee, call 555 0199 333", "phone"),
            ("Dana (+44 20 7946 0958)", "phone"),
            ("Dana Lee 020-7946-0958", "phone"),
            ("Dana ５５５０１９９１", "phone"),
            ("call 0200 400 555", "phone"),
            ("call 0200 0400", "phone"),
            ("call 0200-0400-5550", "phone"),
            ("0200-0400 555 0199", "phone"),
            ("call 20241301", "phone"),
            ("call 20240230", "phone"),
            ("call 55501990", "phone"),
            ("Backfill 20240101 555 0199", "phone"),
            ("call 2460-0400", "phone"),
            ("INC 4471 2231", "phone"),
            ("Nobody on call!", "punctuation"),
            ("值班无人。请找小王", "punctuation"),
            ("Dana is away. Please page Sam", "sentence"),
            ("Ring 555 0199 now. Then page Sam", "phone"),
        ] {
            let found = not_a_name(bad).unwrap_or_else(|| panic!("{bad}"));
            assert!(found.contains(why), "{bad}: {found}");
            assert!(not_a_label(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn identifiers_hold_digits_but_not_phone_numbers() {
        for ok in [
            "orders_v2",
            "ingest:clickstream",
            "orders_20240101",
            "snapshot:1700000000",
            "backfill_2024-01-01",
        ] {
            assert_eq!(not_a_label(ok), None, "{ok}");
        }
        assert!(not_a_name("orders_12345678").is_some());
        assert_eq!(not_a_label("orders_12345678"), None);
        for bad in [
            "No one is on call. Escalate to +1 555 0199",
            "orders_v2 555 0199 12",
            "orders (call 5550199)",
            "Pipeline down? Ring Sam",
        ] {
            assert!(not_a_label(bad).is_some(), "{bad}");
        }
    }
}
