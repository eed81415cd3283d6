//! Which words of a heading its page does not show, for its title, contents and search.
//!
//! A heading's inline HTML can hide the words after it: cleaning removes a `<template>`,
//! `<script>` or `<style>` with its text (and SVG and MathML: see
//! `sanitize::hides_content`), and browsers never draw an `<rp>`. On main the page's
//! `<h1>` read "Lag now" while its tab, the home page's listing and search read `# Lag
//! <template>database down</template> now` as "Lag database down now".

use super::implied_end::{self, Reach};
use super::raw_html::{hides_text, inline_tag};
use super::raw_stack::VOID;

/// What an element open in the heading does to the words inside it.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Cleaning removes it with its text.
    Removed,
    /// An `<rp>`, which browsers never draw.
    Rp,
    /// A `<ruby>`, inside which a ruby part ends the `<rp>` open.
    Ruby,
    Other,
}

/// An element open in the heading.
struct Open {
    name: String,
    kind: Kind,
    /// How many `Removed` elements are open up to it, itself included.
    removed_to: usize,
    /// Where the walks of the start tags that end elements stop, with it innermost.
    reach: Reach,
}

/// The elements open in one heading, tag by tag, as a browser nests them: a start tag
/// ends what it ends there (see `implied_end`), so `## A <ul><li><rp>x<li>shown</ul>`
/// shows "shown", as `<p><rp>x<div>shown` does (both read "A" alone in the contents and
/// search). An end tag closes the innermost element of its name and all open inside
/// it, unless that would close one whose text cleaning removes from inside (a
/// `<template>`'s content is a document of its own). Each element is pushed and popped
/// once: linear in the heading.
#[derive(Default)]
pub(super) struct Unseen {
    open: Vec<Open>,
    /// How many of `open` are `Removed`, `Rp` and `Ruby`.
    removed: usize,
    rp: usize,
    ruby: usize,
    /// How many of `open` there are of each name and `removed_to`: an end tag finds its
    /// element only among those open inside the innermost removed one, without a walk.
    named: super::FastMap<(String, usize), usize>,
}

impl Unseen {
    /// Takes one piece of the heading's inline HTML (a tag, a comment) on a page
    /// `cleaned` or not.
    pub(super) fn tag(&mut self, html: &str, cleaned: bool) {
        let Some((close, name)) = inline_tag(html) else {
            return;
        };
        let name = name.to_ascii_lowercase();
        if VOID.contains(&name.as_str()) {
            return;
        }
        if close {
            self.end_tag(&name);
            return;
        }
        // Inside removed text (a script's, a template's) nothing shows whatever comes.
        if self.removed == 0 {
            self.implied_end(&name);
        }
        let kind = match hides_text(html, cleaned) {
            Some(true) => Kind::Removed,
            // `<style/>`, `<template></template>`: closed where it stands.
            _ if name != "rp" && crate::sanitize::hides_content(&name, cleaned) => return,
            _ if html.trim_end().ends_with("/>") => return,
            _ if name == "rp" => Kind::Rp,
            _ if name == "ruby" => Kind::Ruby,
            _ => Kind::Other,
        };
        let below = self.open.last();
        let reach = below.map_or_else(Reach::default, |o| o.reach);
        let removed_to = below.map_or(0, |o| o.removed_to) + usize::from(kind == Kind::Removed);
        let reach = reach.over(&name, self.open.len() + 1);
        self.count(&name, kind, removed_to, 1);
        self.open.push(Open {
            name,
            kind,
            removed_to,
            reach,
        });
    }

    /// Start tag `name` comes: closes what a browser closes before it.
    fn implied_end(&mut self, name: &str) {
        // A ruby part inside a ruby ends the `<rp>`, `<rt>`, `<rb>` open innermost.
        if crate::sanitize::ends_rp(name) && self.ruby > 0 {
            while (self.open.last()).is_some_and(|o| crate::sanitize::ends_rp(&o.name)) {
                self.pop();
            }
        }
        let reach = |open: &[Open]| open.last().map_or_else(Reach::default, |o| o.reach);
        if let Some(keep) = implied_end::item_ends(name, reach(&self.open)) {
            self.truncate(keep);
        }
        if let Some(keep) = implied_end::p_ends(name, reach(&self.open)) {
            self.truncate(keep);
        }
    }

