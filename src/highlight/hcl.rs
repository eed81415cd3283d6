//! HCL (`hcl`, `terraform`, `tf`, `tfvars`), the language of the infrastructure a data
//! pipeline runs on, highlighted by a lexer in one pass: comments (`#`, `//`, `/* */`),
//! strings with their `${…}` interpolations, heredocs (`<<EOT`, `<<-EOT`), numbers,
//! `true`/`false`/`null`, a block's type (`resource`, `variable`, `backend`: the first word
//! of a line that opens a block), attribute names (before `=`), functions (before `(`), and
//! the keywords of `for` expressions and templates.

use super::lex::{line_end, skip_while, string, utf8_len, Quoted};
use super::spans::Writer;

/// A string: on one line, with `${…}` and `%{…}` that may hold strings of their own
/// (`"${var.env == "prod" ? 3 : 1}"`).
const HCL_STRING: Quoted = Quoted {
    close: b'"',
    sigils: b"$%",
    escapes: true,
    one_line: true,
};

/// Appends `code`, highlighted as HCL and escaped, to `out`.
pub(super) fn highlight(code: &str, out: &mut String) {
    let b = code.as_bytes();
    let mut w = Writer::new(code, out);
    let mut i = 0;
    // Whether nothing but blanks came before on this line: a block's type comes first.
    let mut line_start = true;
    while i < b.len() {
        let start = i;
        let c = b[i];
        let next = b.get(i + 1).copied().unwrap_or(0);
        let class = match c {
            b'\n' => {
                line_start = true;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'#' => {
                i = line_end(b, i);
                Some("c")
            }
            b'/' if next == b'/' => {
                i = line_end(b, i);
                Some("c")
            }
            b'/' if next == b'*' => {
                i = memchr::memmem::find(&b[i + 2..], b"*/").map_or(b.len(), |n| i + 2 + n + 2);
                Some("c")
            }
            b'"' => {
                i = string(b, i + 1, &HCL_STRING);
                Some("s")
            }
            b'<' if next == b'<' => match heredoc(b, i) {
                Some(end) => {
                    i = end;
                    Some("s")
                }
                None => {
                    i += 2;
                    None
                }
            },
            b'0'..=b'9' => {
                i = skip_while(b, i, |c| c.is_ascii_alphanumeric() || c == b'.');
                Some("n")
            }
            _ if c.is_ascii_alphabetic() || c == b'_' => {
                i = skip_while(b, i, |c| {
                    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-')
                });
                let after = skip_while(b, i, |c| c == b' ' || c == b'\t');
                let follows = b.get(after).copied().unwrap_or(b'\n');
                let word = &code[start..i];
                if follows == b'=' && !matches!(b.get(after + 1), Some(b'=' | b'>')) {
                    // An attribute, or an object's key (`{ a = 1 }`; not `a: 1`, which
                    // reads like a conditional's `? a : b`).
                    Some("p")
                } else if follows == b'(' {
                    Some("f")
                } else if matches!(word, "true" | "false" | "null") {
                    Some("n")
                } else if matches!(word, "for" | "in" | "if" | "else" | "endif" | "endfor")
                    || line_start && opens_block(b, after, follows)
                {
                    Some("k")
                } else {
                    None
                }
            }
            _ => {
                i += utf8_len(c);
                None
            }
        };
        line_start = false;
        if let Some(class) = class {
            w.span(class, start, i);
        }
    }
    w.finish();
}

/// Whether the first word of a line, followed by `follows` at `after`, is a block's type:
/// `{` or a string label follows it (`resource "a" "b" {`), or words then `{` (`backend
/// s3 {`).
fn opens_block(b: &[u8], after: usize, follows: u8) -> bool {
    matches!(follows, b'"' | b'{') || follows.is_ascii_alphabetic() && block_opens(b, after)
}

/// Whether the rest of the line from `i` is labels (words or strings) and then `{`.
fn block_opens(b: &[u8], i: usize) -> bool {
    let end = line_end(b, i);
    let rest = b[i..end].trim_ascii_end();
    rest.last() == Some(&b'{')
        && !rest.contains(&b'=')
        && rest[..rest.len() - 1]
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b' ' | b'\t' | b'"'))
}

