//! Markdown (`md`, `markdown`, `gfm`), the language of the runbooks themselves, which
//! READMEs and contributing guides quote to show how one is written: headings (bold, as
//! GitHub shows them), list and quote markers, code spans and fences, links' addresses,
//! strong emphasis, HTML comments and tags, read line by line in one pass. The fenced code
//! inside is left plain, as GitHub leaves it.

use super::lex::{line_end, skip_while};
use super::spans::Writer;

/// Appends `code`, highlighted as Markdown and escaped, to `out`.
pub(super) fn highlight(code: &str, out: &mut String) {
    let b = code.as_bytes();
    let mut w = Writer::new(code, out);
    // The open fence's byte and length, while inside a fenced block.
    let mut fence: Option<(u8, usize)> = None;
    // Where an HTML comment that ran over lines ends: the lines before are inside it.
    let mut resume = 0;
    let mut start = 0;
    while start < b.len() {
        let end = line_end(b, start);
        if end < resume {
            start = end + 1;
            continue;
        }
        let indent = skip_while(b, start, |c| c == b' ');
        let lead = indent - start;
        if let Some((ch, len)) = fence {
            let closing = run(b, indent, ch);
            if lead < 4 && closing >= len && blank(&b[indent + closing..end]) {
                w.span("c", indent, end);
                fence = None;
            }
        } else if let Some(open) = fence_open(b, indent, end).filter(|_| lead < 4) {
            fence = Some(open);
            w.span("c", indent, end);
        } else {
            resume = block_line(b, indent, end, &mut w);
        }
        start = end + 1;
    }
    w.finish();
}

/// A line outside fenced code, from its first non-blank byte `i` to `end`: block markers
/// (quotes, headings, rules, list items, link definitions), then its inline text. Returns
/// where an HTML comment begun on the line ends (else 0).
fn block_line(b: &[u8], mut i: usize, end: usize, w: &mut Writer) -> usize {
    // `>` quote markers, nested or not (`> > text`).
    let quote_start = i;
    while i < end && b[i] == b'>' {
        i = skip_while(b, i + 1, |c| c == b' ');
    }
    if i > quote_start {
        w.span("p", quote_start, i);
    }
    let line = &b[i..end];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let hashes = run(b, i, b'#');
    if (1..=6).contains(&hashes) && matches!(line.get(hashes), None | Some(b' ' | b'\t')) {
        w.span("n gf", i, i + line.len());
        return 0;
    }
    if rule(line) {
        w.span("c", i, i + line.len());
        return 0;
    }
    if let Some(after) = list_marker(b, i, end) {
        w.span("v", i, after);
        i = after;
    }
    if b[i..end].starts_with(b"[") {
        if let Some(close) = memchr::memmem::find(&b[i..end], b"]:") {
            let label_end = i + close + 2;
            w.span("p", i, label_end);
            let url = skip_while(b, label_end, |c| c == b' ' || c == b'\t');
            let url_end = skip_while(b, url, |c| !matches!(c, b' ' | b'\t' | b'\r' | b'\n'));
            w.span("s", url, url_end);
            i = url_end;
        }
    }
    inline(b, i, end, w)
}

/// The inline text of a line: code spans, link addresses (`](…)`, `<https://…>`), HTML
/// tags and comments, `**strong**`; `\` escapes the byte after it. Each construct is
/// looked for once: a code span's closing run by the table of the line's runs, an
/// unclosed `**` stops further tries on its line, so a line costs its length. Returns
/// where an HTML comment begun on the line ends (else 0).
fn inline(b: &[u8], mut i: usize, end: usize, w: &mut Writer) -> usize {
    let spans = code_span_closers(b, i, end);
    let mut spans = spans.iter().peekable();
    let mut no_strong_before = 0;
    while i < end {
        let c = b[i];
        match c {
            b'\\' => i += 2,
            b'`' => {
                let len = run(b, i, b'`');
                while spans.next_if(|&&(at, _)| at < i).is_some() {}
                match spans.next_if(|&&(at, _)| at == i).map(|&(_, to)| to) {
                    Some(close) => {
                        w.span("n", i, close + len);
                        i = close + len;
                    }
                    None => i += len,
                }
            }
            b']' if b.get(i + 1) == Some(&b'(') => {
                let url = i + 2;
                let url_end = skip_while(b, url, |c| !matches!(c, b')' | b' ' | b'\n'));
                w.span("s", url, url_end.min(end));
                i = url_end.max(i + 2);
            }
            b'<' if b[i..end].starts_with(b"<!--") => {
                // A comment may run over lines, which it then ends the reading of.
                let close =
                    memchr::memmem::find(&b[i + 4..], b"-->").map_or(b.len(), |n| i + 4 + n + 3);
                w.span("c", i, close);
                if close > end {
                    return close;
                }
                i = close;
            }
            b'<' if b
                .get(i + 1)
                .is_some_and(|&n| n.is_ascii_alphabetic() || n == b'/') =>
            {
                match memchr::memchr(b'>', &b[i..end]) {
                    Some(n) => {
                        let class = if b[i..i + n].contains(&b':') {
                            "s"
                        } else {
                            "t"
                        };
                        w.span(class, i, i + n + 1);
                        i += n + 1;
                    }
                    None => i += 1,
                }
            }
            // `_` inside a word (`__init__`) is no emphasis.
            b'*' | b'_'
                if b.get(i + 1) == Some(&c)
                    && i >= no_strong_before
                    && (c == b'*' || i == 0 || !b[i - 1].is_ascii_alphanumeric()) =>
            {
                let marker = [c, c];
                match memchr::memmem::find(&b[i + 2..end], &marker) {
                    Some(n) if n > 0 => {
                        w.span("gf", i, i + 2 + n + 2);
                        i += 2 + n + 2;
                    }
                    _ => {
                        no_strong_before = end;
                        i += 2;
                    }
                }
            }
            _ => i += 1,
        }
    }
    0
}

