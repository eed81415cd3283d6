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
    let offset = range.start;
    let text = &file.text[range];
    if is_blank(text) {
        return Some(T::default());
    }
    match serde_yaml::from_str::<T>(text) {
        Ok(value) => {
            let scanned = scan(text, offset);
            file.spans.extend(scanned.spans);
            for (span, c) in scanned.controls {
                diags.error(
                    Location::at(&file.display, &file.text, span),
                    format!(
                        "this value holds the control character {}, which pages and calendar feeds cannot carry",
                        c.escape_unicode()
                    ),
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
                let duplicates = scan(text, offset).duplicates;
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
    scan(text, offset).spans
}

/// What one pass over the parser events finds.
struct Scan {
    /// The spans of [`locate_values`].
    spans: HashMap<String, Range<usize>>,
    /// Every key given a second time in its mapping, with the span of that second key.
    duplicates: Vec<(String, Range<usize>)>,
    /// Keys and values holding a control character other than tab and line feed (written
    /// as is or as an escape such as `"\e"`), with the first such character.
    controls: Vec<(Range<usize>, char)>,
}

fn scan(text: &str, offset: usize) -> Scan {
    let mut locator = Locator {
        offset,
        stack: Vec::new(),
        spans: HashMap::new(),
        duplicates: Vec::new(),
        controls: Vec::new(),
    };
    let _ = Parser::new_from_str(text).load(&mut locator, false);
    Scan {
        spans: locator.spans,
        duplicates: locator.duplicates,
        controls: locator.controls,
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

struct Locator {
    offset: usize,
    stack: Vec<Frame>,
    spans: HashMap<String, Range<usize>>,
    duplicates: Vec<(String, Range<usize>)>,
    controls: Vec<(Range<usize>, char)>,
}

impl Locator {
    /// A scalar: a value, whose span is kept by path, or a mapping key.
    fn scalar(&mut self, value: String, style: TScalarStyle, start: usize) {
        match self.value_path() {
            Some(path) => {
                let quotes = matches!(
                    style,
                    TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted
                );
                let len = value.len() + if quotes { 2 } else { 0 };
                self.spans.insert(path, start..start + len.max(1));
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
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Map { path, key, .. }) => {
                let k = key.take()?;
                Some(if path.is_empty() {
                    k
                } else {
                    format!("{path}.{k}")
                })
            }
            Some(Frame::Seq { path, next }) => {
                let p = format!("{path}[{next}]");
                *next += 1;
                Some(p)
            }
        }
    }
}

impl MarkedEventReceiver for Locator {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let start = self.offset + mark.index();
        match ev {
            Event::Scalar(value, style, ..) => {
                if let Some(c) = value
                    .chars()
                    .find(|c| c.is_control() && !matches!(c, '\t' | '\n'))
                {
                    self.controls.push((start..start + value.len().max(1), c));
                }
                self.scalar(value, style, start);
            }
            Event::MappingStart(..) => {
                let path = self.value_path().unwrap_or_default();
                self.spans.insert(path.clone(), start..start + 1);
                self.stack.push(Frame::Map {
                    path,
                    key: None,
                    seen: HashSet::new(),
                });
            }
            Event::SequenceStart(..) => {
                let path = self.value_path().unwrap_or_default();
                self.spans.insert(path.clone(), start..start + 1);
                self.stack.push(Frame::Seq { path, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::Alias(_) => {
                let _ = self.value_path();
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
}
