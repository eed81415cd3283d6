//! Dockerfiles (`dockerfile`, `docker`, `containerfile`): the images runbooks rebuild.
//! Each instruction's name (`FROM`, `RUN`…, any case, as Docker reads them), comments, and
//! what follows: a `RUN`'s, `CMD`'s or `ENTRYPOINT`'s command in shell form is shell,
//! highlighted by the shell lexer with its continuation lines and here-documents; other
//! arguments get their variables (`$VERSION`, `${PORT}`), options (`--from=build`) and
//! strings. One pass over the lines.

use super::lex::{line_end, skip_while};
use super::shell;
use super::spans::Writer;

const INSTRUCTIONS: &[&str] = &[
    "add",
    "arg",
    "cmd",
    "copy",
    "entrypoint",
    "env",
    "expose",
    "from",
    "healthcheck",
    "label",
    "maintainer",
    "onbuild",
    "run",
    "shell",
    "stopsignal",
    "user",
    "volume",
    "workdir",
];

/// Appends `code`, highlighted as a Dockerfile and escaped, to `out`.
pub(super) fn highlight(code: &str, out: &mut String) {
    let b = code.as_bytes();
    let mut w = Writer::new(code, out);
    let mut i = 0;
    while i < b.len() {
        let start = skip_while(b, i, |c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'));
        if start == b.len() {
            break;
        }
        if b[start] == b'#' {
            i = line_end(b, start);
            w.span("c", start, i);
            continue;
        }
        let word_end = skip_while(b, start, |c| c.is_ascii_alphabetic());
        let end = instruction_end(b, word_end);
        let word = &code[start..word_end];
        if !INSTRUCTIONS.iter().any(|k| word.eq_ignore_ascii_case(k)) {
            i = end;
            continue;
        }
        w.span("k", start, word_end);
        let args = skip_while(b, word_end, |c| c == b' ' || c == b'\t');
        let shell_form = ["run", "cmd", "entrypoint"]
            .iter()
            .any(|k| word.eq_ignore_ascii_case(k))
            && b.get(args) != Some(&b'[');
        if shell_form {
            let command = skip_options(b, args, &mut w);
            w.embed(command, end, shell::highlight);
        } else {
            arguments(code, args, end, word.eq_ignore_ascii_case("from"), &mut w);
        }
        i = end;
    }
    w.finish();
}

/// The end of an instruction whose arguments begin at `i`: the line's end, past each line
/// a `\` continues it onto (comment lines inside included, as Docker skips them) and the
/// bodies of the here-documents it opens (`RUN <<EOF`).
fn instruction_end(b: &[u8], mut i: usize) -> usize {
    let mut heredocs = Vec::new();
    let mut continued = false;
    loop {
        let end = line_end(b, i);
        let line = &b[i..end];
        let skipped = continued && matches!(line.trim_ascii().first(), None | Some(b'#'));
        if !skipped {
            heredoc_words(line, &mut heredocs);
            continued = line.trim_ascii_end().ends_with(b"\\");
        }
        if end == b.len() {
            return end;
        }
        if !heredocs.is_empty() {
            return heredoc_end(b, end + 1, &heredocs);
        }
        if !continued {
            return end;
        }
        i = end + 1;
    }
}

/// The words of the here-documents a line opens (`<<EOF`, `<<-"EOT"`), in order.
fn heredoc_words<'a>(line: &'a [u8], words: &mut Vec<&'a [u8]>) {
    let mut from = 0;
    while let Some(n) = memchr::memmem::find(&line[from..], b"<<") {
        let mut j = from + n + 2;
        j += usize::from(line.get(j) == Some(&b'-'));
        let quote = line.get(j).copied().filter(|&c| c == b'"' || c == b'\'');
        j += usize::from(quote.is_some());
        let end = skip_while(line, j, |c| c.is_ascii_alphanumeric() || c == b'_');
        if end > j {
            words.push(&line[j..end]);
        }
        from = end.max(from + n + 2);
    }
}

/// The end of the here-documents whose bodies begin at `i`: the line holding the last
/// one's word alone (each closes in turn), or the code's end.
fn heredoc_end(b: &[u8], mut i: usize, words: &[&[u8]]) -> usize {
    let mut open = words.iter();
    let mut word = open.next();
    while let Some(w) = word {
        if i >= b.len() {
            return b.len();
        }
        let end = line_end(b, i);
        if b[i..end].trim_ascii() == *w {
            word = open.next();
            if word.is_none() {
                return end;
            }
        }
        i = end + 1;
    }
    i.min(b.len())
}

