//! GitHub's and GitLab's extended autolinks: a web address written in running text
//! (`See: https://ops.example/ci`, `www.example.com`) is a link on the forge, and was
//! plain text on the site (37 in 20 of GitLab's runbooks). The rules are
//! GitHub Flavored Markdown's, as cmark-gfm applies them: after the start of a text, a
//! space or one of `*_~(`; `http://` or `https://` and a domain, or `www.` and a domain
//! of at least two labels (taken as `http://`); then anything up to a space or `<`, less
//! the punctuation that ends a sentence, a `)` that closes nothing of the address, and a
//! trailing character reference (`&amp;`). Mail addresses (`oncall@ops.example`) become
//! `mailto:` links too. Linear in the text.

use std::ops::Range;

/// An address found in a text.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Found {
    pub at: Range<usize>,
    /// The link: a web address, or for a mail address the address alone (the writer
    /// adds `mailto:`, as for `<ops@example.com>`).
    pub href: String,
    pub mail: bool,
}

/// The web and mail addresses in `text`, in order.
pub(super) fn find(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    let mut from = 0;
    for (at, href) in web(text) {
        mail(text, from..at.start, &mut found);
        from = at.end;
        found.push(Found {
            at,
            href,
            mail: false,
        });
    }
    mail(text, from..text.len(), &mut found);
    found
}

/// The mail addresses in `text[within]`, by GFM's rule: letters, digits and `.+-_`, an
/// `@`, and labels of letters, digits, `-` and `_` joined by dots (one at least), not
/// ending in `-` or `_`; a final dot ends the sentence. Each byte is read at most twice.
fn mail(text: &str, within: Range<usize>, found: &mut Vec<Found>) {
    let bytes = &text.as_bytes()[..within.end];
    let local = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-' | b'_');
    let mut start_min = within.start;
    for at in memchr::memchr_iter(b'@', &bytes[within.start..]).map(|n| within.start + n) {
        if at < start_min {
            continue;
        }
        let start = at
            - bytes[start_min..at]
                .iter()
                .rev()
                .take_while(|&&b| local(b))
                .count();
        let mut end = at + 1;
        let mut dots = 0;
        while end < bytes.len() {
            let b = bytes[end];
            if b == b'.' && bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric) {
                dots += 1;
            } else if !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_')) {
                break;
            }
            end += 1;
        }
        let last = bytes[end - 1];
        if start == at || end == at + 1 || dots == 0 || matches!(last, b'-' | b'_') {
            continue;
        }
        let href = text[start..end].to_string();
        // GFM's protocol autolinks: `mailto:` is part of the link; after another scheme
        // (`xmpp:`) the address is no mail address, and stays text.
        let mut shown = start;
        if start > within.start && bytes[start - 1] == b':' {
            start_min = end;
            match bytes[within.start..start].ends_with(b"mailto:") {
                true => shown = start - "mailto:".len(),
                false => continue,
            }
        }
        found.push(Found {
            at: shown..end,
            href,
            mail: true,
        });
        start_min = end;
    }
}

/// The web addresses in `text`: where each is, and the link it makes.
fn web(text: &str) -> Vec<(Range<usize>, String)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(n) = memchr::memchr2(b'h', b'w', &bytes[i..]) {
        let at = i + n;
        i = at + 1;
        let after_boundary = at == 0
            || matches!(bytes[at - 1], b'*' | b'_' | b'~' | b'(')
            || text[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_whitespace);
        if !after_boundary {
            continue;
        }
        let rest = &text[at..];
        let (domain_from, scheme) = if rest.starts_with("https://") {
            (8, "")
        } else if rest.starts_with("http://") {
            (7, "")
        } else if rest.starts_with("www.") {
            (0, "http://")
        } else {
            continue;
        };
        let Some(domain) = domain_len(&rest[domain_from..], scheme.is_empty()) else {
            continue;
        };
        let end = address_end(rest, domain_from + domain);
        found.push((at..at + end, format!("{scheme}{}", &rest[..end])));
        i = at + end;
    }
    found
}

/// The length of the valid domain `s` starts with: labels of ASCII letters, digits, `_`
/// and `-` joined by `.`, no `_` in the last two labels, and (unless `short`, as after a
/// scheme) at least two labels.
fn domain_len(s: &str, short: bool) -> Option<usize> {
    let len = s
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        .count();
    // A dot that ends the domain ends the sentence.
    let domain = s[..len].trim_end_matches('.');
    if domain.is_empty() || domain.starts_with('.') || domain.contains("..") {
        return None;
    }
    let labels: Vec<&str> = domain.rsplitn(3, '.').collect();
    if (!short && labels.len() < 2) || labels.iter().take(2).any(|l| l.contains('_')) {
        return None;
    }
    Some(domain.len())
}

