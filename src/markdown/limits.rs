//! What keeps rendering a runbook linear in its size: limits on the shapes of Markdown
//! whose cost or output would otherwise grow faster than the text (each refused with an
//! error at its line), and a cap on the problems reported per file.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

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

#[cfg(test)]
mod tests {
    use super::*;

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