/// Classes a `RUN`'s own options (`--mount=type=cache,target=/root/.cache`) and returns
/// where its command begins.
fn skip_options(b: &[u8], mut i: usize, w: &mut Writer) -> usize {
    while b[i..].starts_with(b"--") {
        let end = skip_while(b, i, |c| !c.is_ascii_whitespace());
        let name = skip_while(b, i + 2, |c| c.is_ascii_alphanumeric() || c == b'-');
        w.span("o", i, name);
        i = skip_while(b, end, |c| c == b' ' || c == b'\t');
    }
    i
}

/// The arguments of an instruction other than a shell command, from `i` to `end`; in a
/// `FROM`, the `AS` before the stage's name is a keyword.
fn arguments(code: &str, mut i: usize, end: usize, from: bool, w: &mut Writer) {
    let b = code.as_bytes();
    let mut first = true;
    while i < end {
        let c = b[i];
        let start = i;
        match c {
            b'#' if i > 0 && b[i - 1] == b'\n' => {
                i = line_end(b, i);
                w.span("c", start, i);
            }
            b'"' | b'\'' => {
                i = quoted_end(b, i + 1, c, end);
                w.span("s", start, i);
            }
            b'$' if b.get(i + 1) == Some(&b'{') => {
                i = memchr::memchr(b'}', &b[i..end]).map_or(end, |n| i + n + 1);
                w.span("v", start, i);
            }
            b'$' => {
                i = skip_while(b, i + 1, |c| c.is_ascii_alphanumeric() || c == b'_').min(end);
                w.span("v", start, i);
            }
            b'-' if b.get(i + 1) == Some(&b'-') && (i == 0 || b[i - 1].is_ascii_whitespace()) => {
                i = skip_while(b, i + 2, |c| c.is_ascii_alphanumeric() || c == b'-').min(end);
                w.span("o", start, i);
            }
            _ if c.is_ascii_alphabetic() && (i == 0 || b[i - 1].is_ascii_whitespace()) => {
                i = skip_while(b, i, |c| c.is_ascii_alphanumeric() || c == b'_').min(end);
                if from && !first && code[start..i].eq_ignore_ascii_case("as") {
                    w.span("k", start, i);
                }
                first = false;
            }
            _ => i += 1,
        }
    }
}

/// The end of a quoted argument whose quote was before `i`: after its closing quote, at
/// the instruction's end at most.
fn quoted_end(b: &[u8], mut i: usize, quote: u8, end: usize) -> usize {
    while i < end {
        match b[i] {
            b'\\' => i += 2,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::super::tests::{hl, pairs, spans, text};

    #[test]
    fn instructions_and_a_run_command_as_shell() {
        let code = "# build\nFROM golang:1.22 AS build\nARG VERSION=\"1.0\"\nRUN --mount=type=cache,target=/go go build \\\n    -o /out/app .\ncopy --from=build /out/app /app\nENV PORT=${PORT}\nCMD [\"/app\", \"serve\"]\n";
        let html = hl("dockerfile", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("c", "# build"),
                ("k", "FROM"),
                ("k", "AS"),
                ("k", "ARG"),
                ("s", "\"1.0\""),
                ("k", "RUN"),
                ("o", "--mount"),
                ("f", "go"),
                ("o", "-o"),
                ("k", "copy"),
                ("o", "--from"),
                ("k", "ENV"),
                ("v", "${PORT}"),
                ("k", "CMD"),
                ("s", "\"/app\""),
                ("s", "\"serve\""),
            ]),
            "{html}"
        );
    }

    #[test]
    fn a_here_document_belongs_to_its_run() {
        let code = "RUN <<EOF\nFROM x\nEOF\nUSER app\n";
        let got = spans(&hl("docker", code));
        assert!(got.contains(&("k".into(), "USER".into())), "{got:?}");
        assert!(!got.contains(&("k".into(), "FROM".into())), "{got:?}");
    }

    #[test]
    fn broken_files_keep_the_text() {
        for code in [
            "RUN \\",
            "RUN <<",
            "RUN <<EOF\nx",
            "ENV a=\"open",
            "ENV ${open",
            "--",
            "FROM\n\n#",
            "RUN --",
            "é RUN",
            "RUN [\"a\"",
            "ARG $",
            "RUN <<'A' <<B\na\nA\nb\nB\nRUN x",
        ] {
            let html = hl("dockerfile", code);
            assert_eq!(text(&html), code, "{code:?}: {html}");
        }
    }
}
