//! Percent-encoding of every URL the site writes: page links, edit links, the sitemap, the
//! search index, feeds, canonical links, `mailto:` and `tel:` links.
//!
//! Output folders carry the file system's real names (`x+y.md` is the folder `x+y/`);
//! their addresses are those names encoded here, one way everywhere, so a server that
//! percent-decodes request paths as UTF-8 (Netlify, `python3 -m http.server`,
//! `pipebook serve`) finds every page. Everything but the unreserved characters of
//! RFC 3986 (`A-Z a-z 0-9 - . _ ~`) and `/` is encoded, UTF-8 byte by byte; that also
//! makes an encoded URL safe in an HTML attribute, a calendar property and JSON.
//!
//! The encoding is the `percent-encoding` crate's (the one behind the `url` crate),
//! with the sets below.

use std::borrow::Cow;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS, NON_ALPHANUMERIC};

mod lookalike;
mod site;

pub use lookalike::{lookalike_domain, mixes_scripts, LookalikeHost};

pub(crate) use site::runbook_path;
pub use site::{runbook_page_file, Urls};

/// Bytes encoded in a path: all but unreserved characters and `/`.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// Bytes encoded in a query value or another single component: `/` too.
const COMPONENT: &AsciiSet = &PATH.add(b'/');

/// The address of a `mailto:` link keeps its `@`; `?`, `&` and the rest are encoded, so
/// an address cannot add a subject, a body or other recipients.
const MAILBOX: &AsciiSet = &COMPONENT.remove(b'@');

/// A `tel:` number keeps `+` and the visual separators of RFC 3966.
const TEL: &AsciiSet = &COMPONENT.remove(b'+').remove(b'(').remove(b')');

/// Bytes no URL may hold as they are (RFC 3986): control characters, the space, `"`,
/// `<`, `>`, `\`, `^`, the backquote, `{`, `|` and `}`. Everything else of a URL written
/// in site.yaml (`%` escapes included) is kept.
pub const URL_TEXT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A URL written in site.yaml (`base_url`, `repository`, `edit_url`), or a part of one,
/// with what a URL cannot hold encoded: a space, a line break (which would start a new
/// line in a calendar feed), a quote, a non-ASCII letter. A URL already encoded is
/// unchanged.
pub fn encode_url(url: &str) -> Cow<'_, str> {
    encode(url, URL_TEXT, &PLAIN_IN_URL)
}

/// A site path (`runbooks/x+y/`, real file names, `/`-separated) as it is written in a
/// URL (`runbooks/x%2By/`).
pub fn encode_path(path: &str) -> Cow<'_, str> {
    encode(path, PATH, &PLAIN_IN_PATH)
}

/// `text` encoded by `set`. Nearly every path and URL is plain already, and testing its
/// bytes against `plain` (which must agree with `set`; a test checks) first is a third of
/// the cost of running them through the encoder.
fn encode<'a>(text: &'a str, set: &'static AsciiSet, plain: &[bool; 256]) -> Cow<'a, str> {
    if text.bytes().all(|b| plain[usize::from(b)]) {
        Cow::Borrowed(text)
    } else {
        utf8_percent_encode(text, set).into()
    }
}

/// Whether each byte is kept as it is, by `plain` (a `const fn`): one load a byte, where
/// the tests themselves took about 10 instructions a byte (a runbook's page encodes about
/// ten paths: its neighbours, crumbs, its search document).
macro_rules! table {
    ($plain:ident) => {{
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = $plain(b as u8);
            b += 1;
        }
        table
    }};
}

/// [`plain_in_path`] of every byte.
const PLAIN_IN_PATH: [bool; 256] = table!(plain_in_path);

/// [`plain_in_url`] of every byte.
const PLAIN_IN_URL: [bool; 256] = table!(plain_in_url);

/// The bytes [`PATH`] keeps.
const fn plain_in_path(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/')
}

/// The bytes [`URL_TEXT`] keeps.
const fn plain_in_url(b: u8) -> bool {
    b.is_ascii_graphic()
        && !matches!(
            b,
            b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}'
        )
}

/// A value that goes into a query string or stands for one path segment: `/` is
/// encoded too.
pub fn encode_component(value: &str) -> Cow<'_, str> {
    utf8_percent_encode(value, COMPONENT).into()
}

/// The `mailto:` link of an e-mail address.
pub fn mailto(address: &str) -> String {
    format!("mailto:{}", utf8_percent_encode(address.trim(), MAILBOX))
}

/// The `tel:` link of a phone number as people write it (`+1 555 0100`): white space and
/// `/` (`030/1234 5678`) are dropped, an extension (`ext. 12`, `x12`) is RFC 3966's
/// `;ext=12`, anything else a number cannot hold is encoded.
pub fn tel(number: &str) -> String {
    let (number, extension) = split_extension(number);
    let compact: String = (number.chars())
        .filter(|&c| !c.is_whitespace() && c != '/')
        .collect();
    let mut url = format!("tel:{}", utf8_percent_encode(&compact, TEL));
    if let Some(extension) = extension {
        url.push_str(";ext=");
        url.push_str(extension);
    }
    url
}

/// A sign people write between a phone number's digits that no phone dials: `-`, `.`,
/// `(`, `)` (RFC 3966's visual separators) and the `/` of `030/1234 5678`. Spaces and a
/// leading `+` are each caller's to allow, as they read them differently.
pub fn is_phone_separator(c: char) -> bool {
    matches!(c, '-' | '.' | '(' | ')' | '/')
}

