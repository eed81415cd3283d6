//! The words of an HTML block that its page shows, for the search index.
//!
//! The text of a block of raw HTML (`<p hidden>…</p>`, whose `hidden` cleaning removes,
//! a `<table>`, a `<details>`) is on the page, so a reader must find it by search. Not
//! all of it: cleaning removes scripts and styles with their text, and SVG and MathML
//! with everything inside them, and drops a `<template>`'s content; a search hit on those
//! words would lead to a page that does not show them. The block is read as a browser
//! reads it, token by token (html5ever's tokenizer, as cleaning reads it), after
//! `raw_stack` has left out what it leaves out: one pass over the block.

use std::collections::HashMap;

use html5ever::tokenizer::{TagKind, Token};
use html5ever::LocalName;

use super::tokens::{closed_on_the_spot, tokenize};
use crate::markdown::implied_end::{item_ends, p_ends, Reach};
use crate::markdown::raw_stack::VOID;
use crate::sanitize::{drawn, ends_rp, hides_content, stripped};

/// Start tags that end SVG or MathML where they stand: a browser closes the drawing and
/// reads them as HTML (the HTML standard's "breakout" tags of foreign content). `<font>`
/// breaks out only with `color`, `face` or `size`.
const BREAKOUT: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];

/// Elements of SVG and MathML inside which tags are read as HTML (no breakout); their
/// text is still the drawing's, which cleaning removes.
const INTEGRATION: &[&str] = &[
    "foreignobject",
    "desc",
    "title",
    "mi",
    "mo",
    "mn",
    "ms",
    "mtext",
    "annotation-xml",
];

/// Elements that run inside a line of text: their tags part no words.
const PHRASING: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdi", "big", "cite", "code", "data", "del", "dfn", "em", "font",
    "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup",
    "time", "tt", "u", "var", "wbr",
];

/// What stays open from one HTML block to the next.
#[derive(Default)]
pub(in crate::markdown) struct Shown {
    /// SVG and MathML elements open, innermost last. An HTML block that leaves a drawing
    /// open leaves it open for the next block when only blank lines (or a quote's `>`)
    /// stand between them; Markdown's own tags (`<p>`, `<li>`, `<h2>`) break out of it.
    foreign: Stack,
    /// Where in the body the last HTML block ended.
    block_end: usize,
}

impl Shown {
    /// The words of `block` (the HTML as written to the page, found at `start..end` of
    /// `body`) that the page shows, spaced where its elements part them, appended to
    /// `out`; `dropping` are the elements open before it whose content cleaning drops
    /// (see `raw_stack`), on a page `cleaned` or not (`sanitize_html: false`, where a
    /// drawing's text is shown: see [`Stack::drawn`]).
    pub(in crate::markdown) fn read(
        &mut self,
        block: &str,
        (body, start, end): (&str, usize, usize),
        (dropping, cleaned): (usize, bool),
        out: &mut String,
    ) {
        let between = body.get(self.block_end..start).unwrap_or("x");
        if !between
            .bytes()
            .all(|b| b.is_ascii_whitespace() || b == b'>')
        {
            self.foreign.clear();
        }
        self.block_end = end;
        let mut html = Html {
            outer: dropping,
            cleaned,
            ..Html::default()
        };
        for (token, _) in tokenize(block) {
            match token {
                Token::CharacterTokens(text)
                    if (self.foreign.is_empty() || (!cleaned && self.foreign.drawn()))
                        && !html.hides() =>
                {
                    words(&text, out);
                }
                Token::TagToken(tag) if tag.kind == TagKind::EndTag => {
                    if !self.foreign.close(&tag.name) && self.foreign.is_empty() {
                        html.close(&tag.name);
                    }
                    part(&tag.name, out);
                }
                Token::TagToken(tag) => {
                    let name = &*tag.name;
                    let closed = tag.self_closing;
                    if let Some(top) = self.foreign.last() {
                        let top = &**top;
                        if INTEGRATION.contains(&top) && !matches!(name, "svg" | "math") {
                            continue;
                        }
                        let font = name == "font"
                            && tag
                                .attrs
                                .iter()
                                .any(|a| matches!(&*a.name.local, "color" | "face" | "size"));
                        if !(BREAKOUT.contains(&name) || font) {
                            if !closed {
                                self.foreign.push(&tag.name, false, false);
                            }
                            continue;
                        }
                        self.foreign.clear();
                    }
                    if matches!(name, "svg" | "math") {
                        if !closed {
                            self.foreign.push(&tag.name, false, false);
                        }
                    } else if !closed_on_the_spot(&tag) && !VOID.contains(&name) {
                        html.open(&tag.name);
                    }
                    part(name, out);
                }
                _ => {}
            }
        }
    }
}

