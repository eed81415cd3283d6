//! YAML into typed values, keeping where each value came from.
//!
//! `serde_yaml` turns text into our types and reports syntax and type errors with a line
//! and column, but forgets positions once it succeeds. Validation needs them too ("unknown
//! engineer `de9`" must point at `de9`), so a second pass over the parser events of
//! `yaml-rust2` records the byte range of every value by its path (`pipelines[2].primary`).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::yaml_aliases::Weigher;
use crate::diagnostics::{Diagnostics, Location};
use crate::model::SourceFile;

/// Parses `file.text` as `T`. On failure reports an error at the parser's position and
/// returns `None`; an empty document (or only comments) is `T::default()`.
pub fn parse<T: DeserializeOwned + Default>(
    file: &mut SourceFile,
    hint: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    let all = 0..file.text.len();
    parse_range(file, all, hint, diags)
}

/// Like [`parse`], for the YAML in a byte range of the file (front matter).
pub fn parse_range<T: DeserializeOwned + Default>(
    file: &mut SourceFile,
    range: Range<usize>,
    hint: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    parse_range_with(file, range, hint, diags, |_| None)
}

/// Like [`parse_range`], reading the value with `read` from the top-level entries the
/// span scan saw when the document is simple enough to have them (see [`Entry`]), and with
/// `serde_yaml` when `read` gives up: a document is parsed once, not twice, when `read`
/// takes it. `read` must give up on whatever it cannot read exactly as `serde_yaml` would
/// (its errors, with their messages, come from `serde_yaml`).
pub fn parse_range_with<T: DeserializeOwned + Default>(
    file: &mut SourceFile,
    range: Range<usize>,
    hint: &str,
    diags: &mut Diagnostics,
    read: impl FnOnce(&[(String, Entry)]) -> Option<T>,
) -> Option<T> {
    let offset = range.start;
    let text = &file.text[range];
    if is_blank(text) {
        return Some(T::default());
    }
    if let Some(at) = too_deep(text) {
        diags.error(
            Location::at(&file.display, &file.text, offset + at..offset + at + 1),
            format!("YAML nests more than {MAX_FLOW_DEPTH} brackets deep here: pipebook takes at most {MAX_FLOW_DEPTH}"),
            "no pipebook file needs more than a few levels of `[` and `{`: close the brackets",
        );
        return None;
    }
    // The aliases are weighed as the text is scanned, before `serde_yaml` copies them.
    let mut scanned = scan(text, offset, plain_text(text));
    if let Some(at) = scanned.too_deep {
        diags.error(
            Location::at(&file.display, &file.text, at..at + 1),
            format!("YAML nests more than {MAX_FLOW_DEPTH} lists or mappings deep here: pipebook takes at most {MAX_FLOW_DEPTH}"),
            "no pipebook file needs more than a few levels: write the value flatter (each `- ` on a line opens a list, and each deeper indented key a mapping)",
        );
        return None;
    }
    if let Some(at) = scanned.too_repeated {
        diags.error(
            Location::at(&file.display, &file.text, offset + at..offset + at + 1),
            format!(
                "the aliases (`*name`) of this YAML repeat more than {} times its size: pipebook reads at most that",
                super::yaml_aliases::FACTOR
            ),
            "write the values out, or use fewer aliases of large anchors (`&name`): each alias is a copy of its anchor's value",
        );
        return None;
    }
    let fast = scanned.entries.take().and_then(|entries| read(&entries));
    let parsed = match fast {
        Some(value) => Ok(value),
        None => serde_yaml::from_str::<T>(text),
    };
    match parsed {
        Ok(value) => {
            if let Some(at) = scanned.long_list {
                diags.error(
                    Location::at(&file.display, &file.text, at..at + 1),
                    format!("list with more than {MAX_ITEMS} items: pipebook takes at most {MAX_ITEMS}"),
                    "each engineer, pipeline or holiday costs pages, feeds and schedule work: split the site, or keep the list to what is used",
                );
                return None;
            }
            if file.spans.is_empty() {
                file.spans = scanned.spans;
            } else {
                file.spans.extend(scanned.spans);
            }
            // One index of the file for all of them: a value per line of a large file
            // may hold one. Made only when there is one: every runbook's front matter
            // comes through here, and the index reads the whole file.
            if scanned.controls.is_empty() {
                return Some(value);
            }
            let mut lines = crate::diagnostics::LineIndex::new(&file.text);
            for (span, c) in scanned.controls {
                let message = if crate::diagnostics::is_bidi_control(c) {
                    format!(
                        "this value holds the bidirectional control {}, which shows the text after it in another order than it is written",
                        c.escape_unicode()
                    )
                } else {
                    format!(
                        "this value holds the control character {}, which pages and calendar feeds cannot carry",
                        c.escape_unicode()
                    )
                };
                diags.error(
                    lines.location(&file.display, &file.text, span),
                    message,
                    "remove it (only tab and line breaks may appear in text); it is often pasted in by accident",
                );
            }
            Some(value)
        }
        Err(err) => {
            let mut location = match err.location() {
                Some(loc) => {
                    let (line_offset, _) = crate::diagnostics::line_col(&file.text, offset);
                    file.at_line_col(loc.line() + line_offset - 1, loc.column())
                }
                None => Location::file(&file.display),
            };
            let mut message = clean_message(&err);
            let mut hint = hint.to_string();
            // Errors of libyaml's reader (a control character, say) come with a byte
            // position instead of a line and column.
            if let Some((before, position)) = message.rsplit_once(" at position ") {
                if let Ok(n) = position.parse::<usize>() {
                    let mut start = (offset + n).min(file.text.len());
                    while !file.text.is_char_boundary(start) {
                        start -= 1;
                    }
                    let end = file.text[start..]
                        .chars()
                        .next()
                        .map_or(start, |c| start + c.len_utf8());
                    location = Location::at(&file.display, &file.text, start..end);
                    message = before.to_string();
                }
            }
            // serde reports a key given twice at the start of its mapping: point at the
            // second one instead.
            if let Some(key) = message
                .strip_prefix("duplicate field `")
                .and_then(|rest| rest.split('`').next())
            {
                let duplicates = scanned.duplicates;
                if let Some((_, span)) = duplicates.iter().find(|(k, _)| k == key) {
                    location = Location::at(&file.display, &file.text, span.clone());
                    hint = format!("`{key}` is given twice in the same place: keep one");
                }
            }
            if let Some(why) = DATE_ERRORS.iter().find(|m| message.ends_with(*m)) {
                let value = location
                    .span
                    .clone()
                    .map(|span| scalar_at(&file.text[span]))
                    .unwrap_or_default();
                let key = message[..message.len() - why.len()].trim_end_matches([':', ' ']);
                let key = if key.is_empty() {
                    String::new()
                } else {
                    format!("{key}: ")
                };
                message = if value.is_empty() {
                    format!("{key}not a date ({why})")
                } else {
                    format!("{key}`{value}` is not a date ({why})")
                };
                hint = "write dates as YYYY-MM-DD, such as `2026-12-24`, on a day that month has"
                    .to_string();
            }
            diags.error(location, message, hint);
            None
        }
    }
}

