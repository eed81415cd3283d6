//! Links and text that read as something other than what they are: a link whose text
//! names one host and whose target is another, a host mixing lookalike letters of
//! several scripts, and Unicode bidi controls that reorder what a reader sees
//! (`bidi`).

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use super::Page;
use crate::diagnostics::Diagnostics;

mod bidi;
mod contacts;
mod ip;
mod userinfo;
mod words;

impl<'e> Page<'e, '_> {
    /// Reads links' visible text against their targets (see `deceptive`), and notes where
    /// code is.
    pub(super) fn watch(
        &mut self,
        event: &Event<'e>,
        range: &Range<usize>,
        diags: &mut Diagnostics,
    ) {
        match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => {
                self.code_ranges.push(range.clone());
            }
            _ => {}
        }
        match event {
            // An autolink's text is its target, honest but for a user part.
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                dest_url,
                ..
            }) => {
                self.check_user(range.start, dest_url, diags);
            }
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => {
                self.check_host(range.start, dest_url, diags);
                self.check_title(range.start, dest_url, title, diags);
                self.open_link = Some((range.start, dest_url.to_string(), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text)) = self.open_link.as_mut() {
                    push_shown(text, t);
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((start, dest, text)) = self.open_link.take() {
                    self.check_text(start, &dest, &text, diags);
                }
            }
            // A raw `<a href>` left open by an earlier piece ends here.
            Event::Html(t) | Event::InlineHtml(t)
                if t.trim_start()
                    .get(..3)
                    .is_some_and(|s| s.eq_ignore_ascii_case("</a")) =>
            {
                if let Some((start, dest, text)) = self.open_link.take() {
                    self.check_text(start, &dest, &text, diags);
                }
            }
            _ => {}
        }
    }

    /// A raw `<a href>` read whole: its host, its title and its text (see `watch`).
    pub(super) fn check_link(
        &mut self,
        start: usize,
        link: &super::raw_html::RawLink,
        diags: &mut Diagnostics,
    ) {
        self.check_host(start, &link.href, diags);
        self.check_title(start, &link.href, &link.title, diags);
        self.check_text(start, &link.href, &link.text, diags);
        self.check_label(start, &link.href, &link.label, diags);
    }

    /// A link's `aria-label`, the name screen readers and voice control give it in place
    /// of its text, naming another host than it leads to: `<a href="https://evil.example"
    /// aria-label="https://grafana.ops.example/">`.
    pub(super) fn check_label(
        &mut self,
        start: usize,
        dest: &str,
        label: &str,
        diags: &mut Diagnostics,
    ) {
        if let Some((shown, target)) = another_host(label, dest) {
            self.tell(
                start,
                format!("the link's label (its name for screen readers) shows the host `{shown}`, but the link leads to `{target}`"),
                "make the label say where the link leads, or remove it",
                diags,
            );
        }
    }

    /// A link's title, which a browser shows as a tooltip when it is pointed at, naming
    /// another host than it leads to: `[dashboard](https://evil.example "https://grafana.ops.example/")`.
    pub(super) fn check_title(
        &mut self,
        start: usize,
        dest: &str,
        title: &str,
        diags: &mut Diagnostics,
    ) {
        if let Some((shown, target)) = another_host(title, dest) {
            self.tell(
                start,
                format!("the link's title (its tooltip) shows the host `{shown}`, but the link leads to `{target}`"),
                "make the title say where the link leads, or remove it",
                diags,
            );
        }
    }

    fn check_host(&mut self, start: usize, dest: &str, diags: &mut Diagnostics) {
        self.check_user(start, dest, diags);
        if let Some(host) = lookalike_host(dest) {
            self.tell(
                start,
                format!(
                    "the link's host `{}` {}, as lookalike addresses do",
                    host.shown,
                    host.why()
                ),
                "write the host as it is registered, each letter typed rather than pasted, or remove the link",
                diags,
            );
        }
    }

    fn check_text(&mut self, start: usize, dest: &str, text: &str, diags: &mut Diagnostics) {
        let (why, hint) = if let Some(why) = contacts::text_names_another_contact(text, dest) {
            (
                why,
                "make the link's text show the number or address it calls or writes to",
            )
        } else if let Some(why) = text_names_another_host(text, dest) {
            (
                why,
                "make the link's text say where it leads (or write the address alone, as <https://…>)",
            )
        } else {
            return;
        };
        self.tell(start, why, hint, diags);
    }

    /// A misleading link's warning, the first [`super::limits::MAX_LINK_REPORTS`] of a page.
    fn tell(&mut self, start: usize, why: String, hint: &str, diags: &mut Diagnostics) {
        if self.misleading.admit(false) {
            diags.warning(self.location(start), why, hint);
        }
    }

    /// Says how many misleading links went untold past the first
    /// [`super::limits::MAX_LINK_REPORTS`] of the page. Each was told before: a 4 MB runbook of
    /// such links wrote 52,000 warnings, 12 MB of build log.
    pub(super) fn report_misleading_left_out(&mut self, diags: &mut Diagnostics) {
        let reports = self.misleading;
        reports.tell_left_out(
            self,
            "links of this file show one address and lead to another, or to a lookalike host",
            "links",
            diags,
        );
    }
}

