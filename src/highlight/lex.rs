//! What the lexers (SQL, shell, PromQL, TOML, HCL, Ruby, Go and JavaScript) share: byte
//! scans that stop at a character or line, never inside a character.

/// The first index from `i` whose byte `f` does not take (or the end).
pub(super) fn skip_while(b: &[u8], mut i: usize, f: impl Fn(u8) -> bool) -> usize {
    while i < b.len() && f(b[i]) {
        i += 1;
    }
    i
}

/// The length of the UTF-8 sequence that `lead` begins (1 for ASCII and for a
/// continuation byte, which the lexers never stop before).
pub(super) fn utf8_len(lead: u8) -> usize {
    match lead {
        0xf0.. => 4,
        0xe0.. => 3,
        0xc0.. => 2,
        _ => 1,
    }
}

/// The end of the line `i` is on (at its `\n`, or the end).
pub(super) fn line_end(b: &[u8], i: usize) -> usize {
    memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n)
}

/// How a string is read by [`string`].
pub(super) struct Quoted {
    /// The byte that closes it.
    pub close: u8,
    /// The bytes that, before `{`, open an interpolation (`$` of `${…}`, Ruby's `#`):
    /// code whose braces are counted and whose own strings are skipped, to their quote
    /// or their line's end. None: the string is read as written.
    pub sigils: &'static [u8],
    /// `\` escapes the byte after it (not in Go's raw strings).
    pub escapes: bool,
    /// A line's end ends it, closed or not (HCL's strings); else it runs on.
    pub one_line: bool,
}

/// The end of a string whose opening quote was before `i`: after its closing byte, at its
/// line's end when it is on one line, or at the code's end. One pass, however its
/// interpolations nest.
pub(super) fn string(b: &[u8], mut i: usize, q: &Quoted) -> usize {
    let mut depth = 0usize;
    while i < b.len() {
        match b[i] {
            b'\\' if q.escapes => i += 2,
            b'\n' if q.one_line => return i,
            c if depth == 0 && c == q.close => return i + 1,
            c if q.sigils.contains(&c) && b.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 2;
            }
            b'{' if depth > 0 => {
                depth += 1;
                i += 1;
            }
            b'}' if depth > 0 => {
                depth -= 1;
                i += 1;
            }
            inner @ (b'"' | b'\'' | b'`') if depth > 0 => {
                i += 1;
                while i < b.len() && b[i] != inner && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += usize::from(b.get(i) == Some(&inner));
            }
            _ => i += 1,
        }
    }
    b.len()
}

/// Whether `c` begins a name in SQL, Ruby, Go or JavaScript: a letter or `_`; any byte
/// past ASCII counts as a letter, so a name never ends inside a character.
pub(super) fn name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}