/// The deepest nesting of flow collections (`[` and `{`) a YAML file may have. The YAML
/// parsers check every open level on every token (libyaml's simple keys), so `[` nested
/// 50,000 deep took 20 s and 100,000 deep 80 s before serde_yaml's own limit of 128 levels
/// was reached.
pub const MAX_FLOW_DEPTH: usize = 64;

/// The byte offset of the first bracket that opens a flow collection deeper than
/// [`MAX_FLOW_DEPTH`], if any. A conservative reading of YAML's lexical rules: quoted
/// scalars and comments are skipped; outside brackets, `[` and `{` open a collection only
/// where a value starts (a line's first character, or after `: `, `- `, `? `), as a plain
/// scalar such as `a[1]` holds them otherwise. One pass, no allocation.
pub(crate) fn too_deep(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    // Whether a value may start here (outside brackets).
    let mut value_start = true;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let prev_blank = i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'\r');
        match c {
            b'\n' => value_start = true,
            b' ' | b'\t' | b'\r' => {}
            b'#' if prev_blank => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |j| i + j);
                continue;
            }
            b'\'' | b'"' if depth > 0 || value_start => {
                // A quoted scalar: to its closing quote (`''` and `\"` stay inside).
                let mut j = i + 1;
                while j < b.len() {
                    if b[j] == c {
                        if c == b'\'' && b.get(j + 1) == Some(&b'\'') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    if c == b'"' && b[j] == b'\\' {
                        j += 1;
                    }
                    j += 1;
                }
                i = j + 1;
                value_start = false;
                continue;
            }
            b'[' | b'{' if depth > 0 || value_start => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' if depth > 0 => depth -= 1,
            b',' if depth > 0 => {}
            b'-' | b'?' | b':'
                if matches!(b.get(i + 1), None | Some(b' ' | b'\t' | b'\n' | b'\r')) =>
            {
                value_start = true;
            }
            _ => value_start = false,
        }
        i += 1;
    }
    None
}

