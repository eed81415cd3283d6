//! What every page carries inline in its `<head>`: the theme's critical CSS
//! (`static/critical.css`: enough to lay out and read the first screen; each page the
//! parts of it that its template is named for, see [`parts`]) and its head
//! script (`static/head.js`: the remembered light or dark choice, before the first
//! paint; lines that are only a comment are left out). On a slow network a stylesheet or script in another file costs a round trip
//! before anything shows (two seconds on "Slow 3G"); inline, the first response carries
//! them. The rest of the CSS loads without blocking.
//!
//! The site's Content-Security-Policy allows no inline code but these two, by their
//! SHA-256 hashes, computed here and written into `_headers` by the build (see
//! [`super::headers`]): an author's inline `<style>` or `<script>` still does not run.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::model::Theme;

/// The static files of a theme that are inlined into pages rather than served.
pub const CRITICAL_CSS: &str = "critical.css";
pub const HEAD_SCRIPT: &str = "head.js";
/// The stylesheet every page links: a theme without one inlines all its critical CSS.
pub const STYLE_CSS: &str = "style.css";

mod parts;

pub use parts::BETWEEN;

/// The inline CSS and script of every page, and their policy hashes.
#[derive(Debug, Clone, Default)]
pub struct Inline {
    /// Every part of the critical CSS, [`BETWEEN`] between them: what a page carries when
    /// its template is not known.
    pub css: String,
    pub script: String,
    /// `'sha256-…'` of each part of `css`, separated by spaces, and of `script`, as a
    /// policy lists them.
    pub css_hash: String,
    pub script_hash: String,
    /// The parts each template's pages carry, by template name, made once; and those of a
    /// template no part names.
    pub(super) by_template: Vec<(String, String)>,
    pub(super) other: String,
}

impl Inline {
    pub fn from_theme(theme: &Theme) -> Inline {
        let file = |name: &str| {
            theme
                .static_files
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
                .unwrap_or_default()
        };
        // `</` could end the element early: a theme's CSS or script never needs it
        // outside a string, and `<\/` means the same there.
        let text = file(CRITICAL_CSS);
        let parts = if theme.static_files.iter().any(|(n, _)| n == STYLE_CSS) {
            parts::Parts::new(&text, minify_css)
        } else {
            // No stylesheet: every page carries it all, as a page's first screen may be
            // all it gets (minified whole, there is no part to cut).
            parts::Parts::new(&minify_css(&text), str::to_owned)
        };
        let script = file(HEAD_SCRIPT)
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .replace("</", "<\\/");
        let by_template = parts
            .templates()
            .into_iter()
            .map(|t| (t.to_owned(), parts.joined(Some(t))))
            .collect();
        Inline {
            css_hash: parts.parts().map(policy_hash).collect::<Vec<_>>().join(" "),
            script_hash: policy_hash(&script),
            css: parts.joined(None),
            other: parts.joined(Some("")),
            by_template,
            script,
        }
    }

    /// The inline CSS of the pages `template` makes: the parts it is named for.
    pub fn css_for(&self, template: &str) -> &str {
        match self.by_template.iter().find(|(t, _)| t == template) {
            Some((_, css)) => css,
            None => &self.other,
        }
    }
}

/// A theme's static file as the site serves it. CSS loses its comments and runs of white
/// space, as the inline copy does; a script loses the lines that are only a comment, its
/// indentation and its blank lines. A reader on a slow network downloads `style.css` and
/// `site.js` on the first visit, twice (the page, then the service worker's install):
/// 6.6 kB of gzip less for the default theme's two. A script with a template literal
/// or a line continued by `\` is served as written, since a line inside either is text.
/// Other files are served as they are.
pub fn served<'a>(name: &str, bytes: &'a [u8]) -> std::borrow::Cow<'a, [u8]> {
    use std::borrow::Cow;
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Cow::Borrowed(bytes);
    };
    if name.ends_with(".css") {
        return Cow::Owned(minify_css(text).into_bytes());
    }
    if !(name.ends_with(".js") || name.ends_with(".mjs")) {
        return Cow::Borrowed(bytes);
    }
    let code = || {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("//"))
    };
    if code().any(|l| l.contains('`') || l.ends_with('\\')) {
        return Cow::Borrowed(bytes);
    }
    let mut out = String::with_capacity(text.len());
    for line in code() {
        out.push_str(line);
        out.push('\n');
    }
    Cow::Owned(out.into_bytes())
}

