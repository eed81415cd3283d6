//! Go, JavaScript, TypeScript, C#, Java, Kotlin, Jsonnet and GraphQL, the languages of
//! the exporters, services, dashboards and scripts that runbooks quote, highlighted by one
//! lexer in one pass with each language's words ([`super::flavors`]): comments (`//`,
//! `/* */`, `#` where it is one), strings (`"…"`, `'…'`, backquoted: Go's raw strings,
//! JavaScript's templates with `${…}` holding code of their own; `"""…"""`, C#'s `@"…"`,
//! Jsonnet's `|||` blocks), numbers, keywords, constants (`true`, `nil`, `undefined`),
//! built-in types, annotations, fields, the names of called and declared functions, and
//! JavaScript's regular expressions (told from division by what came before).

use super::jsx::Jsx;
use super::lex::{self, skip_while, string, utf8_len, Quoted};
use super::spans::Writer;

/// One language's words and literals.
pub(super) struct Flavor {
    pub(super) keywords: &'static [&'static str],
    pub(super) constants: &'static [&'static str],
    pub(super) types: &'static [&'static str],
    /// `/…/` can be a regular expression (JavaScript); else `/` only divides (Go).
    pub(super) regex: bool,
    /// A backquoted string's `${…}` holds code (JavaScript's templates); else it is raw.
    pub(super) templates: bool,
    /// The word that declares a function, whose next name is the function's.
    pub(super) declares: &'static [&'static str],
    /// Further ways of writing, each off in Go, JavaScript and TypeScript.
    pub(super) more: More,
}

/// What only some of the languages have.
#[derive(Clone, Copy)]
pub(super) struct More {
    /// `"""…"""` strings over lines (Kotlin, Java's text blocks, C#'s raw strings, GraphQL).
    pub(super) triple_quotes: bool,
    /// `"…${…}…"`: a double-quoted string's `${…}` holds code (Kotlin).
    pub(super) quote_templates: bool,
    /// `#` begins a comment (Jsonnet, GraphQL).
    pub(super) hash_comments: bool,
    /// `@"…"`: a verbatim string, over lines, with no escapes (C#).
    pub(super) verbatim_at: bool,
    /// `@Name` is an annotation (Java, Kotlin) or a directive (GraphQL).
    pub(super) annotations: bool,
    /// `|||` opens a text block that the next `|||` closes (Jsonnet).
    pub(super) text_blocks: bool,
    /// A name before `:` (`::`, `+:`, `+::`) is an object's field (Jsonnet) or an
    /// argument's name (GraphQL).
    pub(super) keys: bool,
    /// `$name` is a variable (GraphQL).
    pub(super) dollar_variables: bool,
    /// `<tag …>` where a value may begin is JSX's markup (`jsx`, `tsx`).
    pub(super) jsx: bool,
    /// Rust's ways: `'a` lifetimes beside `'x'` characters, raw and byte strings
    /// (`r#"…"#`, `b"…"`), strings over lines, `name!` macros, `#[…]` attributes and
    /// block comments that nest.
    pub(super) rust: bool,
}

pub(super) const PLAIN: More = More {
    triple_quotes: false,
    quote_templates: false,
    hash_comments: false,
    verbatim_at: false,
    annotations: false,
    text_blocks: false,
    keys: false,
    dollar_variables: false,
    jsx: false,
    rust: false,
};

/// Appends `code`, highlighted as `flavor` and escaped, to `out`.
pub(super) fn highlight(flavor: &Flavor, code: &str, out: &mut String) {
    let b = code.as_bytes();
    let mut w = Writer::new(code, out);
    let mut i = 0;
    let mut state = State::default();
    let mut jsx = Jsx::default();
    while i < b.len() {
        if jsx.in_markup() {
            let (end, element_ended) = jsx.step(b, i, &mut w);
            i = end;
            state.after_value = element_ended;
            continue;
        }
        let c = b[i];
        if matches!(c, b' ' | b'\t' | b'\r' | b'\n') {
            i += 1;
            continue;
        }
        let step = match literal(flavor, b, i, &mut state) {
            Some(token) => token,
            None if name_start(c) => {
                i = word(flavor, code, i, &mut state, &mut w);
                continue;
            }
            None => match punctuation(flavor.more, b, i, state.after_value, &mut jsx) {
                Some(token) => token,
                None => {
                    i += 1;
                    continue;
                }
            },
        };
        let Token { end, class, value } = step;
        if let Some(class) = class {
            w.span(class, i, end);
        }
        i = end;
        state.after_value = value;
        state.after_declare = false;
    }
    w.finish();
}

