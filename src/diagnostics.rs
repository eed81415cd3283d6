//! Problems found in the content, with the place they were found.
//!
//! Every stage reports into a [`Diagnostics`] collector instead of stopping at the first
//! problem, so one run shows an author everything to fix. Rendering uses
//! `codespan-reporting`, which prints `file:line:col` and a source snippet.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::term;

mod conflict;
mod github;
mod marks;
mod near;
mod shorten;
mod shown;
mod tally;

pub use conflict::{conflict_markers, conflict_message, first_conflict_marker, CONFLICT_HINT};
pub use marks::{
    refuse_stacked_marks, stacked_marks, stacked_marks_message, MAX_STACKED_MARKS,
    STACKED_MARKS_HINT,
};
pub use near::did_you_mean;

/// How bad a problem is: errors fail `build` and `check`, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a content file. Lines and columns count from 1; columns in characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Path as shown to the user, relative to the site root (`content/team.yaml`).
    pub file: String,
    pub line: usize,
    pub col: usize,
    /// Byte range in the file, for the snippet; `None` when only line and column are known.
    pub span: Option<Range<usize>>,
}

impl Location {
    /// The start of a file, for problems that concern the file as a whole.
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            line: 1,
            col: 1,
            span: None,
        }
    }

    /// The location of a byte range in `text`.
    pub fn at(file: impl Into<String>, text: &str, span: Range<usize>) -> Self {
        let (line, col) = line_col(text, span.start);
        Location {
            file: file.into(),
            line,
            col,
            span: Some(span),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// One problem: where, what, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub message: String,
    /// What the author should do; every error should have one.
    pub hint: Option<String>,
}

/// `s` with every control character but tab, and every character a reader cannot see,
/// written as an escape (`\u{1b}`, `\n`, `\u{200b}`), so that quoted content can neither
/// drive the terminal it is printed on, nor start a line of its own that reads like
/// another message (`error: …` in a CI log), nor hide what tells two values apart (`de1`
/// and `de1` with a zero-width space read the same when printed raw).
pub fn escape_controls(s: String) -> String {
    if !s.chars().any(escaped) {
        return s;
    }
    s.chars()
        .map(|c| match c {
            '\n' => "\\n".to_string(),
            '\r' => "\\r".to_string(),
            c if escaped(c) => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// Whether quoted content writes `c` as its escape ([`escape_controls`]; a snippet's
/// source lines keep their line ends, see `shown`): a control character but tab, a
/// bidirectional control, an invisible character.
fn escaped(c: char) -> bool {
    (c.is_control() && c != '\t') || is_bidi_control(c) || is_invisible(c)
}

/// Characters that show nothing, or only break a line, where they are printed: Unicode's
/// format characters (zero-width space and joiners, marks of direction, the byte order
/// mark, tags), the rest of its default-ignorable code points (variation selectors,
/// Hangul fillers, the combining grapheme joiner) and the line and paragraph separators.
pub fn is_invisible(c: char) -> bool {
    use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory};
    if c.is_ascii() {
        return false;
    }
    matches!(
        c.general_category(),
        G::Format | G::LineSeparator | G::ParagraphSeparator
    ) || matches!(
        c,
        '\u{034F}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Whether a reader sees anything of `text`: not when it is only white space, controls
/// and characters that show nothing (`"\u{200B}"`, a Hangul filler). A runbook titled so
/// was a page without a name in listings, search and the browser's tab; an engineer so
/// named was an empty "On call now:" on every page. The blank Braille pattern (U+2800)
/// draws nothing either (the "invisible name" of chat apps), though it is not one of the
/// characters that hide text: terminal graphs pasted into code are drawn with it. Nor
/// do combining marks without a letter to carry them (`"\u{301}\u{301}"`: accents over
/// nothing, a runbook titled so had an `<h1>`, a tab and a search result of two floating
/// accents; tests/red46.rs); a spacing mark (a Devanagari vowel sign) takes room of its own.
pub fn shows_something(text: &str) -> bool {
    text.chars().any(|c| {
        !(c.is_whitespace()
            || c.is_control()
            || is_invisible(c)
            || is_bidi_control(c)
            || c == '\u{2800}'
            || is_nonspacing_mark(c))
    })
}

/// A combining mark drawn on the letter before it, taking no room of its own.
fn is_nonspacing_mark(c: char) -> bool {
    use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory};
    !c.is_ascii() && matches!(c.general_category(), G::NonspacingMark | G::EnclosingMark)
}

/// The embeddings, overrides and isolates of Unicode's bidirectional algorithm, which
/// make a terminal show the rest of a line in another order than it was written.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Collects the problems of one run, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

/// The order problems are shown in: errors first, then by file and position.
fn shown_order(d: &Diagnostic) -> (Severity, &str, usize, usize) {
    (
        d.severity,
        &d.location.file,
        d.location.line,
        d.location.col,
    )
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error.
    pub fn error(
        &mut self,
        location: Location,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(Severity::Error, location, message.into(), Some(hint.into()));
    }

    /// Records a link that leads nowhere: an error when `error` (`broken_links: error`),
    /// else a warning.
    pub fn broken_link(
        &mut self,
        error: bool,
        location: Location,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let severity = if error {
            Severity::Error
        } else {
            Severity::Warning
        };
        self.push(severity, location, message.into(), Some(hint.into()));
    }

    /// Records a warning.
    pub fn warning(
        &mut self,
        location: Location,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(
            Severity::Warning,
            location,
            message.into(),
            Some(hint.into()),
        );
    }

    fn push(
        &mut self,
        severity: Severity,
        location: Location,
        message: String,
        hint: Option<String>,
    ) {
        // Messages quote content, which may hold terminal escape sequences.
        let location = Location {
            file: escape_controls(location.file),
            ..location
        };
        self.items.push(Diagnostic {
            severity,
            location,
            message: escape_controls(shorten::words(shorten::quotes(message))),
            hint: hint.map(|h| escape_controls(shorten::words(h))),
        });
    }

    /// Keeps `note`, the ending of hints about the whole run (the build's clock), on the
    /// first problem shown that carries it and takes it off the others: each check that
    /// weighs dates against the clock adds it, and a reader needs it once.
    pub fn once_in_all(&mut self, note: &str) {
        let shown_first = self
            .items
            .iter()
            .enumerate()
            .filter(|(_, d)| d.hint.as_deref().is_some_and(|h| h.ends_with(note)))
            .min_by(|(_, a), (_, b)| shown_order(a).cmp(&shown_order(b)))
            .map(|(i, _)| i);
        for (i, d) in self.items.iter_mut().enumerate() {
            if Some(i) == shown_first {
                continue;
            }
            if let Some(h) = d.hint.as_mut().filter(|h| h.ends_with(note)) {
                h.truncate(h.len() - note.len());
            }
        }
    }

    /// Moves the problems of `other` into this collector.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Where the first problem is, if any.
    pub fn first_location(&self) -> Option<&Location> {
        self.items.first().map(|d| &d.location)
    }

    /// How many problems were reported.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// The problems, errors first, then by file and position, so output is stable.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| shown_order(a).cmp(&shown_order(b)));
        items
    }

    /// Renders every problem with a source snippet where the source is known.
    ///
    /// `sources` maps the displayed file path to its text.
    pub fn render(&self, sources: &BTreeMap<String, String>) -> String {
        let mut files = shown::ShownFiles::default();
        let mut ids = BTreeMap::new();
        // Only the files a problem names with a span are read into snippets (a site of
        // 100,000 runbooks with one warning copied them all).
        for d in self.items.iter().filter(|d| d.location.span.is_some()) {
            if let Some((name, text)) = sources.get_key_value(&d.location.file) {
                ids.entry(name.as_str())
                    .or_insert_with(|| files.add(name.clone(), text));
            }
        }
        let config = term::Config::default();
        let mut out = String::new();
        // Found once per file: many problems on one long line would otherwise read it
        // once each.
        let mut long_lines: HashMap<&str, LongLines> = HashMap::new();
        for d in self.sorted() {
            let mut cs = match d.severity {
                Severity::Error => CsDiagnostic::error(),
                Severity::Warning => CsDiagnostic::warning(),
            }
            .with_message(&d.message);
            let snippet = match (ids.get(d.location.file.as_str()), &d.location.span) {
                // A snippet of a very long line (minified or generated text) would flood
                // the terminal: the plain form names the line and column all the same.
                (Some(&id), Some(span))
                    if !sources.get(&d.location.file).is_some_and(|text| {
                        long_lines
                            .entry(d.location.file.as_str())
                            .or_insert_with(|| LongLines::new(text))
                            .touches(span)
                    }) =>
                {
                    cs = cs.with_labels(vec![Label::primary(id, files.span(id, span))]);
                    true
                }
                _ => false,
            };
            if let Some(hint) = &d.hint {
                cs = cs.with_notes(vec![format!("hint: {hint}")]);
            }
            if snippet {
                // Falls through to the plain form when the span is out of range.
                if let Ok(text) = term::emit_into_string(&config, &files, &cs) {
                    out.push_str(&text);
                    continue;
                }
            }
            out.push_str(&plain(d));
        }
        out.push_str(&self.tally());
        out
    }
}

impl Diagnostics {
    /// Every problem as a JSON array, for editors and other tools.
    pub fn render_json(&self) -> String {
        #[derive(serde::Serialize)]
        struct Item<'a> {
            severity: &'static str,
            file: &'a str,
            line: usize,
            column: usize,
            message: &'a str,
            hint: Option<&'a str>,
        }
        let items: Vec<Item> = self
            .sorted()
            .into_iter()
            .map(|d| Item {
                severity: match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                file: &d.location.file,
                line: d.location.line,
                column: d.location.col,
                message: &d.message,
                hint: d.hint.as_deref(),
            })
            .collect();
        serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into()) + "\n"
    }
}

/// Longest source line shown in a snippet, in bytes.
const MAX_SNIPPET_LINE: usize = 400;

/// The lines of a text longer than [`MAX_SNIPPET_LINE`], as byte ranges, in order.
struct LongLines(Vec<Range<usize>>);

impl LongLines {
    fn new(text: &str) -> Self {
        let mut long = Vec::new();
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
            if end - start > MAX_SNIPPET_LINE {
                long.push(start..end);
            }
            start = end + 1;
        }
        LongLines(long)
    }

    /// Whether a line touched by `span` is longer than [`MAX_SNIPPET_LINE`].
    fn touches(&self, span: &Range<usize>) -> bool {
        // The first long line that ends at or after the span's start.
        let i = self.0.partition_point(|l| l.end < span.start);
        self.0.get(i).is_some_and(|l| l.start <= span.end)
    }
}

