//! One pass over `yaml-rust2`'s parser events: the byte range of every value by its path,
//! the keys given twice, the control characters, the lists past [`MAX_ITEMS`], the
//! aliases' weight, and the top-level entries of a simple document (see [`Entry`]).

// foldhash (seeded per process: keys are an untrusted file's) rather than SipHash: every
// value of every front matter is recorded by its path.
use foldhash::{HashMap, HashSet};
use std::ops::Range;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::MAX_FLOW_DEPTH;
use crate::load::yaml_aliases::Weigher;

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

/// The byte range of every value (scalar, mapping or sequence) of `text`, keyed by path,
/// shifted by `offset`. A document that fails to parse yields whatever was seen before.
pub fn locate_values(text: &str, offset: usize) -> HashMap<String, Range<usize>> {
    scan_events(text, offset, false).spans
}

/// The most items a YAML list may have. Every engineer and pipeline is a page (and every
/// engineer a feed), so 180,000 engineers (4 MB of team.yaml) took 8 s and 600 MB to
/// build; 10,000 take under a second.
pub const MAX_ITEMS: usize = 10_000;

/// What one pass over the parser's events learns.
pub(super) struct Scan {
    /// The spans of [`locate_values`].
    pub(super) spans: HashMap<String, Range<usize>>,
    /// Every key given a second time in its mapping, with the span of that second key.
    pub(super) duplicates: Vec<(String, Range<usize>)>,
    /// Keys and values holding a control character other than tab and line feed (written
    /// as is or as an escape such as `"\e"`), with the first such character.
    pub(super) controls: Vec<(Range<usize>, char)>,
    /// Where the first item past [`MAX_ITEMS`] of a list starts, if any.
    pub(super) long_list: Option<usize>,
    /// Values with a tag pipebook does not read (`!include`, `!!binary`), and the tag.
    pub(super) tags: Vec<(usize, String)>,
    /// The top-level entries, when they were asked for and the document is simple.
    pub(super) entries: Option<Vec<(String, Entry)>>,
    /// Where the aliases went past what they may repeat (see `yaml_aliases`), if they did:
    /// a byte offset in the text scanned.
    pub(super) too_repeated: Option<usize>,
    /// Where the first collection nested deeper than [`MAX_FLOW_DEPTH`] starts, if any
    /// (shifted by the scan's offset).
    pub(super) too_deep: Option<usize>,
    /// Where a second document starts (`---`, or text after `...`), shifted by the
    /// scan's offset: `serde_yaml` refuses the file then, at its line 1.
    pub(super) second_document: Option<usize>,
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
pub(super) fn plain_text(text: &str) -> bool {
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

/// One pass over `text`'s YAML (spans shifted by `offset`), its top-level entries too when
/// `entries` says so (asked only if the parser reads the text; see [`Scan::entries`]):
/// the usual front matter without the parser (see `simple`: its texts are all
/// [`plain_text`]), anything else through it.
pub(super) fn scan(text: &str, offset: usize, entries: impl FnOnce(&str) -> bool) -> Scan {
    super::simple::scan(text, offset, true)
        .unwrap_or_else(|| scan_events(text, offset, entries(text)))
}

/// [`scan`] through yaml-rust2's parser, whatever the text.
pub(super) fn scan_events(text: &str, offset: usize, entries: bool) -> Scan {
    let mut locator = Locator {
        offset,
        offsets: CharOffsets::new(text),
        stack: Vec::new(),
        spans: HashMap::default(),
        duplicates: Vec::new(),
        controls: Vec::new(),
        long_list: None,
        tags: Vec::new(),
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
    let mut second_document = None;
    let ok = loop {
        match parser.next_token() {
            Ok((ev, mark)) => {
                let end = matches!(ev, Event::DocumentEnd | Event::StreamEnd);
                let document = matches!(ev, Event::DocumentEnd);
                locator.on_event(ev, mark);
                if document {
                    // One event further: the stream's end, or another document.
                    if let Ok((Event::DocumentStart, mark)) = parser.next_token() {
                        second_document = Some(offset + locator.offsets.byte(mark.index()));
                    }
                }
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
        tags: locator.tags,
        entries: locator.entries.filter(|_| simple),
        too_repeated: locator.weigher.and_then(|w| w.past()),
        too_deep: locator.too_deep,
        second_document,
    }
}

/// Tags reported per file: a few say it.
const MAX_TAGS_REPORTED: usize = 5;

/// Whether `tag` is one of YAML's own that a value may carry and mean what it reads as
/// (`!!str`, `!!int`, …, or `!` alone). Any other (`!include`, CloudFormation's `!Ref`,
/// `!!binary`) asks for something pipebook does not do: `serde_yaml` drops it and
/// reads the value as written.
fn is_core(tag: &Tag) -> bool {
    let yaml = tag.handle == "!!" || tag.handle == "tag:yaml.org,2002:";
    (yaml
        && matches!(
            tag.suffix.as_str(),
            "str" | "int" | "float" | "bool" | "null" | "seq" | "map"
        ))
        || (tag.handle == "!" && tag.suffix.is_empty())
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
    tags: Vec<(usize, String)>,
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
        if let Event::Scalar(_, _, _, Some(tag))
        | Event::MappingStart(_, Some(tag))
        | Event::SequenceStart(_, Some(tag)) = &ev
        {
            if !is_core(tag) && self.tags.len() < MAX_TAGS_REPORTED {
                // As written: `!!binary`, not `tag:yaml.org,2002:binary`.
                let handle = match tag.handle.as_str() {
                    "tag:yaml.org,2002:" => "!!",
                    other => other,
                };
                self.tags.push((start, format!("{handle}{}", tag.suffix)));
            }
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
                    seen: HashSet::default(),
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

    #[test]
    fn a_second_document_is_found_where_it_starts() {
        let at = |text: &str| scan_events(text, 100, false).second_document;
        assert_eq!(at("a: 1\n---\nb: 2\n"), Some(105));
        assert_eq!(at("a: 1\n---\n"), Some(105));
        assert_eq!(at("---\na: 1\n...\n"), None);
        assert_eq!(at("a: 1\n"), None);
        // The parser marks a document begun after `...` past its first key.
        assert!(at("a: 1\n...\nb: 2\n").is_some_and(|n| n >= 109));
    }

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
