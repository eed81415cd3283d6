//! SQL, highlighted by a lexer in one pass: comments, strings, numbers, parameters,
//! keywords and the names of called functions, without parsing the statement.
//!
//! tree-sitter's parse of SQL cost about 1,200 instructions a byte, more than the rest of
//! a runbook's Markdown; this costs a few dozen (see the commit that added it). What a
//! parse knew and a lexer does not is which words are keywords where: a lexer takes the
//! reserved words (`SELECT`, `FROM`, `NULL`, …) in any case, and the words that are just
//! as often names (types, date parts, `KEY`, `NAME`, `VALUE`, …) only when written in
//! capitals, as runbooks write keywords: `DATEADD(day, …)` keeps its lowercase `day` plain
//! and `INTERVAL '1' DAY` marks it. A name right after a `.` is never a keyword; a name
//! followed by `(` is a function's.

use super::lex::{name_start, skip_while};
use super::spans::Writer;

mod words;

use words::{contextual, reserved};

/// Appends `code`, highlighted as SQL and escaped, to `out`.
pub(super) fn highlight(code: &str, out: &mut String) {
    let b = code.as_bytes();
    let mut w = Writer::new(code, out);
    let mut i = 0;
    // Whether the last token was a value (a name, number, string or `)`): a `-` after one
    // is a minus, elsewhere the sign of the number after it (`-7`).
    let mut after_value = false;
    // Whether the last token was a `.`: the name after it is a column's or a table's.
    let mut after_dot = false;
    while i < b.len() {
        let start = i;
        let c = b[i];
        let next = b.get(i + 1).copied().unwrap_or(0);
        let (class, value) = match c {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0c => {
                i += 1;
                continue;
            }
            b'-' if next == b'-' => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                (Some("c"), false)
            }
            b'/' if next == b'*' => {
                i = memchr::memmem::find(&b[i + 2..], b"*/").map_or(b.len(), |n| i + 2 + n + 2);
                (Some("c"), false)
            }
            b'\'' => {
                i = quoted(b, i, b'\'', false);
                (Some("s"), true)
            }
            // Postgres's escape strings, where `\'` does not end the string.
            b'E' | b'e' if next == b'\'' => {
                i = quoted(b, i + 1, b'\'', true);
                (Some("s"), true)
            }
            // Quoted names: plain, and no keyword inside them is marked.
            b'"' | b'`' => {
                i = quoted(b, i, c, false);
                (None, true)
            }
            b'0'..=b'9' => {
                i = number(b, i);
                (Some("n"), true)
            }
            b'.' if next.is_ascii_digit() && !after_value => {
                i = number(b, i);
                (Some("n"), true)
            }
            b'-' | b'+'
                if !after_value
                    && (next.is_ascii_digit()
                        || next == b'.' && b.get(i + 2).is_some_and(u8::is_ascii_digit)) =>
            {
                i = number(b, i + 1);
                (Some("n"), true)
            }
            b'$' if next.is_ascii_digit() => {
                i = skip_while(b, i + 1, |c| c.is_ascii_digit());
                (Some("v"), true)
            }
            b'$' => match dollar_quoted(b, i) {
                Some(end) => {
                    i = end;
                    (Some("s"), true)
                }
                None => {
                    i += 1;
                    (None, false)
                }
            },
            b'?' => {
                i += 1;
                (Some("v"), true)
            }
            // `:name` and `@name` are bind variables (`@` also names a stage); `::` casts.
            b':' | b'@' if name_start(next) && (i == 0 || b[i - 1] != b':') => {
                i = skip_while(b, i + 1, name_part);
                (Some("v"), true)
            }
            _ if name_start(c) => {
                i = skip_while(b, i, name_part);
                let called = b[skip_while(b, i, |c| c == b' ' || c == b'\t')..]
                    .first()
                    .is_some_and(|&c| c == b'(');
                let class = word_class(&code[start..i], called, after_dot);
                // After a keyword (`SELECT -1`), a `-` is a sign.
                (class, class != Some("k"))
            }
            b')' => {
                i += 1;
                (None, true)
            }
            b'.' => {
                i += 1;
                after_dot = true;
                after_value = false;
                continue;
            }
            _ => {
                // An operator or punctuation; a byte past ASCII is a name's (above).
                i += 1;
                (None, false)
            }
        };
        if let Some(class) = class {
            w.span(class, start, i);
        }
        after_value = value;
        after_dot = false;
    }
    w.finish();
}

