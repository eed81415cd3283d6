//! Git's conflict markers in a runbook's text (see `diagnostics::conflict_markers`): an
//! error, as a runbook showing both sides of a conflict gives two versions of its steps.
//!
//! Git writes its markers at the start of the file's lines, whatever the Markdown around
//! them (a list item, a table, a quote, an HTML block, a callout's body), so the lines of
//! the text as written are read, not the parser's events: in an HTML block the markers
//! were raw HTML, and in a Hugo callout they were quoted. A conflict is a marker followed
//! by a later one of git's order (`<<<<<<<`, `|||||||`, `=======`, `>>>>>>>`): git writes
//! them together, while a lone one is ASCII art or a quote seven deep (`>>>>>>>`), and
//! `=======` underlines a heading of seven letters ("Restart\n======="), which a bare
//! `>>>>>>>` further on does not make a conflict: git names the side it closes. Code
//! blocks quote markers on purpose (a runbook on resolving a failed merge): a pair both
//! in code is left alone; one with a side outside code is a conflict whose fences the
//! sides broke.
//!
//! A conflict wholly inside one code block looks the same whether git left it or a writer
//! quoted it, and a refusal would fail every runbook on merging. Where it is likeliest
//! real and costliest, a block in a language the reader runs or applies (```` ```sh ````,
//! ```` ```yaml ````: the reader copies both sides), a whole `<<<<<<<` … `=======` …
//! `>>>>>>>` is a warning (an error under `--deny-warnings`), which a writer quoting one
//! on purpose answers by labelling the fence ```` ```text ```` or ```` ```diff ````.
//! Blocks without a language, and indented ones, are where examples go and stay silent.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Tag};

use super::Page;
use crate::diagnostics::{conflict_markers, Diagnostics};

/// A code block of the page, and whether its language is one the reader runs or applies.
#[derive(Clone, Debug)]
pub(super) struct CodeBlock {
    pub range: Range<usize>,
    pub runs: bool,
}

/// The code blocks and headings of a page and how far its events went, as they go by.
#[derive(Default)]
pub(super) struct ConflictMarkers {
    /// Where each code block is in the body, in order.
    pub code: Vec<CodeBlock>,
    /// Where each heading is in the body, in order: a `=======` in one underlines it.
    pub headings: Vec<Range<usize>>,
    /// The end of the last event read: a page cut short at a limit is read no further.
    pub read_to: usize,
}

/// Fence languages that show text rather than run it: a conflict quoted in one is an
/// example. Compared without letter case.
const QUOTING: &[&str] = &[
    "text",
    "txt",
    "plain",
    "plaintext",
    "none",
    "nohighlight",
    "diff",
    "patch",
    "udiff",
    "git",
    "console",
    "shell-session",
    "sh-session",
    "terminal",
    "output",
    "log",
    "markdown",
    "md",
];

impl ConflictMarkers {
    /// Notes one event of the page at `range` of the body.
    pub fn read(&mut self, event: &Event<'_>, range: &Range<usize>) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let runs = match kind {
                    CodeBlockKind::Indented => false,
                    CodeBlockKind::Fenced(info) => {
                        let lang = info.split([' ', ',', '{', '\t']).next().unwrap_or("");
                        !lang.is_empty() && !QUOTING.iter().any(|q| lang.eq_ignore_ascii_case(q))
                    }
                };
                self.code.push(CodeBlock {
                    range: range.clone(),
                    runs,
                });
            }
            Event::Start(Tag::Heading { .. }) => self.headings.push(range.clone()),
            _ => {}
        }
        self.read_to = self.read_to.max(range.end);
    }
}