/// The most of a link's visible text kept to read a host, an address or a number from.
const SHOWN_TEXT: usize = 512;

/// Adds `piece` of a link's text to `shown` as a reader sees it: no invisible character,
/// white space collapsed to one space and none at the start, at most [`SHOWN_TEXT`]
/// bytes. Counted as written, 512 bytes of zero-width spaces, each split from the next
/// by a `<wbr>` (a piece of its own), hid the address after them from the check, not
/// from the reader.
pub(super) fn push_shown(shown: &mut String, piece: &str) {
    if piece.is_ascii() {
        return push_shown_ascii(shown, piece);
    }
    for c in piece.chars() {
        if shown.len() >= SHOWN_TEXT {
            return;
        }
        if crate::diagnostics::is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            if !shown.is_empty() && !shown.ends_with(' ') {
                shown.push(' ');
            }
        } else {
            shown.push(c);
        }
    }
}

/// [`push_shown`] for a piece of ASCII alone (nearly every link's text): no character is
/// invisible, and the runs between white space are copied whole (a character at a time,
/// 3,500 instructions a link at 10,000 runbooks).
fn push_shown_ascii(shown: &mut String, piece: &str) {
    // One allocation for the piece: a link's text grew from empty by doubling.
    shown.reserve(piece.len().min(SHOWN_TEXT.saturating_sub(shown.len())));
    let mut rest = piece;
    while shown.len() < SHOWN_TEXT {
        let Some(first) = rest.bytes().next() else {
            return;
        };
        // `char::is_whitespace` in ASCII: tab to carriage return, and the space.
        if matches!(first, b'\t'..=b'\r' | b' ') {
            if !shown.is_empty() && !shown.ends_with(' ') {
                shown.push(' ');
            }
            rest = &rest[1..];
            continue;
        }
        let run = rest
            .bytes()
            .position(|b| matches!(b, b'\t'..=b'\r' | b' '))
            .unwrap_or(rest.len())
            .min(SHOWN_TEXT - shown.len());
        shown.push_str(&rest[..run]);
        rest = &rest[run..];
    }
}

/// A link's text as a reader reads an address or a number in it: without invisible
/// characters, compatibility forms folded (NFKC: fullwidth `ｏｐｓ．ｅｘａｍｐｌｅ`,
/// `https：／／`, mathematical `𝐨𝐩𝐬`, digits `１２３`), and the dots, slashes and colons
/// that read as ASCII ones as them: the ideographic full stop (`ops。example`, which IDNA
/// itself takes for a dot), the fraction and division slashes, the modifier letter colon.
/// Before, `[https://ops。example/login](https://evil.example/)` passed: the text was
/// no host to the check, and the very host to the reader.
fn as_read(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        return text.into();
    }
    let visible: String = text
        .chars()
        .filter(|&c| !crate::diagnostics::is_invisible(c))
        .collect();
    icu_normalizer::ComposingNormalizerBorrowed::new_nfkc()
        .normalize(&visible)
        .chars()
        .map(|c| match c {
            '\u{3002}' | '\u{FF61}' | '\u{2024}' | '\u{FE52}' => '.',
            '\u{2044}' | '\u{2215}' | '\u{29F8}' | '\u{2571}' | '\u{FF0F}' => '/',
            '\u{A789}' | '\u{2236}' | '\u{0589}' | '\u{02D0}' | '\u{FE13}' => ':',
            c => c,
        })
        .collect::<String>()
        .into()
}