/// The end of the heredoc opening at `i` (`<<EOT`, `<<-EOT`), after its closing line;
/// `None` when `<<` does not begin one.
fn heredoc(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 2;
    if b.get(j) == Some(&b'-') {
        j += 1;
    }
    let name_end = skip_while(b, j, |c| c.is_ascii_alphanumeric() || c == b'_');
    if name_end == j || b.get(name_end).is_some_and(|&c| c != b'\n' && c != b'\r') {
        return None;
    }
    let name = &b[j..name_end];
    let mut line = line_end(b, name_end) + 1;
    while line < b.len() {
        let end = line_end(b, line);
        if b[line..end].trim_ascii() == name {
            return Some(end);
        }
        line = end + 1;
    }
    Some(b.len())
}

#[cfg(test)]
mod tests {
    use super::super::tests::{hl, pairs, spans, text};

    #[test]
    fn a_terraform_module() {
        let code = r#"# the bucket
resource "google_storage_bucket" "scratch" {
  name     = "${var.prefix}-scratch"
  count    = var.env == "prod" ? 3 : 1 // replicas
  labels   = { team = "data", tier: "hot" }
  versioning {
    enabled = true
  }
  lifecycle_rule {
    condition { age = length(var.days) }
  }
  policy = <<-EOT
    {"a": "${x}"}
  EOT
  tags = [for t in var.tags : upper(t) if t != null]
}
"#;
        let html = hl("terraform", code);
        assert_eq!(text(&html), code);
        let want = pairs(&[
            ("c", "# the bucket"),
            ("k", "resource"),
            ("s", "\"google_storage_bucket\" \"scratch\""),
            ("p", "name"),
            ("s", "\"${var.prefix}-scratch\""),
            ("p", "count"),
            ("s", "\"prod\""),
            ("n", "3"),
            ("n", "1"),
            ("c", "// replicas"),
            ("p", "labels"),
            ("p", "team"),
            ("s", "\"data\""),
            ("s", "\"hot\""),
            ("k", "versioning"),
            ("p", "enabled"),
            ("n", "true"),
            ("k", "lifecycle_rule"),
            ("k", "condition"),
            ("p", "age"),
            ("f", "length"),
            ("p", "policy"),
            ("s", "<<-EOT\n    {\"a\": \"${x}\"}\n  EOT"),
            ("p", "tags"),
            ("k", "for"),
            ("k", "in"),
            ("f", "upper"),
            ("k", "if"),
            ("n", "null"),
        ]);
        assert_eq!(spans(&html), want, "{html}");
    }

    #[test]
    fn interpolations_holding_strings_and_a_backend_block() {
        let html = hl(
            "hcl",
            "terraform {\n  backend s3 {\n    key = \"${var.env == \"prod\" ? \"p\" : \"d\"}/state\"\n  }\n}\n",
        );
        let got = spans(&html);
        assert!(got.contains(&("k".into(), "terraform".into())), "{html}");
        assert!(got.contains(&("k".into(), "backend".into())), "{html}");
        assert!(
            got.contains(&(
                "s".into(),
                "\"${var.env == \"prod\" ? \"p\" : \"d\"}/state\"".into()
            )),
            "one string, its interpolation's strings inside: {html}"
        );
    }

    #[test]
    fn broken_hcl_keeps_the_text() {
        for code in [
            "a = \"open ${ \"x\n",
            "a = <<EOT\nnever closed\n",
            "a = << not a heredoc\n",
            "/* open",
            "x = \"\\",
            "ключ = \"значение\" # <script>\n",
            "}}}{{{ = == \"${{{{\"",
        ] {
            let html = hl("tf", code);
            assert_eq!(text(&html), code, "{html}");
            assert!(!html.contains("<script>"), "{html}");
        }
    }
}