impl Page<'_, '_> {
    /// Reports the page's first conflict (an error) or, short of one, its first conflict
    /// wholly in a block of code the reader runs (a warning), read in the text as written:
    /// the rewriting quotes a callout's lines.
    pub(super) fn report_conflicts(&mut self, seen: &ConflictMarkers, diags: &mut Diagnostics) {
        let written = self.file.get(self.runbook.body_start..).unwrap_or("");
        let read_to = self.as_written(seen.read_to);
        // Nearly every page has no marker: one reading of its lines, not one per question.
        if conflict_markers(written)
            .next()
            .is_none_or(|(at, _)| at >= read_to)
        {
            return;
        }
        let to_written = |r: &Range<usize>| self.as_written(r.start)..self.as_written(r.end);
        let code: Vec<CodeBlock> = (seen.code.iter())
            .map(|b| CodeBlock {
                range: to_written(&b.range),
                runs: b.runs,
            })
            .collect();
        let headings: Vec<Range<usize>> = seen.headings.iter().map(to_written).collect();
        let (at, message, error) = match first_conflict(written, &code, &headings, read_to) {
            Some((at, marker)) => (at, crate::diagnostics::conflict_message(marker), true),
            None => match conflict_in_code(written, &code, read_to) {
                Some(at) => (at, CONFLICT_IN_CODE.to_string(), false),
                None => return,
            },
        };
        let start = self.runbook.body_start + at;
        let location =
            (self.locator).location(&self.runbook.source.display, self.file, start..start + 1);
        match error {
            true => diags.error(location, message, crate::diagnostics::CONFLICT_HINT),
            false => diags.warning(location, message, CONFLICT_IN_CODE_HINT),
        }
    }
}

/// A whole conflict in a block of code the reader runs.
const CONFLICT_IN_CODE: &str = "a merge conflict (`<<<<<<<`, `=======`, `>>>>>>>`) inside a code block: a reader copying the block runs both sides";

/// What to do about a conflict in code.
const CONFLICT_IN_CODE_HINT: &str = "resolve the conflict if a merge left it; if the block shows one on purpose, label its fence ```text or ```diff";

