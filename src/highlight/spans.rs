//! The writer of highlighted code, shared by the tree-sitter walk and the lexers: the code,
//! escaped, with a `<span class="…">` around each classed piece.

use super::escape;

/// Writes the code with spans, merging a span into the previous one when only blanks
/// separate two of the same class (`GROUP BY` is one keyword span).
pub(super) struct Writer<'a> {
    code: &'a str,
    out: &'a mut String,
    /// How far the code is written.
    pos: usize,
    /// The class of the span left open, if any.
    open: Option<&'static str>,
}

impl<'a> Writer<'a> {
    pub(super) fn new(code: &'a str, out: &'a mut String) -> Writer<'a> {
        Writer {
            code,
            out,
            pos: 0,
            open: None,
        }
    }

    /// Puts `code[start..end]` in a span of `class`; the code before it is written plain.
    pub(super) fn span(&mut self, class: &'static str, start: usize, end: usize) {
        // Empty pieces (such as the nodes tree-sitter inserts to recover from an error)
        // and, to be safe, pieces before what is written already or not on character
        // boundaries, are skipped: the text is written all the same.
        if start >= end
            || start < self.pos
            || !self.code.is_char_boundary(start)
            || !self.code.is_char_boundary(end)
        {
            return;
        }
        let gap = &self.code[self.pos..start];
        if self.open == Some(class) && gap.bytes().all(|b| b == b' ' || b == b'\t') {
            escape(gap, self.out);
        } else {
            self.close();
            escape(gap, self.out);
            self.out.push_str("<span class=\"");
            self.out.push_str(class);
            self.out.push_str("\">");
            self.open = Some(class);
        }
        escape(&self.code[start..end], self.out);
        self.pos = end;
    }

    fn close(&mut self) {
        if self.open.take().is_some() {
            self.out.push_str("</span>");
        }
    }

    /// Writes `code[start..end]` by `f` (another language's highlighter: a script inside
    /// HTML, a shell command inside a Dockerfile), the code before it plain.
    pub(super) fn embed(&mut self, start: usize, end: usize, f: impl FnOnce(&str, &mut String)) {
        if start < self.pos
            || start > end
            || !self.code.is_char_boundary(start)
            || !self.code.is_char_boundary(end)
        {
            return;
        }
        self.close();
        escape(&self.code[self.pos..start], self.out);
        f(&self.code[start..end], self.out);
        self.pos = end;
    }

    /// Closes the open span and writes the rest of the code plain.
    pub(super) fn finish(&mut self) {
        self.close();
        escape(&self.code[self.pos..], self.out);
        self.pos = self.code.len();
    }
}
