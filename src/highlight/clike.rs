//! Go, JavaScript and TypeScript (`go`, `js`, `ts` and their long names), the languages
//! of the exporters, scripts and dashboards' glue that runbooks quote, highlighted by one
//! lexer in one pass with each language's words: comments (`//`, `/* */`), strings
//! (`"…"`, `'…'`, backquoted: Go's raw strings, JavaScript's templates with `${…}` holding
//! code of their own), numbers, keywords, constants (`true`, `nil`, `undefined`), built-in
//! types, the names of called and declared functions, and JavaScript's regular
//! expressions (told from division by what came before).

use super::lex::{self, skip_while, string, utf8_len, Quoted};
use super::spans::Writer;

/// One language's words and literals.
pub(super) struct Flavor {
    keywords: &'static [&'static str],
    constants: &'static [&'static str],
    types: &'static [&'static str],
    /// `/…/` can be a regular expression (JavaScript); else `/` only divides (Go).
    regex: bool,
    /// A backquoted string's `${…}` holds code (JavaScript's templates); else it is raw.
    templates: bool,
    /// The word that declares a function, whose next name is the function's.
    declares: &'static [&'static str],
}

pub(super) const GO: Flavor = Flavor {
    keywords: &[
        "break",
        "case",
        "chan",
        "const",
        "continue",
        "default",
        "defer",
        "else",
        "fallthrough",
        "for",
        "func",
        "go",
        "goto",
        "if",
        "import",
        "interface",
        "map",
        "package",
        "range",
        "return",
        "select",
        "struct",
        "switch",
        "type",
        "var",
    ],
    constants: &["true", "false", "nil", "iota"],
    types: &[
        "bool",
        "byte",
        "complex64",
        "complex128",
        "error",
        "float32",
        "float64",
        "int",
        "int8",
        "int16",
        "int32",
        "int64",
        "rune",
        "string",
        "uint",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "uintptr",
        "any",
    ],
    regex: false,
    templates: false,
    declares: &["func"],
};

pub(super) const JAVASCRIPT: Flavor = Flavor {
    keywords: &[
        "async",
        "await",
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "debugger",
        "default",
        "delete",
        "do",
        "else",
        "export",
        "extends",
        "finally",
        "for",
        "from",
        "function",
        "if",
        "import",
        "in",
        "instanceof",
        "let",
        "new",
        "of",
        "return",
        "static",
        "super",
        "switch",
        "this",
        "throw",
        "try",
        "typeof",
        "var",
        "void",
        "while",
        "with",
        "yield",
    ],
    constants: &["true", "false", "null", "undefined", "NaN", "Infinity"],
    types: &[],
    regex: true,
    templates: true,
    declares: &["function"],
};

pub(super) const TYPESCRIPT: Flavor = Flavor {
    keywords: &[
        "abstract",
        "as",
        "async",
        "await",
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "declare",
        "default",
        "delete",
        "do",
        "else",
        "enum",
        "export",
        "extends",
        "finally",
        "for",
        "from",
        "function",
        "if",
        "implements",
        "import",
        "in",
        "instanceof",
        "interface",
        "is",
        "keyof",
        "let",
        "namespace",
        "new",
        "of",
        "private",
        "protected",
        "public",
        "readonly",
        "return",
        "satisfies",
        "static",
        "super",
        "switch",
        "this",
        "throw",
        "try",
        "type",
        "typeof",
        "var",
        "void",
        "while",
        "yield",
    ],
    constants: &["true", "false", "null", "undefined", "NaN", "Infinity"],
    types: &[
        "any", "bigint", "boolean", "never", "number", "object", "string", "symbol", "unknown",
    ],
    regex: true,
    templates: true,
    declares: &["function"],
};