/// The code spans of a line: for each run of backquotes that opens one, where the run of
/// the same length that closes it begins. Built from the right in one pass (the next run
/// of each length is remembered), so a line of many runs of many lengths stays linear.
fn code_span_closers(b: &[u8], start: usize, end: usize) -> Vec<(usize, usize)> {
    let Some(first) = memchr::memchr(b'`', &b[start..end]) else {
        return Vec::new();
    };
    // Runs left to right, then matched pairwise from the left.
    let mut runs = Vec::new();
    let mut i = start + first;
    while i < end {
        if b[i] == b'\\' {
            i += 2;
        } else if b[i] == b'`' {
            let len = run(b, i, b'`');
            runs.push((i, len));
            i += len;
        } else {
            i += 1;
        }
    }
    let mut next_of_len: std::collections::HashMap<usize, usize> = Default::default();
    let mut next = vec![None; runs.len()];
    for (k, &(_, len)) in runs.iter().enumerate().rev() {
        next[k] = next_of_len.insert(len, k);
    }
    let mut pairs = Vec::new();
    let mut k = 0;
    while k < runs.len() {
        match next[k] {
            Some(close) => {
                pairs.push((runs[k].0, runs[close].0));
                k = close + 1;
            }
            None => k += 1,
        }
    }
    pairs
}

/// How many `c` bytes follow one another from `i`.
fn run(b: &[u8], i: usize, c: u8) -> usize {
    skip_while(b, i, |x| x == c) - i
}

fn blank(s: &[u8]) -> bool {
    s.iter().all(|&c| matches!(c, b' ' | b'\t' | b'\r'))
}

/// A fence that opens at `i`: three or more backquotes (whose info string has none) or
/// tildes.
fn fence_open(b: &[u8], i: usize, end: usize) -> Option<(u8, usize)> {
    let ch = *b.get(i).filter(|&&c| c == b'`' || c == b'~')?;
    let len = run(b, i, ch);
    (len >= 3 && (ch == b'~' || !b[i + len..end].contains(&b'`'))).then_some((ch, len))
}

/// A thematic break (`---`, `***`, `___`, spaces allowed) or a setext underline (`===`).
fn rule(line: &[u8]) -> bool {
    let Some(&c) = line
        .first()
        .filter(|&&c| matches!(c, b'-' | b'*' | b'_' | b'='))
    else {
        return false;
    };
    line.iter().filter(|&&x| x == c).count() >= 3
        && line.iter().all(|&x| x == c || x == b' ' || x == b'\t')
}

/// The end of a list item's marker at `i` (`-`, `*`, `+`, `1.`, `1)`) with its blank, when
/// the line begins with one.
fn list_marker(b: &[u8], i: usize, end: usize) -> Option<usize> {
    let after = match b.get(i)? {
        b'-' | b'*' | b'+' => i + 1,
        b'0'..=b'9' => {
            let digits = skip_while(b, i, |c| c.is_ascii_digit());
            if digits - i > 9 || !matches!(b.get(digits), Some(b'.' | b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    (after == end || matches!(b.get(after), Some(b' ' | b'\t' | b'\r'))).then_some(after)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{hl, pairs, spans, text};

    #[test]
    fn markdown_of_a_runbook() {
        let code = "# Lag\n\n> **Note**: page `#data-oncall` first.\n\n1. Run:\n   ```sh\n   ## not a heading\n   ```\n- see [the dashboard](https://grafana/d/x) <!-- todo -->\n\n[d]: https://x/y\n---\n";
        let html = hl("md", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("n gf", "# Lag"),
                ("p", "> "),
                ("gf", "**Note**"),
                ("n", "`#data-oncall`"),
                ("v", "1."),
                ("c", "```sh"),
                ("c", "```"),
                ("v", "-"),
                ("s", "https://grafana/d/x"),
                ("c", "<!-- todo -->"),
                ("p", "[d]:"),
                ("s", "https://x/y"),
                ("c", "---"),
            ]),
            "{html}"
        );
    }

    #[test]
    fn code_spans_pair_runs_of_one_length() {
        let html = hl("markdown", "a `` x ` y `` b ` c\n");
        assert_eq!(spans(&html), pairs(&[("n", "`` x ` y ``")]), "{html}");
        for code in [
            "**open",
            "`open",
            "<!-- open\n# x",
            "]( ",
            "<a",
            "```\nopen fence",
            "> > ###### x\r\n1)\n",
            "<script>alert(1)</script>",
            "\\",
        ] {
            let html = hl("md", code);
            assert_eq!(text(&html), code, "{html}");
            assert!(!html.contains("<script>"), "{html}");
        }
    }
}
