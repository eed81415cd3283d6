//! JSON written by hand for the index's files that are written most (the fragments,
//! the heads): strings escaped as serde_json escapes them, numbers, and a head row's
//! front-coded URL.

use super::scan::{HIGH, ONES};

/// Appends `before` (unless 0) and `n` in decimal.
pub(super) fn number(out: &mut Vec<u8>, before: u8, n: u32) {
    if before != 0 {
        out.push(before);
    }
    // Half of a head's numbers are weights, 1 to 15.
    if n < 10 {
        out.push(b'0' + n as u8);
        return;
    }
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// Appends `s` as a JSON string, escaped as serde_json escapes it: `"`, `\\` and control
/// characters only (`\n`, `\t` and friends where JSON has a short form).
pub(super) fn json_string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    json_escaped(out, s);
    out.push(b'"');
}

/// `url` as a head row holds it, a JSON string: the number of bytes it shares with `last`
/// (the URL of the row before in the file; rows are in page order, and pages in the
/// order of their folders), as the character `'0' + n` (at most 74: `z`), then the rest.
/// Only ASCII is shared, so the count is the same in bytes and in the browser's UTF-16
/// units. A head file's raw bytes a tenth fewer at 10,000 runbooks (the `/runbooks/`
/// and folder before each URL), and the gzip's work with them.
pub(super) fn front_coded_url(out: &mut Vec<u8>, url: &str, last: &str) {
    let shared = shared_ascii(url.as_bytes(), last.as_bytes(), 74);
    out.push(b'"');
    // 44 shared is `\`, which JSON escapes.
    let code = b'0' + shared as u8;
    if code == b'\\' {
        out.push(b'\\');
    }
    out.push(code);
    json_escaped(out, &url[shared..]);
    out.push(b'"');
}

/// How many bytes `a` and `b` share at their start, ASCII only, `most` at most: eight bytes
/// at a time (a head file's rows share 40 to 60 bytes of URL each).
#[inline]
fn shared_ascii(a: &[u8], b: &[u8], most: usize) -> usize {
    let most = a.len().min(b.len()).min(most);
    let mut at = 0;
    while at + 8 <= most {
        let x = u64::from_le_bytes(a[at..at + 8].try_into().unwrap_or_default());
        let y = u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or_default());
        // A byte that differs, or one of `a` at 0x80 and above (not ASCII).
        let stop = (x ^ y) | (x & HIGH);
        if stop != 0 {
            return at + (stop.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    a[at..most]
        .iter()
        .zip(&b[at..most])
        .position(|(x, y)| x != y || !x.is_ascii())
        .map_or(most, |k| at + k)
}

/// Appends `s` escaped for a JSON string, without the quotes (see [`json_string`]).
fn json_escaped(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    loop {
        i = next_to_escape(bytes, i);
        let Some(&b) = bytes.get(i) else {
            break;
        };
        out.extend_from_slice(&bytes[copied..i]);
        copied = i + 1;
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            b'\n' => b'n',
            b'\t' => b't',
            b'\r' => b'r',
            0x08 => b'b',
            0x0c => b'f',
            _ => 0,
        };
        if short != 0 {
            out.extend_from_slice(&[b'\\', short]);
        } else {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.extend_from_slice(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        }
        i += 1;
    }
    out.extend_from_slice(&bytes[copied..]);
}

/// The position of the first byte from `from` that a JSON string must escape (below
/// 0x20, `"` or `\\`), or the length of `bytes`: sixteen bytes at a time (SSE2), then
/// eight (in a `u64`), then one.
#[inline]
fn next_to_escape(bytes: &[u8], mut from: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    while let Some(chunk) = bytes.get(from..).and_then(|b| b.first_chunk::<16>()) {
        use std::arch::x86_64::*;
        // SAFETY: SSE2 is part of every x86_64 CPU; the load reads the 16 bytes of
        // `chunk`, unaligned.
        let mask = unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast());
            // Unsigned `v <= 0x1f`: max(v, 0x1f) is 0x1f.
            let control = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1f)), _mm_set1_epi8(0x1f));
            let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
            let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
            _mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash)))
        };
        if mask != 0 {
            return from + mask.trailing_zeros() as usize;
        }
        from += 16;
    }
    // Some byte of `x` is below 0x20, `"` or `\\` (a zero byte after xor, or a borrow).
    let needs_escape = |x: u64| {
        let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
        (x.wrapping_sub(0x20 * ONES) & !x & HIGH)
            | zero(x ^ (b'"' as u64 * ONES))
            | zero(x ^ (b'\\' as u64 * ONES))
    };
    while let Some(chunk) = bytes.get(from..).and_then(|b| b.first_chunk::<8>()) {
        if needs_escape(u64::from_le_bytes(*chunk)) != 0 {
            break;
        }
        from += 8;
    }
    while let Some(&b) = bytes.get(from) {
        if b < 0x20 || b == b'"' || b == b'\\' {
            return from;
        }
        from += 1;
    }
    from
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_share_ascii_only() {
        let coded = |url: &str, last: &str| {
            let mut out = Vec::new();
            front_coded_url(&mut out, url, last);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(coded("/runbooks/a/b/", ""), r#""0/runbooks/a/b/""#);
        assert_eq!(coded("/runbooks/a/c/", "/runbooks/a/b/"), r#""<c/""#);
        // Not past the first non-ASCII byte: the browser counts UTF-16 units.
        assert_eq!(coded("/é/x/", "/é/y/"), r#""1é/x/""#);
        let long = format!("/{}/", "a".repeat(100));
        assert_eq!(coded(&long, &long), format!("\"z{}\"", &long[74..]));
        assert_eq!(coded("/a\"b/", "/"), r#""1a\"b/""#);
        // Every count reads back from the JSON string as the browser reads it (44 is `\`).
        for shared in 0..=74 {
            let url = format!("{}x", "a".repeat(shared));
            let last = format!("{}y", "a".repeat(shared));
            let json: String = serde_json::from_str(&coded(&url, &last)).unwrap();
            assert_eq!(json.chars().next(), char::from_u32(48 + shared as u32));
            assert_eq!(&json[1..], "x");
        }
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        let mut out = Vec::new();
        for n in [0, 7, 10, 4_294_967_295] {
            number(&mut out, b',', n);
        }
        assert_eq!(out, b",0,7,10,4294967295");
    }

    proptest::proptest! {
        #[test]
        fn json_strings_are_written_as_serde_json_writes_them(
            s in "[\"\\\\\u{0}-\u{1f}\u{7f}a-z é日\u{2028}]{0,80}|\\PC{0,100}"
        ) {
            let mut out = Vec::new();
            json_string(&mut out, &s);
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&s).unwrap());
        }
    }

    proptest::proptest! {
        #[test]
        fn shared_bytes_are_counted_as_one_at_a_time(
            a in "[a/b\u{e9}]{0,40}",
            b in "[a/b\u{e9}]{0,40}",
            most in 0usize..80,
        ) {
            let (x, y) = (a.as_bytes(), b.as_bytes());
            let top = x.len().min(y.len()).min(most);
            let one_at_a_time = x[..top]
                .iter()
                .zip(&y[..top])
                .position(|(p, q)| p != q || !p.is_ascii())
                .unwrap_or(top);
            proptest::prop_assert_eq!(shared_ascii(x, y, most), one_at_a_time);
        }
    }
}
