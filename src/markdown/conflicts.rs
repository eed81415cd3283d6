//! Git's conflict markers in a runbook's text (see `diagnostics::conflict_markers`): an
//! error, as a runbook showing both sides of a conflict gives two versions of its steps.
//!
//! Git writes its markers at the start of the file's lines, whatever the Markdown around
//! them (a list item, a table, a quote, an HTML block, a callout's body), so the lines of
//! the text as written are read, not the parser's events: in an HTML block the markers
//! were raw HTML, and in a Hugo callout they were quoted. A conflict is a marker followed
//! by a later one of git's order (`<<<<<<<`, `|||||||`, `=======`, `>>>>>>>`): git writes
//! them together, while a lone one is ASCII art or a quote seven deep (`>>>>>>>`), and
//! `=======` underlines a heading of seven letters ("Restart\n======="). Code blocks quote
//! markers on purpose (a runbook on resolving a failed merge): a pair both in code is
//! left alone; one with a side outside code is a conflict whose fences the sides broke.

use std::ops::Range;

use pulldown_cmark::{Event, Tag};

use crate::diagnostics::conflict_markers;

/// The code blocks of a page and how far its events went, as they go by.
#[derive(Default)]
pub(super) struct ConflictMarkers {
    /// Where each code block is in the body, in order.
    pub code: Vec<Range<usize>>,
    /// The end of the last event read: a page cut short at a limit is read no further.
    pub read_to: usize,
}

impl ConflictMarkers {
    /// Notes one event of the page at `range` of the body.
    pub fn read(&mut self, event: &Event<'_>, range: &Range<usize>) {
        if let Event::Start(Tag::CodeBlock(_)) = event {
            self.code.push(range.clone());
        }
        self.read_to = self.read_to.max(range.end);
    }
}

/// Where a merge conflict starts in `text` (a runbook's text as written, up to `read_to`)
/// and its first marker, given where its code blocks are (`code`, in order, in the same
/// offsets). Linear.
pub(super) fn first_conflict(
    text: &str,
    code: impl IntoIterator<Item = Range<usize>>,
    read_to: usize,
) -> Option<(usize, &'static str)> {
    let order = |m: &str| {
        ["<<<<<<<", "|||||||", "=======", ">>>>>>>"]
            .iter()
            .position(|o| *o == m)
    };
    let mut code = code.into_iter().peekable();
    let mut before: Option<(usize, &'static str, bool)> = None;
    for (at, marker) in conflict_markers(text).take_while(|&(at, _)| at < read_to) {
        while code.peek().is_some_and(|r| r.end <= at) {
            code.next();
        }
        let in_code = code.peek().is_some_and(|r| r.start <= at);
        if let Some((was_at, was, was_in_code)) = before {
            if order(marker) > order(was) && !(in_code && was_in_code) {
                return Some((was_at, was));
            }
        }
        before = Some((at, marker, in_code));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The conflict in `md`, its code blocks found by the parser.
    fn conflict(md: &str) -> Option<(usize, &'static str)> {
        let mut seen = ConflictMarkers::default();
        for (event, range) in pulldown_cmark::Parser::new(md).into_offset_iter() {
            seen.read(&event, &range);
        }
        first_conflict(md, seen.code, seen.read_to)
    }

    /// Wherever the Markdown puts git's lines, two markers in order are a conflict. On
    /// main the first two (an HTML block, a comment) and the zero-width one built.
    #[test]
    fn a_conflict_is_found_in_every_block() {
        let sides = "<<<<<<< HEAD\nRestart.\n=======\nPage the owner.\n>>>>>>> pr-7\n";
        for (before, after) in [
            ("<details>\n", "</details>\n"),
            ("<!--\n", "-->\n"),
            ("\u{200B}", ""),
            ("- step one\n", "- step two\n"),
            ("| a | b |\n|---|---|\n| 1 | 2 |\n", ""),
            ("> quoted\n", "> more\n"),
            ("Text.\n\n", ""),
            ("```\ncode\n```\n", "```\ncode\n```\n"),
        ] {
            let md = format!("# R\n\n{before}{sides}{after}");
            let at = md.find("<<<<<<<").unwrap();
            assert_eq!(conflict(&md), Some((at, "<<<<<<<")), "{md}");
        }
        // The opener taken out by hand, the rest left; `|||||||` of diff3's style.
        let md = "Text.\n\n=======\nB\n>>>>>>> pr-7\n";
        assert_eq!(conflict(md), Some((7, "=======")));
        assert_eq!(
            conflict("x\n||||||| base\ny\n=======\n"),
            Some((2, "|||||||"))
        );
    }

    /// A conflict whose sides break a fence: one marker in code, the next out of it.
    #[test]
    fn a_conflict_across_a_fence_is_found() {
        let md = "```sh\n<<<<<<< HEAD\nrun a\n```\n=======\nrun b\n```\n>>>>>>> pr\n";
        assert_eq!(conflict(md), Some((6, "<<<<<<<")));
        let md = "<<<<<<< HEAD\n```bash\n=======\n```sh\n>>>>>>> pr\nrun\n```\n";
        assert_eq!(conflict(md), Some((0, "<<<<<<<")));
    }

    /// Lone markers, markers out of git's order and markers quoted in code are not a
    /// conflict. On main the first two (ASCII art, a quote seven deep) were refused.
    #[test]
    fn lone_and_quoted_markers_are_text() {
        for md in [
            "Arrows:\n\n>>>>>>>\n",
            "# R\n\n>>>>>>> deep quote\n",
            "<<<<<<< back to the start\n",
            "Restart\n=======\n\ntext\n\n<<<<<<< left\n",
            ">>>>>>> art\n\n<<<<<<< art\n",
            "```\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> b\n```\n\nRestart\n=======\n",
            "```\n<<<<<<< HEAD\n```\n\nthen\n\n```\n=======\n```\n\n~~~\n>>>>>>> b\n~~~\n",
            "    <<<<<<< HEAD\n    =======\n",
            "`<<<<<<< HEAD` in a line\n=======\n",
        ] {
            assert_eq!(conflict(md), None, "{md}");
        }
    }

    /// A page cut short at a limit is read no further: its code blocks past it are not
    /// known.
    #[test]
    fn markers_past_what_was_read_are_left() {
        let md = "a\n\n<<<<<<< HEAD\n=======\n";
        assert_eq!(first_conflict(md, [], 3), None);
        assert_eq!(first_conflict(md, [], md.len()), Some((3, "<<<<<<<")));
    }
}
