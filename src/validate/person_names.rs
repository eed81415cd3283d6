//! An engineer's name and Slack handle are shown as they are in the "on call now" box of
//! every page ("On call now: **{name}** {slack}"), and team.yaml comes from pull requests
//! like the rest. An engineer named "No one is on call. Escalate to +1 555 0199" made every
//! page tell readers to ring a stranger. A name is refused when it holds what reads as a
//! phone number or as a sentence of its own; real names pass (O'Brien, Zoë, 李小龍,
//! "Anne-Marie de la Cruz", "Martin Luther King Jr.", "J. R. R. Tolkien", "Dr. med. Hans
//! Müller"). (An override's reason is shown quoted, as the reason it is: `render::oncall`.)
//! The names of pipelines, domains, holidays and alerts are held to the same rule
//! ([`check_data`]): each is shown as it is, beside the site's own words.

use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory};

use crate::diagnostics::Diagnostics;
use crate::model::Site;

/// The most digits a name may hold in a row (spaces, dots, dashes, slashes and brackets
/// between them counted through): a phone number has more, even a local one; "Data
/// Engineer 4" and a generated "Engineer 3 65535" have fewer.
pub const MAX_DIGITS: usize = 6;

/// Refuses each engineer's name or Slack handle that reads as an instruction (see
/// [`not_a_name`]), at its line.
pub(super) fn check(site: &Site, diags: &mut Diagnostics) {
    let file = &site.sources.team;
    for (i, e) in site.team.engineers.iter().enumerate() {
        let slack = e.contact.slack.as_deref().unwrap_or("");
        for (field, value) in [("name", e.name.as_str()), ("contact.slack", slack)] {
            let Some(why) = not_a_name(value) else {
                continue;
            };
            let path = format!("engineers[{i}].{field}");
            diags.error(
                file.locate(&path),
                format!(
                    "`{path}` {why}: the \"on call now\" box of every page shows it as it is, where readers take it for pipebook's own words"
                ),
                "write the engineer's name only (such as \"Anne-Marie de la Cruz\" or \"Pat O'Brien Jr.\"): a phone number goes in `contact.phone`, a note in an override's `reason`",
            );
        }
    }
}

/// Refuses each pipeline's, domain's and holiday's name that reads as an instruction, and
/// warns of each alert named so, at its line. A pipeline's name heads its page and its
/// answer card in the search ("who owns …"), a domain's its pipelines on the home page, a
/// holiday's the shifts of its day on the schedule: "No one is on call. Escalate to +1 555
/// 0199" there reads as pipebook's own words as it did in the on-call box. Pipeline and
/// alert names may be identifiers ([`not_a_label`]). Alert names come from rule files
/// that exist outside the pull request (renaming one breaks its address), so are warned of.
pub(super) fn check_data(site: &Site, diags: &mut Diagnostics) {
    let src = &site.sources;
    let mut refuse = |file: &crate::model::SourceFile, path: String, why: &str, shown: &str| {
        diags.error(
            file.locate(&path),
            format!("`{path}` {why}: {shown} as it is, where readers take it for pipebook's own words"),
            "write a name only: a number to ring goes in an engineer's `contact.phone`, a note in a description",
        );
    };
    for (i, p) in site.pipelines.pipelines.iter().enumerate() {
        if let Some(why) = not_a_label(&p.name) {
            let shown = "the pipeline's page and its answer card in the search show it";
            refuse(&src.pipelines, format!("pipelines[{i}].name"), why, shown);
        }
    }
    for (i, d) in site.pipelines.domains.iter().enumerate() {
        if let Some(why) = not_a_name(&d.name) {
            let shown = "the home page shows it above the domain's pipelines";
            refuse(&src.pipelines, format!("domains[{i}].name"), why, shown);
        }
    }
    // Holidays from calendars come after those of oncall.yaml.
    let oc = &site.oncall;
    let written = oc.holidays.len().saturating_sub(oc.imported_holidays);
    for (i, h) in oc.holidays.iter().take(written).enumerate() {
        if let Some(why) = not_a_name(&h.name) {
            let shown = "the on-call schedule shows it beside each shift of the day";
            refuse(&src.oncall, format!("holidays[{i}].name"), why, shown);
        }
    }
    alerts(site, diags);
}

/// Warns of each alert a rule raises, or a runbook's `alerts:` claims, whose name reads
/// as an instruction: the alerts page lists it, and its page is titled with it.
fn alerts(site: &Site, diags: &mut Diagnostics) {
    let mut warn = |at: crate::diagnostics::Location, name: &str, why: &str| {
        diags.warning(
            at,
            format!("the alert `{name}` {why}: the alerts page and the alert's own page show it as it is, where readers take it for pipebook's own words"),
            "name the alert after what went wrong (`DiskFull`)",
        );
    };
    for file in &site.alert_rules {
        for rule in &file.rules {
            if let Some(why) = not_a_label(&rule.name) {
                let span = rule.name_span.clone();
                let at =
                    crate::diagnostics::Location::at(&file.source.display, &file.source.text, span);
                warn(at, &rule.name, why);
            }
        }
    }
    for rb in &site.runbooks {
        for (i, name) in rb.front.alerts.iter().enumerate() {
            if let Some(why) = not_a_label(name) {
                warn(rb.source.locate(&format!("alerts[{i}]")), name, why);
            }
        }
    }
}

/// Why `name` is not a name, if it is not: it holds a phone number (more than
/// [`MAX_DIGITS`] digits in a row, or `+` before a digit), a sentence's end (`!`, `?` and
/// their Spanish, full-width and CJK forms), or a full stop that ends a sentence (see
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
/// `identifiers`.
fn reads_as_words(name: &str, identifiers: bool) -> Option<&'static str> {
    let mut digits = 0;
    // Whether the run of digits being counted is part of an identifier.
    let mut glued = false;
    let mut before = ' ';
    let mut chars = name.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c.general_category() == G::DecimalNumber {
            if digits == 0 && !glued {
                glued = identifiers && (before.is_alphanumeric() || matches!(before, '_' | ':'));
            }
            digits += usize::from(!glued);
            if digits > MAX_DIGITS {
                return Some("holds what reads as a phone number");
            }
        } else if glued || !matches!(c, ' ' | '\u{A0}' | '.' | '-' | '/' | '(' | ')') {
            // An identifier's digits end at the first character that is not one.
            (digits, glued) = (0, false);
        }
        before = c;
        match c {
            '+' if name[at + 1..]
                .trim_start()
                .starts_with(|d: char| d.is_ascii_digit()) =>
            {
                return Some("holds what reads as a phone number");
            }
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
    None
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

    #[test]
    fn instructions_are_not_names() {
        for (bad, why) in [
            ("No one is on call. Escalate to +1 555 0199", "sentence"),
            ("No one is on call. Escalate to the SRE lead", "sentence"),
            ("Dana Lee, call 555 0199 333", "phone"),
            ("Dana (+44 20 7946 0958)", "phone"),
            ("Dana Lee 020-7946-0958", "phone"),
            ("Dana ５５５０１９９１", "phone"),
            ("Nobody on call!", "punctuation"),
            ("值班无人。请找小王", "punctuation"),
            ("Dana is away. Please page Sam", "sentence"),
        ] {
            let found = not_a_name(bad).unwrap_or_else(|| panic!("{bad}"));
            assert!(found.contains(why), "{bad}: {found}");
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
        assert!(not_a_name("orders_20240101").is_some());
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