/// Where a merge conflict starts in `text` (a runbook's text as written, up to `read_to`)
/// and its first marker, given where its code blocks and headings are (in order, in the
/// same offsets). Linear.
pub(super) fn first_conflict(
    text: &str,
    code: &[CodeBlock],
    headings: &[Range<usize>],
    read_to: usize,
) -> Option<(usize, &'static str)> {
    let order = |m: &str| {
        ["<<<<<<<", "|||||||", "=======", ">>>>>>>"]
            .iter()
            .position(|o| *o == m)
    };
    let (mut code, mut headings) = (code.iter().peekable(), headings.iter().peekable());
    // The marker before: where, which, whether in code, whether it underlines a heading.
    let mut before: Option<(usize, &'static str, bool, bool)> = None;
    for (at, marker) in conflict_markers(text).take_while(|&(at, _)| at < read_to) {
        while code.peek().is_some_and(|b| b.range.end <= at) {
            code.next();
        }
        while headings.peek().is_some_and(|r| r.end <= at) {
            headings.next();
        }
        let in_code = code.peek().is_some_and(|b| b.range.start <= at);
        let underline = marker == "=======" && headings.peek().is_some_and(|r| r.start <= at);
        if let Some((was_at, was, was_in_code, was_underline)) = before {
            let heading_then_art = was_underline && marker == ">>>>>>>" && bare(&text[at..]);
            if order(marker) > order(was) && !(in_code && was_in_code) && !heading_then_art {
                return Some((was_at, was));
            }
        }
        before = Some((at, marker, in_code, underline));
    }
    None
}

/// Whether the marker `line` starts with is alone on its line: git follows `<<<<<<<` and
/// `>>>>>>>` with the name of the side.
fn bare(line: &str) -> bool {
    let line = line.get(7..).unwrap_or("");
    let end = memchr::memchr2(b'\n', b'\r', line.as_bytes()).unwrap_or(line.len());
    line[..end].trim().is_empty()
}

/// Where the first whole conflict (`<<<<<<<`, perhaps `|||||||`, `=======`, `>>>>>>>` in
/// git's order and nothing between) wholly inside one code block that [`CodeBlock::runs`]
/// starts, in `text` up to `read_to`. Linear.
pub(super) fn conflict_in_code(text: &str, code: &[CodeBlock], read_to: usize) -> Option<usize> {
    let mut code = code.iter().peekable();
    // The block the conflict is in, where its `<<<<<<<` is, and how many markers were met.
    let mut open: Option<(usize, usize, u8)> = None;
    for (at, marker) in conflict_markers(text).take_while(|&(at, _)| at < read_to) {
        while code.peek().is_some_and(|b| b.range.end <= at) {
            code.next();
        }
        let block = code.peek().filter(|b| b.range.start <= at && b.runs);
        let Some(here) = block.map(|b| b.range.start) else {
            open = None;
            continue;
        };
        let open_here = open.filter(|&(block, ..)| block == here);
        open = match (marker, open_here) {
            ("<<<<<<<", _) => Some((here, at, 1)),
            ("|||||||", Some((b, o, 1))) => Some((b, o, 2)),
            ("=======", Some((b, o, 1 | 2))) => Some((b, o, 3)),
            (">>>>>>>", Some((_, o, 3))) => return Some(o),
            _ => None,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The conflict in `md`, its code blocks found by the parser.
    fn conflict(md: &str) -> Option<(usize, &'static str)> {
        let seen = read(md);
        first_conflict(md, &seen.code, &seen.headings, seen.read_to)
    }

    fn read(md: &str) -> ConflictMarkers {
        let mut seen = ConflictMarkers::default();
        for (event, range) in pulldown_cmark::Parser::new(md).into_offset_iter() {
            seen.read(&event, &range);
        }
        seen
    }

    /// The conflict wholly in a block of code the reader runs, in `md`.
    fn in_code(md: &str) -> Option<usize> {
        let seen = read(md);
        conflict_in_code(md, &seen.code, seen.read_to)
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
        assert_eq!(first_conflict(md, &[], &[], 3), None);
        assert_eq!(first_conflict(md, &[], &[], md.len()), Some((3, "<<<<<<<")));
        let md = "```sh\n<<<<<<< a\n=======\n>>>>>>> b\n```\n";
        let seen = read(md);
        assert_eq!(conflict_in_code(md, &seen.code, 10), None);
    }

    /// A heading underlined with `=======` and a bare `>>>>>>>` further on (ASCII art, a
    /// quote seven deep) are text; on main the pair was refused. The side's name after
    /// `>>>>>>>`, which git writes, keeps a conflict whose `<<<<<<<` line was deleted.
    #[test]
    fn a_heading_underline_then_a_bare_closer_is_text() {
        for md in [
            "Title\n=======\n\nThe flow:\n\n>>>>>>>\n",
            "Restart\n=======\n\n>>>>>>>   \r\n",
            "- Title\n  =======\n\n>>>>>>>\n",
        ] {
            assert_eq!(conflict(md), None, "{md:?}");
        }
        let md = "Restart the job.\n=======\nPage the owner.\n>>>>>>> pr-7\n";
        assert_eq!(conflict(md), Some((17, "=======")));
        // Not a heading's underline: a paragraph's line, so a pair as before.
        let md = "Text.\n\n=======\n\n>>>>>>>\n";
        assert_eq!(conflict(md), Some((7, "=======")));
    }

    /// A whole conflict inside one block of a language the reader runs is found (for a
    /// warning); one in a block without a language, of text or a diff, indented, or
    /// spread over two blocks, is an example. On main none was found.
    #[test]
    fn a_whole_conflict_in_runnable_code_is_found() {
        let sides = "<<<<<<< HEAD\nkubectl scale --replicas=3\n=======\nkubectl delete ns prod\n>>>>>>> pr-12\n";
        let diff3 = "<<<<<<< ours\na: 1\n||||||| base\na: 0\n=======\na: 2\n>>>>>>> theirs\n";
        for (fence, body) in [
            ("```sh", sides),
            ("```Bash", sides),
            ("~~~yaml title=\"values\"", diff3),
            ("```python", sides),
        ] {
            let close = if fence.starts_with('~') { "~~~" } else { "```" };
            let md = format!("# R\n\n{fence}\necho start\n{body}{close}\n");
            let at = md.find("<<<<<<<").unwrap();
            assert_eq!(conflict(&md), None, "{md}");
            assert_eq!(in_code(&md), Some(at), "{md}");
        }
        // In a list item's fence, git's lines at the line's start break out of it: the
        // error as before.
        let md = format!("- step\n\n  ```sh\n{sides}  ```\n");
        assert_eq!(conflict(&md), Some((md.find("<<<").unwrap(), "<<<<<<<")));
        for md in [
            format!("```\n{sides}```\n"),
            format!("```text\n{sides}```\n"),
            format!("```diff\n{sides}```\n"),
            format!("```console\n$ cat a\n{sides}```\n"),
            "Code:\n\n    <<<<<<< HEAD\n    a\n    =======\n    b\n    >>>>>>> pr\n".to_string(),
            "```sh\n<<<<<<< HEAD\n=======\n```\n\n```sh\n>>>>>>> pr\n```\n".to_string(),
            "```sh\n=======\n<<<<<<< HEAD\n>>>>>>> pr\n```\n".to_string(),
            "```sh\n<<<<<<< HEAD\n=======\n=======\n>>>>>>> pr\n```\n".to_string(),
        ] {
            assert_eq!(in_code(&md), None, "{md}");
        }
    }
}
