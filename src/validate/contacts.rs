//! Contacts that two engineers share, or that read alike: a pull request that adds an
//! engineer with another's GitHub handle makes CODEOWNERS and the owner pages name one
//! account for two people, and one with `ԁе1@example.com` (Cyrillic `ԁ` and `е`) takes the
//! mail and pages meant for `de1@example.com` while reading as theirs. A contact that is
//! not what it shows on its own (a word mixing scripts, an invisible character) is
//! refused ([`check_disguised`]). The engineers' names are
//! checked alike in `lookalike_titles::check_names`; this checks what reaches them.

use std::collections::HashMap;

use unicode_security::confusable_detection::skeleton;

use crate::diagnostics::Diagnostics;
use crate::model::{Engineer, SourceFile};

/// Warns at each engineer's GitHub handle that an earlier engineer has too, and at each
/// GitHub handle, e-mail, Slack handle or phone number that reads like an earlier one's
/// without being it (letter case, lookalike letters and invisible characters aside; a
/// phone number by its digits). A team's shared address or phone, written the same, is
/// left alone. Linear in the contacts.
pub(super) fn check(engineers: &[Engineer], file: &SourceFile, diags: &mut Diagnostics) {
    type Field = (&'static str, fn(&Engineer) -> Option<&str>);
    const FIELDS: [Field; 4] = [
        ("github", |e| e.github.as_deref()),
        ("contact.email", |e| e.contact.email.as_deref()),
        ("contact.slack", |e| e.contact.slack.as_deref()),
        ("contact.phone", |e| e.contact.phone.as_deref()),
    ];
    for (field, get) in FIELDS {
        let mut seen: HashMap<String, usize> = HashMap::with_capacity(engineers.len());
        for (i, e) in engineers.iter().enumerate() {
            let Some(value) = get(e).map(str::trim).filter(|v| !v.is_empty()) else {
                continue;
            };
            let key: String = if field == "contact.phone" {
                value.chars().filter(char::is_ascii_digit).collect()
            } else {
                skeleton(&value.to_lowercase()).collect()
            };
            if key.is_empty() {
                continue;
            }
            let Some(&j) = seen.get(&key) else {
                seen.insert(key, i);
                continue;
            };
            let other = &engineers[j];
            let theirs = get(other).unwrap_or_default().trim();
            let there = file.locate(&format!("engineers[{j}].{field}"));
            let how = if value != theirs {
                "reads like"
            } else if field == "github" {
                "is also"
            } else {
                continue;
            };
            diags.warning(
                file.locate(&format!("engineers[{i}].{field}")),
                format!(
                    "the {field} `{}` of engineer `{}` {how} that of engineer `{}` ({}:{}, `{}`): pages, feeds and CODEOWNERS would reach one account for two engineers",
                    value.escape_default(),
                    e.id,
                    other.id,
                    there.file,
                    there.line,
                    theirs.escape_default(),
                ),
                "give each engineer their own contact, typed rather than pasted; if both entries are one person, keep one",
            );
        }
    }
}

/// Refuses each e-mail address, Slack handle or phone number that is not what it shows:
/// one holding a character that shows nothing (`de1@example.com` with a zero-width space,
/// which every page shows as the address and no mail reaches), and an e-mail address or
/// Slack handle with a word that mixes letters of several scripts (`de1@exаmple.com`, a
/// Cyrillic `а`: pages show example.com, and the mail and its replies go to another
/// host). A pull request's diff shows such a line as unchanged, and no other engineer's
/// contact need be near it (see [`check`]). Each at its line.
pub(super) fn check_disguised(engineers: &[Engineer], file: &SourceFile, diags: &mut Diagnostics) {
    use crate::diagnostics::{is_bidi_control, is_invisible};
    for (i, e) in engineers.iter().enumerate() {
        let c = &e.contact;
        let fields = [
            ("email", c.email.as_deref()),
            ("slack", c.slack.as_deref()),
            ("phone", c.phone.as_deref()),
        ];
        for (field, value) in fields {
            let Some(value) = value else { continue };
            let hidden = value
                .chars()
                .find(|&c| is_invisible(c) || is_bidi_control(c));
            let (name, domain) = match value.rsplit_once('@') {
                Some(parts) if field == "email" => parts,
                _ => (value, ""),
            };
            let mixed = (field != "phone")
                && name
                    .split(|c: char| !c.is_alphanumeric())
                    .any(crate::url::mixes_scripts);
            let lookalike = (field == "email")
                .then(|| crate::url::lookalike_domain(domain))
                .flatten();
            let why = match (hidden, mixed, lookalike) {
                (Some(c), _, _) => format!(
                    "holds the invisible character {}, so pages show it as another than it is",
                    c.escape_unicode()
                ),
                (None, true, _) | (None, false, Some(crate::url::LookalikeHost { whole_script: None, .. })) => "mixes letters of several scripts in a word, as lookalike addresses do (a Cyrillic `а` in `exаmple.com`): pages show one address and messages go to another".to_string(),
                (None, false, Some(host)) => format!(
                    "has a domain that {}, as lookalike addresses do: pages show one address and messages go to another",
                    host.why()
                ),
                (None, false, None) => continue,
            };
            diags.error(
                file.locate(&format!("engineers[{i}].contact.{field}")),
                format!(
                    "the {field} `{}` of engineer `{}` {why}",
                    value.escape_default(),
                    e.id
                ),
                "type the contact again in one script, rather than pasting it",
            );
        }
    }
}

/// Refuses each phone number holding what a phone does not dial as it reads: a letter
/// (a dialer dials it as the digit of its key, so `+1 555 O1OO`, which reads as
/// 555 0100, calls 555 6166, and `0l00` calls 0500), a digit of another script than
/// ASCII's (`０`, `٠`: what a `tel:` link of them dials depends on the phone, and
/// `৪`, a Bengali 4, reads as an 8), or any other sign. Digits, spaces, `-`, `.`, `(`,
/// `)`, `/` and one leading `+` are what numbers are written with (RFC 3966's visual
/// separators, and the slash of `030/1234 5678`), and an extension at the end
/// (`ext. 12`, `x12`) is the link's `;ext=` ([`crate::url::split_extension`]);
/// invisible characters are [`check_disguised`]'s. Each refusal is at its line.
pub(super) fn check_dialled(engineers: &[Engineer], file: &SourceFile, diags: &mut Diagnostics) {
    use crate::diagnostics::{is_bidi_control, is_invisible};
    for (i, e) in engineers.iter().enumerate() {
        let Some(phone) = e.contact.phone.as_deref() else {
            continue;
        };
        let trimmed = crate::url::split_extension(phone.trim()).0;
        let odd = trimmed.char_indices().find(|&(at, c)| {
            !(c.is_ascii_digit()
                || c.is_whitespace()
                || crate::url::is_phone_separator(c)
                || (c == '+' && at == 0)
                || is_invisible(c)
                || is_bidi_control(c))
        });
        let why = match odd {
            Some((_, c)) if c.is_alphabetic() => format!(
                "holds the letter `{}`, which a phone dials as the digit of its key (`O` as 6, `l` as 5), not the digit it may read as",
                c.escape_default()
            ),
            Some((_, c)) if c.is_numeric() => format!(
                "holds `{}` ({}), a digit of another script than 0 to 9, which phones dial differently or not at all, and which may read as another digit",
                c,
                c.escape_unicode()
            ),
            Some((_, '+')) => "holds a `+` after its start, which no number dials".to_string(),
            Some((_, c)) => format!(
                "holds `{}`, which is not part of a number a phone dials",
                c.escape_default()
            ),
            None if !trimmed.bytes().any(|b| b.is_ascii_digit()) && !trimmed.is_empty() => {
                "holds no digit".to_string()
            }
            None => continue,
        };
        diags.error(
            file.locate(&format!("engineers[{i}].contact.phone")),
            format!(
                "the phone `{}` of engineer `{}` {why}: the Call button and the number shown would disagree",
                phone.escape_default(),
                e.id
            ),
            "write the number in the digits 0 to 9, with spaces, `-`, `.`, `/` or `( )` between them, an optional leading `+` and an optional extension at the end (`+1 555 0100 ext. 12`)",
        );
    }
}
