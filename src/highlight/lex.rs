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
