//! INI files (`ini`, `cfg`, `dosini`, `properties`, `editorconfig`): the configuration of
//! SSSD, Kerberos, Ceph, systemd units and Python tools that runbooks quote. Line by line:
//! a `[section]`, a comment (`;` or `#` first on its line), a key (up to its `=` or `:`,
//! spaces and all: `log file = …`) and its value: quoted, a number or a boolean, else
//! plain text, as it is to the program that reads it.

use super::lex::{line_end, skip_while};
use super::spans::Writer;

/// Appends `code`, highlighted as INI and escaped, to `out`.
pub(super) fn highlight(code: &str, out: &mut String) {
    let b = code.as_bytes();
    let mut w = Writer::new(code, out);
    let mut start = 0;
    while start < b.len() {
        let end = line_end(b, start);
        let line_start = skip_while(b, start, |c| c == b' ' || c == b'\t');
        let trimmed_end = trim_end(b, line_start, end);
        match b.get(line_start) {
            Some(b';' | b'#') => w.span("c", line_start, trimmed_end),
            Some(b'[') if b[trimmed_end - 1] == b']' => w.span("t", line_start, trimmed_end),
            Some(_) if line_start < end => entry(b, line_start, trimmed_end, &mut w),
            _ => {}
        }
        start = end + 1;
    }
    w.finish();
}

/// `key = value` (or `key: value`) from `start` to `end`, blanks trimmed.
fn entry(b: &[u8], start: usize, end: usize, w: &mut Writer) {
    let Some(sep) = memchr::memchr2(b'=', b':', &b[start..end]).map(|n| start + n) else {
        return;
    };
    let key_end = trim_end(b, start, sep);
    w.span("p", start, key_end);
    let value = skip_while(b, sep + 1, |c| c == b' ' || c == b'\t').min(end);
    let text = &b[value..end];
    let class = match text.first() {
        Some(b'"' | b'\'') => Some("s"),
        _ if !text.is_empty() && text.iter().all(|c| c.is_ascii_digit() || *c == b'.') => Some("n"),
        _ if matches!(
            text.to_ascii_lowercase().as_slice(),
            b"true" | b"false" | b"yes" | b"no" | b"on" | b"off"
        ) =>
        {
            Some("n")
        }
        _ => None,
    };
    if let Some(class) = class {
        w.span(class, value, end);
    }
}

/// The end of `b[start..end]` without its trailing blanks.
fn trim_end(b: &[u8], start: usize, end: usize) -> usize {
    start
        + b[start..end]
            .iter()
            .rposition(|c| !c.is_ascii_whitespace())
            .map_or(0, |n| n + 1)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{hl, pairs, spans, text};

    #[test]
    fn sections_keys_values_and_comments() {
        let code = "[global]\n; ceph\nmon_host=10.107.72.122:6789\nlog file = /tmp/ceph-$pid.log\n  caps mon = 'allow r'\ndebug = 0\nenabled = True\n\n# end\n";
        let html = hl("ini", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("t", "[global]"),
                ("c", "; ceph"),
                ("p", "mon_host"),
                ("p", "log file"),
                ("p", "caps mon"),
                ("s", "'allow r'"),
                ("p", "debug"),
                ("n", "0"),
                ("p", "enabled"),
                ("n", "True"),
                ("c", "# end"),
            ]),
            "{html}"
        );
        for code in ["[", "=", " \n\t", "[a\n", "a:\r\n", "é = ü", "[]"] {
            assert_eq!(text(&hl("ini", code)), code, "{code:?}");
        }
    }
}