/// The host a link's visible text names, when the text reads as an address
/// (`https://good.example/x`, `www.good.example`, `good.example/login`, or a mail address),
/// or holds one written with its scheme after other words (`Sign in at
/// https://good.example/`), lower-cased, without `www.`. A bare dotted word is not one:
/// runbooks link file names (`groups.tf`), settings (`storage.concurrency`) and a site's
/// name to its dashboard (`[gitlab.com]` to a DNS console); on GitLab's runbooks that
/// made 44 false warnings.
fn host_in_text(text: &str) -> Option<String> {
    let text = text.trim();
    let rest = match text.find("://") {
        Some(i) => {
            // The scheme: the letters right before `://`, after a space or the start.
            let scheme = text[..i]
                .rsplit(|c: char| !c.is_ascii_alphabetic())
                .next()?;
            let before = text[..i - scheme.len()].chars().next_back();
            if scheme.is_empty() || before.is_some_and(|c| !c.is_whitespace() && c != '(') {
                return None;
            }
            &text[i + 3..]
        }
        // A path read as an address only on the first word: `cloud.gov COOP/DRP
        // resources` names a product (cloud.gov's own ops docs link it to GitHub), as
        // the bare `cloud.gov resources` does; `good.example/login` is an address.
        None if text
            .get(..4)
            .is_some_and(|w| w.eq_ignore_ascii_case("www."))
            || text
                .split(char::is_whitespace)
                .next()
                .is_some_and(|w| w.contains('/'))
            || ip::starts_with_address(text) =>
        {
            text
        }
        None => return mail_domain(text),
    };
    let host = host_part(rest);
    if let Some(ip) = ip::ipv4(host) {
        return Some(ip.to_string());
    }
    // A host name reads as one: two labels or more, none empty, no spaces, a top-level
    // of letters. `.github/workflows` is a folder (2i2c's docs link it to GitHub).
    let (_, tld) = host.rsplit_once('.')?;
    let looks_like_host = !tld.is_empty()
        && tld.chars().all(char::is_alphabetic)
        && host.split('.').all(|label| !label.is_empty())
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    // A bare `notes.md` or `v1.2` is not a host; one written after a scheme always is.
    let bare_file = rest.len() == text.len() && FILE_ENDINGS.contains(&tld);
    (looks_like_host && !bare_file).then(|| normalize(host))
}

/// Endings of a link's text that name a file, not a host.
const FILE_ENDINGS: &[&str] = &[
    "md", "yaml", "yml", "json", "txt", "html", "sh", "py", "rs", "go", "toml", "png", "svg",
    "log", "csv", "sql", "conf",
];

/// The host of an address with one (`https://`, `webcal://`, `ftp://`, `ssh://`…, also
/// `http:host` without slashes, which browsers read as `http://host`), or of one
/// without a scheme (`//host/path`, which browsers load from that host), lower-cased,
/// without `www.`. Only `http(s)://` was read before: `webcal://evil.example/oncall.ics`
/// behind the text `webcal://ops.example/oncall.ics` passed.
fn host_in_dest(dest: &str) -> Option<String> {
    let absolute = super::links::scheme_relative(dest);
    let url = url::Url::parse(absolute.as_deref().unwrap_or(dest).trim()).ok()?;
    let host = url.host_str()?;
    let host = percent_encoding::percent_decode_str(host)
        .decode_utf8()
        .ok()?;
    let host = host.trim_end_matches('.');
    (!host.is_empty()).then(|| normalize(host))
}

/// The host of what follows `scheme://`: up to the path (or the end of the address in
/// text), without user, port and the punctuation a sentence puts after an address.
fn host_part(rest: &str) -> &str {
    let authority = rest
        .split(|c: char| matches!(c, '/' | '?' | '#' | '\\') || c.is_whitespace())
        .next()
        .unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("");
    host.trim_end_matches(['.', ',', ';', '!', ')', ']', '>', '"', '\''])
}

/// Lower case, without `www.`, and in punycode (`xn--…`) as a parsed address holds it,
/// so that `bücher.example` in text and in an address compare equal.
fn normalize(host: &str) -> String {
    let host = host.to_lowercase();
    let host = match host.strip_prefix("www.") {
        Some(rest) => rest.to_string(),
        None => host,
    };
    if host.is_ascii() {
        return host;
    }
    idna::domain_to_ascii(&host).unwrap_or(host)
}

/// The domain of a mail address that is the whole text (`oncall@ops.example`, or with
/// `mailto:`), if it is one.
fn mail_domain(text: &str) -> Option<String> {
    let address = mail_address(text)?;
    let (_, domain) = address.rsplit_once('@')?;
    Some(normalize(domain))
}

