//! PowerShell (`powershell`, `ps1`, `pwsh`): the Windows hosts' and Azure's side of
//! runbooks. Comments (`#`, `<# … #>`), strings (`"…"` with backquote escapes, `'…'` with
//! `''`, here-strings `@"…"@` and `@'…'@` closed at a line's start), variables (`$name`,
//! `${…}`, `$env:PATH`), parameters and operators (`-Force`, `-eq`), cmdlets (`Get-Item`),
//! keywords (any case, as PowerShell reads them), types (`[string]`), numbers. One pass.

use super::lex::{line_end, skip_while, utf8_len};
use super::spans::Writer;

const KEYWORDS: &[&str] = &[
    "begin",
    "break",
    "catch",
    "class",
    "continue",
    "data",
    "do",
    "dynamicparam",
    "else",
    "elseif",
    "end",
    "enum",
    "exit",
    "filter",
    "finally",
    "for",
    "foreach",
    "function",
    "if",
    "in",
    "param",
    "process",
    "return",
    "switch",
    "throw",
    "trap",
    "try",
    "until",
    "using",
    "while",
];

/// Appends `code`, highlighted as PowerShell and escaped, to `out`.
pub(super) fn highlight(code: &str, out: &mut String) {
    let b = code.as_bytes();
    let mut w = Writer::new(code, out);
    let mut i = 0;
    let mut after_function = false;
    while i < b.len() {
        let start = i;
        let c = b[i];
        let next = b.get(i + 1).copied().unwrap_or(0);
        let class = match c {
            b'#' => {
                i = line_end(b, i);
                Some("c")
            }
            b'<' if next == b'#' => {
                i = memchr::memmem::find(&b[i + 2..], b"#>").map_or(b.len(), |n| i + 2 + n + 2);
                Some("c")
            }
            b'@' if matches!(next, b'"' | b'\'') && here_opens(b, i + 2) => {
                i = here_end(b, i + 2, next);
                Some("s")
            }
            b'"' => {
                i = double_quoted(b, i + 1);
                Some("s")
            }
            b'\'' => {
                i = single_quoted(b, i + 1);
                Some("s")
            }
            b'$' => {
                i = variable_end(b, i);
                let name = &code[start + 1..i];
                Some(
                    if ["true", "false", "null"]
                        .iter()
                        .any(|k| name.eq_ignore_ascii_case(k))
                    {
                        "n"
                    } else {
                        "v"
                    },
                )
            }
            // `-Force`, `-eq`; `--vault-name` of a native command (`az`) too.
            b'-' if (i == 0 || !word_char(b[i - 1]) && b[i - 1] != b'-')
                && (next.is_ascii_alphabetic()
                    || next == b'-' && b.get(i + 2).is_some_and(u8::is_ascii_alphabetic)) =>
            {
                i = skip_while(b, i + 1, |c| {
                    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
                });
                Some("o")
            }
            b'[' if type_end(b, i).is_some() => {
                let end = type_end(b, i).unwrap_or(i + 1);
                w.span("t", i + 1, end - 1);
                i = end;
                None
            }
            b'0'..=b'9' if i == 0 || !word_char(b[i - 1]) => {
                i = skip_while(b, i, |c| c.is_ascii_alphanumeric() || c == b'.');
                Some("n")
            }
            _ if c.is_ascii_alphabetic() || c == b'_' => {
                i = word_end(b, i);
                let word = &code[start..i];
                let class = if after_function {
                    Some("f")
                } else if KEYWORDS.iter().any(|k| word.eq_ignore_ascii_case(k)) {
                    Some("k")
                } else if word.contains('-') {
                    Some("f")
                } else {
                    None
                };
                if let Some(class) = class {
                    w.span(class, start, i);
                }
                after_function = ["function", "filter"]
                    .iter()
                    .any(|k| word.eq_ignore_ascii_case(k));
                continue;
            }
            _ => {
                i += utf8_len(c);
                None
            }
        };
        if let Some(class) = class {
            w.span(class, start, i);
        }
        if !c.is_ascii_whitespace() {
            after_function = false;
        }
    }
    w.finish();
}

fn word_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// The end of a word from `i`: a name, or a cmdlet's `Verb-Noun` whose hyphens each
/// join two names.
fn word_end(b: &[u8], i: usize) -> usize {
    let mut end = skip_while(b, i, word_char);
    while b.get(end) == Some(&b'-') && b.get(end + 1).is_some_and(|&c| c.is_ascii_alphabetic()) {
        end = skip_while(b, end + 1, word_char);
    }
    end
}

