//! PromQL (`promql`, `prometheus`, `metricsql`), the language of the alert a runbook is
//! opened from, highlighted by a lexer in one pass: comments, strings, numbers
//! and durations (`5m`, `1h30m`), keywords (`by`, `offset`, `and`), functions and
//! aggregations, and label names: inside a selector's `{…}` and in the `(…)` after `by`,
//! `without`, `on`, `ignoring`, `group_left` and `group_right`. A metric's name is plain:
//! it is what the reader looks for. No grammar crate reads PromQL, and the language is
//! small: Prometheus's own lexer (`promql/parser/lex.go`) is the model.

use super::lex::{skip_while, utf8_len};
use super::spans::Writer;

/// Appends `code`, highlighted as PromQL (or, with `logql`, as Loki's LogQL, which is
/// PromQL over log streams with `| stage` pipelines) and escaped, to `out`.
pub(super) fn highlight(code: &str, out: &mut String, logql: bool) {
    let b = code.as_bytes();
    let mut w = Writer::new(code, out);
    let mut i = 0;
    // Inside `{…}`: names are labels. Braces do not nest in PromQL; a stray `}` closes.
    let mut in_braces = false;
    // The depth of the `(…)` of a `by (…)`-like list, 0 outside one: names are labels.
    let mut label_list = 0usize;
    // The last word was `by`, `without`, `on`, …: the `(` after it opens a label list.
    let mut list_next = false;
    // LogQL: the last token was a pipe `|` (not `|=` or `|~`): a stage's name follows.
    let mut after_pipe = false;
    while i < b.len() {
        let start = i;
        let c = b[i];
        let class = match c {
            b'#' => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                Some("c")
            }
            b'"' | b'\'' => {
                i = quoted(b, i, c, true);
                Some("s")
            }
            b'`' => {
                i = quoted(b, i, c, false);
                Some("s")
            }
            b'0'..=b'9' => {
                i = number(b, i);
                Some("n")
            }
            b'.' if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                i = number(b, i);
                Some("n")
            }
            b'{' => {
                in_braces = true;
                i += 1;
                None
            }
            b'}' => {
                in_braces = false;
                i += 1;
                None
            }
            b'(' => {
                if list_next || label_list > 0 {
                    label_list += 1;
                }
                list_next = false;
                i += 1;
                None
            }
            b')' => {
                label_list = label_list.saturating_sub(1);
                i += 1;
                None
            }
            // A recording rule's name may begin with `:`; a subquery's `[30m:1m]` has one
            // between durations.
            _ if name_start(c)
                || c == b':' && b.get(i + 1).is_some_and(|&n| name_start(n) || n == b':') =>
            {
                i = skip_while(b, i + 1, name_part);
                let word = &code[start..i];
                if in_braces || label_list > 0 {
                    Some("p")
                } else if std::mem::take(&mut after_pipe) {
                    // `| json`, `| line_format "…"`; else a label filter, `| level="error"`.
                    Some(if STAGES.contains(&word) { "k" } else { "p" })
                } else {
                    let class = word_class(word, next_is_paren(b, i));
                    list_next = LABEL_LISTS.contains(&word);
                    class
                }
            }
            b' ' | b'\t' | b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            b'|' if logql && !matches!(b.get(i + 1), Some(b'=' | b'~')) => {
                i += 1;
                after_pipe = true;
                list_next = false;
                continue;
            }
            _ => {
                // An operator (`=~`, `!=`, `>`), `[`, `]`, `,`, `@`, or a byte past ASCII.
                i += utf8_len(c);
                list_next = false;
                None
            }
        };
        after_pipe = false;
        if let Some(class) = class {
            w.span(class, start, i);
        }
    }
    w.finish();
}

/// LogQL's pipeline stages: parsers, formatters and the stages that keep or drop labels.
const STAGES: [&str; 11] = [
    "json",
    "logfmt",
    "regexp",
    "pattern",
    "unpack",
    "line_format",
    "label_format",
    "decolorize",
    "drop",
    "keep",
    "unwrap",
];

/// Words after which a parenthesised list holds label names.
const LABEL_LISTS: [&str; 6] = [
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
];

/// PromQL's other keywords: binary set operators and modifiers; with [`LABEL_LISTS`], in
/// the lower case Prometheus requires of them (`BY` is a metric's name).
const KEYWORDS: [&str; 6] = ["and", "or", "unless", "offset", "bool", "atan2"];

/// Aggregation operators, which take `by (…)` after their name as often as before their
/// `(` (`sum by (job) (rate(x[5m]))`).
const AGGREGATIONS: [&str; 14] = [
    "sum",
    "min",
    "max",
    "avg",
    "group",
    "stddev",
    "stdvar",
    "count",
    "count_values",
    "bottomk",
    "topk",
    "quantile",
    "limitk",
    "limit_ratio",
];

fn word_class(word: &str, called: bool) -> Option<&'static str> {
    if KEYWORDS.contains(&word) || LABEL_LISTS.contains(&word) {
        Some("k")
    } else if matches!(word, "Inf" | "inf" | "NaN" | "nan") {
        Some("n")
    } else if called || AGGREGATIONS.contains(&word) {
        Some("f")
    } else {
        None
    }
}