/// What the lexer remembers between tokens.
#[derive(Default)]
struct State {
    /// Whether the last token was a value: a `/` after one divides.
    after_value: bool,
    /// Whether the last word declares a function (its next name is the function's).
    after_declare: bool,
    /// Where the line ends on which a regular expression did not close: no later `/` of
    /// it is tried (each try scans to the line's end: `/\/\/\/…` was quadratic).
    no_regex_before: usize,
}

/// A token read: where it ends, its class, and whether it is a value.
struct Token {
    end: usize,
    class: Option<&'static str>,
    value: bool,
}

fn token(end: usize, class: Option<&'static str>, value: bool) -> Option<Token> {
    Some(Token { end, class, value })
}

/// A comment, string, number, regular expression, attribute, annotation or macro at `i`,
/// or None when `b[i]` begins none of them.
fn literal(flavor: &Flavor, b: &[u8], i: usize, state: &mut State) -> Option<Token> {
    let more = flavor.more;
    let c = b[i];
    let next = b.get(i + 1).copied().unwrap_or(0);
    match c {
        b'/' if next == b'/' => token(lex::line_end(b, i), Some("c"), false),
        b'/' if next == b'*' && more.rust => token(nested_comment_end(b, i + 2), Some("c"), false),
        b'/' if next == b'*' => {
            let end = memchr::memmem::find(&b[i + 2..], b"*/").map_or(b.len(), |n| i + 2 + n + 2);
            token(end, Some("c"), false)
        }
        b'#' if more.rust && (next == b'[' || next == b'!' && b.get(i + 2) == Some(&b'[')) => {
            token(attribute_end(b, i + 1), Some("t"), false)
        }
        b'\'' if more.rust => match char_end(b, i) {
            Some(end) => token(end, Some("s"), true),
            None => token(skip_while(b, i + 1, name_part), Some("t"), false),
        },
        b'"' if more.rust => token(string(b, i + 1, &MULTILINE), Some("s"), true),
        b'/' if flavor.regex && !state.after_value && i >= state.no_regex_before => {
            match regex_end(b, i) {
                Some(end) => token(end, Some("s"), true),
                None => {
                    state.no_regex_before = lex::line_end(b, i);
                    token(i + 1, None, false)
                }
            }
        }
        b'#' if more.hash_comments => token(lex::line_end(b, i), Some("c"), false),
        b'"' if more.triple_quotes && b[i..].starts_with(b"\"\"\"") => {
            let end =
                memchr::memmem::find(&b[i + 3..], b"\"\"\"").map_or(b.len(), |n| i + 3 + n + 3);
            token(end, Some("s"), true)
        }
        b'|' if more.text_blocks && b[i..].starts_with(b"|||") => {
            let end = memchr::memmem::find(&b[i + 3..], b"|||").map_or(b.len(), |n| i + 3 + n + 3);
            token(end, Some("s"), true)
        }
        b'"' if more.quote_templates => {
            let q = Quoted {
                close: b'"',
                sigils: b"$",
                escapes: true,
                one_line: true,
            };
            token(string(b, i + 1, &q), Some("s"), true)
        }
        b'@' if more.verbatim_at && next == b'"' => token(verbatim(b, i + 2), Some("s"), true),
        b'@' if more.annotations && name_start(next) => {
            token(skip_while(b, i + 1, name_part), Some("t"), false)
        }
        b'"' | b'\'' => token(quoted(b, i + 1, c), Some("s"), true),
        b'`' => {
            let q = Quoted {
                close: b'`',
                sigils: if flavor.templates { b"$" } else { b"" },
                escapes: flavor.templates,
                one_line: false,
            };
            token(string(b, i + 1, &q), Some("s"), true)
        }
        b'0'..=b'9' => {
            let end = skip_while(b, i, |c| {
                c.is_ascii_alphanumeric() || c == b'_' || c == b'.'
            });
            token(end, Some("n"), true)
        }
        b'.' if next.is_ascii_digit() && !state.after_value => token(
            skip_while(b, i + 1, |c| c.is_ascii_alphanumeric() || c == b'_'),
            Some("n"),
            true,
        ),
        _ if more.rust => match prefixed_string(b, i) {
            Some(end) => token(end, Some("s"), true),
            None if name_start(c) => macro_end(b, i).and_then(|end| token(end, Some("f"), false)),
            None => None,
        },
        _ => None,
    }
}