/// The one-line form, used when no snippet can be shown.
fn plain(d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut s = format!("{kind}: {}\n  --> {}\n", d.message, d.location);
    if let Some(hint) = &d.hint {
        s.push_str(&format!("  = hint: {hint}\n"));
    }
    s.push('\n');
    s
}

/// Line and column of byte offsets in one text: the line starts are found once, and the
/// column is counted on from the last position asked for when it is on the same line and
/// not before it (problems and links come in order), so that locating many positions in
/// a file reads it about once rather than once per position. Every call must pass the
/// text the index was made from.
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// The last position: its offset, line (from 1) and column (from 1).
    last: (usize, usize, usize),
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        crate::work::visit(text.len());
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            line_starts,
            last: (0, 1, 1),
        }
    }

    /// The 1-based line and character column of a byte offset, as [`line_col`].
    pub fn line_col(&mut self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let line_start = self.line_starts[line - 1];
        let (last_offset, last_line, last_col) = self.last;
        let (from, from_col) = if last_line == line && last_offset <= offset {
            (last_offset, last_col)
        } else {
            (line_start, 1)
        };
        crate::work::visit(offset - from);
        let col = from_col + text[from..offset].chars().count();
        self.last = (offset, line, col);
        (line, col)
    }

    /// The location of `span` of `text`, in the file shown as `file`.
    pub fn location(&mut self, file: &str, text: &str, span: Range<usize>) -> Location {
        let (line, col) = self.line_col(text, span.start);
        Location {
            file: file.to_string(),
            line,
            col,
            span: Some(span),
        }
    }
}