/// What chrono says when a string is not a date (serde passes it on as the message).
const DATE_ERRORS: [&str; 7] = [
    "input is out of range",
    "no possible date and time matching input",
    "input is not enough for unique date and time",
    "input contains invalid characters",
    "premature end of input",
    "trailing input",
    "bad or unsupported format string",
];

/// The plain or quoted scalar at the start of `text` (the rest of a line), for messages.
fn scalar_at(text: &str) -> String {
    let t = text.trim_start();
    let quoted = t
        .strip_prefix('"')
        .and_then(|r| r.split('"').next())
        .or_else(|| t.strip_prefix('\'').and_then(|r| r.split('\'').next()));
    let value = quoted.unwrap_or_else(|| {
        t.split([',', '}', ']', '#'])
            .next()
            .unwrap_or_default()
            .trim_end()
    });
    value.chars().take(40).collect()
}

/// Byte offsets of yaml-rust2's positions ([`Marker::index`] counts characters, not
/// bytes). Positions come nearly in order, so each is found by walking from the last one,
/// forward or back: one pass over the text for a whole parse, however many positions are
/// asked for.
pub(crate) struct CharOffsets<'t> {
    text: &'t str,
    ascii: bool,
    /// The last position asked for, in characters and in bytes.
    chars: usize,
    bytes: usize,
}

impl<'t> CharOffsets<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        CharOffsets {
            text,
            ascii: text.is_ascii(),
            chars: 0,
            bytes: 0,
        }
    }

    /// The byte offset of the character at `char_index` (the text's length past its end).
    pub(crate) fn byte(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        while self.chars < char_index {
            match self.text[self.bytes..].chars().next() {
                Some(c) => {
                    self.bytes += c.len_utf8();
                    self.chars += 1;
                }
                None => break,
            }
        }
        while self.chars > char_index {
            match self.text[..self.bytes].chars().next_back() {
                Some(c) => {
                    self.bytes -= c.len_utf8();
                    self.chars -= 1;
                }
                None => break,
            }
        }
        self.bytes
    }
}

/// A document with nothing but whitespace and comments.
fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---"
    })
}

/// serde_yaml appends " at line L column C" to its messages; the location says that already.
fn clean_message(err: &serde_yaml::Error) -> String {
    let msg = err.to_string();
    let msg = match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    let msg = msg.trim_end_matches(|c: char| c == ',' || c.is_whitespace());
    if msg.is_empty() {
        "invalid YAML".to_string()
    } else {
        msg.to_string()
    }
}