/// The name at `start`, written with its class; returns where it ends.
fn word(flavor: &Flavor, code: &str, start: usize, state: &mut State, w: &mut Writer) -> usize {
    let b = code.as_bytes();
    let more = flavor.more;
    let i = skip_while(b, start, name_part);
    let word = &code[start..i];
    let called = b[skip_while(b, i, |c| c == b' ' || c == b'\t')..]
        .first()
        .is_some_and(|&c| c == b'(');
    let after_dot = start > 0 && b[start - 1] == b'.';
    let class = if state.after_declare {
        Some("f")
    } else if more.dollar_variables && b[start] == b'$' {
        Some("v")
    } else if more.keys && before_colon(b, i) {
        Some("p")
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
    if let Some(class) = class {
        w.span(class, start, i);
    }
    state.after_value = class != Some("k") || matches!(word, "this" | "super");
    state.after_declare = !after_dot && flavor.declares.contains(&word);
    i
}

/// Brackets and JSX's braces; None for what leaves the lexer's state as it was (JSX's
/// `<tag` and a `}` that returns to markup).
fn punctuation(more: More, b: &[u8], i: usize, after_value: bool, jsx: &mut Jsx) -> Option<Token> {
    match b[i] {
        b'<' if more.jsx && !after_value && jsx.opens(b, i) => None,
        b'{' if more.jsx => {
            jsx.open_brace();
            token(i + 1, None, false)
        }
        b'}' if more.jsx && jsx.close_brace() => None,
        b')' | b']' | b'}' => token(i + 1, None, true),
        c => token(i + utf8_len(c), None, false),
    }
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

/// A string over lines with `\` escapes (Rust's).
const MULTILINE: Quoted = Quoted {
    close: b'"',
    sigils: b"",
    escapes: true,
    one_line: false,
};

/// The end of a Rust block comment whose `/*` was before `i`: after the `*/` that closes
/// it, each `/*` inside opening one more, or the code's end.
fn nested_comment_end(b: &[u8], mut i: usize) -> usize {
    let mut depth = 1usize;
    while let Some(n) = memchr::memchr2(b'*', b'/', &b[i..]) {
        let at = i + n;
        match (b[at], b.get(at + 1)) {
            (b'*', Some(b'/')) => {
                depth -= 1;
                if depth == 0 {
                    return at + 2;
                }
                i = at + 2;
            }
            (b'/', Some(b'*')) => {
                depth += 1;
                i = at + 2;
            }
            _ => i = at + 1,
        }
    }
    b.len()
}

/// The end of a Rust attribute whose `#` was before `i`: after the `]` that closes its
/// `[` (brackets inside counted), or the code's end.
fn attribute_end(b: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while let Some(n) = memchr::memchr2(b'[', b']', &b[i..]) {
        let at = i + n;
        if b[at] == b'[' {
            depth += 1;
        } else {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return at + 1;
            }
        }
        i = at + 1;
    }
    b.len()
}

/// The end of a Rust character at `'` (`'x'`, `'\n'`, `'\u{1F600}'`), when it is one and
/// not a lifetime (`'a`).
fn char_end(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i + 1)? {
        b'\\' => {
            let window = &b[(i + 3).min(b.len())..(i + 14).min(b.len())];
            memchr::memchr(b'\'', window).map(|n| i + 3 + n + 1)
        }
        b'\'' | b'\n' => None,
        &c => {
            let end = i + 1 + utf8_len(c);
            (b.get(end) == Some(&b'\'')).then_some(end + 1)
        }
    }
}