/// Where the address that `s` starts with ends: at a space or `<`, less what GFM trims
/// from its end. `from` is the end of its domain, which is never trimmed.
fn address_end(s: &str, from: usize) -> usize {
    let run = s[from..]
        .find(|c: char| c.is_whitespace() || c == '<')
        .map_or(s.len(), |n| from + n);
    let bytes = s.as_bytes();
    let opened = bytes[..run].iter().filter(|&&b| b == b'(').count();
    let mut closed = bytes[..run].iter().filter(|&&b| b == b')').count();
    let mut end = run;
    // Only closing punctuation is trimmed, so `opened` stays as counted.
    while end > from {
        match bytes[end - 1] {
            b'?' | b'!' | b'.' | b',' | b':' | b'*' | b'_' | b'~' | b'\'' | b'"' => end -= 1,
            b')' if closed > opened => {
                end -= 1;
                closed -= 1;
            }
            b';' => {
                let name = bytes[from..end - 1]
                    .iter()
                    .rev()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
                let amp = end - 1 - name;
                if name == 0 || amp == from || bytes[amp - 1] != b'&' {
                    break;
                }
                end = amp - 1;
            }
            _ => break,
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::find;

    fn links(text: &str) -> Vec<(&str, String)> {
        find(text)
            .into_iter()
            .map(|f| (&text[f.at], f.href))
            .collect()
    }

    #[test]
    fn mail_addresses_in_text_are_found_as_github_finds_them() {
        assert_eq!(
            links("Mail first.last+ops@ops.example.com. Or a@b, x@y_ or https://u@h.example/ and c@d.example"),
            [
                ("first.last+ops@ops.example.com", "first.last+ops@ops.example.com".to_string()),
                ("https://u@h.example/", "https://u@h.example/".to_string()),
                ("c@d.example", "c@d.example".to_string()),
            ]
        );
        assert!(find(&"a@".repeat(100_000)).is_empty());
        assert!(find(&"@a.".repeat(100_000)).is_empty());
        assert!(find("x@y.example").iter().all(|f| f.mail));
    }

    /// GFM's extended protocol autolinks: `mailto:` is part of the link, and an `xmpp:`
    /// address is no mail address (it was linked as `mailto:bot@chat.example`, another
    /// place than the one written; pipebook leaves it as text).
    #[test]
    fn mailto_is_part_of_the_link_and_xmpp_is_no_mail() {
        assert_eq!(
            links("Write mailto:oncall@ops.example or xmpp:bot@chat.example/res now"),
            [(
                "mailto:oncall@ops.example",
                "oncall@ops.example".to_string()
            )]
        );
    }

    #[test]
    fn addresses_in_text_are_found_as_github_finds_them() {
        assert_eq!(
            links("See: https://ops.example/ci_cd. Or www.example.com, (http://a.example/x_(y)) and *https://b.example*!"),
            [
                ("https://ops.example/ci_cd", "https://ops.example/ci_cd".to_string()),
                ("www.example.com", "http://www.example.com".to_string()),
                ("http://a.example/x_(y)", "http://a.example/x_(y)".to_string()),
                ("https://b.example", "https://b.example".to_string()),
            ]
        );
        assert_eq!(
            links("http://localhost:8080/x?a=1&amp; end"),
            [(
                "http://localhost:8080/x?a=1",
                "http://localhost:8080/x?a=1".to_string()
            )]
        );
        assert_eq!(
            links("a https://x.example/a<b"),
            [("https://x.example/a", "https://x.example/a".to_string())]
        );
    }

    #[test]
    fn what_is_no_address_stays_text() {
        for text in [
            "xhttps://a.example",
            "www.",
            "www.a_b.example",
            "https://",
            "https://.example",
            "http://a..example",
            "awww.example.com",
            "hhhh wwww",
        ] {
            assert!(find(text).is_empty(), "{text}");
        }
    }

    proptest::proptest! {
        /// Whatever the text, the addresses found are in order, apart, on character
        /// boundaries, and each link is its text (with `http://` before a `www.`).
        #[test]
        fn addresses_are_whole_pieces_of_the_text(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "https://", "http://", "www.", "a", "é", ".", "-", "_", "@", "(", ")", " ",
                    "&amp;", ";", "<", "~", "*", "b.example", "🚀", "/", ":", "!",
                ]),
                0..24,
            )
        ) {
            let text: String = parts.concat();
            let mut after = 0;
            for f in find(&text) {
                proptest::prop_assert!(after <= f.at.start && f.at.start < f.at.end, "{:?}", text);
                let shown = text.get(f.at.clone());
                proptest::prop_assert!(shown.is_some(), "{:?}", text);
                let shown = shown.unwrap_or_default();
                let wanted = if shown.starts_with("www.") && !f.mail {
                    format!("http://{shown}")
                } else {
                    shown.trim_start_matches("mailto:").to_string()
                };
                proptest::prop_assert_eq!(&f.href, &wanted, "{:?}", text);
                after = f.at.end;
            }
        }
    }

    #[test]
    fn many_candidates_cost_their_length() {
        // Each `h` and `w` is looked at once: a text of nothing else is linear.
        let text = "h w ".repeat(250_000);
        assert!(find(&text).is_empty());
        let text = "www.a.b ".repeat(100_000);
        assert_eq!(find(&text).len(), 100_000);
    }
}
