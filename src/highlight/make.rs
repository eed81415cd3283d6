//! Makefiles (`makefile`, `make`, `mk`): the `make deploy` targets runbooks point to.
//! Comments, directives (`include`, `ifeq`, `define`…), variables assigned (`VERSION ?=`)
//! and referenced (`$(VERSION)`, `${CURDIR}`, `$@`), rules' targets (special ones such as
//! `.PHONY` as types), and each recipe (the lines that begin with a tab) as shell,
//! highlighted by the shell lexer. One pass over the lines.

use super::lex::{line_end, skip_while};
use super::shell;
use super::spans::Writer;

const DIRECTIVES: &[&str] = &[
    "define", "else", "endef", "endif", "export", "ifdef", "ifeq", "ifndef", "ifneq", "include",
    "override", "private", "sinclude", "undefine", "unexport", "vpath", "-include",
];

/// Appends `code`, highlighted as a Makefile and escaped, to `out`.
pub(super) fn highlight(code: &str, out: &mut String) {
    let b = code.as_bytes();
    let mut w = Writer::new(code, out);
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\t' {
            // A recipe: its lines and those a `\` continues it onto, as shell.
            let end = logical_end(b, i);
            let start = skip_while(b, i + 1, |c| matches!(c, b'@' | b'-' | b'+'));
            w.embed(start, end, shell::highlight);
            i = end + 1;
            continue;
        }
        let end = logical_end(b, i);
        line(code, i, end, &mut w);
        i = end + 1;
    }
    w.finish();
}

/// The end of the line at `i` and of those a `\` at its end continues it onto.
fn logical_end(b: &[u8], mut i: usize) -> usize {
    loop {
        let end = line_end(b, i);
        if end == b.len() || !b[i..end].trim_ascii_end().ends_with(b"\\") {
            return end;
        }
        i = end + 1;
    }
}

/// A line that is not a recipe's, from `start` to `end`: a comment, a directive, an
/// assignment or a rule.
fn line(code: &str, start: usize, end: usize, w: &mut Writer) {
    let b = code.as_bytes();
    let first = skip_while(b, start, |c| c == b' ' || c == b'\t');
    if b.get(first) == Some(&b'#') {
        w.span("c", first, end);
        return;
    }
    let word_end = skip_while(b, first, |c| {
        !c.is_ascii_whitespace() && c != b':' && c != b'='
    });
    let word = &code[first..word_end];
    let mut rest = first;
    if DIRECTIVES.contains(&word) {
        w.span("k", first, word_end);
        rest = word_end;
    } else if let Some((name_end, op)) = assignment(b, first, end) {
        w.span("v", first, name_end);
        rest = op;
    } else if let Some(colon) = memchr::memchr(b':', &b[first..end]).map(|n| first + n) {
        let mut i = first;
        while i < colon {
            let target_end = skip_while(b, i, |c| !c.is_ascii_whitespace() && c != b':');
            if b[i] == b'$' {
                rest = i;
                break;
            }
            w.span(if b[i] == b'.' { "t" } else { "f" }, i, target_end);
            i = skip_while(b, target_end.max(i + 1), |c| {
                c.is_ascii_whitespace() || c == b'\\'
            });
            rest = i;
        }
    }
    references(b, rest, end, w);
}

/// The end of the variable's name and where its value begins, when the line is an
/// assignment: `NAME = v`, `:=`, `::=`, `?=`, `+=`, `!=`.
fn assignment(b: &[u8], start: usize, end: usize) -> Option<(usize, usize)> {
    let name_end = skip_while(b, start, |c| {
        c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-')
    });
    if name_end == start {
        return None;
    }
    let op = skip_while(b, name_end, |c| c == b' ' || c == b'\t').min(end);
    let rest = &b[op..end];
    let len = [&b"::="[..], b":=", b"?=", b"+=", b"!=", b"="]
        .iter()
        .find(|o| rest.starts_with(o))?
        .len();
    Some((name_end, op + len))
}

/// The variables referenced from `i` to `end`: `$(…)` and `${…}` to their closing
/// bracket (nested ones inside), `$@`-like automatic ones; a `$$` is a dollar.
fn references(b: &[u8], mut i: usize, end: usize, w: &mut Writer) {
    while let Some(n) = memchr::memchr2(b'$', b'#', &b[i..end]) {
        let at = i + n;
        if b[at] == b'#' {
            if at == 0 || b[at - 1] != b'\\' {
                w.span("c", at, end);
                return;
            }
            i = at + 1;
            continue;
        }
        i = match b.get(at + 1) {
            Some(&open @ (b'(' | b'{')) => {
                let close = if open == b'(' { b')' } else { b'}' };
                let mut depth = 0usize;
                let mut j = at + 1;
                while j < end {
                    match b[j] {
                        c if c == open => depth += 1,
                        c if c == close => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                let stop = (j + 1).min(end);
                w.span("v", at, stop);
                stop
            }
            Some(b'$') => at + 2,
            Some(c) if c.is_ascii_alphanumeric() || b"@<^+?*%|".contains(c) => {
                w.span("v", at, at + 2);
                at + 2
            }
            _ => at + 1,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{hl, pairs, spans, text};

    #[test]
    fn rules_variables_and_recipes_as_shell() {
        let code = "# deploy\nVERSION ?= $(shell git describe)\n.PHONY: deploy\ndeploy: build $(OUT)\n\t@kubectl apply -f k8s/ # go\n\techo $$HOME \\\n\t  done\nifeq ($(ENV),prod)\ninclude prod.mk\nendif\n";
        let html = hl("makefile", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("c", "# deploy"),
                ("v", "VERSION"),
                ("v", "$(shell git describe)"),
                ("t", ".PHONY"),
                ("f", "deploy"),
                ("v", "$(OUT)"),
                ("f", "kubectl"),
                ("o", "-f"),
                ("c", "# go"),
                ("f", "echo"),
                ("v", "$$"),
                ("k", "ifeq"),
                ("v", "$(ENV)"),
                ("k", "include"),
                ("k", "endif"),
            ]),
            "{html}"
        );
    }

    #[test]
    fn broken_makefiles_keep_the_text() {
        for code in [
            "$(",
            "${a",
            "a:",
            ":",
            "=",
            "\t",
            "\t\\",
            "a = $",
            "x: $(a",
            "é: ü",
            "a:=\\",
            "#",
            "$$",
            "a \\\n\tb",
            "$((((",
            "$)))",
        ] {
            let html = hl("makefile", code);
            assert_eq!(text(&html), code, "{code:?}: {html}");
        }
    }
}
