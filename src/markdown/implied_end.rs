//! Where a browser ends elements their author left open: the start tags that, by the HTML
//! standard's tree-building rules ("in body"), close an `<li>`, a `<dd>` or `<dt>`, or a
//! `<p>` open, with every element opened inside it.
//!
//! Search must know: `<ul><li><rp>hidden<li>shown</ul>` shows "shown", as the second
//! `<li>` ends the first and the `<rp>` in it; read as nested, the words after stayed in
//! the `<rp>` and out of search (`Text <rp>x<div>shown</div>` too: a `<div>` ends the
//! paragraph it is in, and all open inside it). Only elements ended so matter here:
//! those whose content is hidden (`<rp>`, and what cleaning drops whole) would otherwise
//! hide what a reader sees.
//!
//! A browser walks its stack of open elements for each such tag; here each element open
//! keeps, from the time it was opened, where the walk would end ([`Reach`]), so a tag
//! costs the same however deep the stack (a walk made `<a>` a hundred thousand times, then
//! `<address>` as often, take seven times as long to build).

/// The HTML standard's "special" elements that end the walk of an `<li>`, `<dd>` or
/// `<dt>` (but `address`, `div` and `p`, which it passes).
fn special(name: &str) -> bool {
    matches!(
        name,
        "annotation-xml"
            | "applet"
            | "area"
            | "article"
            | "aside"
            | "base"
            | "basefont"
            | "bgsound"
            | "blockquote"
            | "body"
            | "br"
            | "button"
            | "caption"
            | "center"
            | "col"
            | "colgroup"
            | "dd"
            | "desc"
            | "details"
            | "dir"
            | "dl"
            | "dt"
            | "embed"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "foreignobject"
            | "form"
            | "frame"
            | "frameset"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "iframe"
            | "img"
            | "input"
            | "keygen"
            | "li"
            | "link"
            | "listing"
            | "main"
            | "marquee"
            | "menu"
            | "meta"
            | "mi"
            | "mn"
            | "mo"
            | "ms"
            | "mtext"
            | "nav"
            | "noembed"
            | "noframes"
            | "noscript"
            | "object"
            | "ol"
            | "param"
            | "plaintext"
            | "pre"
            | "script"
            | "search"
            | "section"
            | "select"
            | "source"
            | "style"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "template"
            | "textarea"
            | "tfoot"
            | "th"
            | "thead"
            | "title"
            | "tr"
            | "track"
            | "ul"
            | "wbr"
            | "xmp"
    )
}

/// Elements that bound "button scope": a `<p>` outside one is not closed from inside it.
fn bounds_button_scope(name: &str) -> bool {
    matches!(
        name,
        "annotation-xml"
            | "applet"
            | "button"
            | "caption"
            | "desc"
            | "foreignobject"
            | "html"
            | "marquee"
            | "mi"
            | "mn"
            | "mo"
            | "ms"
            | "mtext"
            | "object"
            | "table"
            | "td"
            | "template"
            | "th"
            | "title"
    )
}

/// Start tags that close a `<p>` in button scope (a page in no-quirks mode, as every page
/// pipebook writes); `li`, `dd` and `dt` do too, after their own walk.
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "plaintext"
            | "pre"
            | "search"
            | "section"
            | "summary"
            | "table"
            | "ul"
            | "xmp"
    )
}

/// Where the walks of the start tags that end elements stop, for a stack of open
/// elements: the position (from the bottom, 1 for the outermost; 0 for none) of the `<li>`
/// an `<li>` ends, of the `<dd>` or `<dt>` that those end, and of the `<p>` in button
/// scope.
#[derive(Clone, Copy, Default, Debug, PartialEq)]
pub(super) struct Reach {
    li: usize,
    dd: usize,
    p: usize,
}

impl Reach {
    /// The reach of a stack whose innermost element, `name` at `position`, was opened over
    /// elements of reach `self`.
    pub(super) fn over(self, name: &str, position: usize) -> Reach {
        let stops = special(name) && !matches!(name, "address" | "div" | "p");
        let item = |is: bool, below: usize| match (is, stops) {
            (true, _) => position,
            (false, true) => 0,
            (false, false) => below,
        };
        Reach {
            li: item(name == "li", self.li),
            dd: item(matches!(name, "dd" | "dt"), self.dd),
            p: match name {
                "p" => position,
                _ if bounds_button_scope(name) => 0,
                _ => self.p,
            },
        }
    }
}

/// How many elements stay open when start tag `start` ends an `<li>` (or a `<dd>`,
/// `<dt>`) open, of a stack of reach `reach`; None when it ends none.
pub(super) fn item_ends(start: &str, reach: Reach) -> Option<usize> {
    let at = match start {
        "li" => reach.li,
        "dd" | "dt" => reach.dd,
        _ => 0,
    };
    at.checked_sub(1)
}

/// How many elements stay open when start tag `start` ends the `<p>` open (after
/// [`item_ends`]), of a stack of reach `reach`; None when it ends none.
pub(super) fn p_ends(start: &str, reach: Reach) -> Option<usize> {
    let closes = matches!(start, "li" | "dd" | "dt") || closes_p(start);
    reach.p.checked_sub(1).filter(|_| closes)
}

#[cfg(test)]
mod tests {
    use super::{item_ends, p_ends, Reach};

    /// How many of `open` (outermost first) a browser closes when `start` comes.
    fn closed(start: &str, open: &[&str]) -> usize {
        let mut reaches = vec![Reach::default()];
        for (i, name) in open.iter().enumerate() {
            reaches.push(reaches[i].over(name, i + 1));
        }
        let mut len = open.len();
        if let Some(keep) = item_ends(start, reaches[len]) {
            len = keep;
        }
        if let Some(keep) = p_ends(start, reaches[len]) {
            len = keep;
        }
        open.len() - len
    }

    #[test]
    fn ends_as_a_browser_does() {
        // An item ends the item open, through a `div` or `p`, not through a list.
        assert_eq!(closed("li", &["ul", "li", "rp"]), 2);
        assert_eq!(closed("li", &["ul", "li", "div", "b", "rp"]), 4);
        assert_eq!(closed("li", &["ul", "li", "ul", "rp"]), 0);
        assert_eq!(closed("dt", &["dl", "dd", "span", "rp"]), 3);
        // Then the paragraph it is in.
        assert_eq!(closed("li", &["p", "rp"]), 2);
        assert_eq!(closed("div", &["div", "p", "em", "rp"]), 3);
        assert_eq!(closed("h3", &["p", "rp"]), 2);
        // Not through a table cell or a button, nor for a phrasing element.
        assert_eq!(closed("div", &["p", "table", "tbody", "tr", "td", "rp"]), 0);
        assert_eq!(closed("p", &["p", "button", "rp"]), 0);
        assert_eq!(closed("span", &["p", "rp"]), 0);
        assert_eq!(closed("div", &["div", "rp"]), 0);
    }
}