    /// End tag `name`: closes the innermost element of that name, and all inside it,
    /// unless a removed element is open inside that one.
    fn end_tag(&mut self, name: &str) {
        let key = (name.to_string(), self.removed);
        if self.named.get(&key).copied().unwrap_or(0) == 0 {
            return;
        }
        if let Some(at) = self.open.iter().rposition(|o| o.name == name) {
            self.truncate(at);
        }
    }

    fn truncate(&mut self, keep: usize) {
        while self.open.len() > keep {
            self.pop();
        }
    }

    fn pop(&mut self) {
        if let Some(open) = self.open.pop() {
            self.count(&open.name, open.kind, open.removed_to, -1);
        }
    }

    /// Counts an element of `name`, `kind` and `removed_to` in (`by` 1) or out (-1).
    fn count(&mut self, name: &str, kind: Kind, removed_to: usize, by: isize) {
        let field = match kind {
            Kind::Removed => Some(&mut self.removed),
            Kind::Rp => Some(&mut self.rp),
            Kind::Ruby => Some(&mut self.ruby),
            Kind::Other => None,
        };
        if let Some(field) = field {
            *field = field.saturating_add_signed(by);
        }
        let n = self
            .named
            .entry((name.to_string(), removed_to))
            .or_default();
        *n = n.saturating_add_signed(by);
    }

    /// Whether text here is not shown.
    pub(super) fn hides(&self) -> bool {
        self.removed + self.rp > 0
    }
}

#[cfg(test)]
mod tests {
    use super::Unseen;

    /// The words of `pieces` (tags start with `<`) that show.
    fn shown(pieces: &[&str], cleaned: bool) -> String {
        let mut unseen = Unseen::default();
        let mut out = Vec::new();
        for piece in pieces {
            if piece.starts_with('<') {
                unseen.tag(piece, cleaned);
            } else if !unseen.hides() {
                out.push(*piece);
            }
        }
        out.join(" ")
    }

    #[test]
    fn hidden_elements_hide_their_words() {
        let heading = [
            "Lag",
            "<template>",
            "db",
            "</template>",
            "now",
            "<style/>",
            "up",
        ];
        assert_eq!(shown(&heading, true), "Lag now up");
        let svg = ["a", "<svg>", "no", "</svg>", "b"];
        assert_eq!(shown(&svg, true), "a b");
        // Uncleaned, a drawing's text shows.
        assert_eq!(shown(&svg, false), "a no b");
        assert_eq!(shown(&["a", "<RP>", "no", "</rp>", "b"], false), "a b");
    }

    #[test]
    fn a_ruby_part_ends_an_rp() {
        let ruby = [
            "x", "<ruby>", "字", "<rp>", "(", "<rt>", "zi", "<rp>", ")", "</ruby>", "y",
        ];
        assert_eq!(shown(&ruby, true), "x 字 zi y");
        // Outside a ruby, an `<rt>` inside an `<rp>` is hidden with it.
        let bare = ["x", "<rp>", "<rt>", "no", "</rt>", "</rp>", "y"];
        assert_eq!(shown(&bare, true), "x y");
    }

    #[test]
    fn a_start_tag_ends_an_rp_as_a_browser_ends_it() {
        let item = ["A", "<ul>", "<li>", "<rp>", "no", "<li>", "yes", "</ul>"];
        assert_eq!(shown(&item, true), "A yes");
        let para = ["A", "<p>", "<rp>", "no", "<div>", "yes", "</div>"];
        assert_eq!(shown(&para, true), "A yes");
        // Not through a list, nor by a start tag that ends no paragraph.
        let list = ["A", "<li>", "<rp>", "no", "<ul>", "<li>", "no", "</ul>"];
        assert_eq!(shown(&list, true), "A");
        assert_eq!(
            shown(&["A", "<p>", "<rp>", "no", "<span>", "no"], true),
            "A"
        );
        // An end tag closes what is open inside its element, not inside a template.
        let end = ["A", "<b>", "<rp>", "no", "</b>", "yes"];
        assert_eq!(shown(&end, true), "A yes");
        let template = [
            "A",
            "<b>",
            "<template>",
            "no",
            "</b>",
            "no",
            "</template>",
            "yes",
        ];
        assert_eq!(shown(&template, true), "A yes");
    }
}