/// The end of a Rust string with a prefix at `i`: raw (`r"…"`, `r#"…"#`, `br…`, `cr…`),
/// byte (`b"…"`, `b'x'`) or C (`c"…"`), when one begins there.
fn prefixed_string(b: &[u8], i: usize) -> Option<usize> {
    if i > 0 && name_part(b[i - 1]) {
        return None;
    }
    let prefix = skip_while(b, i, |c| matches!(c, b'b' | b'c' | b'r'));
    let word = &b[i..prefix];
    match (word, b.get(prefix)?) {
        (b"r" | b"br" | b"cr", b'"' | b'#') => {
            let quote = skip_while(b, prefix, |c| c == b'#');
            let hashes = quote - prefix;
            if b.get(quote) != Some(&b'"') {
                return None;
            }
            let mut j = quote + 1;
            while let Some(n) = memchr::memchr(b'"', &b[j..]) {
                let close = j + n + 1;
                if b[close..]
                    .iter()
                    .take(hashes)
                    .filter(|&&c| c == b'#')
                    .count()
                    == hashes
                {
                    return Some(close + hashes);
                }
                j = close;
            }
            Some(b.len())
        }
        (b"b" | b"c", b'"') => Some(string(b, prefix + 1, &MULTILINE)),
        (b"b", b'\'') => char_end(b, prefix),
        _ => None,
    }
}

/// The end of a Rust macro's name and its `!` at `i` (`println!`, `vec!`), when one is
/// there (not `a != b`).
fn macro_end(b: &[u8], i: usize) -> Option<usize> {
    let end = skip_while(b, i, name_part);
    (b.get(end) == Some(&b'!') && b.get(end + 1) != Some(&b'=')).then_some(end + 1)
}

/// The end of a C# verbatim string whose `@"` was before `i`: after the `"` that is not
/// doubled (`""` is a quote inside), or the code's end.
fn verbatim(b: &[u8], mut i: usize) -> usize {
    while let Some(n) = memchr::memchr(b'"', &b[i..]) {
        i += n + 1;
        if b.get(i) != Some(&b'"') {
            return i;
        }
        i += 1;
    }
    b.len()
}

/// Whether a name ending at `i` is a field's or an argument's: `:` follows it, blanks or
/// Jsonnet's `+` between.
fn before_colon(b: &[u8], i: usize) -> bool {
    let j = skip_while(b, i, |c| c == b' ' || c == b'\t');
    let j = j + usize::from(b.get(j) == Some(&b'+'));
    b.get(j) == Some(&b':')
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

    #[test]
    fn rust_lifetimes_characters_raw_strings_macros_and_attributes() {
        let code = "#[derive(Debug)]\nfn lag<'a>(s: &'a str) -> Option<u64> {\n    /* a /* nested */ note */\n    let c = '\\'';\n    println!(\"{} {}\", r#\"raw \"q\"\"#, b'x');\n    if s != \"\" { None } else { Some(1) }\n}\n";
        let html = hl("rust", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("t", "#[derive(Debug)]"),
                ("k", "fn"),
                ("f", "lag"),
                ("t", "'a"),
                // Two pieces of one class with blanks between are one span.
                ("t", "'a str"),
                ("t", "Option"),
                ("t", "u64"),
                ("c", "/* a /* nested */ note */"),
                ("k", "let"),
                ("s", "'\\''"),
                ("f", "println!"),
                ("s", "\"{} {}\""),
                ("s", "r#\"raw \"q\"\"#"),
                ("s", "b'x'"),
                ("k", "if"),
                ("s", "\"\""),
                ("n", "None"),
                ("k", "else"),
                ("n", "Some"),
                ("n", "1"),
            ]),
            "{html}"
        );
        for code in [
            "r#\"open",
            "'",
            "'\\",
            "#[open",
            "/* /* */",
            "b'",
            "br##\"a\"#",
            "x!",
            "'é'",
        ] {
            assert_eq!(text(&hl("rs", code)), code, "{code:?}");
        }
    }

    #[test]
    fn solidity() {
        let code = "pragma solidity ^0.8.0;\ncontract Vault {\n  mapping(address => uint256) public balances;\n  function withdraw(uint256 amount) external { require(amount > 0, \"zero\"); }\n}\n";
        let got = spans(&hl("solidity", code));
        for want in [
            ("k", "pragma"),
            ("k", "contract"),
            ("k", "mapping"),
            ("t", "address"),
            ("k", "function"),
            ("f", "withdraw"),
            ("k", "external"),
            ("f", "require"),
            ("s", "\"zero\""),
        ] {
            assert!(
                got.contains(&(want.0.into(), want.1.into())),
                "{want:?} in {got:?}"
            );
        }
    }
}
