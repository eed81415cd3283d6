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

/// The deepest the author's raw HTML elements may be open, one inside another. The HTML
/// parser that cleaning runs looks through every open element at each `<div>` or `<p>`
/// it reads (is a `<p>` open to close?), so 50,000 nested `<div>`s and one `<iframe>`
/// (250 kB) took 23 s to clean, and a megabyte minutes. Real runbooks nest a few deep.
pub const MAX_RAW_DEPTH: usize = 256;

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

/// Addresses of the site written from its root kept per file to be checked (see
/// `validate::check_site_links`); past it, the rest are not checked.
pub const MAX_SITE_LINKS: usize = 10_000;

/// The byte offset of a line that opens more than [`MAX_NESTING`] lists or block quotes
/// at its start (`1. 1. 1. …`, `>>>…`, `- - - … x`), if any: found before parsing, as
/// the parser builds its whole tree of containers first (4 MiB of `- ` took 460 MB).
/// Nesting that needs indentation costs its square in bytes and is left to
/// [`check`]. Lines of `-`, `*` and `_` alone may be thematic breaks and are not counted.
pub fn too_deep_line(body: &str) -> Option<usize> {
    let mut start = 0;
    // The fence of the code block the line is in: its character and length.
    let mut fence: Option<(u8, usize)> = None;
    // Lines found with `memchr` (vectorised): `split_inclusive` searched for each line's
    // end at about 190 instructions a line.
    let ends = memchr::memchr_iter(b'\n', body.as_bytes()).map(|i| i + 1);
    for end in ends.chain((!body.ends_with('\n')).then_some(body.len())) {
        let line = &body[start..end];
        let b = line.as_bytes();
        // Most lines (prose, headings, code) begin with a byte that opens no container and
        // no fence: they change nothing here.
        if !matches!(
            b.first(),
            Some(b' ' | b'\t' | b'>' | b'-' | b'*' | b'+' | b'0'..=b'9' | b'`' | b'~')
        ) {
            start += line.len();
            continue;
        }
        let (markers, rest, deepest) = container_markers(b);
        let run = |c: u8| rest.iter().take_while(|&&x| x == c).count();
        match fence {
            Some((c, len)) => {
                if run(c) >= len && rest[run(c)..].iter().all(u8::is_ascii_whitespace) {
                    fence = None;
                }
            }
            None => {
                if let Some(&c @ (b'`' | b'~')) = rest.first().filter(|_| run(rest[0]) >= 3) {
                    fence = Some((c, run(c)));
                } else if markers > MAX_NESTING && !is_break_like(line) {
                    return Some(start + deepest);
                }
            }
        }
        start += line.len();
    }
    None
}

/// The list and block quote markers a line begins with: how many, the rest of the line,
/// and where the marker past [`MAX_NESTING`] begins (if there is one).
fn container_markers(b: &[u8]) -> (usize, &[u8], usize) {
    let (mut i, mut markers, mut deepest) = (0, 0, 0);
    loop {
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        let blank_at = |j: usize| j >= b.len() || matches!(b[j], b' ' | b'\t' | b'\n' | b'\r');
        let digits = || {
            b[i..]
                .iter()
                .take(10)
                .take_while(|c| c.is_ascii_digit())
                .count()
        };
        let next = match b.get(i) {
            Some(b'>') => i + 1,
            Some(b'-' | b'*' | b'+') if blank_at(i + 1) => i + 1,
            Some(b'0'..=b'9')
                if digits() <= 9
                    && matches!(b.get(i + digits()), Some(b'.' | b')'))
                    && blank_at(i + digits() + 1) =>
            {
                i + digits() + 1
            }
            _ => return (markers, &b[i..], deepest),
        };
        markers += 1;
        if markers == MAX_NESTING + 1 {
            deepest = i;
        }
        i = next;
    }
}

/// A line of only `-`, `*`, `_` and blanks.
fn is_break_like(line: &str) -> bool {
    line.bytes()
        .all(|c| matches!(c, b'-' | b'*' | b'_' | b' ' | b'\t' | b'\n' | b'\r'))
}

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

/// Paths of the repository outside what the site publishes that one page's links are
/// looked up on disk for; links to more are reported as not looked up. Each costs a few
/// system calls, more than rendering the link does, so a file of nothing but such links
/// must not cost a look-up per link.
pub const MAX_LOOK_UPS: usize = 1_000;

/// Counts the links reported, and those left out past [`MAX_LINK_REPORTS`].
#[derive(Default, Clone, Copy)]
pub struct LinkReports {
    reported: usize,
    left_out: usize,
    left_out_error: bool,
}

impl LinkReports {
    /// The warning that counts the problems left out past the first [`MAX_LINK_REPORTS`]
    /// of a page, if any was: "{more} more {what} (the first … are reported)", and the hint
    /// to fix the `kind` reported above first.
    pub(super) fn tell_left_out(
        &self,
        page: &mut super::Page<'_, '_>,
        what: &str,
        kind: &str,
        diags: &mut crate::diagnostics::Diagnostics,
    ) {
        if let Some((_, more)) = self.suppressed() {
            diags.warning(
                page.location(0),
                format!("{more} more {what} (the first {MAX_LINK_REPORTS} are reported)"),
                format!("fix the {kind} reported above, then run again to see the rest"),
            );
        }
    }

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
    fn lines_opening_too_many_containers_are_found_before_parsing() {
        let deep = format!("text\n\n{}x\n", "1. ".repeat(MAX_NESTING + 1));
        assert_eq!(too_deep_line(&deep), Some(6 + 3 * MAX_NESTING));
        assert!(too_deep_line(&format!("{} x", ">".repeat(40))).is_some());
        assert!(too_deep_line(&format!("{}x", "- ".repeat(40))).is_some());
        let after_code = format!("```\n- x\n```\n{}x\n", "- ".repeat(40));
        assert_eq!(too_deep_line(&after_code), Some(12 + 2 * MAX_NESTING));
        for fine in [
            "1. ".repeat(MAX_NESTING) + "x",
            "- ".repeat(40),
            "-".repeat(100),
            format!("{}x", "1.".repeat(40)),
            format!("x {}", "- ".repeat(40)),
            format!("```yaml\n{}x\n```\n", "- ".repeat(255)),
            format!("1. ~~~~\n   {}x\n   ~~~~\n", "> ".repeat(40)),
        ] {
            assert_eq!(too_deep_line(&fine), None, "{fine}");
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
