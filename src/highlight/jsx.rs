//! JSX's markup inside JavaScript and TypeScript (`jsx`, `tsx`): an element's tag name,
//! its attributes' names and strings, the `{…}` that hold code again, and the text between
//! tags, plain. Where the C-like lexer would read `<p>Don't</p>` as a comparison and a
//! string to the line's end, this reads it as the browser's React does. The nesting (an
//! element's children, code inside them, elements inside that code) is a stack on the
//! heap, not recursion: a hostile block nested 10,000 deep costs its length.

use super::lex::{skip_while, utf8_len};
use super::spans::Writer;

enum Ctx {
    /// Code inside `{…}` in markup, with its own braces still open.
    Code { depth: usize },
    /// Inside `<…>`: a closing tag (`</p>`) or not; whether its name was read.
    Tag { closing: bool, named: bool },
    /// Between an element's tags.
    Children,
}

/// Where the reading is inside markup; empty in the block's own code.
#[derive(Default)]
pub(super) struct Jsx {
    stack: Vec<Ctx>,
}

impl Jsx {
    /// Whether markup is being read (a tag or an element's children), not code.
    pub(super) fn in_markup(&self) -> bool {
        matches!(self.stack.last(), Some(Ctx::Tag { .. } | Ctx::Children))
    }

    /// A `{` in code: counted when the code is inside markup.
    pub(super) fn open_brace(&mut self) {
        if let Some(Ctx::Code { depth }) = self.stack.last_mut() {
            *depth += 1;
        }
    }

    /// A `}` in code: whether it closes a `{…}` of markup, which is then read again.
    pub(super) fn close_brace(&mut self) -> bool {
        match self.stack.last_mut() {
            Some(Ctx::Code { depth: 0 }) => {
                self.stack.pop();
                true
            }
            Some(Ctx::Code { depth }) => {
                *depth -= 1;
                false
            }
            _ => false,
        }
    }

    /// A `<` in code where a value may begin, that opens an element: `<>` (a fragment)
    /// or `<Name` followed by a blank, `>`, `/` or `{` (not `<T,>`, a generic's).
    pub(super) fn opens(&mut self, b: &[u8], i: usize) -> bool {
        let opens = starts_element(b, i);
        if opens {
            self.stack.push(Ctx::Tag {
                closing: false,
                named: false,
            });
        }
        opens
    }

    /// Reads one piece of markup from `i`; returns where it ends and whether an element
    /// ended there whose parent is code (where it was a value).
    pub(super) fn step(&mut self, b: &[u8], i: usize, w: &mut Writer) -> (usize, bool) {
        let c = b[i];
        match self.stack.last_mut() {
            Some(Ctx::Tag { closing, named }) => {
                let (closing, was_named) = (*closing, *named);
                match c {
                    b'/' if b.get(i + 1) == Some(&b'>') && !closing => {
                        self.stack.pop();
                        (i + 2, self.in_code())
                    }
                    b'>' => {
                        self.stack.pop();
                        if !closing {
                            self.stack.push(Ctx::Children);
                            return (i + 1, false);
                        }
                        if matches!(self.stack.last(), Some(Ctx::Children)) {
                            self.stack.pop();
                        }
                        (i + 1, self.in_code())
                    }
                    b'{' => {
                        self.stack.push(Ctx::Code { depth: 0 });
                        (i + 1, false)
                    }
                    b'"' | b'\'' => {
                        let end = memchr::memchr(c, &b[i + 1..]).map_or(b.len(), |n| i + n + 2);
                        w.span("s", i, end);
                        (end, false)
                    }
                    _ if name_part(c) => {
                        let end = skip_while(b, i, name_part);
                        if let Some(Ctx::Tag { named, .. }) = self.stack.last_mut() {
                            *named = true;
                        }
                        w.span(if was_named { "p" } else { "t" }, i, end);
                        (end, false)
                    }
                    _ => (i + utf8_len(c), false),
                }
            }
            Some(Ctx::Children) => match c {
                b'{' => {
                    self.stack.push(Ctx::Code { depth: 0 });
                    (i + 1, false)
                }
                b'<' if b.get(i + 1) == Some(&b'/') => {
                    self.stack.push(Ctx::Tag {
                        closing: true,
                        named: false,
                    });
                    (i + 2, false)
                }
                b'<' if self.opens(b, i) => (i + 1, false),
                b'<' => (i + 1, false),
                // Text, plain, to the next tag or `{`.
                _ => (
                    memchr::memchr2(b'<', b'{', &b[i..]).map_or(b.len(), |n| i + n),
                    false,
                ),
            },
            _ => (i + utf8_len(c), false),
        }
    }

    /// Whether the reading is back in code (the block's own, or a `{…}`'s).
    fn in_code(&self) -> bool {
        !matches!(self.stack.last(), Some(Ctx::Children))
    }
}

fn starts_element(b: &[u8], i: usize) -> bool {
    match b.get(i + 1) {
        Some(b'>') => true,
        Some(&c) if c.is_ascii_alphabetic() || c == b'_' => {
            let end = skip_while(b, i + 1, name_part);
            matches!(
                b.get(end),
                None | Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/' | b'{')
            )
        }
        _ => false,
    }
}

/// A tag's or an attribute's name: letters, digits, `_`, `$`, `-`, `.` (`<Foo.Bar>`) and
/// `:` (`xlink:href`); any byte past ASCII counts as a letter.
fn name_part(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'-' | b'.' | b':') || c >= 0x80
}

#[cfg(test)]
mod tests {
    use super::super::tests::{hl, pairs, spans, text};

    #[test]
    fn elements_attributes_code_and_text() {
        let code = "export default function App() {\n  return (\n    <Boundary fallback={<p>Don't panic</p>} n={1 < 2}>\n      <Routes /> {/* app */}\n    </Boundary>\n  );\n}\nconst half = a < b ? x / 2 : 0;\n";
        let html = hl("tsx", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("k", "export default function"),
                ("f", "App"),
                ("k", "return"),
                ("t", "Boundary"),
                ("p", "fallback"),
                ("t", "p"),
                ("t", "p"),
                ("p", "n"),
                ("n", "1"),
                ("n", "2"),
                ("t", "Routes"),
                ("c", "/* app */"),
                ("t", "Boundary"),
                ("k", "const"),
                ("n", "2"),
                ("n", "0"),
            ]),
            "{html}"
        );
    }

    #[test]
    fn fragments_strings_generics_and_open_markup_keep_the_text() {
        let html = hl("jsx", "x = <><a href=\"/ops\">go</a></>;\n");
        assert_eq!(
            spans(&html),
            pairs(&[("t", "a"), ("p", "href"), ("s", "\"/ops\""), ("t", "a")]),
            "{html}"
        );
        // `<T,>` is a generic's, no element: the code after it is read as code.
        let html = hl("tsx", "const f = <T,>(x: T) => x; // c\n");
        assert!(
            spans(&html).contains(&("c".into(), "// c".into())),
            "{html}"
        );
        let deep = "<a b={".repeat(5000);
        for code in ["<a", "<a b=\"", "<a>{", "<a>{}</", "</>", "<a/", &deep] {
            assert_eq!(text(&hl("tsx", code)), code);
        }
    }
}