/// The HTML elements open in a block, to know which end tag closes which (as a browser
/// does: `</div>` closes a `<g>` opened inside the `<div>`) and whether one whose content
/// cleaning drops is open.
#[derive(Default)]
struct Html {
    open: Stack,
    /// Those open before the block whose content cleaning drops.
    outer: usize,
    /// Whether the page is cleaned (`sanitize_html`, the default).
    cleaned: bool,
}

impl Html {
    fn hides(&self) -> bool {
        self.open.flagged + self.outer > 0
    }

    fn open(&mut self, name: &LocalName) {
        // A ruby part ends an `<rp>` inside a `<ruby>` (see `sanitize::ends_rp`): what
        // follows is shown, and the `</rp>` an author may write after still closes it.
        if ends_rp(name) && self.open.has("ruby") {
            self.open.unflag_last("rp");
        }
        // An `<li>` ends the one open, a `<div>` the paragraph, and all inside them.
        if let Some(keep) = item_ends(name, self.open.reach()) {
            self.open.pop_to(keep);
        }
        if let Some(keep) = p_ends(name, self.open.reach()) {
            self.open.pop_to(keep);
        }
        let stripped = self.cleaned && stripped(name);
        self.open
            .push(name, hides_content(name, self.cleaned), stripped);
    }

    fn close(&mut self, name: &LocalName) {
        // One opened by an earlier block (`raw_stack` left out the end tags that close
        // nothing): one of those cleaning drops, perhaps.
        if !self.open.close(name) && hides_content(name, self.cleaned) {
            self.outer = self.outer.saturating_sub(1);
        }
    }
}

/// Elements open, innermost last, each flagged or not.
#[derive(Default)]
struct Stack {
    open: Vec<(LocalName, bool, Reach)>,
    /// How many of `open` bear each name: an end tag of none closes nothing here, known
    /// without walking the stack (which a page of 50,000 `<g>` and as many `</div>`
    /// would walk 50,000 times).
    named: HashMap<LocalName, usize>,
    /// How many of `open` are flagged.
    flagged: usize,
}

impl Stack {
    /// Opens `name`, flagged or not; `stripped` when cleaning removes its tags (see
    /// `sanitize::stripped`): the page a browser reads does not hold it, so it bounds no
    /// walk of the start tags that end elements.
    fn push(&mut self, name: &LocalName, flag: bool, stripped: bool) {
        self.flagged += usize::from(flag);
        *self.named.entry(name.clone()).or_default() += 1;
        let reach = if stripped {
            self.reach()
        } else {
            self.reach().over(name, self.open.len() + 1)
        };
        self.open.push((name.clone(), flag, reach));
    }

    /// Where the walks of the start tags that end elements stop (see `implied_end`).
    fn reach(&self) -> Reach {
        self.open.last().map_or(Reach::default(), |open| open.2)
    }

    /// Closes the innermost elements open but `keep`.
    fn pop_to(&mut self, keep: usize) {
        while self.open.len() > keep {
            let Some((open, flag, _)) = self.open.pop() else {
                return;
            };
            self.flagged -= usize::from(flag);
            if let Some(count) = self.named.get_mut(&open) {
                *count -= 1;
            }
        }
    }

    /// Closes the innermost `name` and what is open inside it; false if none is open.
    fn close(&mut self, name: &LocalName) -> bool {
        if self.named.get(name).copied().unwrap_or(0) == 0 {
            return false;
        }
        while let Some((open, flag, _)) = self.open.pop() {
            self.flagged -= usize::from(flag);
            if let Some(n) = self.named.get_mut(&open) {
                *n -= 1;
            }
            if open == *name {
                break;
            }
        }
        true
    }

