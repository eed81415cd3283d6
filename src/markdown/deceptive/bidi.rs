//! Unicode bidi controls in a page's text: overrides (the "Trojan Source" attack),
//! controls in code, and isolates a heading leaves open.

use std::ops::Range;

use super::super::{limits, Page};
use crate::diagnostics::Diagnostics;

impl Page<'_, '_> {
    /// Bidi controls in the text: an override (the "Trojan Source" attack), or any control
    /// inside code, where what runs is not what reads, is an error; an isolate in prose
    /// (which right-to-left text may need) a warning. Code ranges come sorted by start.
    pub(in crate::markdown) fn report_bidi(&mut self, diags: &mut Diagnostics) {
        let found = bidi_controls(self.body);
        let unclosed = unclosed_in_headings(self.body, &found);
        let mut ranges = std::mem::take(&mut self.code_ranges).into_iter().peekable();
        let mut current: Option<Range<usize>> = None;
        for (at, c, reference) in found.into_iter().take(limits::MAX_LINK_REPORTS) {
            while ranges.peek().is_some_and(|r| r.start <= at) {
                current = ranges.next();
            }
            let in_code = current.as_ref().is_some_and(|r| r.contains(&at));
            if in_code && reference {
                // Markdown code shows a reference as written.
                continue;
            }
            let name = c.escape_unicode();
            let location = self.location(at);
            if in_code {
                diags.error(
                    location,
                    format!("a Unicode bidi control ({name}) in code: the code reads in another order than it runs"),
                    "delete the invisible character (search the file for it)",
                );
            } else if is_bidi_override(c) {
                diags.error(
                    location,
                    format!("a Unicode bidi override ({name}): it reverses the text a reader sees"),
                    "delete the invisible character; for right-to-left text, no control or an isolate (U+2066–U+2069) does",
                );
            } else if unclosed.binary_search(&line_start(self.body, at)).is_ok() {
                diags.error(
                    location,
                    format!("a Unicode bidi isolate ({name}) in a heading that does not close it: it reorders what follows the heading wherever the heading is shown (the page's title, the table of contents, search results)"),
                    "delete the invisible character, or close it with U+2069 (pop directional isolate) before the heading's end",
                );
            } else {
                diags.warning(
                    location,
                    format!("a Unicode bidi isolate ({name}): it reorders the text a reader sees"),
                    "keep it only if right-to-left text needs it; otherwise delete the invisible character",
                );
            }
        }
    }
}

/// Unicode bidi embeddings and overrides (U+202A–U+202E): they reverse what a reader
/// sees, the "Trojan Source" attack; no text needs them, isolates do the same work.
fn is_bidi_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}')
}

/// Unicode bidi isolates (U+2066–U+2069), which right-to-left text may use.
fn is_bidi_isolate(c: char) -> bool {
    matches!(c, '\u{2066}'..='\u{2069}')
}

/// The offset where the line holding `at` starts.
fn line_start(text: &str, at: usize) -> usize {
    memchr::memrchr(b'\n', &text.as_bytes()[..at]).map_or(0, |i| i + 1)
}

/// The starts, in order, of the ATX heading lines (`## …`) of `text` that open more bidi
/// isolates (U+2066–U+2068) than they close (U+2069), from `found` (see
/// [`bidi_controls`], sorted by offset). A heading is a title, a table of contents' entry
/// and a search result's: an isolate it leaves open turns the text after it around there
/// (`<title>\u{2067}x · Ops</title>`), which a `title:` in front matter with one is an error for.
/// One pass over the controls, one look at each line that holds one: linear.
fn unclosed_in_headings(text: &str, found: &[(usize, char, bool)]) -> Vec<usize> {
    let mut unclosed = Vec::new();
    let mut i = 0;
    while i < found.len() {
        let start = line_start(text, found[i].0);
        let end = memchr::memchr(b'\n', &text.as_bytes()[found[i].0..])
            .map_or(text.len(), |j| found[i].0 + j);
        let mut open = 0usize;
        while i < found.len() && found[i].0 < end {
            match found[i].1 {
                '\u{2066}'..='\u{2068}' => open += 1,
                '\u{2069}' => open = open.saturating_sub(1),
                _ => {}
            }
            i += 1;
        }
        let line = &text[start..end];
        let indent = line.len() - line.trim_start_matches(' ').len();
        if open > 0 && indent < 4 && line[indent..].starts_with('#') {
            unclosed.push(start);
        }
    }
    unclosed
}

/// Byte offsets and characters of the bidi controls in `text`, written as themselves or
/// as numeric character references (`&#x202E;`, `&#8238;`), which Markdown and HTML turn
/// into the character itself; each with whether it was a reference.
fn bidi_controls(text: &str) -> Vec<(usize, char, bool)> {
    // Every control is three bytes in UTF-8 starting with 0xE2, which `memchr` finds far
    // faster than a walk over the characters (that walk was 2 % of a build).
    let mut found: Vec<(usize, char, bool)> = memchr::memchr_iter(0xE2, text.as_bytes())
        .filter_map(|at| {
            let c = text.get(at..)?.chars().next()?;
            (is_bidi_override(c) || is_bidi_isolate(c)).then_some((at, c, false))
        })
        .collect();
    let bytes = text.as_bytes();
    let mut references = Vec::new();
    for at in memchr::memmem::find_iter(bytes, b"&#") {
        if let Some((_, c)) = crate::html::numeric_reference(&bytes[at..])
            .filter(|&(_, c)| is_bidi_override(c) || is_bidi_isolate(c))
        {
            references.push((at, c, true));
        }
    }
    if !references.is_empty() {
        found.extend(references);
        found.sort_unstable_by_key(|&(at, _, _)| at);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_controls_are_found() {
        assert_eq!(
            bidi_controls("a\u{202E}b\u{2066}c")
                .into_iter()
                .map(|(at, c, _)| (at, c))
                .collect::<Vec<_>>(),
            vec![(1, '\u{202E}'), (5, '\u{2066}')]
        );
        assert!(bidi_controls("שלום world").is_empty());
        let refs = |t: &str| -> Vec<(usize, char, bool)> { bidi_controls(t) };
        assert_eq!(refs("x&#x202E;y"), vec![(1, '\u{202E}', true)]);
        assert_eq!(
            refs("&#8238 &#X0202e; &#x2067;"),
            vec![
                (0, '\u{202E}', true),
                (7, '\u{202E}', true),
                (17, '\u{2067}', true)
            ]
        );
        assert!(refs("&#x202F; &#8239; &#; &#x; &#99999999999999999999;").is_empty());
        // Other characters that start with the same byte, and one at the very end.
        assert_eq!(
            bidi_controls("\u{2014}\u{2069}x\u{2028}\u{202A}"),
            vec![(3, '\u{2069}', false), (10, '\u{202A}', false)]
        );
    }
}
