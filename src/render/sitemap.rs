//! `sitemap.xml`: every page's address for search engines. The sitemap protocol takes at
//! most [`MAX_URLS`] addresses and [`MAX_BYTES`] per file; a larger site gets a sitemap
//! index at `/sitemap.xml` (the address robots and webmasters already know) naming
//! `/sitemap-1.xml`, `/sitemap-2.xml`, …, each within both limits. A site within them gets
//! the single `urlset` it always had.

use std::ops::Range;

use crate::write::OutputFile;

/// Addresses one sitemap file may hold (sitemaps.org).
pub const MAX_URLS: usize = 50_000;
/// Bytes one sitemap file may hold, uncompressed (sitemaps.org: 50 MB, 52,428,800 bytes).
pub const MAX_BYTES: usize = 52_428_800;

const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const URLSET_OPEN: &str = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
const URLSET_CLOSE: &str = "</urlset>\n";

/// How many addresses and bytes a file may hold: [`MAX_URLS`] and [`MAX_BYTES`] but in
/// tests, which lower them rather than build 50,001 pages.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub urls: usize,
    pub bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            urls: MAX_URLS,
            bytes: MAX_BYTES,
        }
    }
}

/// The sitemap files of `urls` (absolute, in the order given): `sitemap.xml` alone when
/// they fit in one file, else the numbered files and `sitemap.xml` as their index.
/// `absolute` makes a site path (`sitemap-1.xml`) an absolute URL.
///
/// Every entry is written once, escaped in place, into one string that is the single
/// `urlset` itself when the site fits one file (a `format!` and three `replace`s an
/// entry were 2,800 instructions each, 30 M at 10,000 runbooks, after the pages).
pub fn files(
    urls: &[String],
    absolute: impl Fn(&str) -> String,
    limits: Limits,
) -> Vec<OutputFile> {
    let head = XML_HEAD.len() + URLSET_OPEN.len();
    let size: usize = urls
        .iter()
        .map(|u| u.len() + ENTRY_OPEN.len() + ENTRY_CLOSE.len())
        .sum();
    let mut xml = String::with_capacity(head + size + URLSET_CLOSE.len());
    xml.push_str(XML_HEAD);
    xml.push_str(URLSET_OPEN);
    // Where each entry ends in `xml`.
    let mut ends = Vec::with_capacity(urls.len());
    for u in urls {
        xml.push_str(ENTRY_OPEN);
        // URLs are percent-encoded already; `&`, `<` and `>` are what XML text cannot hold.
        crate::html::escape_into(&mut xml, u, false);
        xml.push_str(ENTRY_CLOSE);
        ends.push(xml.len());
    }
    let chunks = split(head, &ends, limits);
    if chunks.len() <= 1 {
        xml.push_str(URLSET_CLOSE);
        return vec![OutputFile {
            path: "sitemap.xml".into(),
            bytes: xml.into_bytes(),
        }];
    }
    let mut out = Vec::with_capacity(chunks.len() + 1);
    let mut index =
        format!("{XML_HEAD}<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let end_of = |entry: usize| if entry == 0 { head } else { ends[entry - 1] };
    for (n, chunk) in chunks.into_iter().enumerate() {
        let path = crate::url::sitemap_part(n + 1);
        index.push_str("  <sitemap><loc>");
        crate::html::escape_into(&mut index, &absolute(&path), false);
        index.push_str("</loc></sitemap>\n");
        out.push(urlset(path, &xml[end_of(chunk.start)..end_of(chunk.end)]));
    }
    index.push_str("</sitemapindex>\n");
    out.push(OutputFile {
        path: "sitemap.xml".into(),
        bytes: index.into_bytes(),
    });
    out
}

const ENTRY_OPEN: &str = "  <url><loc>";
const ENTRY_CLOSE: &str = "</loc></url>\n";

/// The entries (each ending at its offset in `ends`, the first starting at `head`) cut
/// into runs, as ranges of entry numbers, that each fit one file with its head and
/// tail. An entry too long for any file (an address of megabytes: names are limited far
/// below) gets a file of its own rather than being lost.
fn split(head: usize, ends: &[usize], limits: Limits) -> Vec<Range<usize>> {
    let frame = XML_HEAD.len() + URLSET_OPEN.len() + URLSET_CLOSE.len();
    let mut chunks = Vec::new();
    let (mut start, mut bytes) = (0, frame);
    let mut previous = head;
    for (i, &end) in ends.iter().enumerate() {
        let len = end - previous;
        previous = end;
        let full = i - start >= limits.urls || bytes + len > limits.bytes;
        if full && i > start {
            chunks.push(start..i);
            (start, bytes) = (i, frame);
        }
        bytes += len;
    }
    if start < ends.len() || chunks.is_empty() {
        chunks.push(start..ends.len());
    }
    chunks
}

/// A `urlset` file of `entries`, written one after the other.
fn urlset(path: String, entries: &str) -> OutputFile {
    let mut xml = String::with_capacity(entries.len() + 200);
    xml.push_str(XML_HEAD);
    xml.push_str(URLSET_OPEN);
    xml.push_str(entries);
    xml.push_str(URLSET_CLOSE);
    OutputFile {
        path,
        bytes: xml.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("https://x.example/p{i}/")).collect()
    }

    fn text(f: &OutputFile) -> &str {
        std::str::from_utf8(&f.bytes).unwrap()
    }

    fn abs(p: &str) -> String {
        format!("https://x.example/{p}")
    }

    #[test]
    fn within_the_limit_one_urlset() {
        let limits = Limits {
            urls: 3,
            bytes: MAX_BYTES,
        };
        let files = files(&urls(3), abs, limits);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].path, "sitemap.xml");
        assert!(text(&files[0]).contains("<urlset"));
        assert_eq!(text(&files[0]).matches("<loc>").count(), 3);
    }

    #[test]
    fn over_the_limit_an_index_of_numbered_files() {
        let limits = Limits {
            urls: 3,
            bytes: MAX_BYTES,
        };
        let files = files(&urls(7), abs, limits);
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        let counts: Vec<usize> = files[..3]
            .iter()
            .map(|f| text(f).matches("<url>").count())
            .collect();
        assert_eq!(counts, [3, 3, 1]);
        let index = text(&files[3]);
        assert!(index.contains("<sitemapindex"), "{index}");
        assert!(!index.contains("<urlset"), "{index}");
        for n in 1..=3 {
            assert!(
                index.contains(&format!(
                    "<sitemap><loc>https://x.example/sitemap-{n}.xml</loc></sitemap>"
                )),
                "{index}"
            );
        }
        // Every address is in exactly one file, in order.
        let all: String = files[..3].iter().map(text).collect();
        for u in urls(7) {
            assert_eq!(all.matches(&format!("<loc>{u}</loc>")).count(), 1);
        }
    }

    #[test]
    fn a_file_stays_within_the_byte_limit() {
        let entry = "  <url><loc>https://x.example/p0/</loc></url>\n".len();
        let frame = XML_HEAD.len() + URLSET_OPEN.len() + URLSET_CLOSE.len();
        let limits = Limits {
            urls: MAX_URLS,
            bytes: frame + 2 * entry + 1,
        };
        let files = files(&urls(5), abs, limits);
        assert_eq!(files.len(), 4, "three files of at most two and the index");
        for f in &files[..3] {
            assert!(f.bytes.len() <= limits.bytes, "{}", text(f));
        }
    }

    #[test]
    fn addresses_are_escaped_in_every_file() {
        let urls = vec![
            "https://x.example/a&b<c>d/".to_string(),
            "https://x.example/&&/".into(),
        ];
        let escaped = [
            "https://x.example/a&amp;b&lt;c&gt;d/",
            "https://x.example/&amp;&amp;/",
        ];
        let one = files(&urls, abs, Limits::default());
        let expected = format!(
            "{XML_HEAD}{URLSET_OPEN}  <url><loc>{}</loc></url>\n  <url><loc>{}</loc></url>\n{URLSET_CLOSE}",
            escaped[0], escaped[1]
        );
        assert_eq!(text(&one[0]), expected);
        let limits = Limits {
            urls: 1,
            bytes: MAX_BYTES,
        };
        let split = files(&urls, |p| format!("https://x.example/?a&b/{p}"), limits);
        assert_eq!(split.len(), 3);
        for (f, e) in split.iter().zip(escaped) {
            let want =
                format!("{XML_HEAD}{URLSET_OPEN}  <url><loc>{e}</loc></url>\n{URLSET_CLOSE}");
            assert_eq!(text(f), want);
        }
        assert!(text(&split[2]).contains("<loc>https://x.example/?a&amp;b/sitemap-2.xml</loc>"));
    }

    #[test]
    fn no_pages_still_a_sitemap() {
        let files = files(&[], abs, Limits::default());
        assert_eq!(files.len(), 1);
        assert!(text(&files[0]).contains("<urlset"));
    }

    #[test]
    fn numbered_names() {
        use crate::url::is_sitemap_part;
        assert!(is_sitemap_part("sitemap-1.xml"));
        assert!(is_sitemap_part("Sitemap-12.XML"));
        assert!(!is_sitemap_part("sitemap.xml"));
        assert!(!is_sitemap_part("sitemap-.xml"));
        assert!(!is_sitemap_part("sitemap-a.xml"));
    }
}