    /// Takes the flag off the innermost element open if it is a `name`.
    fn unflag_last(&mut self, name: &str) {
        if let Some((open, flag, _)) = self.open.last_mut() {
            if &**open == name && *flag {
                *flag = false;
                self.flagged -= 1;
            }
        }
    }

    fn has(&self, name: &str) -> bool {
        (self.named.get(&LocalName::from(name))).is_some_and(|&n| n > 0)
    }

    /// Whether a browser draws the text inside the SVG or MathML open (on a page not
    /// cleaned: see `sanitize::drawn`).
    fn drawn(&self) -> bool {
        drawn(|name| self.has(name))
    }

    fn last(&self) -> Option<&LocalName> {
        self.open.last().map(|(name, _, _)| name)
    }

    fn is_empty(&self) -> bool {
        self.open.is_empty()
    }

    fn clear(&mut self) {
        *self = Stack::default();
    }
}

/// `text` with each run of white space (line breaks of the block too) one space, as the
/// page shows it.
fn words(text: &str, out: &mut String) {
    for (i, word) in text.split_ascii_whitespace().enumerate() {
        let spaced = i > 0 || text.starts_with(|c: char| c.is_ascii_whitespace());
        if spaced && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        out.push_str(word);
    }
    if text.ends_with(|c: char| c.is_ascii_whitespace()) && !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// A space where an element's tag parts words (a table's cells, a list's items).
fn part(name: &str, out: &mut String) {
    if !PHRASING.contains(&name) && !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::Shown;

    fn shown(blocks: &[&str], templates: usize) -> String {
        shown_on(blocks, templates, true)
    }

    fn shown_on(blocks: &[&str], templates: usize, cleaned: bool) -> String {
        let body = blocks.join("\n\n");
        let mut state = Shown::default();
        let mut out = String::new();
        let mut at = 0;
        for block in blocks {
            let open = (templates, cleaned);
            state.read(block, (&body, at, at + block.len()), open, &mut out);
            out.push(' ');
            at += block.len() + 2;
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn the_words_a_browser_shows_are_read() {
        let block = "<p hidden>Shown one</p><table><tr><td>two</td><td>three</td></tr></table>\
            <details><summary>four</summary>f<b>iv</b>e</details><iframe>six</iframe>\
            <script>no1</script><style>no2</style><template>no3<p>no4</p></template>\
            <svg><text>no5</text><foreignObject><p>no6</p></foreignObject>no7</svg>\
            <math><mi>no8</mi></math><svg><g>no9<p>seven</p>eight";
        assert_eq!(
            shown(&[block], 0),
            "Shown one two three four five six seven eight"
        );
    }

    #[test]
    fn what_earlier_blocks_left_open_is_known() {
        // A template open before the block: its content up to `</template>` is hidden.
        assert_eq!(shown(&["<div>no</template> yes</div>"], 1), "yes");
        // A drawing left open holds the next block's text, up to a breakout tag.
        assert_eq!(shown(&["<svg>", "<g>no</g></svg>yes"], 0), "yes");
        assert_eq!(shown(&["<svg>", "<text>no</text><p>yes"], 0), "yes");
        // An HTML element named as SVG's or MathML's is dropped whole by cleaning, up to
        // its end or an end tag that closes an element around it.
        assert_eq!(shown(&["<div><g>no<b>no</b></div> yes <mi>no"], 0), "yes");
        assert_eq!(shown(&["no</text> yes"], 1), "yes");
    }

    /// `sanitize_html: false`: a browser shows what cleaning would have removed but for
    /// scripts, styles, templates, and what a drawing does not draw.
    #[test]
    fn an_uncleaned_page_shows_the_drawings_text() {
        let block = "<svg><text>one<tspan>two</tspan></text><g>no1</g><title>no2</title>\
            <defs><text>no3</text></defs><foreignObject><p>three</p></foreignObject></svg>\
            <math><mi>four</mi><semantics><mn>five</mn><annotation>no4</annotation></semantics></math>\
            <text>six</text><g>seven</g><script>no5</script><style>no6</style>\
            <template>no7</template>";
        assert_eq!(
            shown_on(&[block], 0, false),
            "onetwo three four five six seven"
        );
        assert_eq!(shown_on(&[block], 0, true), "");
    }
}
