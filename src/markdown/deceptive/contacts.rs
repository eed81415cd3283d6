//! Links whose text shows a phone number or a mail address and which call or write to
//! another: the number a `tel:` or `sms:` link dials (its letters as their keys' digits,
//! `*` and `#` as keys, its country code), and the recipients a `mailto:` link copies in.

use super::{as_read, mail_address, strip_scheme};
use crate::url::is_phone_separator;

/// The digits of a phone number that is the whole text (`+1 555 0100`, `(555) 010-0100`,
/// `tel:+15550100`): 7 to 15 digits and only what numbers are written with.
fn phone_digits(text: &str) -> Option<String> {
    let text = text.trim();
    let text = strip_scheme(text, "tel").unwrap_or(text);
    let plain = (text.chars())
        .all(|c| c.is_ascii_digit() || c.is_whitespace() || c == '+' || is_phone_separator(c));
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    (plain && (7..=15).contains(&digits.len())).then_some(digits)
}

/// The digit a phone dials for an ASCII letter of a `tel:` link: the key it is on
/// (`O` on 6, `l` on 5), as dialers read `1-800-FLOWERS`.
fn keypad_digit(c: char) -> Option<char> {
    const KEYS: &[u8; 26] = b"22233344455566677778889999";
    c.is_ascii_alphabetic()
        .then(|| char::from(KEYS[usize::from(c.to_ascii_uppercase() as u8 - b'A')]))
}

/// The keys a phone dials for a `tel:` link's number, as far as they can be told: its
/// ASCII digits, `*` and `#` (keys too: `**21*…#` is GSM's code that forwards every call
/// to the number between, and passed as the digits in it), and its letters as their
/// keys' digits. Any other letter or digit (a
/// fullwidth `１`, an Arabic-Indic `١`, which each phone reads its own way or not at all)
/// is `?`, which no number shown matches: `[555 0100](tel:555O0100)` and
/// `tel:555%EF%BC%910100` passed as the number shown, with their letter or fullwidth
/// digit left out of the comparison.
fn dialled(number: &str) -> String {
    number
        .chars()
        .filter_map(|c| match c {
            '0'..='9' | '*' | '#' => Some(c),
            _ if c.is_ascii_alphabetic() => keypad_digit(c),
            _ if c.is_alphanumeric() => Some('?'),
            _ => None,
        })
        .collect()
}

/// The phone numbers `text` shows: the whole text when it is one, else each run of
/// digits and what numbers are written with among its words that holds 7 to 15 digits
/// (`Call the DBA desk on +1 555 0100`).
fn numbers_shown(text: &str) -> Vec<(&str, String)> {
    if let Some(digits) = phone_digits(text) {
        return vec![(text.trim(), digits)];
    }
    let in_number = |c: char| c.is_ascii_digit() || c == ' ' || c == '+' || is_phone_separator(c);
    text.split(|c: char| !in_number(c))
        .filter_map(|run| Some((run.trim(), phone_digits(run)?)))
        .collect()
}

/// Why a `tel:` or `sms:` link whose text shows a phone number misleads: it calls
/// another (`called`, the link's number percent-decoded).
fn number_calls_another(text: &str, called: &str) -> Option<String> {
    let target = dialled(called);
    // One number written with its country code (digits alone before it) and once
    // without agrees; two country codes must be the same (`+1 555 0100` is not
    // `tel:+4415550100`, a number in the UK, which ends with its digits).
    let international = |number: &str| {
        let number = number.trim();
        strip_scheme(number, "tel")
            .unwrap_or(number)
            .trim_start()
            .starts_with('+')
    };
    let agrees = |number: &str, shown: &str| {
        let (short, long) = if shown.len() <= target.len() {
            (shown, target.as_str())
        } else {
            (target.as_str(), shown)
        };
        let both = international(number) && international(called);
        let code = long
            .strip_suffix(short)
            .filter(|code| code.bytes().all(|b| b.is_ascii_digit()));
        short == long || (!both && short.len() >= 7 && code.is_some())
    };
    let shown = numbers_shown(text);
    let (number, _) = shown.first()?;
    if shown.iter().any(|(number, digits)| agrees(number, digits)) {
        return None;
    }
    let odd = called
        .chars()
        .find(|c| c.is_alphanumeric() && !c.is_ascii_digit());
    let how = odd.map_or(String::new(), |c| {
        format!(
            " (`{}`, {}, which a phone dials as {})",
            c,
            c.escape_unicode(),
            keypad_digit(c).map_or("it pleases".to_string(), |d| d.to_string())
        )
    });
    Some(format!(
        "the link's text shows the number `{number}`, but the link calls `{}`{how}",
        called.trim()
    ))
}

