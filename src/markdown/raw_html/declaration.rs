//! HTML declarations (`<!…>`) that GitHub shows as text.
//!
//! pulldown-cmark reads declarations as CommonMark 0.31 does: `<!` and any ASCII letter,
//! to the next `>`, in a line (raw inline HTML) or at a line's start (an HTML block, to
//! the end of the line holding `>`). GitHub's renderer (cmark-gfm 0.29.0.gfm.13) keeps the
//! older rule: in a line, `<!`, capital ASCII letters and white space (`<!DOCTYPE html>`);
//! at a line's start, `<!` and a capital letter. Any other such text is text there. `Drop
//! the partitions <!on the staging replica only> now.` then read "on the staging replica
//! only" in the pull request and "Drop the partitions now." on the site, where the browser
//! shows no declaration (tests/red55.rs). Checked against cmarkgfm 2025.10.22: `<!X y>`,
//! `<!XY z>`, `<!X\ty>` are declarations in a line; `<!X>`, `<!Xy z>`, `<!x y>`,
//! `<!X-Y z>`, `<!X1 z>` are text; `<!Xy>` at a line's start is a block, `<!x y>` text.

use crate::diagnostics::Diagnostics;
use crate::markdown::{limits, Page};

impl Page<'_, '_> {
    /// A warning at `start` when `html`, a piece of inline HTML (`block`: an HTML block's
    /// first line), is a declaration GitHub shows as text: the first
    /// [`limits::MAX_LINK_REPORTS`] of a page.
    pub(in crate::markdown) fn check_declaration(
        &mut self,
        start: usize,
        html: &str,
        block: bool,
        diags: &mut Diagnostics,
    ) {
        let shown = match block {
            true => block_shown_on_github(html),
            false => inline_shown_on_github(html),
        };
        if shown && self.github_declarations.admit(false) {
            let quoted = limits::cut(html.lines().next().unwrap_or(""), 60);
            diags.warning(
                self.location(start),
                format!("GitHub shows `{quoted}` as text (a declaration there is `<!`, capital letters and a space, as in `<!DOCTYPE html>`), and the site leaves it out: reviewers read words that readers never see"),
                "write the words as text, without `<!` (or as `&lt;!`), or remove them",
            );
        }
    }

    /// Says how many such declarations went untold past the first of the page.
    pub(in crate::markdown) fn report_declarations_left_out(&mut self, diags: &mut Diagnostics) {
        let reports = self.github_declarations;
        reports.tell_left_out(
            self,
            "HTML declarations (`<!…>`) of this file are shown as text on GitHub and left out of the site",
            "declarations",
            diags,
        );
    }
}

/// The name of a declaration, `<!` and an ASCII letter, and what follows it; `None` for
/// any other piece (a comment, `<![CDATA[`, a tag).
fn declaration(html: &str) -> Option<&str> {
    let rest = html.strip_prefix("<!")?;
    rest.starts_with(|c: char| c.is_ascii_alphabetic())
        .then_some(rest)
}

/// Whether `html`, a piece of inline HTML, is a declaration that GitHub shows as text:
/// anything but capital letters, then white space, then text without `>`, then `>`.
fn inline_shown_on_github(html: &str) -> bool {
    let Some(rest) = declaration(html) else {
        return false;
    };
    let name = rest.len()
        - rest
            .trim_start_matches(|c: char| c.is_ascii_uppercase())
            .len();
    // cmark's white space: space, tab, line feed, vertical tab, form feed, carriage return.
    let spaced = rest[name..].starts_with([' ', '\t', '\n', '\u{b}', '\u{c}', '\r']);
    name == 0 || !spaced
}

/// Whether an HTML block whose first line is `line` is one GitHub shows as text: a
/// declaration there starts with a capital letter.
fn block_shown_on_github(line: &str) -> bool {
    declaration(line.trim_start_matches(' '))
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::{block_shown_on_github, inline_shown_on_github};

    #[test]
    fn declarations_github_shows_as_text() {
        // As cmarkgfm 2025.10.22 (cmark-gfm 0.29.0.gfm.13) renders them in a line.
        for shown in [
            "<!X>",
            "<!Xy z>",
            "<!x y>",
            "<!on the staging replica only>",
            "<!X-Y z>",
            "<!X1 z>",
            "<!Doctype html>",
        ] {
            assert!(inline_shown_on_github(shown), "{shown:?}");
        }
        for hidden in [
            "<!X y>",
            "<!XY z>",
            "<!X\ny>",
            "<!X\ty>",
            "<!X >",
            "<!DOCTYPE html>",
            "<!-- x -->",
            "<![CDATA[x]]>",
            "<b>",
        ] {
            assert!(!inline_shown_on_github(hidden), "{hidden:?}");
        }
    }

    #[test]
    fn declaration_blocks_github_shows_as_text() {
        assert!(block_shown_on_github("<!x y>\n"));
        assert!(block_shown_on_github("  <!staging only>\n"));
        assert!(!block_shown_on_github("<!Xy>\n"));
        assert!(!block_shown_on_github("<!DOCTYPE html>\n"));
        assert!(!block_shown_on_github("<!-- x -->\n"));
        assert!(!block_shown_on_github("<div>\n"));
    }
}