/// `'sha256-BASE64'` of `text`, as CSP level 2 hashes an inline element's content.
pub fn policy_hash(text: &str) -> String {
    format!(
        "'sha256-{}'",
        STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

/// CSS without comments, with each run of white space made one space (or none next to
/// punctuation) and no `;` before a `}`, so that the copy in every page costs less.
/// Strings are kept as written.
fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                space = true;
            }
            '"' | '\'' => {
                push_space(&mut out, &mut space, c);
                out.push(c);
                let mut escaped = false;
                for s in chars.by_ref() {
                    out.push(s);
                    if escaped {
                        escaped = false;
                    } else if s == '\\' {
                        escaped = true;
                    } else if s == c {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => space = true,
            c => {
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                push_space(&mut out, &mut space, c);
                out.push(c);
            }
        }
    }
    out
}

/// The one space a run of white space stands for, unless punctuation on either side
/// makes it useless. A space before `(` or `:` is kept: `and (` is not `and(` (a
/// function), and `.x :hover` is not `.x:hover`.
fn push_space(out: &mut String, space: &mut bool, next: char) {
    const AFTER: &[char] = &['{', '}', ';', ':', ',', '>', '('];
    const BEFORE: &[char] = &['{', '}', ';', ',', '>', ')'];
    if *space && !out.is_empty() && !out.ends_with(AFTER) && !BEFORE.contains(&next) {
        out.push(' ');
    }
    *space = false;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn served_scripts_lose_comment_lines_and_indentation_only() {
        let js = "// head\n(function () {\n  // why\n  var a = 1; // kept\n\n  return a;\n})();\n";
        let out = served("site.js", js.as_bytes());
        assert_eq!(
            std::str::from_utf8(&out).unwrap(),
            "(function () {\nvar a = 1; // kept\nreturn a;\n})();\n"
        );
        // A template literal or a continued string holds its lines as text.
        for kept in ["var t = `a\n  // b`;\n", "var s = 'a\\\n  // b';\n"] {
            assert_eq!(&*served("x.js", kept.as_bytes()), kept.as_bytes(), "{kept}");
        }
        let css = "/* c */\n.a  >  .b {\n  color: red;\n}\n";
        assert_eq!(&*served("style.css", css.as_bytes()), b".a>.b{color:red}");
        // A `;` in a string before `}` is the string's.
        let css = ".a::after { content: \";\"; }\n";
        assert_eq!(
            &*served("s.css", css.as_bytes()),
            b".a::after{content:\";\"}"
        );
        assert_eq!(&*served("logo.svg", b"  <svg/>"), b"  <svg/>");
    }

    #[test]
    fn hash_encoding_is_rfc_4648_standard_with_padding() {
        for (input, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(STANDARD.encode(input.as_bytes()), encoded, "{input}");
        }
    }

    #[test]
    fn hashes_are_what_browsers_compute() {
        // `echo -n 'abc' | openssl dgst -sha256 -binary | base64`
        assert_eq!(
            policy_hash("abc"),
            "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='"
        );
    }

    #[test]
    fn minified_css_keeps_strings_and_meaning() {
        let css = "/* a comment */\n:root {\n  --x: 1px;  /* more */\n}\na > b ,\n c { content: \"  /* kept */  \"; margin: 0 auto }\n@media (min-width: 40rem) and (max-width: 9rem) { .x :is(p) { x: calc(1px + 2%) } }\n";
        assert_eq!(
            minify_css(css),
            ":root{--x:1px}a>b,c{content:\"  /* kept */  \";margin:0 auto}@media (min-width:40rem) and (max-width:9rem){.x :is(p){x:calc(1px + 2%)}}"
        );
    }

    #[test]
    fn the_default_themes_pages_carry_the_parts_of_their_template() {
        let critical = include_bytes!("../../themes/default/static/critical.css").to_vec();
        let theme = |style: bool| Theme {
            templates: Vec::new(),
            static_files: [
                (CRITICAL_CSS, critical.clone()),
                (STYLE_CSS, b"p{margin:0}".to_vec()),
            ]
            .into_iter()
            .take(if style { 2 } else { 1 })
            .map(|(n, b)| (n.to_string(), b))
            .collect(),
        };
        let inline = Inline::from_theme(&theme(true));
        let parts: Vec<&str> = inline.css.split(BETWEEN).collect();
        assert_eq!(parts.len(), 5, "{parts:?}");
        let runbook = inline.css_for("runbook.html");
        assert_eq!(runbook.split(BETWEEN).count(), 3);
        // A runbook carries its own share, not all of it (code rules are a runbook's).
        assert!(
            runbook.len() < inline.css.len() * 5 / 6,
            "{} of {}",
            runbook.len(),
            inline.css.len()
        );
        assert!(runbook.starts_with(parts[0]));
        // Every part is in the policy; a template no part names carries the first alone.
        for part in &parts {
            assert!(inline.css_hash.contains(&policy_hash(part)), "{part}");
        }
        assert_eq!(inline.css_for("other.html"), parts[0]);
        // Without a stylesheet, every page carries all of it, in one element.
        let all = Inline::from_theme(&theme(false));
        assert_eq!(all.css_for("runbook.html"), all.css);
        assert!(
            !all.css.contains(BETWEEN) && all.css.len() >= inline.css.len() - 4 * BETWEEN.len()
        );
        assert_eq!(all.css_hash, policy_hash(&all.css));
    }

    #[test]
    fn nothing_inlined_can_close_its_element() {
        let theme = Theme {
            templates: Vec::new(),
            static_files: vec![
                (
                    CRITICAL_CSS.into(),
                    b"a::after{content:\"</style><script>\"}".to_vec(),
                ),
                (HEAD_SCRIPT.into(), b"var s = '</script>';".to_vec()),
            ],
        };
        let inline = Inline::from_theme(&theme);
        assert!(!inline.css.contains("</"), "{}", inline.css);
        assert!(!inline.script.contains("</"), "{}", inline.script);
        assert_eq!(inline.css_hash, policy_hash(&inline.css));
    }
}