/// The byte range of every value (scalar, mapping or sequence) of `text`, keyed by path,
/// shifted by `offset`. A document that fails to parse yields whatever was seen before.
pub fn locate_values(text: &str, offset: usize) -> HashMap<String, Range<usize>> {
    scan(text, offset, false).spans
}

/// The most items a YAML list may have. Every engineer and pipeline is a page (and every
/// engineer a feed), so 180,000 engineers (4 MB of team.yaml) took 8 s and 600 MB to
/// build; 10,000 take under a second.
pub const MAX_ITEMS: usize = 10_000;

/// What one pass over the parser's events learns.
struct Scan {
    /// The spans of [`locate_values`].
    spans: HashMap<String, Range<usize>>,
    /// Every key given a second time in its mapping, with the span of that second key.
    duplicates: Vec<(String, Range<usize>)>,
    /// Keys and values holding a control character other than tab and line feed (written
    /// as is or as an escape such as `"\e"`), with the first such character.
    controls: Vec<(Range<usize>, char)>,
    /// Where the first item past [`MAX_ITEMS`] of a list starts, if any.
    long_list: Option<usize>,
    /// The top-level entries, when they were asked for and the document is simple.
    entries: Option<Vec<(String, Entry)>>,
    /// Where the aliases went past what they may repeat (see `yaml_aliases`), if they did:
    /// a byte offset in the text scanned.
    too_repeated: Option<usize>,
    /// Where the first collection nested deeper than [`MAX_FLOW_DEPTH`] starts, if any
    /// (shifted by the scan's offset).
    too_deep: Option<usize>,
}

/// A top-level value of a simple document: a mapping whose keys are plain or quoted
/// scalars, without anchors, aliases or tags, parsed without error, read as text in which
/// `yaml-rust2` and `libyaml` (`serde_yaml`'s parser) cannot disagree (see [`plain_text`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Scalar(Scalar),
    /// A list of scalars.
    List(Vec<Scalar>),
    /// A mapping, or a list holding anything but scalars.
    Other,
}

/// A scalar's value, and whether it was written plain (unquoted, not a block scalar).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar {
    pub value: String,
    pub plain: bool,
}

/// Whether the two YAML parsers read `text` alike for sure, so that the scan's entries may
/// stand in for `serde_yaml`: printable ASCII and line breaks, or characters libyaml
/// takes as printable, and none of tabs (indentation), backslashes (escapes), or lines
/// that start a document. Anything else is left to `serde_yaml`.
fn plain_text(text: &str) -> bool {
    let printable = text.chars().all(|c| match c {
        '\n' | '\r' | ' '..='~' => c != '\\',
        '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..='\u{10ffff}' => {
            c != '\u{feff}' && !crate::diagnostics::is_bidi_control(c)
        }
        _ => false,
    });
    printable
        && !text
            .lines()
            .any(|l| l.starts_with("---") || l.starts_with("..."))
}

fn scan(text: &str, offset: usize, entries: bool) -> Scan {
    let mut locator = Locator {
        offset,
        offsets: CharOffsets::new(text),
        stack: Vec::new(),
        spans: HashMap::new(),
        duplicates: Vec::new(),
        controls: Vec::new(),
        long_list: None,
        at: offset,
        entries: entries.then(Vec::new),
        top: false,
        weigher: Weigher::for_text(text),
        too_deep: None,
    };
    // Event by event, as `Parser::load` would give them for the first document, but
    // without its recursion: `load` calls itself once per nesting level, and block
    // nesting (`- - - … x` on one line) is not bounded by `too_deep`, so 30,000 levels
    // (60 kB) overflowed the stack and aborted the build.
    let mut parser = Parser::new_from_str(text);
    let ok = loop {
        match parser.next_token() {
            Ok((ev, mark)) => {
                let end = matches!(ev, Event::DocumentEnd | Event::StreamEnd);
                locator.on_event(ev, mark);
                if end {
                    break true;
                }
            }
            Err(_) => break false,
        }
    };
    let simple = ok && locator.top && locator.duplicates.is_empty();
    Scan {
        spans: locator.spans,
        duplicates: locator.duplicates,
        controls: locator.controls,
        long_list: locator.long_list,
        entries: locator.entries.filter(|_| simple),
        too_repeated: locator.weigher.and_then(|w| w.past()),
        too_deep: locator.too_deep,
    }
}