fn name_part(c: u8) -> bool {
    name_start(c) || c.is_ascii_digit() || c == b'$'
}

/// The end of the quoted text opening at `b[i]` with `quote`: a doubled quote stands for
/// itself, and so does an escaped one when `backslash`. Unclosed, it runs to the end.
fn quoted(b: &[u8], mut i: usize, quote: u8, backslash: bool) -> usize {
    i += 1;
    while i < b.len() {
        let c = b[i];
        if backslash && c == b'\\' {
            // Past the escaped byte; a byte past ASCII stays inside the string anyway.
            i += 2;
        } else if c == quote {
            if b.get(i + 1) == Some(&quote) {
                i += 2;
            } else {
                return i + 1;
            }
        } else {
            i += 1;
        }
    }
    b.len()
}

/// The end of the number starting at `b[i]`: digits, a fraction, an exponent, or hex; any
/// letters glued to it (`12g`) go with it.
fn number(b: &[u8], i: usize) -> usize {
    let mut i = skip_while(b, i, |c| c.is_ascii_digit() || c == b'_');
    if b.get(i) == Some(&b'.') {
        i = skip_while(b, i + 1, |c| c.is_ascii_digit() || c == b'_');
    }
    if matches!(b.get(i), Some(b'e' | b'E'))
        && matches!(b.get(i + 1), Some(b'+' | b'-'))
        && b.get(i + 2).is_some_and(u8::is_ascii_digit)
    {
        i += 2;
    }
    skip_while(b, i, |c| c.is_ascii_alphanumeric() || c == b'_')
}

/// The end of a dollar-quoted string (`$$…$$`, `$fn$…$fn$`) opening at `b[i]`, if one
/// opens there; unclosed, it runs to the end.
fn dollar_quoted(b: &[u8], i: usize) -> Option<usize> {
    let tag_end = skip_while(b, i + 1, |c| c.is_ascii_alphanumeric() || c == b'_');
    if b.get(tag_end) != Some(&b'$') || b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let tag = &b[i..=tag_end];
    let body = tag_end + 1;
    Some(memchr::memmem::find(&b[body..], tag).map_or(b.len(), |n| body + n + tag.len()))
}

