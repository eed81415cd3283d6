//! The nesting limit of flow collections, checked on the text before any YAML parser sees
//! it.

/// The deepest nesting of flow collections (`[` and `{`) a YAML file may have. The YAML
/// parsers check every open level on every token (libyaml's simple keys), so `[` nested
/// 50,000 deep took 20 s and 100,000 deep 80 s before serde_yaml's own limit of 128 levels
/// was reached.
pub const MAX_FLOW_DEPTH: usize = 64;

/// The byte offset of the first bracket that opens a flow collection deeper than
/// [`MAX_FLOW_DEPTH`], if any. A conservative reading of YAML's lexical rules: quoted
/// scalars and comments are skipped; outside brackets, `[` and `{` open a collection only
/// where a value starts (a line's first character, or after `: `, `- `, `? `), as a plain
/// scalar such as `a[1]` holds them otherwise. One pass, no allocation.
pub(crate) fn too_deep(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    // Whether a value may start here (outside brackets).
    let mut value_start = true;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let prev_blank = i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'\r');
        match c {
            b'\n' => value_start = true,
            b' ' | b'\t' | b'\r' => {}
            b'#' if prev_blank => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |j| i + j);
                continue;
            }
            b'\'' | b'"' if depth > 0 || value_start => {
                // A quoted scalar: to its closing quote (`''` and `\"` stay inside).
                let mut j = i + 1;
                while j < b.len() {
                    if b[j] == c {
                        if c == b'\'' && b.get(j + 1) == Some(&b'\'') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    if c == b'"' && b[j] == b'\\' {
                        j += 1;
                    }
                    j += 1;
                }
                i = j + 1;
                value_start = false;
                continue;
            }
            b'[' | b'{' if depth > 0 || value_start => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' if depth > 0 => depth -= 1,
            b',' if depth > 0 => {}
            b'-' | b'?' | b':'
                if matches!(b.get(i + 1), None | Some(b' ' | b'\t' | b'\n' | b'\r')) =>
            {
                value_start = true;
            }
            _ => value_start = false,
        }
        i += 1;
    }
    None
}
