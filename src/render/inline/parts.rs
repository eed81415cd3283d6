//! The critical CSS in parts, and the templates whose pages carry each.
//!
//! The critical CSS is inlined into every page, and at 10,000 runbooks it was more than
//! half of the bytes written (15 kB of a 26 kB runbook page): most of it lays out other
//! kinds of page (the on-call calendar, pipeline tables, the search page's filters). A
//! theme divides `critical.css` into parts with comments that begin with `@part` and name
//! the templates whose pages carry the part (`/* @part runbook.html section.html: … */`);
//! the first part, and a part that names no template, is in every page.
//!
//! Chosen once per template, not per page: reading each page for its class names cost
//! more CPU than the bytes it saved (session 25's `perf25`: +0.2 s user for -0.07 s sys at
//! 10,000 runbooks), and a page's CSS does not depend on its text (a runbook page carries
//! the same parts whatever its on-call box, which `serve` fills in later). So a part names
//! every template whose pages may show what it lays out (tests/browser/test_critical_css.py
//! lays out each kind of page with and without style.css). `style.css` does not carry the
//! parts again as perf25's did, for a rule a page left out: with the choice made by
//! template there is none to catch, and its 1.3 kB of gzip, fetched twice by a first load
//! (the page, the service worker), put a runbook's over its 50,000-byte budget
//! (test_budgets.py: 51,597 bytes on the prometheus-operator corpus).
//!
//! Each part is a `<style>` element of its own, in the order of the file, so the rules a
//! page carries cascade as they did in one: the policy in `_headers` lists each part's hash.

/// What goes between two parts: each is an element of its own, and a template's
/// `<style>{{ inline_css | safe }}</style>` writes them all.
pub const BETWEEN: &str = "</style><style>";

/// The parts of the critical CSS, minified, with the templates each is for.
#[derive(Debug, Clone, Default)]
pub struct Parts {
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
struct Part {
    /// Minified, with `</` written `<\/`.
    css: String,
    /// The templates whose pages carry it; `None` when every page does.
    templates: Option<Vec<String>>,
}

impl Parts {
    /// `css` (the theme's `critical.css` as written) in its parts, each minified by
    /// `minify`.
    pub fn new(css: &str, minify: impl Fn(&str) -> String) -> Parts {
        let parts = split(css)
            .into_iter()
            .enumerate()
            .filter_map(|(i, text)| {
                let css = minify(text).replace("</", "<\\/");
                let templates = if i == 0 { None } else { templates(text) };
                (!css.is_empty()).then_some(Part { css, templates })
            })
            .collect();
        Parts { parts }
    }

    /// The parts the pages of `template` carry, each its own element (every part when
    /// `template` is `None`).
    pub fn joined(&self, template: Option<&str>) -> String {
        let carried = |p: &&Part| match (&p.templates, template) {
            (Some(names), Some(t)) => names.iter().any(|n| n == t),
            _ => true,
        };
        let css: Vec<&str> = self
            .parts
            .iter()
            .filter(carried)
            .map(|p| p.css.as_str())
            .collect();
        css.join(BETWEEN)
    }

    /// Every template some part names, each once.
    pub fn templates(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .parts
            .iter()
            .flat_map(|p| p.templates.iter().flatten())
            .map(String::as_str)
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// The text of each part, as the policy hashes it.
    pub fn parts(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|p| p.css.as_str())
    }
}

/// The templates a part's opening `@part` comment names: the words ending in `.html`
/// after `@part`, up to the first that does not; `None` when it names none.
fn templates(part: &str) -> Option<Vec<String>> {
    let comment = part.strip_prefix("/*")?;
    let comment = &comment[..comment.find("*/")?];
    let names: Vec<String> = comment
        .trim_start()
        .strip_prefix("@part")?
        .split_whitespace()
        .map(|w| w.trim_end_matches([':', ',']))
        .take_while(|w| w.len() > ".html".len() && w.ends_with(".html"))
        .map(str::to_owned)
        .collect();
    (!names.is_empty()).then_some(names)
}

/// `css` cut before each comment that begins with `@part` at the top level (outside any
/// block and string). Unbalanced braces, or a part comment inside a block: one part.
fn split(css: &str) -> Vec<&str> {
    let mut cuts = vec![0];
    let mut depth = 0i32;
    let mut balanced = true;
    let bytes = css.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let inner = &css[i + 2..];
                let len = inner.find("*/").unwrap_or(inner.len());
                if inner[..len].trim_start().starts_with("@part") {
                    balanced &= depth == 0;
                    cuts.push(i);
                }
                i += 2 + len + 2;
                continue;
            }
            q @ (b'"' | b'\'') => i = string_end(bytes, i, q),
            b'{' => depth += 1,
            b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    if !balanced || depth != 0 {
        return vec![css];
    }
    cuts.push(css.len());
    cuts.windows(2)
        .map(|w| &css[w[0]..w[1]])
        .filter(|p| !p.is_empty())
        .collect()
}

/// The index of the quote that closes the string opened at `start`.
fn string_end(bytes: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < bytes.len() && bytes[i] != quote {
        i += if bytes[i] == b'\\' { 2 } else { 1 };
    }
    i.min(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::minify_css as minify;

    const CSS: &str = "body { margin: 0 }\n/* @part runbook.html section.html: a runbook */\n\
        .a { content: \"/* @part x.html */\" }\n\
        /* @part search.html, 404.html */ @media (max-width: 10rem) { .f { color: blue } }\n\
        /* @part for every page: names no template */ .i { margin: 0 }\n";

    #[test]
    fn parts_are_cut_at_their_comments_and_not_inside_a_block_or_string() {
        let parts = split(CSS);
        assert_eq!(parts.len(), 4, "{parts:?}");
        assert!(parts[1].starts_with("/* @part runbook.html") && parts[1].contains(".a {"));
        let inside = "@media print { /* @part a.html */ .a {} }";
        assert_eq!(split(inside), vec![inside]);
        let unclosed = ".a { /* @part a.html */ }";
        assert_eq!(split(unclosed), vec![unclosed]);
    }

    #[test]
    fn a_page_carries_the_first_part_the_unnamed_ones_and_its_templates() {
        let p = Parts::new(CSS, minify);
        assert_ne!(p.joined(Some("runbook.html")), p.joined(None));
        assert_eq!(
            p.templates(),
            ["404.html", "runbook.html", "search.html", "section.html"]
        );
        let css = |t| p.joined(Some(t));
        assert_eq!(
            css("runbook.html"),
            format!("body{{margin:0}}{BETWEEN}.a{{content:\"/* @part x.html */\"}}{BETWEEN}.i{{margin:0}}")
        );
        assert_eq!(
            css("404.html"),
            format!("body{{margin:0}}{BETWEEN}@media (max-width:10rem){{.f{{color:blue}}}}{BETWEEN}.i{{margin:0}}")
        );
        // A template no part names: what every page carries.
        assert_eq!(
            css("home.html"),
            format!("body{{margin:0}}{BETWEEN}.i{{margin:0}}")
        );
        assert_eq!(p.joined(None), p.parts().collect::<Vec<_>>().join(BETWEEN));
    }

    #[test]
    fn a_file_without_named_parts_is_one_part_in_every_page() {
        for css in [
            ".a {}",
            ".a {} /* @part */ .b {}",
            ".a {} /* @part html */ .b {}",
        ] {
            let p = Parts::new(css, minify);
            assert!(p.templates().is_empty(), "{css}");
            assert_eq!(p.joined(Some("runbook.html")), p.joined(None), "{css}");
        }
    }
}
