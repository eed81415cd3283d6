//! Contacts that two engineers share, or that read alike: a pull request that adds an
//! engineer with another's GitHub handle makes CODEOWNERS and the owner pages name one
//! account for two people, and one with `dе1@example.com` (a Cyrillic `е`) takes the mail
//! and pages meant for `de1@example.com` while reading as theirs. The engineers' names are
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