/// The end of a variable at `$`: `${…}` to its `}`, `$scope:name`, `$name`, or the one
/// character of `$_`, `$?`, `$$`, `$^`.
fn variable_end(b: &[u8], i: usize) -> usize {
    match b.get(i + 1) {
        Some(b'{') => memchr::memchr(b'}', &b[i + 2..]).map_or(b.len(), |n| i + 2 + n + 1),
        Some(&c) if word_char(c) => {
            let end = skip_while(b, i + 1, word_char);
            if b.get(end) == Some(&b':') && b.get(end + 1).is_some_and(|&c| word_char(c)) {
                skip_while(b, end + 1, word_char)
            } else {
                end
            }
        }
        Some(b'?' | b'$' | b'^') => i + 2,
        _ => i + 1,
    }
}

/// The end of a type literal at `[`: `[Name]`, `[System.IO.File]`, `[string[]]`, when
/// it is one (a letter first, on one line).
fn type_end(b: &[u8], i: usize) -> Option<usize> {
    if !b.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let end = skip_while(b, i + 1, |c| word_char(c) || c == b'.');
    let end = if b[end..].starts_with(b"[]") {
        end + 2
    } else {
        end
    };
    (b.get(end) == Some(&b']')).then_some(end + 1)
}

/// Whether a here-string's opening (`@"` before `i`) ends its line, as it must.
fn here_opens(b: &[u8], i: usize) -> bool {
    let j = skip_while(b, i, |c| c == b' ' || c == b'\t' || c == b'\r');
    j == b.len() || b[j] == b'\n'
}

/// The end of a here-string opened before `i`: after the `"@` (or `'@`) that begins a
/// line, or the code's end.
fn here_end(b: &[u8], mut i: usize, quote: u8) -> usize {
    while i < b.len() {
        let line = line_end(b, i) + 1;
        if line < b.len() && b[line] == quote && b.get(line + 1) == Some(&b'@') {
            return line + 2;
        }
        i = line;
    }
    b.len()
}

/// The end of a double-quoted string whose `"` was before `i`: at the `"` that neither
/// a backquote escapes nor doubles, over lines, or the code's end.
fn double_quoted(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'`' => i += 2,
            b'"' if b.get(i + 1) == Some(&b'"') => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// The end of a single-quoted string whose `'` was before `i` (`''` is a quote inside).
fn single_quoted(b: &[u8], mut i: usize) -> usize {
    while let Some(n) = memchr::memchr(b'\'', &b[i..]) {
        i += n + 1;
        if b.get(i) != Some(&b'\'') {
            return i;
        }
        i += 1;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{hl, pairs, spans, text};

    #[test]
    fn cmdlets_parameters_variables_and_strings() {
        let code = "# restart\nfunction Restart-Agent {\n  param([string]$Name = 'it''s')\n  if ($env:COMPUTERNAME -eq \"db`\"1\") { Get-Service -Name $Name | Restart-Service -Force }\n  az keyvault secret list --vault-name $v\n  <# block\n #> return $true\n}\n$q = @\"\nSELECT 1\n\"@\n";
        let html = hl("powershell", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("c", "# restart"),
                ("k", "function"),
                ("f", "Restart-Agent"),
                ("k", "param"),
                ("t", "string"),
                ("v", "$Name"),
                ("s", "'it''s'"),
                ("k", "if"),
                ("v", "$env:COMPUTERNAME"),
                ("o", "-eq"),
                ("s", "\"db`\"1\""),
                ("f", "Get-Service"),
                ("o", "-Name"),
                ("v", "$Name"),
                ("f", "Restart-Service"),
                ("o", "-Force"),
                ("o", "--vault-name"),
                ("v", "$v"),
                ("c", "<# block\n #>"),
                ("k", "return"),
                ("n", "$true"),
                ("v", "$q"),
                ("s", "@\"\nSELECT 1\n\"@"),
            ]),
            "{html}"
        );
    }

    #[test]
    fn broken_code_keeps_the_text() {
        for code in [
            "\"open",
            "'open",
            "@\"\nopen",
            "<# open",
            "${open",
            "[open",
            "$",
            "-",
            "a-",
            "[]",
            "$é:é",
            "Get-é",
            "@'x",
            "1-2",
        ] {
            let html = hl("ps1", code);
            assert_eq!(text(&html), code, "{code:?}: {html}");
        }
    }
}