/// The class of a name: `called` when `(` follows it, `after_dot` when `.` precedes it.
fn word_class(word: &str, called: bool, after_dot: bool) -> Option<&'static str> {
    if after_dot {
        return called.then_some("f");
    }
    // Keywords are short and ASCII; compare them in lowercase without allocating.
    let mut buf = [0u8; 24];
    let lower = (word.len() <= buf.len() && word.is_ascii()).then(|| {
        let buf = &mut buf[..word.len()];
        buf.copy_from_slice(word.as_bytes());
        buf.make_ascii_lowercase();
        std::str::from_utf8(buf).unwrap_or("")
    });
    let lower = lower.unwrap_or("");
    if reserved(lower) {
        // Reserved words that also name functions: `LEFT(name, 3)`, `REPLACE(s, a, b)`,
        // `CURRENT_TIMESTAMP()`.
        let function = matches!(
            lower,
            "left"
                | "right"
                | "replace"
                | "if"
                | "truncate"
                | "current_timestamp"
                | "current_date"
                | "current_time"
                | "localtimestamp"
        );
        return Some(if called && function { "f" } else { "k" });
    }
    let capitals = !word.bytes().any(|c| c.is_ascii_lowercase());
    if capitals && contextual(lower) {
        Some("k")
    } else if called {
        Some("f")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use crate::highlight::tests::{hl, spans, text};

    fn has(html: &str, class: &str, piece: &str) -> bool {
        spans(html).iter().any(|(c, t)| c == class && t == piece)
    }

    #[test]
    fn the_benchmark_query_gets_its_classes() {
        let html = hl(
            "sql",
            "-- INC-1: volume\nSELECT load_date,\n       COUNT(DISTINCT order_id) AS n,\n       SUM(IFF(amount IS NULL, 1, 0)) / COUNT(*) AS null_rate\nFROM analytics.sales.fact_orders\nWHERE load_date >= DATEADD(day, -7, '2026-01-09')\n  AND start_time >= DATEADD(HOUR, -24, CURRENT_TIMESTAMP())\nGROUP BY load_date\nORDER BY load_date DESC\nLIMIT 20;\n",
        );
        for (class, piece) in [
            ("c", "-- INC-1: volume"),
            ("k", "SELECT"),
            ("f", "COUNT"),
            ("k", "DISTINCT"),
            ("k", "AS"),
            ("f", "SUM"),
            ("f", "IFF"),
            ("k", "IS NULL"),
            ("n", "1"),
            ("n", "0"),
            ("k", "FROM"),
            ("k", "WHERE"),
            ("f", "DATEADD"),
            ("n", "-7"),
            ("s", "'2026-01-09'"),
            ("k", "AND"),
            ("k", "HOUR"),
            ("n", "-24"),
            ("f", "CURRENT_TIMESTAMP"),
            ("k", "GROUP BY"),
            ("k", "ORDER BY"),
            ("k", "DESC"),
            ("k", "LIMIT"),
            ("n", "20"),
        ] {
            assert!(has(&html, class, piece), "{class} {piece}: {html}");
        }
        // `day` as a lowercase argument is a name; names after a dot are never keywords.
        assert!(html.contains("DATEADD</span>(day, "), "{html}");
        assert!(html.contains("analytics.sales.fact_orders"), "{html}");
    }

    #[test]
    fn minus_after_a_value_is_an_operator() {
        let html = hl("sql", "SELECT a -1, b - 2, (3)-4, f(x)-5\n");
        assert!(html.contains("a -<span class=\"n\">1</span>"), "{html}");
        assert!(html.contains("b - <span class=\"n\">2</span>"), "{html}");
        assert!(html.contains(")-<span class=\"n\">4</span>"), "{html}");
        assert!(html.contains(")-<span class=\"n\">5</span>"), "{html}");
        assert!(has(&hl("sql", "SELECT -1.5e-3\n"), "n", "-1.5e-3"));
    }

    #[test]
    fn strings_comments_quoted_names_and_parameters() {
        let html = hl(
            "sql",
            "SELECT 'it''s', E'a\\'b', $$ SELECT 'x' $$, $f$ y $f$, \"select\", `from` /* SELECT\n */ FROM t WHERE a = $1 AND b = ? AND c = :day AND d::date = @v\n",
        );
        for (class, piece) in [
            ("s", "'it''s'"),
            ("s", "E'a\\'b'"),
            ("s", "$$ SELECT 'x' $$"),
            ("s", "$f$ y $f$"),
            ("c", "/* SELECT\n */"),
            ("v", "$1"),
            ("v", "?"),
            ("v", ":day"),
            ("v", "@v"),
        ] {
            assert!(has(&html, class, piece), "{class} {piece}: {html}");
        }
        assert!(
            html.contains("\"select\", `from`"),
            "quoted names are plain: {html}"
        );
        assert!(
            html.contains("d::date"),
            "a cast is not a parameter: {html}"
        );
    }

    #[test]
    fn capitals_make_contextual_words_keywords() {
        let html = hl(
            "sql",
            "CREATE TABLE t (key VARCHAR(10), name TEXT, d DATE);\nselect key, name from t\n",
        );
        assert!(has(&html, "k", "VARCHAR"), "{html}");
        assert!(has(&html, "k", "TEXT"), "{html}");
        assert!(has(&html, "k", "DATE"), "{html}");
        assert!(has(&html, "k", "select"), "{html}");
        assert!(html.contains("(key "), "{html}");
        assert!(
            !has(&html, "k", "name") && !has(&html, "k", "key"),
            "{html}"
        );
        let html = hl("sql", "SELECT LEFT(s, 3), x FROM a LEFT JOIN b ON TRUE\n");
        assert!(
            has(&html, "f", "LEFT") && has(&html, "k", "LEFT JOIN"),
            "{html}"
        );
    }

    #[test]
    fn unclosed_pieces_run_to_the_end_and_keep_the_text() {
        for code in [
            "SELECT 'open",
            "SELECT \"open",
            "/* open",
            "$$ open",
            "E'\\",
            "-- end",
            "x$",
            "é'ü'ñ",
            "SELECT ö(1), 'ß' FROM ä.ø",
        ] {
            assert_eq!(text(&hl("sql", code)), code);
        }
    }

    #[test]
    fn a_megabyte_of_hostile_sql_is_one_pass() {
        // Each byte is read a bounded number of times: these would take hours if a
        // construct rescanned the rest of the block.
        for piece in [
            "$a", "$$", "/*", "'", "E'", "-", "(", "x(", "\"", ":", "--\n", "$1$",
        ] {
            let code = piece.repeat((1 << 20) / piece.len());
            let mut out = String::new();
            super::highlight(&code, &mut out);
            assert_eq!(text(&out), code, "{piece}");
        }
    }
}
