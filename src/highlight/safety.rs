//! What the grammars' C scanners cannot take safely. An external scanner that writes more
//! than tree-sitter's 1024-byte state buffer makes tree-sitter abort the process
//! (`ts_assert(length <= TREE_SITTER_SERIALIZATION_BUFFER_SIZE)`), which no Rust code can
//! catch; so input is checked first, conservatively, and what could overflow is written
//! plain. tree-sitter-json has no external scanner. (SQL and shell are read by lexers of
//! pipebook's own, which have no such state.)

/// tree-sitter copies an external scanner's state into a buffer of 1024 bytes after every
/// token it scans, and aborts the process (`length <= 1024`) when the scanner writes more.
/// tree-sitter-yaml 0.7 writes 10 bytes and 4 per entry of its indentation stack, checking
/// the size only every 4 bytes, so 254 entries (`- ` 255 times, 520 bytes) abort.
///
/// An entry is pushed only on a token that consumes one of `-`, `?` or `:` before a blank,
/// or a `|` or `>` (a block scalar); tree-sitter restores a scanner's state from the last
/// token before each one, so no chain of tokens holds more entries than the text has such
/// characters. A piece of YAML with at most this many is safe.
pub const YAML_MAX_INDICATORS: usize = 240;

/// The scanner also keeps rows and columns in 16 bits: pieces with more lines or longer
/// lines are written plain rather than parsed with wrapped positions.
pub const YAML_MAX_LINES: usize = 30_000;
pub const YAML_MAX_LINE: usize = 30_000;

/// Why tree-sitter-yaml cannot be given `piece` safely, if it cannot.
pub fn yaml_unsafe(piece: &str) -> Option<&'static str> {
    let b = piece.as_bytes();
    let mut indicators = 0;
    for (i, &c) in b.iter().enumerate() {
        let blank_after = matches!(b.get(i + 1), None | Some(b' ' | b'\t' | b'\r' | b'\n'));
        match c {
            b'-' | b'?' | b':' if blank_after => indicators += 1,
            b'|' | b'>' => indicators += 1,
            _ => {}
        }
    }
    if indicators > YAML_MAX_INDICATORS {
        return Some("YAML nests too deep for tree-sitter-yaml's scanner state (more than 240 `-`, `?`, `:`, `|` or `>` in one top-level entry)");
    }
    let mut lines = 0;
    for line in piece.split('\n') {
        lines += 1;
        if line.len() > YAML_MAX_LINE {
            return Some("a line of YAML is longer than tree-sitter-yaml's 16-bit columns");
        }
    }
    if lines > YAML_MAX_LINES {
        return Some(
            "a top-level entry of YAML has more lines than tree-sitter-yaml's 16-bit rows",
        );
    }
    None
}

/// tree-sitter-python 0.25 writes 2 bytes, its open string delimiters (at most 255) and 2
/// bytes per indentation level, checking the size every 2 bytes: an odd size passes 1024
/// and aborts. Levels are pushed only at strictly larger indentation (a space counts 1, a
/// tab 8; a line ending in `\` carries it on), so indentation below this bound is safe.
pub const PYTHON_MAX_INDENT: usize = 380;

/// The largest indentation tree-sitter-python's scanner can count in `code`.
pub fn python_max_indent(code: &str) -> usize {
    let b = code.as_bytes();
    let (mut max, mut indent, mut at_start) = (0, 0usize, true);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' | b'\r' | 0x0c => {
                indent = 0;
                at_start = true;
            }
            b' ' if at_start => indent += 1,
            b'\t' if at_start => indent += 8,
            // A continuation keeps the count going across the line break.
            b'\\' if at_start || matches!(b.get(i + 1), Some(b'\n' | b'\r')) => {
                at_start = true;
                if b.get(i + 1) == Some(&b'\r') {
                    i += 1;
                }
                if b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            _ => at_start = false,
        }
        max = max.max(indent);
        i += 1;
    }
    max
}

/// The deepest nesting of brackets that is parsed. tree-sitter's error recovery walks the
/// parse stack on every token, so unclosed brackets make each token cost their depth:
/// `echo $((1+` repeated filled 2 MB of bash that took 1.9 s of CPU (when tree-sitter-bash
/// highlighted shell); `[` nested deep in JSON is the same.
pub const MAX_BRACKET_DEPTH: usize = 64;

/// How deep `(`, `[` and `{` nest in `code`, counted without regard to strings or
/// comments (an overestimate, so a safe one).
pub fn bracket_depth(code: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0);
    for b in code.bytes() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_indicators_are_counted_conservatively() {
        assert_eq!(yaml_unsafe(&"- ".repeat(240)), None);
        assert!(yaml_unsafe(&format!("{}x", "- ".repeat(255))).is_some());
        assert!(yaml_unsafe(&"a: |\n".repeat(241)).is_some());
        // Dashes and colons inside words do not count.
        assert_eq!(yaml_unsafe(&"a-b:c ".repeat(1000)), None);
        assert!(yaml_unsafe(&"x".repeat(YAML_MAX_LINE + 1)).is_some());
    }

    #[test]
    fn brackets_are_counted_deepest_first() {
        assert_eq!(bracket_depth("f(a[1], {b: (2)})"), 3);
        assert_eq!(bracket_depth(")))((("), 3);
        assert_eq!(bracket_depth(&"$((1+ ".repeat(200)), 400);
    }

    #[test]
    fn python_indentation_is_counted_as_the_scanner_counts_it() {
        assert_eq!(python_max_indent("if x:\n    y\n"), 4);
        assert_eq!(python_max_indent("\t\ty\n"), 16);
        // A backslash continuation carries the indentation on.
        assert_eq!(python_max_indent("  \\\n  \\\n  y\n"), 6);
        assert_eq!(python_max_indent("x = 1        \ny\n"), 0);
    }
}