thread_local! {
    /// While [`with_line_indexes`] runs: an index per text located in, by its address and
    /// length.
    static INDEXES: std::cell::RefCell<Option<HashMap<(usize, usize), LineIndex>>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` with [`line_col`] (and so [`Location::at`]) keeping a [`LineIndex`] of each
/// text it is asked about, on this thread: for a stage that reports at many places of the
/// same files. The texts located in should live as long as `f` runs (an index is found
/// by the text's address and length; another text at the same place would be given wrong
/// positions).
pub fn with_line_indexes<R>(f: impl FnOnce() -> R) -> R {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            INDEXES.with(|i| *i.borrow_mut() = None);
        }
    }
    INDEXES.with(|i| *i.borrow_mut() = Some(HashMap::new()));
    let _reset = Reset;
    f()
}

/// The 1-based line and character column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let indexed = INDEXES.with(|indexes| {
        let mut indexes = indexes.borrow_mut();
        let index = indexes
            .as_mut()?
            .entry((text.as_ptr() as usize, text.len()))
            .or_insert_with(|| LineIndex::new(text));
        Some(index.line_col(text, offset))
    });
    if let Some(found) = indexed {
        return found;
    }
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    crate::work::visit(before.len());
    // memchr's vectorised search: every link of every page gets a position.
    let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1;
    let line_start = memchr::memrchr(b'\n', before.as_bytes()).map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// The byte offset of a 1-based line and character column, clamped to the text.
pub fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_text = &text[start..];
    let line_end = line_text.find('\n').unwrap_or(line_text.len());
    line_text[..line_end]
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(start + line_end, |(i, _)| start + i)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod line_index_tests {
    use super::*;

    #[test]
    fn line_indexes_agree_with_line_col() {
        let text = "ab\nçd é\n\nxyz";
        let plain: Vec<_> = (0..=text.len()).map(|o| line_col(text, o)).collect();
        let mut index = LineIndex::new(text);
        for offsets in [vec![0, 1, 3, 5, 7, 10, 13], vec![13, 5, 3, 0, 8, 6]] {
            for o in offsets {
                assert_eq!(index.line_col(text, o), plain[o], "offset {o}");
            }
        }
        let cached: Vec<_> =
            with_line_indexes(|| (0..=text.len()).map(|o| line_col(text, o)).collect());
        assert_eq!(cached, plain);
        // Outside, nothing is kept.
        assert!(INDEXES.with(|i| i.borrow().is_none()));
    }
}

#[cfg(test)]
mod tests {
    /// A title or a name of blank Braille patterns showed nothing: on main a runbook so
    /// titled was "⠀⠀ · Ops" in the browser's tab, listings and search.
    #[test]
    fn blank_braille_shows_nothing() {
        use super::shows_something;
        assert!(!shows_something("\u{2800}\u{2800}"));
        assert!(!shows_something(" \u{2800}\u{200B} "));
        assert!(shows_something("\u{2801}\u{2800}"));
        assert!(shows_something("Ops \u{2800}"));
    }

    /// Marks over nothing show no name; a letter carrying them, or a spacing mark, does.
    #[test]
    fn combining_marks_alone_show_nothing() {
        use super::shows_something;
        assert!(!shows_something("\u{301}\u{301}"));
        assert!(!shows_something(" \u{20DD}\u{200B}\u{36F} "));
        assert!(shows_something("e\u{301}"));
        assert!(shows_something("\u{93E}"));
        assert!(shows_something("\u{E01}\u{E31}"));
    }

    use super::*;

    #[test]
    fn positions_on_one_long_line_cost_the_line_once() {
        // 5,000 problems in order on one line of 1.5 MB (a front matter list of unknown
        // pipelines): each column is counted on from the last. Counting each from the
        // line's start read 3.8 GB here.
        let line: String = (0..5000)
            .map(|i| format!("p{i}{}, ", "é".repeat(150)))
            .collect();
        let text = format!("---\npipelines: [{line}]\n---\nbody\n");
        let starts: Vec<usize> = text.match_indices(", ").map(|(i, _)| i).collect();
        let (cols, visited) = crate::work::count(|| {
            with_line_indexes(|| {
                starts
                    .iter()
                    .map(|&at| line_col(&text, at))
                    .collect::<Vec<_>>()
            })
        });
        assert_eq!(cols.len(), 5000);
        assert_eq!(cols[4999], line_col(&text, starts[4999]));
        assert!(
            visited <= 2 * text.len() as u64,
            "{visited} bytes visited for {}",
            text.len()
        );
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "a: 1\nné: x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 5), (2, 1));
        // "x" is after "né: " which is 5 bytes but 4 characters.
        let x = text.find('x').unwrap();
        assert_eq!(line_col(text, x), (2, 5));
        assert_eq!(offset_of(text, 2, 5), x);
    }

    #[test]
    fn invisible_characters_are_escaped_in_messages() {
        let s = "de1\u{200B} \u{00AD}\u{FE0F}\u{E0041}\u{2028}é\tx".to_string();
        assert_eq!(
            escape_controls(s.clone()),
            "de1\\u{200b} \\u{ad}\\u{fe0f}\\u{e0041}\\u{2028}é\tx"
        );
        for plain in ["Straße ✓ 東京", "a\tb", "é"] {
            assert_eq!(escape_controls(plain.to_string()), plain);
        }
    }

    #[test]
    fn render_names_file_line_and_column_with_hint() {
        let mut d = Diagnostics::new();
        let text = "engineers:\n  - id: de9\n";
        let start = text.find("de9").unwrap();
        d.error(
            Location::at("content/team.yaml", text, start..start + 3),
            "unknown engineer `de9`",
            "use an id from team.yaml",
        );
        let mut sources = BTreeMap::new();
        sources.insert("content/team.yaml".to_string(), text.to_string());
        let out = d.render(&sources);
        assert!(out.contains("content/team.yaml:2:9"), "{out}");
        assert!(out.contains("unknown engineer `de9`"), "{out}");
        assert!(out.contains("hint: use an id from team.yaml"), "{out}");
        assert!(out.contains("  - id: de9"), "snippet missing: {out}");
    }

    #[test]
    fn github_and_json_forms() {
        let mut d = Diagnostics::new();
        let text = "a: 1\nb: x\n";
        d.error(
            Location::at("content/x,y.yaml", text, 8..9),
            "bad value: 100%\nreally",
            "use a number",
        );
        d.warning(Location::file("content/z.md"), "w", "h");
        let gh = d.render_github();
        assert_eq!(
            gh.lines().next().unwrap(),
            "::error file=content/x%2Cy.yaml,line=2,col=4,title=pipebook error::bad value: 100%25\\nreally (hint: use a number)"
        );
        assert!(gh
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("::warning file=content/z.md,line=1,col=1,"));
        let json: serde_json::Value = serde_json::from_str(&d.render_json()).unwrap();
        assert_eq!(json[0]["severity"], "error");
        assert_eq!(json[0]["line"], 2);
        assert_eq!(json[0]["column"], 4);
        assert_eq!(json[0]["hint"], "use a number");
        assert_eq!(json[1]["severity"], "warning");
    }

    #[test]
    fn errors_sort_before_warnings() {
        let mut d = Diagnostics::new();
        d.warning(Location::file("a"), "w", "h");
        d.error(Location::file("b"), "e", "h");
        let sorted = d.sorted();
        assert_eq!(sorted[0].severity, Severity::Error);
        assert_eq!(d.error_count(), 1);
        assert_eq!(d.warning_count(), 1);
    }
}