/// Why a link whose text shows a phone number or a mail address misleads when its
/// `tel:`/`sms:` or `mailto:` target is another: `[+1 555 0100](tel:+15559999)` shows one
/// number and dials another, `[oncall@ops.example](mailto:mallory@evil.example)` writes to
/// another. The same number in another form (with or without the country code) agrees.
pub(super) fn text_names_another_contact(text: &str, dest: &str) -> Option<String> {
    let text = &*as_read(text);
    let dest = dest.trim();
    let decoded = |rest: &str| {
        let rest = rest.split(['?', ';']).next().unwrap_or("");
        percent_encoding::percent_decode_str(rest)
            .decode_utf8_lossy()
            .into_owned()
    };
    if let Some(rest) = strip_scheme(dest, "tel").or_else(|| strip_scheme(dest, "sms")) {
        return number_calls_another(text, &decoded(rest));
    }
    let rest = strip_scheme(dest, "mailto")?;
    let shown = mail_address(text)?;
    let targets = decoded(rest);
    let same = targets
        .split(',')
        .any(|t| t.trim().eq_ignore_ascii_case(&shown));
    if !same {
        return Some(format!(
            "the link's text shows the address `{shown}`, but the link writes to `{}`",
            targets.trim()
        ));
    }
    let also = other_recipients(rest, &shown)?;
    Some(format!(
        "the link's text shows the address `{shown}`, but the link writes to `{also}` too"
    ))
}

/// The first recipient a `mailto:` link (after the scheme) copies in, other than `shown`:
/// one its `cc` or `bcc` field adds. A reader writing to the address shown sent their
/// incident report to `mailto:security@ops.example?bcc=…` as well, in a field a phone's
/// mail app folds away, and the check passed it, having compared the addresses before the
/// `?` alone. Addresses beside the one shown in the To line (`mailto:a@x,b@y`) are left
/// to the reader, who sees them where they look.
fn other_recipients(rest: &str, shown: &str) -> Option<String> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let query = rest.split_once('?').map_or("", |(_, q)| q);
    let copied: Vec<String> = (query.split('&'))
        .filter_map(|field| {
            let (name, value) = field.split_once('=')?;
            let name = decode(name);
            let name = name.trim();
            (name.eq_ignore_ascii_case("cc") || name.eq_ignore_ascii_case("bcc"))
                .then(|| decode(value))
        })
        .collect();
    copied
        .iter()
        .flat_map(|list| list.split(','))
        .map(str::trim)
        .find(|a| !a.is_empty() && !a.eq_ignore_ascii_case(shown))
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_or_address_shown_and_another_called_is_told() {
        let said = |t: &str, d: &str| text_names_another_contact(t, d).is_some();
        assert!(said("+1 555 0100", "tel:+15559999"));
        assert!(said("555-0100", "tel:555-0199"));
        assert!(said("+1 555 0100", "sms:0100"));
        assert!(said("a@ops.example", "mailto:b@ops.example"));
        assert!(said(
            "MAILTO:a@ops.example",
            "mailto:a@evil.example?cc=a@ops.example"
        ));
        // The same number or address written otherwise; text that is neither.
        assert!(!said("+1 (555) 010-0100", "tel:5550100100"));
        assert!(!said("tel:+44 20 7946 0000", "TEL:+44-20-7946-0000"));
        assert!(!said(
            "A@Ops.Example",
            "mailto:b@x.example,%20a@ops.example"
        ));
        assert!(!said("the desk", "tel:+15559999"));
        // A letter dials its key's digit; a digit of another script is not taken for 0 to 9.
        assert!(said("555 0100", "tel:555O0100"));
        assert!(said("555 0100", "tel:555%EF%BC%910100"));
        assert!(said("555 0100", "tel:555\u{661}0100"));
        assert!(!said("1 800 356 9377", "tel:1-800-FLOWERS"));
        // A number among words is read too; one of several agreeing is enough.
        assert!(said("Call the DBA desk on +1 555 0100", "tel:+15559999"));
        assert!(said("DBA desk: 555 0100", "tel:+15559999"));
        assert!(!said("Call 555 0199 or 555 0100", "tel:5550100"));
        assert!(!said("Call the desk (24/7)", "tel:+15559999"));
        // `*` and `#` are keys dialled: `**21*…#` forwards the phone's calls.
        assert!(said("+1 555 0100", "tel:**21*15550100%23"));
        assert!(said("555 0100", "tel:*%2321%235550100"));
        // Another country code before the same digits is another number.
        assert!(said("+1 555 0100", "tel:+4415550100"));
        assert!(said("tel:+1 555 010 0100", "tel:+7915550100100"));
        assert!(!said("555 0100", "tel:+15550100"));
        assert!(!said("+1 555 0100", "tel:5550100"));
        // Another recipient in the cc or bcc of the address shown is told.
        for dest in [
            "mailto:oncall@ops.example?bcc=mallory@evil.example",
            "mailto:oncall@ops.example?subject=x&CC=mallory%40evil.example",
            "mailto:oncall@ops.example?cc=oncall@ops.example,mallory@evil.example",
        ] {
            assert!(said("oncall@ops.example", dest), "{dest}");
        }
        for dest in [
            "mailto:oncall@ops.example?subject=Incident%2C%20sev%201&body=Hi",
            "mailto:ONCALL@ops.example?cc=",
        ] {
            assert!(!said("oncall@ops.example", dest), "{dest}");
        }
        assert!(!said("12", "tel:+15559999"));
        assert!(!said("write to a@ops.example", "mailto:b@evil.example"));
        assert!(!said("+1 555 0100", "https://evil.example/"));
    }
}