/// Appends `code`, highlighted as `flavor` and escaped, to `out`.
pub(super) fn highlight(flavor: &Flavor, code: &str, out: &mut String) {
    let b = code.as_bytes();
    let mut w = Writer::new(code, out);
    let mut i = 0;
    // Whether the last token was a value: a `/` after one divides.
    let mut after_value = false;
    let mut after_declare = false;
    // Where the line ends on which a regular expression did not close: no later `/` of
    // it is tried (each try scans to the line's end: `/\/\/\/…` was quadratic).
    let mut no_regex_before = 0;
    while i < b.len() {
        let start = i;
        let c = b[i];
        let next = b.get(i + 1).copied().unwrap_or(0);
        let (class, value) = match c {
            b' ' | b'\t' | b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            b'/' if next == b'/' => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                (Some("c"), false)
            }
            b'/' if next == b'*' => {
                i = memchr::memmem::find(&b[i + 2..], b"*/").map_or(b.len(), |n| i + 2 + n + 2);
                (Some("c"), false)
            }
            b'/' if flavor.regex && !after_value && i >= no_regex_before => match regex_end(b, i) {
                Some(end) => {
                    i = end;
                    (Some("s"), true)
                }
                None => {
                    no_regex_before = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                    i += 1;
                    (None, false)
                }
            },
            b'"' | b'\'' => {
                i = quoted(b, i + 1, c);
                (Some("s"), true)
            }
            b'`' => {
                let q = Quoted {
                    close: b'`',
                    sigils: if flavor.templates { b"$" } else { b"" },
                    escapes: flavor.templates,
                    one_line: false,
                };
                i = string(b, i + 1, &q);
                (Some("s"), true)
            }
            b'0'..=b'9' => {
                i = skip_while(b, i, |c| {
                    c.is_ascii_alphanumeric() || c == b'_' || c == b'.'
                });
                (Some("n"), true)
            }
            b'.' if next.is_ascii_digit() && !after_value => {
                i = skip_while(b, i + 1, |c| c.is_ascii_alphanumeric() || c == b'_');
                (Some("n"), true)
            }
            _ if name_start(c) => {
                i = skip_while(b, i, name_part);
                let word = &code[start..i];
                let called = b[skip_while(b, i, |c| c == b' ' || c == b'\t')..]
                    .first()
                    .is_some_and(|&c| c == b'(');
                let after_dot = start > 0 && b[start - 1] == b'.';
                let class = if after_declare {
                    Some("f")
                } else if !after_dot && flavor.keywords.contains(&word) {
                    Some("k")
                } else if !after_dot && flavor.constants.contains(&word) {
                    Some("n")
                } else if called {
                    Some("f")
                } else if !after_dot && flavor.types.contains(&word) {
                    Some("t")
                } else {
                    None
                };
                let declare = !after_dot && flavor.declares.contains(&word);
                if let Some(class) = class {
                    w.span(class, start, i);
                }
                after_value = class != Some("k") || matches!(word, "this" | "super");
                after_declare = declare;
                continue;
            }
            b')' | b']' | b'}' => {
                i += 1;
                (None, true)
            }
            _ => {
                i += utf8_len(c);
                (None, false)
            }
        };
        if let Some(class) = class {
            w.span(class, start, i);
        }
        after_value = value;
        after_declare = false;
    }
    w.finish();
}

/// A name begins with a letter, `_` or `$`; any byte past ASCII counts as a letter, so a
/// name never ends inside a character.
fn name_start(c: u8) -> bool {
    lex::name_start(c) || c == b'$'
}

fn name_part(c: u8) -> bool {
    name_start(c) || c.is_ascii_digit()
}

/// The end of a quoted string whose `quote` was before `i`: after the closing quote, or
/// at the end of the line when it does not close there.
fn quoted(b: &[u8], mut i: usize, quote: u8) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// The end of a regular expression at `i`, after its flags, when it closes on its line
/// (a `/` inside `[…]` does not close it).
fn regex_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    let mut class = false;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'\n' => return None,
            b'[' => {
                class = true;
                j += 1;
            }
            b']' => {
                class = false;
                j += 1;
            }
            b'/' if !class => {
                return Some(skip_while(b, j + 1, |c| c.is_ascii_alphabetic()));
            }
            _ => j += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::tests::{hl, pairs, spans, text};

    #[test]
    fn go() {
        let code = "package main\n\n// lag in seconds\nfunc lag(offset int64) (float64, error) {\n\tif offset < 0 {\n\t\treturn 0, fmt.Errorf(\"negative: %d\", offset)\n\t}\n\treturn float64(offset) / 1e3, nil // ok\n}\nvar q = `raw ${x}`\n";
        let html = hl("go", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("k", "package"),
                ("c", "// lag in seconds"),
                ("k", "func"),
                ("f", "lag"),
                ("t", "int64"),
                ("t", "float64"),
                ("t", "error"),
                ("k", "if"),
                ("n", "0"),
                ("k", "return"),
                ("n", "0"),
                ("f", "Errorf"),
                ("s", "\"negative: %d\""),
                ("k", "return"),
                ("f", "float64"),
                ("n", "1e3"),
                ("n", "nil"),
                ("c", "// ok"),
                ("k", "var"),
                ("s", "`raw ${x}`"),
            ]),
            "{html}"
        );
    }

    #[test]
    fn javascript_templates_and_regexes() {
        let code = "const re = /a\\/b[/]c/gi; // x\nlet half = total / 2 / n;\nconsole.log(`lag ${f(\"}\")} ${`in`}`, null);\n";
        let html = hl("js", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("k", "const"),
                ("s", "/a\\/b[/]c/gi"),
                ("c", "// x"),
                ("k", "let"),
                ("n", "2"),
                ("f", "log"),
                ("s", "`lag ${f(\"}\")} ${`in`}`"),
                ("n", "null"),
            ]),
            "{html}"
        );
    }

    #[test]
    fn typescript_types_and_broken_code_keeps_the_text() {
        let html = hl("ts", "function ok(n: number): boolean { return n > 0 }");
        let got = spans(&html);
        assert!(got.contains(&("f".into(), "ok".into())), "{html}");
        assert!(got.contains(&("t".into(), "number".into())), "{html}");
        assert!(got.contains(&("t".into(), "boolean".into())), "{html}");
        for (info, code) in [
            ("js", "`open ${ \"x"),
            ("js", "x = ( /\\/\\/\\/ ( / y"),
            ("go", "s := \"open\nnext"),
            ("ts", "/* open"),
            ("typescript", "ключ = 'значение' // <script>\n"),
            ("golang", "a.1 .5 $ `"),
        ] {
            let html = hl(info, code);
            assert_eq!(text(&html), code, "{info}: {html}");
            assert!(!html.contains("<script>"), "{html}");
        }
    }
}