/// The text as a mail address, lower-cased, when it is one and nothing else: one `@`,
/// no space, a dotted domain.
fn mail_address(text: &str) -> Option<String> {
    let text = text.trim();
    let text = strip_scheme(text, "mailto").unwrap_or(text);
    let (local, domain) = text.split_once('@')?;
    let plain = !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !text
            .chars()
            .any(|c| c.is_whitespace() || "<>()[]\"',;".contains(c));
    plain.then(|| text.to_lowercase())
}

/// `s` without `scheme:` in front, in any letter case.
fn strip_scheme<'s>(s: &'s str, scheme: &str) -> Option<&'s str> {
    let (head, rest) = s.split_once(':')?;
    head.eq_ignore_ascii_case(scheme).then_some(rest)
}

/// Why a link whose visible `text` names a host other than its `dest`'s misleads: the
/// reader trusts the text. A host and its subdomains agree (`example.com` and
/// `docs.example.com`). The text is read as it shows: a zero-width space or soft hyphen
/// in `https://gra\u{200B}fana.example.com` hid the host from the check, not the reader.
/// A text that is no address may name a host among its words that passes for the
/// target (see `words`).
pub(super) fn text_names_another_host(text: &str, dest: &str) -> Option<String> {
    let (shown, target) = another_host(text, dest).or_else(|| {
        let target = host_in_dest(dest)?;
        Some((words::passing_host(&as_read(text), &target)?, target))
    })?;
    Some(format!(
        "the link's text shows the host `{shown}`, but the link leads to `{target}`"
    ))
}

/// The host `text` names and the host `dest` leads to, when neither is the other or
/// under it.
fn another_host(text: &str, dest: &str) -> Option<(String, String)> {
    let shown = host_in_text(&as_read(text))?;
    let target = host_in_dest(dest)?;
    let related = shown == target
        || shown.ends_with(&format!(".{target}"))
        || target.ends_with(&format!(".{shown}"));
    (!related).then_some((shown, target))
}

