//! Source files as snippets quote them: every control character (other than tab and line
//! ends), bidirectional control and invisible character written as its escape
//! (`\u{200b}`, `\u{1b}`), as messages write them (`escape_controls`), so that a reader
//! sees which character is there and where; and a terminal is driven by none of them.
//!
//! An escape is longer than the character it stands for, so a span of the file is moved
//! to the shown text ([`ShownFiles::span`]), and the column a snippet's header names is
//! counted in the file as written ([`Files::column_number`]): the `file:line:col` an
//! editor jumps to is the character's, not the escape's.

use std::ops::Range;

use codespan_reporting::files::{self, Error, Files};

/// Whether a snippet writes `c` as its escape.
fn escaped(c: char) -> bool {
    !matches!(c, '\n' | '\r') && super::escaped(c)
}

/// One escaped character: where it starts in the file and in the shown text, and how
/// many bytes and characters the shown text has gained up to its end.
#[derive(Debug, Clone, Copy)]
struct Escape {
    at: usize,
    shown_at: usize,
    bytes_gained: usize,
    chars_gained: usize,
}

/// A file as shown, with its escapes in order.
#[derive(Debug)]
struct ShownFile {
    name: String,
    text: String,
    line_starts: Vec<usize>,
    escapes: Vec<Escape>,
}

impl ShownFile {
    fn new(name: String, source: &str) -> Self {
        let mut escapes = Vec::new();
        let text = if source.chars().any(escaped) {
            let mut text = String::with_capacity(source.len() + 16);
            let (mut bytes_gained, mut chars_gained) = (0, 0);
            for (at, c) in source.char_indices() {
                if escaped(c) {
                    let shown_at = text.len();
                    text.extend(c.escape_unicode());
                    let shown = text.len() - shown_at;
                    bytes_gained += shown - c.len_utf8();
                    chars_gained += shown - 1;
                    escapes.push(Escape {
                        at,
                        shown_at,
                        bytes_gained,
                        chars_gained,
                    });
                } else {
                    text.push(c);
                }
            }
            text
        } else {
            source.to_string()
        };
        let line_starts = files::line_starts(&text).collect();
        ShownFile {
            name,
            text,
            line_starts,
            escapes,
        }
    }

    /// The bytes gained by the escapes of characters that start before `at` in the file.
    fn gained_before(&self, at: usize) -> usize {
        match self.escapes.partition_point(|e| e.at < at) {
            0 => 0,
            n => self.escapes[n - 1].bytes_gained,
        }
    }

    /// The characters gained by the escapes that start before `shown_at` in the shown text.
    fn chars_gained_before(&self, shown_at: usize) -> usize {
        match self.escapes.partition_point(|e| e.shown_at < shown_at) {
            0 => 0,
            n => self.escapes[n - 1].chars_gained,
        }
    }
}

/// The files of one report, as snippets show them.
#[derive(Debug, Default)]
pub(super) struct ShownFiles {
    files: Vec<ShownFile>,
}

impl ShownFiles {
    /// Adds the file `name` holding `source`; returns its id.
    pub(super) fn add(&mut self, name: String, source: &str) -> usize {
        self.files.push(ShownFile::new(name, source));
        self.files.len() - 1
    }

    /// `span`, a range of file `id` as written, as a range of its shown text.
    pub(super) fn span(&self, id: usize, span: &Range<usize>) -> Range<usize> {
        let f = &self.files[id];
        span.start + f.gained_before(span.start)..span.end + f.gained_before(span.end)
    }

    fn get(&self, id: usize) -> Result<&ShownFile, Error> {
        self.files.get(id).ok_or(Error::FileMissing)
    }
}

impl<'a> Files<'a> for ShownFiles {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, Error> {
        Ok(&self.get(id)?.name)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, Error> {
        Ok(&self.get(id)?.text)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, Error> {
        let starts = &self.get(id)?.line_starts;
        Ok(starts
            .binary_search(&byte_index)
            .unwrap_or_else(|next| next - 1))
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, Error> {
        let f = self.get(id)?;
        let start = |i: usize| match i.cmp(&f.line_starts.len()) {
            std::cmp::Ordering::Less => Ok(f.line_starts[i]),
            std::cmp::Ordering::Equal => Ok(f.text.len()),
            std::cmp::Ordering::Greater => Err(Error::LineTooLarge {
                given: i,
                max: f.line_starts.len() - 1,
            }),
        };
        Ok(start(line_index)?..start(line_index + 1)?)
    }

    /// The column of `byte_index` in the line as written: an escape before it on its line
    /// counts as the one character it stands for.
    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, Error> {
        let f = self.get(id)?;
        let line = self.line_range(id, line_index)?;
        let shown = files::column_index(&f.text, line.clone(), byte_index);
        let gained = f.chars_gained_before(byte_index) - f.chars_gained_before(line.start);
        Ok(shown - gained + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_show_as_escapes_and_spans_follow() {
        let source = "de1\u{200B} \u{00AD}\u{FE0F}\u{E0041}\u{2028}é\tx\u{1b}y\nnext";
        let mut files = ShownFiles::default();
        let id = files.add("a.md".to_string(), source);
        let shown = files.source(id).unwrap();
        assert_eq!(
            shown,
            "de1\\u{200b} \\u{ad}\\u{fe0f}\\u{e0041}\\u{2028}é\tx\\u{1b}y\nnext"
        );
        // A span on the invisible character covers its whole escape; one after it moves.
        let zw = source.find('\u{200B}').unwrap();
        let span = files.span(id, &(zw..zw + 3));
        assert_eq!(&shown[span], "\\u{200b}");
        let y = source.find('y').unwrap();
        let span = files.span(id, &(y..y + 1));
        assert_eq!(&shown[span.clone()], "y");
        // Its column is the character's in the line as written (1-based).
        let line = files.line_index(id, span.start).unwrap();
        assert_eq!(
            files.column_number(id, line, span.start).unwrap(),
            source[..y].chars().count() + 1
        );
        // The next line is untouched.
        let n = source.find("next").unwrap();
        let span = files.span(id, &(n..n + 4));
        assert_eq!(&shown[span.clone()], "next");
        assert_eq!(files.column_number(id, 1, span.start).unwrap(), 1);
        let plain = files.add("b.md".to_string(), "Straße ✓ 東京\ta");
        assert_eq!(files.source(plain).unwrap(), "Straße ✓ 東京\ta");
    }
}
