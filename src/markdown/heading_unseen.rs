//! Which words of a heading its page does not show, for its title, contents and search.
//!
//! A heading's inline HTML can hide the words after it: cleaning removes a `<template>`,
//! `<script>` or `<style>` with its text (and SVG and MathML: see
//! `sanitize::hides_content`), and browsers never draw an `<rp>`. On main the page's
//! `<h1>` read "Lag now" while its tab, the home page's listing and search read `# Lag
//! <template>database down</template> now` as "Lag database down now".

use super::raw_html::{hides_text, inline_tag};

/// The hiding elements open in one heading, tag by tag.
#[derive(Default)]
pub(super) struct Unseen {
    /// Elements open whose content cleaning removes.
    removed: usize,
    /// `<rp>`s open, and `<ruby>`s: a ruby part starting inside a ruby ends an `<rp>`
    /// (see `sanitize::ends_rp`), and the ruby's end ends them all.
    rp: usize,
    ruby: usize,
}

impl Unseen {
    /// Takes one piece of the heading's inline HTML (a tag, a comment) on a page
    /// `cleaned` or not.
    pub(super) fn tag(&mut self, html: &str, cleaned: bool) {
        let Some((close, name)) = inline_tag(html) else {
            return;
        };
        let name = name.to_ascii_lowercase();
        let on_the_spot = html.trim_end().ends_with("/>");
        match (close, name.as_str()) {
            (false, "ruby") if !on_the_spot => self.ruby += 1,
            (true, "ruby") if self.ruby > 0 => {
                self.ruby -= 1;
                self.rp = 0;
            }
            (true, "rp") => self.rp = self.rp.saturating_sub(1),
            (false, part) if crate::sanitize::ends_rp(part) => {
                if self.ruby > 0 {
                    self.rp = 0;
                }
                self.rp += usize::from(part == "rp" && !on_the_spot);
            }
            _ => match hides_text(html, cleaned) {
                Some(true) => self.removed += 1,
                Some(false) => self.removed = self.removed.saturating_sub(1),
                None => {}
            },
        }
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
}