/// A link's host (of an `http(s)://` address) whose one label mixes letters of Latin,
/// Greek, Cyrillic or Armenian, or passes for Latin in one of the others (see
/// [`crate::url::lookalike_domain`]), in Unicode or as punycode (`xn--…`).
pub(super) fn lookalike_host(dest: &str) -> Option<crate::url::LookalikeHost> {
    crate::url::lookalike_domain(&host_in_dest(dest)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_naming_another_host_is_told() {
        let said = |t: &str, d: &str| text_names_another_host(t, d).is_some();
        assert!(said("https://good.example/", "https://evil.example/"));
        assert!(said("www.good.example", "https://evil.example"));
        assert!(said("good.example/login", "https://evil.example"));
        assert!(said(
            "https://good.example/login",
            "http://good.example.evil.example/"
        ));
        // The same host (or a subdomain), another path, or text that is no host: fine.
        assert!(!said("https://good.example/", "https://good.example/other"));
        assert!(!said("www.Good.example", "https://good.example/"));
        assert!(!said("docs.good.example", "https://good.example/"));
        assert!(!said("the dashboard", "https://evil.example/"));
        assert!(!said("notes.md", "https://evil.example/"));
        assert!(!said("v1.2", "https://evil.example/"));
        // A bare dotted word is a file, a setting or a site's name, not an address.
        assert!(!said("good.example", "https://evil.example"));
        assert!(!said("firewall.tf", "https://ops.example/"));
        assert!(!said("storage.concurrency", "https://gitlab.example/"));
        assert!(!said("good.example", "../other.md"));
        // An address after words, or on another scheme with a host, is read too.
        assert!(said(
            "Sign in at https://good.example/",
            "https://evil.example/"
        ));
        assert!(said(
            "(https://good.example), then",
            "https://evil.example/"
        ));
        assert!(said(
            "webcal://good.example/a.ics",
            "webcal://evil.example/a.ics"
        ));
        assert!(said("https://good.example/", "http:evil.example"));
        assert!(said("https://good.example/", "ftp://evil.example/x"));
        assert!(said("oncall@good.example", "https://evil.example/"));
        assert!(!said(
            "see https://good.example for more",
            "https://good.example/x"
        ));
        assert!(!said("a-https://good.example", "https://evil.example/"));
        assert!(!said("oncall@good.example", "mailto:x@evil.example"));
        // Invisible characters in the text hide nothing.
        for hidden in ['\u{200B}', '\u{00AD}', '\u{2060}', '\u{FEFF}', '\u{200D}'] {
            let text = format!("https://gra{hidden}fana.example.com/d/y");
            assert_eq!(
                text_names_another_host(&text, "https://evil.example/").as_deref(),
                Some("the link's text shows the host `grafana.example.com`, but the link leads to `evil.example`"),
                "{}",
                hidden.escape_unicode()
            );
            assert!(!said(&text, "https://grafana.example.com/d/y"));
        }
    }

    #[test]
    fn dots_slashes_and_letters_that_read_as_ascii_are_read_so() {
        let said = |t: &str| text_names_another_host(t, "https://evil.example/");
        let told = Some(
            "the link's text shows the host `ops.example`, but the link leads to `evil.example`"
                .to_string(),
        );
        for text in [
            "https://ops\u{3002}example/login",
            "https://ops\u{FF0E}example/login",
            "www.ops\u{FF61}example",
            "https\u{FF1A}\u{FF0F}\u{FF0F}ops.example/login",
            "https://\u{1D428}\u{1D429}\u{1D42C}.example/login",
            "https://ops.example\u{2044}login",
            "https\u{A789}//ops.example/login",
            "\u{FF4F}\u{FF50}\u{FF53}.example/login",
        ] {
            assert_eq!(said(text), told, "{}", text.escape_unicode());
        }
        // The same host, however written, is no warning; text that is no host stays none.
        assert_eq!(
            text_names_another_host("https://evil\u{3002}example/", "https://evil.example/"),
            None
        );
        assert_eq!(said("ops\u{3002}example"), None);
        assert!(
            contacts::text_names_another_contact("\u{FF0B}\u{FF11} 555 0100", "tel:+15559999")
                .is_some()
        );
    }

    #[test]
    fn the_text_is_kept_as_it_shows_up_to_its_limit() {
        let mut shown = String::new();
        for piece in [
            "  \u{200B}",
            "\u{00A0}",
            "\u{200B}https://a.example",
            "\n\t x",
        ] {
            push_shown(&mut shown, piece);
        }
        assert_eq!(shown, "https://a.example x");
        // Pieces of invisible characters count for nothing; the limit is on what shows.
        let mut shown = String::new();
        for _ in 0..10_000 {
            push_shown(&mut shown, "\u{200B}");
        }
        push_shown(&mut shown, &"x".repeat(600));
        assert_eq!(shown.len(), SHOWN_TEXT);
    }

    #[test]
    fn ascii_pieces_are_shown_as_character_by_character() {
        // The rules one character at a time, which the ASCII path copies in runs.
        let by_chars = |shown: &mut String, piece: &str| {
            for c in piece.chars() {
                if shown.len() >= SHOWN_TEXT {
                    return;
                }
                if c.is_whitespace() {
                    if !shown.is_empty() && !shown.ends_with(' ') {
                        shown.push(' ');
                    }
                } else {
                    shown.push(c);
                }
            }
        };
        let long = format!("{} y", "x".repeat(509));
        let pieces = [
            "",
            " a\u{b}b\x0c c ",
            "\t\r\n",
            "d\x01e  ",
            "f",
            &long,
            " g",
        ];
        for start in ["", "z", "z "] {
            let (mut runs, mut chars) = (start.to_string(), start.to_string());
            for piece in pieces {
                push_shown(&mut runs, piece);
                by_chars(&mut chars, piece);
                assert_eq!(runs, chars, "{piece:?}");
            }
            assert_eq!(runs.len(), SHOWN_TEXT);
        }
    }

    #[test]
    fn hosts_mixing_scripts_are_told() {
        assert_eq!(
            lookalike_host("https://p\u{0430}ypal.com/").map(|h| h.shown),
            Some("p\u{0430}ypal.com".to_string())
        );
        // The same, as punycode.
        let puny = idna::domain_to_ascii("p\u{0430}ypal.com").unwrap();
        assert!(lookalike_host(&format!("https://{puny}/x")).is_some());
        assert_eq!(lookalike_host("https://paypal.com/"), None);
        assert_eq!(
            lookalike_host(
                "https://\u{043F}\u{0440}\u{0438}\u{043C}\u{0435}\u{0440}.\u{0440}\u{0444}/"
            ),
            None
        );
    }
}
