//! Diffs and patches (`diff`, `patch`), highlighted line by line as GitHub and GitLab show
//! them: an added line, a removed line, a hunk's `@@ … @@` header and a file's header
//! (`diff --git`, `index`, `--- a/…`, `+++ b/…`). Runbooks show a config change this way;
//! reading which lines go and which come is the point of the block.

use super::spans::Writer;

/// Appends `code`, highlighted as a unified diff and escaped, to `out`.
pub(super) fn highlight(code: &str, out: &mut String) {
    let b = code.as_bytes();
    let mut w = Writer::new(code, out);
    let mut start = 0;
    // Inside a file's header, `--- a/x` and `+++ b/x` name files; in a hunk, they are a
    // removed `-- a/x` and an added `++ b/x`.
    let mut in_hunk = false;
    while start < b.len() {
        let end = memchr::memchr(b'\n', &b[start..]).map_or(b.len(), |n| start + n);
        let line = &b[start..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let header = |prefix: &[u8]| line.starts_with(prefix);
        let class = if header(b"@@") {
            in_hunk = true;
            Some("gh")
        } else if header(b"diff ") || header(b"index ") || header(b"Index: ") {
            in_hunk = false;
            Some("gf")
        } else if !in_hunk && (header(b"--- ") || header(b"+++ ") || header(b"*** ")) {
            Some("gf")
        } else {
            match line.first() {
                Some(b'+') | Some(b'>') => Some("gi"),
                Some(b'-') | Some(b'<') => Some("gd"),
                Some(b'!') => Some("gc"),
                _ => None,
            }
        };
        if let Some(class) = class {
            w.span(class, start, start + line.len());
        }
        start = end + 1;
    }
    w.finish();
}

#[cfg(test)]
mod tests {
    use super::super::tests::{hl, pairs, spans, text};

    #[test]
    fn added_removed_hunk_and_file_lines_get_classes() {
        let code = "diff --git a/dag.py b/dag.py\nindex 1a2b..3c4d 100644\n--- a/dag.py\n+++ b/dag.py\n@@ -1,3 +1,3 @@ def run():\n context\n-retries = 1\n+retries = 3\n--- removed dashes\n+++ added pluses\n";
        let html = hl("diff", code);
        assert_eq!(text(&html), code);
        assert_eq!(
            spans(&html),
            pairs(&[
                ("gf", "diff --git a/dag.py b/dag.py"),
                ("gf", "index 1a2b..3c4d 100644"),
                ("gf", "--- a/dag.py"),
                ("gf", "+++ b/dag.py"),
                ("gh", "@@ -1,3 +1,3 @@ def run():"),
                ("gd", "-retries = 1"),
                ("gi", "+retries = 3"),
                ("gd", "--- removed dashes"),
                ("gi", "+++ added pluses"),
            ])
        );
    }

    #[test]
    fn crlf_lines_markup_and_a_block_without_a_newline() {
        let code = "-<b>&\r\n+x";
        let html = hl("patch", code);
        assert_eq!(text(&html), code);
        assert!(
            html.contains(r#"<span class="gd">-&lt;b&gt;&amp;</span>"#),
            "{html}"
        );
        assert!(html.ends_with(r#"<span class="gi">+x</span>"#), "{html}");
    }
}