enum Frame {
    Map {
        path: String,
        key: Option<String>,
        seen: HashSet<String>,
    },
    Seq {
        path: String,
        next: usize,
    },
}

struct Locator<'t> {
    offset: usize,
    /// yaml-rust2 counts characters; spans are bytes.
    offsets: CharOffsets<'t>,
    stack: Vec<Frame>,
    spans: HashMap<String, Range<usize>>,
    duplicates: Vec<(String, Range<usize>)>,
    controls: Vec<(Range<usize>, char)>,
    long_list: Option<usize>,
    /// Where the event being read starts.
    at: usize,
    /// The top-level entries while the document is simple (see [`Entry`]); `None` when
    /// not asked for or not simple.
    entries: Option<Vec<(String, Entry)>>,
    /// Whether the document is a mapping.
    top: bool,
    /// The aliases' weight, when the text has any.
    weigher: Option<Weigher>,
    /// Where the first collection nested deeper than [`MAX_FLOW_DEPTH`] starts.
    too_deep: Option<usize>,
}

/// Paths longer than this are not recorded: no value pipebook reads has one, and copying
/// a long key into the path of each of its children would cost the key's length per child.
const MAX_PATH: usize = 256;

/// The path given to every value under a path longer than [`MAX_PATH`].
const UNTRACKED: &str = "~";

impl Locator<'_> {
    /// A scalar: a value, whose span is kept by path, or a mapping key.
    fn scalar(&mut self, value: String, style: TScalarStyle, start: usize) {
        let depth = self.stack.len();
        match self.value_path() {
            Some(path) => {
                let quotes = matches!(
                    style,
                    TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted
                );
                let len = value.len() + if quotes { 2 } else { 0 };
                let span = start..start + len.max(1);
                let plain = style == TScalarStyle::Plain;
                match (depth, self.entries.as_mut()) {
                    (1, Some(entries)) => {
                        entries.push((path.clone(), Entry::Scalar(Scalar { value, plain })));
                    }
                    (2, Some(entries)) => {
                        if let Some((_, Entry::List(items))) = entries.last_mut() {
                            items.push(Scalar { value, plain });
                        }
                    }
                    _ => {}
                }
                self.spans.insert(path, span);
            }
            None => {
                if let Some(Frame::Map { key, seen, .. }) = self.stack.last_mut() {
                    if !seen.insert(value.clone()) {
                        let len = value.len().max(1);
                        self.duplicates.push((value.clone(), start..start + len));
                    }
                    *key = Some(value);
                }
            }
        }
    }

    /// The path of the value that starts now, or `None` if it is a mapping key.
    fn value_path(&mut self) -> Option<String> {
        let path = self.child_path()?;
        Some(if path.len() > MAX_PATH {
            UNTRACKED.to_string()
        } else {
            path
        })
    }

    fn not_simple_if(&mut self, not_simple: bool) {
        if not_simple {
            self.entries = None;
        }
    }

    /// Records a mapping or list (`list`) that starts now in the top-level entries.
    fn container(&mut self, list: bool) {
        let Some(entries) = self.entries.as_mut() else {
            return;
        };
        match self.stack.last() {
            // A value of the top-level mapping (not a key: keys are scalars here).
            Some(Frame::Map { path, key, .. }) if self.stack.len() == 1 => match key {
                Some(k) if path.is_empty() => {
                    let entry = if list {
                        Entry::List(Vec::new())
                    } else {
                        Entry::Other
                    };
                    entries.push((k.clone(), entry));
                }
                _ => self.entries = None,
            },
            // Inside a top-level value: a list of scalars no more.
            Some(_) if self.stack.len() == 2 => {
                if let Some((_, entry)) = entries.last_mut() {
                    *entry = Entry::Other;
                }
            }
            _ => {}
        }
    }

    fn child_path(&mut self) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Map { path, key, .. }) => {
                let k = key.take()?;
                if k.len() > MAX_PATH {
                    return Some(UNTRACKED.to_string());
                }
                Some(if path.is_empty() {
                    k
                } else {
                    format!("{path}.{k}")
                })
            }
            Some(Frame::Seq { path, next }) => {
                if *next == MAX_ITEMS {
                    self.long_list.get_or_insert(self.at);
                }
                let p = format!("{path}[{next}]");
                *next += 1;
                Some(p)
            }
        }
    }
}