/// A phone number and its extension when it ends with one as people write it: `ext`,
/// `ext.`, `extension` or `x` (any case), then digits (`+1 555 0100 ext. 12`,
/// `555-0100 x12`); else the number and None.
pub fn split_extension(number: &str) -> (&str, Option<&str>) {
    let trimmed = number.trim_end();
    let before = trimmed.trim_end_matches(|c: char| c.is_ascii_digit());
    let extension = &trimmed[before.len()..];
    let spaced = before.trim_end();
    let lower = spaced.to_ascii_lowercase();
    let Some(word) = (["extension", "ext.", "ext", "x"].into_iter()).find(|w| lower.ends_with(w))
    else {
        return (number, None);
    };
    let rest = &spaced[..spaced.len() - word.len()];
    let main = rest.trim_end();
    // The word stands apart from the number or right after its last digit (`0100x12`,
    // not `box12`), and a number comes before it.
    let apart = main.len() < rest.len() || main.ends_with(|c: char| c.is_ascii_digit());
    if extension.is_empty() || !apart || !main.bytes().any(|b| b.is_ascii_digit()) {
        return (number, None);
    }
    (main, Some(extension))
}

/// The site path of the `n`th sitemap of a site over the sitemap protocol's limits
/// (`sitemap-1.xml`, …; `/sitemap.xml` is then their index).
pub fn sitemap_part(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// Whether `name` (a path at the top of the output, any case) is one of the numbered
/// sitemaps of [`sitemap_part`].
pub fn is_sitemap_part(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower
        .strip_prefix("sitemap-")
        .and_then(|rest| rest.strip_suffix(".xml"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_tests_agree_with_the_sets() {
        for b in 0..=127u8 {
            let one = (b as char).to_string();
            let kept = |set| utf8_percent_encode(&one, set).to_string() == one;
            assert_eq!(plain_in_path(b), kept(PATH), "{b:#x} in a path");
            assert_eq!(plain_in_url(b), kept(URL_TEXT), "{b:#x} in a URL");
        }
        for b in 128..=255u8 {
            assert!(!plain_in_path(b) && !plain_in_url(b), "{b:#x}");
        }
        for b in 0..=255u8 {
            assert_eq!(PLAIN_IN_PATH[usize::from(b)], plain_in_path(b), "{b:#x}");
            assert_eq!(PLAIN_IN_URL[usize::from(b)], plain_in_url(b), "{b:#x}");
        }
    }

    #[test]
    fn paths_keep_slashes_and_unreserved_characters() {
        assert_eq!(
            encode_path("runbooks/profit/aggregate-profit_v2.1~x/"),
            "runbooks/profit/aggregate-profit_v2.1~x/"
        );
        assert!(matches!(encode_path("plain/path/"), Cow::Borrowed(_)));
    }

    #[test]
    fn paths_encode_what_a_server_would_misread() {
        for (name, encoded) in [
            ("x+y", "x%2By"),
            ("a b", "a%20b"),
            ("hash#tag", "hash%23tag"),
            ("why?", "why%3F"),
            ("50%", "50%25"),
            ("größe", "gr%C3%B6%C3%9Fe"),
            ("日本", "%E6%97%A5%E6%9C%AC"),
            ("a\"b<c>'&", "a%22b%3Cc%3E%27%26"),
            ("back\\slash", "back%5Cslash"),
            ("[x]", "%5Bx%5D"),
        ] {
            assert_eq!(encode_path(name), encoded, "{name}");
        }
    }

    #[test]
    fn written_urls_lose_only_what_a_url_cannot_hold() {
        let url = "https://ops.example.com/a%20b/x?y=1&z=2#top";
        assert_eq!(encode_url(url), url);
        assert_eq!(
            encode_url("https://ops.example.com/my docs/\r\nX-EVIL:1 \"ü\"".trim()),
            "https://ops.example.com/my%20docs/%0D%0AX-EVIL:1%20%22%C3%BC%22"
        );
    }

    #[test]
    fn components_encode_slashes() {
        assert_eq!(
            encode_component("webcal://a.b/x y.ics"),
            "webcal%3A%2F%2Fa.b%2Fx%20y.ics"
        );
    }

    #[test]
    fn mailto_and_tel_cannot_add_parameters() {
        assert_eq!(mailto("de1@example.com"), "mailto:de1@example.com");
        assert_eq!(
            mailto("a@b.c?cc=evil@x.y&body=hi"),
            "mailto:a@b.c%3Fcc%3Devil@x.y%26body%3Dhi"
        );
        assert_eq!(tel("+1 555 0100"), "tel:+15550100");
        assert_eq!(tel("+1 (555) 0100"), "tel:+1(555)0100");
        assert_eq!(tel("1;x=\"y\""), "tel:1%3Bx%3D%22y%22");
    }

    #[test]
    fn tel_keeps_an_extension_and_drops_slashes() {
        assert_eq!(tel("+1 555 0100 ext. 12"), "tel:+15550100;ext=12");
        assert_eq!(tel("+1 555 0100 EXT 12"), "tel:+15550100;ext=12");
        assert_eq!(tel("555-0100 x12"), "tel:555-0100;ext=12");
        assert_eq!(tel("555-0100x12"), "tel:555-0100;ext=12");
        assert_eq!(tel("555 0100 extension 7"), "tel:5550100;ext=7");
        assert_eq!(tel("030/1234 5678"), "tel:03012345678");
        // Not an extension: no digits after the word, or no number before it.
        assert_eq!(split_extension("555 0100 ext."), ("555 0100 ext.", None));
        assert_eq!(split_extension("ext. 12"), ("ext. 12", None));
        assert_eq!(split_extension("+1 555 0100"), ("+1 555 0100", None));
    }
}