/// Whether the next byte that is not a blank is `(`.
fn next_is_paren(b: &[u8], i: usize) -> bool {
    b[skip_while(b, i, |c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))..]
        .first()
        .is_some_and(|&c| c == b'(')
}

/// A name (metric, label or function) begins with a letter or `_`.
fn name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn name_part(c: u8) -> bool {
    name_start(c) || c.is_ascii_digit() || c == b':'
}

/// A number, or a duration of units one after another (`1h30m`, `500ms`): digits, `.`, an
/// exponent (`1e-3`), hexadecimal digits and unit letters all belong to it.
fn number(b: &[u8], start: usize) -> usize {
    let hex = b[start..].starts_with(b"0x") || b[start..].starts_with(b"0X");
    let mut i = start;
    loop {
        i = skip_while(b, i, |c| {
            c.is_ascii_alphanumeric() || c == b'.' || c == b'_'
        });
        let exponent_sign = matches!(b[i - 1], b'e' | b'E')
            && matches!(b.get(i), Some(b'+' | b'-'))
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
            && !hex;
        if !exponent_sign {
            return i;
        }
        i += 1;
    }
}

/// The end of the string opening at `i`: after its closing quote, or at the end of the
/// line when it is not closed (a backquoted string may run over lines).
fn quoted(b: &[u8], i: usize, quote: u8, escapes: bool) -> usize {
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' if escapes => j += 2,
            c if c == quote => return j + 1,
            b'\n' if quote != b'`' => return j,
            _ => j += 1,
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{hl, pairs, spans, text};

    #[test]
    fn logql_stages_and_label_filters() {
        let code = "# errors
sum by (app) (count_over_time({app=\"etl\"} |= \"timeout\" | json | level=~\"err.*\" | line_format \"{{.msg}}\" [$__range]))\n";
        let html = hl("logql", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("c", "# errors"),
                ("f", "sum"),
                ("k", "by"),
                ("p", "app"),
                ("f", "count_over_time"),
                ("p", "app"),
                ("s", "\"etl\""),
                ("s", "\"timeout\""),
                ("k", "json"),
                ("p", "level"),
                ("s", "\"err.*\""),
                ("k", "line_format"),
                ("s", "\"{{.msg}}\""),
            ]),
            "{html}"
        );
        // In PromQL, `|` is no pipe: `json` there is a metric's name, plain.
        assert!(spans(&hl("promql", "a | json")).is_empty());
    }

    #[test]
    fn an_alert_expression() {
        let code = "# lag\nsum by (job, instance) (rate(kafka_consumergroup_lag{group=~\"etl-.*\", env!='dev'}[5m] offset 1h30m)) > 1e3 and on (job) up == 0\n";
        let html = hl("promql", code);
        assert_eq!(text(&html), code);
        let got = spans(&html);
        let want = pairs(&[
            ("c", "# lag"),
            ("f", "sum"),
            ("k", "by"),
            ("p", "job"),
            ("p", "instance"),
            ("f", "rate"),
            ("p", "group"),
            ("s", "\"etl-.*\""),
            ("p", "env"),
            ("s", "'dev'"),
            ("n", "5m"),
            ("k", "offset"),
            ("n", "1h30m"),
            ("n", "1e3"),
            // Keywords one after another are one span, as SQL's `GROUP BY`.
            ("k", "and on"),
            ("p", "job"),
            ("n", "0"),
        ]);
        assert_eq!(got, want, "{html}");
        assert!(
            html.contains("</span>(kafka_consumergroup_lag{"),
            "the metric's name is plain: {html}"
        );
    }

    #[test]
    fn aggregation_with_the_label_list_after_its_argument() {
        let html = hl(
            "promql",
            "topk(3, sum(rate(x[1m])) without (pod)) / ignoring(a) group_left(b) y",
        );
        let got = spans(&html);
        assert!(got.contains(&("f".into(), "topk".into())), "{html}");
        assert!(got.contains(&("k".into(), "without".into())), "{html}");
        assert!(got.contains(&("p".into(), "pod".into())), "{html}");
        assert!(got.contains(&("k".into(), "group_left".into())), "{html}");
        assert!(got.contains(&("p".into(), "b".into())), "{html}");
        assert!(
            !got.contains(&("p".into(), "y".into())),
            "a label list ends at its `)`: {html}"
        );
    }

    #[test]
    fn subqueries_recording_rules_and_exponents() {
        let html = hl("promql", "max_over_time(job:lag:rate5m[30m:1m]) > 1e-3");
        let got = spans(&html);
        assert_eq!(
            got,
            pairs(&[
                ("f", "max_over_time"),
                ("n", "30m"),
                ("n", "1m"),
                ("n", "1e-3")
            ]),
            "{html}"
        );
        assert!(html.contains("(job:lag:rate5m["), "{html}");
    }

    #[test]
    fn unclosed_strings_braces_and_non_ascii_keep_the_text() {
        for code in [
            "x{a=\"open\n",
            "x{a=\"é\\\"",
            "`raw\nstring",
            "}}((( ))) {{",
            "métrique{étiquette=\"ü\"} > ½",
            "rate(x[5m]) # <script>",
            ":",
            "x:",
        ] {
            let html = hl("promql", code);
            assert_eq!(text(&html), code, "{html}");
            assert!(!html.contains("<script>"), "{html}");
        }
    }
}
