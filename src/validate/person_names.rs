//! An engineer's name and Slack handle are shown as they are in the "on call now" box of
//! every page ("On call now: **{name}** {slack}"), and team.yaml comes from pull requests
//! like the rest. An engineer named "No one is on call. Escalate to +1 555 0199" made every
//! page tell readers to ring a stranger. A name is refused when it holds what reads as a
//! phone number or as a sentence of its own; real names pass (O'Brien, Zoë, 李小龍,
//! "Anne-Marie de la Cruz", "Martin Luther King Jr.", "J. R. R. Tolkien", "Dr. med. Hans
//! Müller"). (An override's reason is shown quoted, as the reason it is: `render::oncall`.)

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

/// Why `name` is not a name, if it is not: it holds a phone number (more than
/// [`MAX_DIGITS`] digits in a row, or `+` before a digit), a sentence's end (`!`, `?` and
/// their Spanish, full-width and CJK forms), or a full stop that ends a sentence (see
/// [`ends_sentence`]). Colons and semicolons stay: the calendar feeds' tests name
/// engineers with them, and neither makes a sentence on its own. Linear.
pub fn not_a_name(name: &str) -> Option<&'static str> {
    let mut digits = 0;
    let mut chars = name.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c.general_category() == G::DecimalNumber {
            digits += 1;
            if digits > MAX_DIGITS {
                return Some("holds what reads as a phone number");
            }
        } else if !matches!(c, ' ' | '\u{A0}' | '.' | '-' | '/' | '(' | ')') {
            digits = 0;
        }
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
}