impl MarkedEventReceiver for Locator<'_> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let start = self.offset + self.offsets.byte(mark.index());
        self.at = start;
        if let Some(weigher) = self.weigher.as_mut() {
            weigher.event(&ev, start - self.offset);
        }
        match ev {
            Event::Scalar(value, style, anchor, tag) => {
                // Block scalars (`|`, `>`) are left to serde_yaml too.
                let block = !matches!(
                    style,
                    TScalarStyle::Plain | TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted
                );
                self.not_simple_if(anchor != 0 || tag.is_some() || self.stack.is_empty() || block);
                if let Some(c) = value.chars().find(|c| {
                    (c.is_control() && !matches!(c, '\t' | '\n'))
                        || crate::diagnostics::is_bidi_control(*c)
                }) {
                    self.controls.push((start..start + value.len().max(1), c));
                }
                self.scalar(value, style, start);
            }
            Event::MappingStart(..) | Event::SequenceStart(..)
                if self.stack.len() >= MAX_FLOW_DEPTH =>
            {
                // Refused (see `parse_range_with`): no path is made for what lies deeper,
                // which would cost a path per level.
                self.too_deep.get_or_insert(start);
                self.entries = None;
                self.stack.push(Frame::Seq {
                    path: UNTRACKED.to_string(),
                    next: 0,
                });
            }
            Event::MappingStart(anchor, tag) => {
                self.not_simple_if(anchor != 0 || tag.is_some());
                self.top |= self.stack.is_empty();
                self.container(false);
                let path = self.value_path().unwrap_or_default();
                self.spans.insert(path.clone(), start..start + 1);
                self.stack.push(Frame::Map {
                    path,
                    key: None,
                    seen: HashSet::new(),
                });
            }
            Event::SequenceStart(anchor, tag) => {
                self.not_simple_if(anchor != 0 || tag.is_some() || self.stack.is_empty());
                self.container(true);
                let path = self.value_path().unwrap_or_default();
                self.spans.insert(path.clone(), start..start + 1);
                self.stack.push(Frame::Seq { path, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::Alias(_) => {
                self.not_simple_if(true);
                // A value reused through `*name` is reported at the alias: its anchor's
                // value may be right where it was written and wrong where it is used.
                if let Some(path) = self.value_path() {
                    let at = start - self.offset;
                    let name = self.offsets.text.get(at + 1..).unwrap_or_default();
                    let len = name
                        .find(|c: char| c.is_whitespace() || ",[]{}".contains(c))
                        .unwrap_or(name.len());
                    self.spans.insert(path, start..start + 1 + len);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[test]
    fn locates_nested_values_by_path() {
        let text = "pipelines:\n  - id: a\n    primary: de1\n  - id: b\n    primary: \"de9\"\n";
        let spans = locate_values(text, 0);
        let span = spans["pipelines[1].primary"].clone();
        assert_eq!(&text[span], "\"de9\"");
        let span = spans["pipelines[0].id"].clone();
        assert_eq!(&text[span], "a");
    }

    #[test]
    fn spans_after_multibyte_text_are_bytes() {
        // yaml-rust2 counts characters: each value after `größe` and `ü` was two and
        // three bytes early.
        let text = "title: größe\nlist: [\"ü\", x, {k: \"日本\"}, v]\nafter: y\n";
        let spans = locate_values(text, 5);
        let at = |p: &str| &text[spans[p].start - 5..spans[p].end - 5];
        assert_eq!(at("title"), "größe");
        assert_eq!(at("list[0]"), "\"ü\"");
        assert_eq!(at("list[1]"), "x");
        assert_eq!(at("list[2].k"), "\"日本\"");
        assert_eq!(at("list[3]"), "v");
        assert_eq!(at("after"), "y");
        let mut offsets = CharOffsets::new("aé日b");
        assert_eq!(
            [4, 1, 2, 3, 0, 9].map(|i| offsets.byte(i)),
            [7, 1, 3, 6, 0, 7],
            "forward, back and past the end"
        );
    }

    #[test]
    fn errors_after_multibyte_text_have_character_columns() {
        #[derive(Debug, Default, Deserialize)]
        struct Names {
            #[serde(default)]
            names: Vec<String>,
        }
        let mut file = SourceFile {
            display: "content/x.yaml".into(),
            text: "# Größe\nnames: [\"Jürgen Groß\", \"a\\eb\"]\n".into(),
            spans: HashMap::new(),
        };
        let mut diags = Diagnostics::new();
        let names: Option<Names> = parse(&mut file, "", &mut diags);
        assert_eq!(names.map(|n| n.names.len()), Some(2));
        let d = diags.sorted()[0].clone();
        assert!(d.message.contains("control character"), "{}", d.message);
        // `names: ["Jürgen Groß", ` is 23 characters (25 bytes, 29 with line 1's).
        assert_eq!((d.location.line, d.location.col), (2, 24), "{d:?}");
        let start = d.location.span.unwrap().start;
        assert!(file.text[start..].starts_with("\"a\\eb\""), "{start}");
    }

    #[test]
    fn bidirectional_overrides_are_errors_where_written() {
        #[derive(serde::Deserialize, Default)]
        struct Names {
            #[serde(default)]
            names: Vec<String>,
        }
        for (text, bad) in [
            ("names: [\"Mallory \u{202e}gnp.exe\"]\n", true),
            ("names: [\"x\\u2067y\"]\n", true),
            ("names: [\"שלום \u{200f}Dana\", \"Jürgen\"]\n", false),
        ] {
            let mut file = SourceFile {
                display: "content/x.yaml".into(),
                text: text.into(),
                spans: HashMap::new(),
            };
            let mut diags = Diagnostics::new();
            let names: Option<Names> = parse(&mut file, "", &mut diags);
            assert_eq!(names.map(|n| n.names.len()), Some(1 + usize::from(!bad)));
            let found = diags.sorted();
            assert_eq!(found.len(), usize::from(bad), "{text:?}: {found:?}");
            if bad {
                assert!(
                    found[0].message.contains("bidirectional control"),
                    "{found:?}"
                );
                assert_eq!(
                    (found[0].location.line, found[0].location.col),
                    (1, 9),
                    "{found:?}"
                );
            }
        }
    }

    #[test]
    fn values_reused_through_aliases_are_located_at_the_alias() {
        let text = "defaults: &o de9\nlist: &l [a, b]\npipelines:\n  - {id: a, secondary: *o}\n  - owners: *l\n";
        let spans = locate_values(text, 0);
        assert_eq!(&text[spans["pipelines[0].secondary"].clone()], "*o");
        assert_eq!(&text[spans["pipelines[1].owners"].clone()], "*l");
    }

    #[test]
    fn offset_shifts_spans() {
        let spans = locate_values("a: xyz\n", 10);
        assert_eq!(spans["a"], 13..16);
    }

    #[derive(Debug, Default, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        #[serde(default)]
        n: u32,
    }

    #[test]
    fn type_error_names_line_and_column() {
        let mut file = SourceFile {
            display: "content/x.yaml".into(),
            text: "# comment\nn: many\n".into(),
            spans: HashMap::new(),
        };
        let mut diags = Diagnostics::new();
        let doc: Option<Doc> = parse(&mut file, "fix it", &mut diags);
        assert!(doc.is_none());
        let d = diags.sorted()[0].clone();
        assert_eq!((d.location.line, d.location.col), (2, 4), "{d:?}");
        assert!(d.message.contains("invalid type"), "{}", d.message);
        assert!(!d.message.contains("at line"), "{}", d.message);
    }

    #[test]
    fn blank_document_is_default() {
        let mut file = SourceFile {
            display: "x".into(),
            text: "# nothing yet\n".into(),
            spans: HashMap::new(),
        };
        let mut diags = Diagnostics::new();
        let doc: Option<Doc> = parse(&mut file, "", &mut diags);
        assert_eq!(doc.unwrap().n, 0);
        assert!(!diags.has_errors());
    }

    #[test]
    fn deep_flow_nesting_is_refused_at_the_bracket() {
        let deep = format!("a: 1\nx: {}{}\n", "[".repeat(100), "]".repeat(100));
        let at = too_deep(&deep).expect("too deep");
        assert_eq!(at, "a: 1\nx: ".len() + MAX_FLOW_DEPTH);
        let mut file = SourceFile {
            display: "content/team.yaml".into(),
            text: deep,
            spans: HashMap::new(),
        };
        let mut diags = Diagnostics::new();
        let doc: Option<Doc> = parse(&mut file, "", &mut diags);
        assert!(doc.is_none());
        let d = diags.sorted()[0].clone();
        assert_eq!((d.location.line, d.location.col), (2, 68), "{d:?}");
        assert!(d.message.contains("more than 64 brackets"), "{}", d.message);
    }

    #[test]
    fn brackets_in_scalars_and_comments_do_not_count() {
        let many = "[".repeat(200);
        for text in [
            format!("a: '{many}'\n"),
            format!("a: \"{many}\\\"\"\n"),
            format!("a: b{many}\n"),
            format!("a: 1 # {many}\n"),
            format!("a: [x, '{many}', {{b: \"{many}\"}}]\n"),
            format!("{}{}\n", "[".repeat(64), "]".repeat(64)),
        ] {
            assert_eq!(too_deep(&text), None, "{text}");
        }
    }

    #[test]
    fn lists_past_the_limit_are_refused_at_their_first_extra_item() {
        #[derive(Debug, Default, Deserialize)]
        struct Items {
            #[serde(default)]
            items: Vec<u32>,
        }
        let text = format!("items:\n{}", "  - 1\n".repeat(MAX_ITEMS + 1));
        let mut file = SourceFile {
            display: "content/x.yaml".into(),
            text,
            spans: HashMap::new(),
        };
        let mut diags = Diagnostics::new();
        let doc: Option<Items> = parse(&mut file, "", &mut diags);
        assert!(doc.is_none());
        let d = diags.sorted()[0].clone();
        assert_eq!(
            (d.location.line, d.location.col),
            (MAX_ITEMS + 2, 5),
            "{d:?}"
        );
        file.text = format!("items:\n{}", "  - 1\n".repeat(MAX_ITEMS));
        let mut diags = Diagnostics::new();
        let doc: Option<Items> = parse(&mut file, "", &mut diags);
        assert_eq!(doc.map(|d| d.items.len()), Some(MAX_ITEMS));
    }

    #[test]
    fn long_keys_and_deep_paths_are_not_copied_into_child_paths() {
        let key = "k".repeat(MAX_PATH + 1);
        let text = format!("{key}:\n  a: 1\n  b: [1, 2]\nshort: x\n");
        let spans = locate_values(&text, 0);
        assert!(
            spans.keys().all(|p| p.len() <= MAX_PATH + 4),
            "{:?}",
            spans.keys()
        );
        assert_eq!(&text[spans["short"].clone()], "x");
    }
}
