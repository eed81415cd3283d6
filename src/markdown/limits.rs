//! What keeps rendering a runbook linear in its size: limits on the shapes of Markdown
//! whose cost or output would otherwise grow faster than the text (each refused with an
//! error at its line), a cap on the problems reported per file, and positions worked out
//! in one pass over the file instead of one pass per link.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::diagnostics::Location;

use super::MAX_ID;

/// The deepest nesting of lists, block quotes and footnotes. Every level adds markup (and
/// a number to each numbered step's id) for the text below it, so `1. ` written 10,000
/// times made a 301 MB page; real runbooks nest four or five deep.
pub const MAX_NESTING: usize = 32;

/// A table may have at most this many cells per byte of its source (plus
/// [`TABLE_SLACK`]): rows shorter than the header are padded with empty cells, so a header
/// of 100,000 columns over 100,000 one-character rows would write ten billion cells.
pub const TABLE_CELLS_PER_BYTE: usize = 2;
pub const TABLE_SLACK: usize = 1024;

/// The most anchors (headings and numbered steps) a page may have. Each costs its id, its
/// link, its entry in the table of contents and the search index: about 2 kB of memory
/// while the site is built, so that 500,000 headings (4 MB of `## Step`) took 900 MB.
pub const MAX_ANCHORS: usize = 10_000;

/// A runbook's HTML may be at most this many times the size of its file, plus
/// [`GROWTH_SLACK`]. Ordinary runbooks render to two or three times their size; highlighted
/// code to about four.
pub const MAX_GROWTH: usize = 32;
pub const GROWTH_SLACK: usize = 64 * 1024;

/// The most code highlighted on one page, in bytes; the blocks past it are written plain.
/// Code that keeps tree-sitter recovering from errors (`echo $((1+` in thousands of small
/// blocks) costs about a microsecond a byte, so 4 MiB of it took 4 s of CPU.
pub const MAX_HIGHLIGHTED: usize = 1024 * 1024;

/// Links that lead nowhere reported per file; the rest are counted in one last problem.
pub const MAX_LINK_REPORTS: usize = 100;

/// Why an event is refused, and whether rendering stops there.
pub struct Refusal {
    pub message: String,
    pub hint: String,
    pub stop: bool,
}

/// Checks an event against the limits; `depth` is the nesting so far, updated here.
pub fn check(
    event: &Event,
    range: &Range<usize>,
    body: &str,
    depth: &mut usize,
) -> Option<Refusal> {
    match event {
        Event::Start(Tag::List(_) | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => {
            *depth += 1;
            (*depth > MAX_NESTING).then(|| Refusal {
                message: format!(
                    "lists and block quotes nest more than {MAX_NESTING} deep here: pipebook takes at most {MAX_NESTING} levels"
                ),
                hint: "flatten the list: split deep steps into sections with their own headings"
                    .to_string(),
                stop: true,
            })
        }
        Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
            *depth = depth.saturating_sub(1);
            None
        }
        Event::Start(Tag::Table(columns)) => {
            let source = body.get(range.clone()).unwrap_or_default();
            let rows = memchr::memchr_iter(b'\n', source.as_bytes()).count() + 1;
            let cells = columns.len().saturating_mul(rows);
            let allowed = source.len() * TABLE_CELLS_PER_BYTE + TABLE_SLACK;
            (cells > allowed).then(|| Refusal {
                message: format!(
                    "table of {} columns and {rows} rows would be padded to {cells} cells: pipebook takes at most {TABLE_CELLS_PER_BYTE} cells per byte of a table (plus {TABLE_SLACK})",
                    columns.len()
                ),
                hint: "give the table only the columns its rows fill".to_string(),
                stop: true,
            })
        }
        Event::Start(Tag::Heading { id: Some(id), .. }) if id.len() > MAX_ID => Some(Refusal {
            message: format!(
                "heading id `{}…` is {} bytes long: pipebook takes ids of at most {MAX_ID} bytes",
                cut(id, 40),
                id.len()
            ),
            hint: "write a shorter `{#id}`".to_string(),
            stop: false,
        }),
        _ => None,
    }
}

/// The longest start of `s` of at most `max` bytes that ends on a character boundary.
pub fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Counts the links reported, and those left out past [`MAX_LINK_REPORTS`].
#[derive(Default)]
pub struct LinkReports {
    reported: usize,
    left_out: usize,
    left_out_error: bool,
}

impl LinkReports {
    /// Whether a problem (an error or a warning) is reported; counts it either way.
    pub fn admit(&mut self, error: bool) -> bool {
        if self.reported < MAX_LINK_REPORTS {
            self.reported += 1;
            return true;
        }
        self.left_out += 1;
        self.left_out_error |= error;
        false
    }

    /// How many were left out (and whether any was an error), if any was.
    pub fn suppressed(&self) -> Option<(bool, usize)> {
        (self.left_out > 0).then_some((self.left_out_error, self.left_out))
    }
}

/// Line and column of byte offsets in one text: the line starts are found once, and the
/// column is counted on from the last position asked for when it is on the same line and
/// not before it (links come in order), so a file with many links is read about once.
pub struct Locator<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// The last position: its offset, line (from 1) and column (from 1).
    last: (usize, usize, usize),
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Locator {
            text,
            line_starts,
            last: (0, 1, 1),
        }
    }

    /// The location of `span` in the file shown as `file`.
    pub fn at(&mut self, file: &str, span: Range<usize>) -> Location {
        let mut offset = span.start.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let line_start = self.line_starts[line - 1];
        let (last_offset, last_line, last_col) = self.last;
        let col = if last_line == line && last_offset <= offset {
            last_col + self.text[last_offset..offset].chars().count()
        } else {
            1 + self.text[line_start..offset].chars().count()
        };
        self.last = (offset, line, col);
        Location {
            file: file.to_string(),
            line,
            col,
            span: Some(span),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locator_agrees_with_line_col() {
        let text = "ab\nçd é\n\nxyz";
        let mut loc = Locator::new(text);
        for offsets in [vec![0, 1, 3, 5, 7, 10, 13], vec![13, 5, 3, 0, 8, 6]] {
            for o in offsets {
                let got = loc.at("f", o..o + 1);
                let want = crate::diagnostics::line_col(text, o);
                assert_eq!((got.line, got.col), want, "offset {o}");
            }
        }
    }

    #[test]
    fn cut_stops_on_a_character_boundary() {
        assert_eq!(cut("ééé", 3), "é");
        assert_eq!(cut("abc", 5), "abc");
    }

    #[test]
    fn link_reports_keep_the_worst_severity_left_out() {
        let mut r = LinkReports::default();
        for _ in 0..MAX_LINK_REPORTS {
            assert!(r.admit(false));
        }
        assert_eq!(r.suppressed(), None);
        assert!(!r.admit(false));
        assert!(!r.admit(true));
        assert_eq!(r.suppressed(), Some((true, 2)));
    }
}
