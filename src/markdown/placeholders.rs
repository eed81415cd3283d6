//! Placeholders that read as HTML: `kubectl get pods <name> --namespace <namespace>`.
//!
//! CommonMark reads `<name>` as a raw HTML tag, and cleaning removes an element it does
//! not know, so the command showed as `kubectl get pods  --namespace  -o=…`, with a
//! warning for each. GitHub and GitLab remove them too, but no author means an element
//! `<namespace>` (or `<Type of Incident>`, read as `<type of incident>`): a tag whose name
//! is no element of HTML, SVG or MathML is text, shown as written, said once a page. Only
//! on a cleaned page (one whose authors are trusted may use elements of its own), and
//! not in a heading (see `placeholder_as_text`).

use pulldown_cmark::{CowStr, Event};

use super::Page;
use crate::diagnostics::Diagnostics;

/// The elements of HTML (with the obsolete ones browsers still parse), and of SVG and
/// MathML that are not named `fe…` (SVG's filters) or `m…` (MathML's).
const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "animate",
    "animatemotion",
    "animatetransform",
    "annotation",
    "annotation-xml",
    "applet",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "basefont",
    "bdi",
    "bdo",
    "bgsound",
    "big",
    "blink",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "circle",
    "cite",
    "clippath",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "defs",
    "del",
    "desc",
    "details",
    "dfn",
    "dialog",
    "dir",
    "discard",
    "div",
    "dl",
    "dt",
    "ellipse",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "filter",
    "font",
    "footer",
    "foreignobject",
    "form",
    "frame",
    "frameset",
    "g",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "image",
    "img",
    "input",
    "ins",
    "isindex",
    "kbd",
    "keygen",
    "label",
    "legend",
    "li",
    "line",
    "lineargradient",
    "link",
    "listing",
    "main",
    "map",
    "mark",
    "marquee",
    "menu",
    "menuitem",
    "meta",
    "meter",
    "multicol",
    "nav",
    "nextid",
    "nobr",
    "noembed",
    "noframes",
    "none",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "path",
    "pattern",
    "picture",
    "plaintext",
    "polygon",
    "polyline",
    "pre",
    "progress",
    "q",
    "radialgradient",
    "rb",
    "rect",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "script",
    "search",
    "section",
    "select",
    "semantics",
    "set",
    "slot",
    "small",
    "source",
    "spacer",
    "span",
    "stop",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "switch",
    "symbol",
    "table",
    "tbody",
    "td",
    "template",
    "text",
    "textarea",
    "textpath",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tspan",
    "tt",
    "u",
    "ul",
    "use",
    "var",
    "video",
    "view",
    "wbr",
    "xmp",
];

/// The name of the element `piece` is a tag of (lowercase), when the piece is one tag
/// whose name is none of the elements of HTML, SVG or MathML.
pub(super) fn placeholder(piece: &str) -> Option<String> {
    let inner = piece.strip_prefix('<')?.strip_suffix('>')?;
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase();
    let first = name.chars().next()?;
    if !first.is_ascii_alphabetic() || inner.contains('<') {
        return None;
    }
    let known = ELEMENTS.binary_search(&name.as_str()).is_ok()
        || name.starts_with("fe")
        || (name.starts_with('m') && MATHML.binary_search(&name.as_str()).is_ok());
    (!known).then_some(name)
}

/// MathML's elements named `m…`.
const MATHML: &[&str] = &[
    "maction",
    "maligngroup",
    "malignmark",
    "marker",
    "mask",
    "math",
    "menclose",
    "merror",
    "metadata",
    "mfenced",
    "mfrac",
    "mglyph",
    "mi",
    "mlabeledtr",
    "mlongdiv",
    "mmultiscripts",
    "mn",
    "mo",
    "mover",
    "mpadded",
    "mpath",
    "mphantom",
    "mprescripts",
    "mroot",
    "mrow",
    "ms",
    "mscarries",
    "mscarry",
    "msgroup",
    "msline",
    "mspace",
    "msqrt",
    "msrow",
    "mstack",
    "mstyle",
    "msub",
    "msubsup",
    "msup",
    "mtable",
    "mtd",
    "mtext",
    "mtr",
    "munder",
    "munderover",
];

impl<'e> Page<'e, '_> {
    /// A piece of inline HTML that is a placeholder as text (see the module's comment);
    /// any other event as it is.
    pub(super) fn placeholder_as_text(
        &mut self,
        event: Event<'e>,
        at: usize,
        diags: &mut Diagnostics,
    ) -> Event<'e> {
        let Event::InlineHtml(piece) = event else {
            return event;
        };
        let name = match placeholder(&piece) {
            // A heading with raw HTML in it is never the page's title, as its text is
            // short of what was written (`## Playbook: <Type of Incident>`): kept so.
            Some(name)
                if self.targets.sanitize_html
                    && self.raw_stack.foreign == 0
                    && self.heading.is_none() =>
            {
                name
            }
            _ => return Event::InlineHtml(piece),
        };
        if !std::mem::replace(&mut self.raw_stack.placeholder_said, true) {
            diags.warning(
                self.location(at),
                format!("`{}` reads as a placeholder, not as HTML (there is no element `<{name}>`): it shows as written here, but GitHub and GitLab remove it (said once a page)", super::limits::cut(&piece, 60)),
                format!("put it in backticks (`` `{}` ``), or write it without `<` and `>`, so that every forge shows it", super::limits::cut(&piece, 60)),
            );
        }
        Event::Text(CowStr::from(piece.into_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_are_sorted_for_binary_search() {
        assert!(ELEMENTS.windows(2).all(|w| w[0] < w[1]));
        assert!(MATHML.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn placeholders_are_tags_of_no_element() {
        for p in [
            "<name>",
            "<namespace>",
            "<Type of Incident>",
            "<POD NAME>",
            "</user>",
            "<image-name>",
            "<ENV>",
        ] {
            assert!(placeholder(p).is_some(), "{p}");
        }
        for p in [
            "<b>",
            "</details>",
            "<img src=x>",
            "<svg>",
            "<path d=x>",
            "<feBlend>",
            "<mrow>",
            "<marquee>",
            "<!-- x -->",
            "<>",
            "<1>",
        ] {
            assert!(placeholder(p).is_none(), "{p}");
        }
    }
}
