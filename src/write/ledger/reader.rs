//! The hash of what a reader sees of a page (see [`super::Ledger::reader_hash`]), computed
//! over the page's parts as written, without joining them.
//!
//! What is hashed, the "reader text", is the page with two changes, in this order (what
//! `sw.js` computes, `keptPage`):
//! 1. the text of its first inline style block (between the first `<style>` and the
//!    first `</style>` after it) replaced by that text's SHA-256 in lowercase hex (64
//!    characters): every page carries the theme's critical CSS there, some 13.5 kB of its
//!    25, the same on every page of a template, so it is hashed once per build, not once
//!    per page. A change of the CSS changes its hash, so the page's; the page is known
//!    from the reader text (the block is where the first `<style>` is in both, its end
//!    64 characters later) but for a SHA-256 collision.
//! 2. the last occurrence of each stamp (the footer's build time) made a NUL, one stamp
//!    after the other.

use std::cell::RefCell;

use memchr::memmem;
use sha2::{Digest, Sha256};

const OPEN: &[u8] = b"<style>";
const CLOSE: &[u8] = b"</style>";
const NUL: &[u8] = b"\0";

/// The first 16 bytes of the SHA-256 of the reader text of the page `parts` joined.
pub(super) fn reader_hash(parts: &[&[u8]], stamps: &[Vec<u8>]) -> u128 {
    let mut rope = Rope::new(parts.iter().copied().filter(|p| !p.is_empty()).collect());
    let css_hash;
    if let Some(open) = rope.find(OPEN, 0) {
        let start = open + OPEN.len();
        if let Some(end) = rope.find(CLOSE, start) {
            css_hash = style_hash(&rope, start, end);
            rope.replace(start, end, &css_hash);
        }
    }
    for stamp in stamps {
        if let Some(at) = rope.rfind(stamp) {
            rope.replace(at, at + stamp.len(), NUL);
        }
    }
    let mut hasher = Sha256::new();
    for part in &rope.parts {
        hasher.update(part);
    }
    let mut out = [0; 16];
    out.copy_from_slice(&hasher.finalize()[..16]);
    u128::from_le_bytes(out)
}

/// The style blocks hashed on this thread, with their hashes: a build has one per
/// template (at most a few). Kept by content (a page written whole holds its own copy),
/// the last few only, so a theme whose every page has its own costs what it did.
const KEPT_STYLES: usize = 8;
thread_local! {
    static STYLES: RefCell<Vec<(Vec<u8>, [u8; 64])>> = const { RefCell::new(Vec::new()) };
}

/// The lowercase hex SHA-256 of the rope's bytes from `start` to `end`.
fn style_hash(rope: &Rope, start: usize, end: usize) -> [u8; 64] {
    // Nearly always one part (`Sink::put_parts` writes the CSS as one): compared as is.
    let joined;
    let css: &[u8] = match rope.within(start, end) {
        Some(css) => css,
        None => {
            joined = rope.bytes(start, end);
            &joined
        }
    };
    STYLES.with(|styles| {
        let mut styles = styles.borrow_mut();
        if let Some(at) = styles.iter().position(|(s, _)| s.as_slice() == css) {
            let hit = styles.remove(at);
            let hash = hit.1;
            styles.push(hit);
            return hash;
        }
        let mut hex = [0; 64];
        let digest = Sha256::digest(css);
        for (i, byte) in digest.iter().enumerate() {
            hex[2 * i] = HEX[usize::from(byte >> 4)];
            hex[2 * i + 1] = HEX[usize::from(byte & 15)];
        }
        if styles.len() >= KEPT_STYLES {
            styles.remove(0);
        }
        styles.push((css.to_vec(), hex));
        hex
    })
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Bytes as slices one after the other, none empty; positions count from the first byte.
struct Rope<'a> {
    parts: Vec<&'a [u8]>,
    /// Where each slice starts, computed when the slices change rather than at each
    /// search (a page is searched once for each stamp).
    at: Vec<usize>,
}

impl<'a> Rope<'a> {
    fn new(parts: Vec<&'a [u8]>) -> Self {
        let mut end = 0;
        let at = (parts.iter())
            .map(|s| {
                let start = end;
                end += s.len();
                start
            })
            .collect();
        Rope { parts, at }
    }

    /// Where each slice starts.
    fn starts(&self) -> impl DoubleEndedIterator<Item = (usize, &'a [u8])> + '_ {
        self.at.iter().copied().zip(self.parts.iter().copied())
    }

    /// Up to `n` bytes from position `at` on.
    fn bytes_from(&self, at: usize, n: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(n);
        for (start, s) in self.starts() {
            let end = start + s.len();
            if end <= at || out.len() >= n {
                continue;
            }
            let from = at.saturating_sub(start);
            let take = (s.len() - from).min(n - out.len());
            out.extend_from_slice(&s[from..from + take]);
        }
        out
    }

    /// The bytes from `start` to `end`.
    fn bytes(&self, start: usize, end: usize) -> Vec<u8> {
        self.bytes_from(start, end - start)
    }

    /// The bytes from `start` to `end` when one slice holds them all.
    fn within(&self, start: usize, end: usize) -> Option<&'a [u8]> {
        (self.starts())
            .find(|(s, part)| *s <= start && end <= s + part.len())
            .map(|(s, part)| &part[start - s..end - s])
    }

    /// The first occurrence of `needle` at or after `from`. In each slice, in order: the
    /// occurrences inside it, then those that begin in it and end in a later one.
    fn find(&self, needle: &[u8], from: usize) -> Option<usize> {
        // Built once, not once per slice and window (`memmem::find` builds one each call).
        let finder = memmem::Finder::new(needle);
        for (start, s) in self.starts() {
            let end = start + s.len();
            if end <= from {
                continue;
            }
            let lo = from.saturating_sub(start);
            if let Some(p) = finder.find(&s[lo..]) {
                return Some(start + lo + p);
            }
            let tail = (s.len() + 1).saturating_sub(needle.len()).max(lo);
            let window = self.bytes_from(start + tail, s.len() - tail + needle.len() - 1);
            if let Some(p) = finder.find(&window).filter(|p| tail + p < s.len()) {
                return Some(start + tail + p);
            }
        }
        None
    }

    /// The last occurrence of `needle`: in each slice from the last, those that begin in
    /// it and end in a later one, then those inside it.
    fn rfind(&self, needle: &[u8]) -> Option<usize> {
        let finder = memmem::FinderRev::new(needle);
        for (start, s) in self.starts().rev() {
            let tail = (s.len() + 1).saturating_sub(needle.len());
            if tail < s.len() {
                let window = self.bytes_from(start + tail, s.len() - tail + needle.len() - 1);
                let crossing = finder.rfind_iter(&window).find(|p| tail + p < s.len());
                if let Some(p) = crossing {
                    return Some(start + tail + p);
                }
            }
            if let Some(p) = finder.rfind(s) {
                return Some(start + p);
            }
        }
        None
    }

    /// The bytes from `start` to `end` replaced by `with`.
    fn replace(&mut self, start: usize, end: usize, with: &'a [u8]) {
        let mut out = Vec::with_capacity(self.parts.len() + 2);
        let mut placed = false;
        for (s, part) in self.starts() {
            let e = s + part.len();
            if s < start {
                out.push(&part[..part.len().min(start - s)]);
            }
            if !placed && e > start {
                out.push(with);
                placed = true;
            }
            if e > end {
                out.push(&part[end.saturating_sub(s)..]);
            }
        }
        if !placed {
            out.push(with);
        }
        out.retain(|p| !p.is_empty());
        *self = Rope::new(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reader text as the module's comment says, on the page joined.
    fn reader_text(page: &[u8], stamps: &[Vec<u8>]) -> Vec<u8> {
        let mut text = page.to_vec();
        if let Some(open) = memmem::find(&text, OPEN) {
            let start = open + OPEN.len();
            if let Some(end) = memmem::find(&text[start..], CLOSE).map(|e| start + e) {
                let digest = Sha256::digest(&text[start..end]);
                let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
                text.splice(start..end, hex.into_bytes());
            }
        }
        for stamp in stamps {
            if let Some(at) = memmem::rfind(&text, stamp) {
                text.splice(at..at + stamp.len(), [0]);
            }
        }
        text
    }

    fn expected(page: &[u8], stamps: &[Vec<u8>]) -> u128 {
        let digest = Sha256::digest(reader_text(page, stamps));
        let mut out = [0; 16];
        out.copy_from_slice(&digest[..16]);
        u128::from_le_bytes(out)
    }

    #[test]
    fn the_hash_over_parts_is_the_hash_of_the_reader_text_however_the_page_is_cut() {
        let stamps = [b"T1".to_vec(), b"01:15".to_vec()];
        let pages: [&[u8]; 8] = [
            b"<head><style>a{b:c}</style></head><p>x T1</p><footer>01:15 T1</footer>",
            b"<style></style>T1T1 01:1501:15",
            b"no style at all T1, 01:15",
            b"<style>never closed T1",
            b"</style><style>x</style><style>y</style> T01:15",
            b"",
            b"T101:15",
            b"<style>T1</style>",
        ];
        for page in pages {
            let want = expected(page, &stamps);
            // Every way of cutting it in three, empty parts too.
            for i in 0..=page.len() {
                for j in i..=page.len() {
                    let parts = [&page[..i], &page[i..j], &page[j..]];
                    assert_eq!(
                        reader_hash(&parts, &stamps),
                        want,
                        "{:?} cut at {i}, {j}",
                        String::from_utf8_lossy(page)
                    );
                }
            }
        }
    }

    #[test]
    fn the_style_block_counts_by_its_hash_and_the_rest_by_its_bytes() {
        let page = |css: &str, text: &str| format!("<style>{css}</style><p>{text}</p>");
        let hash = |p: String| reader_hash(&[p.as_bytes()], &[]);
        assert_ne!(
            hash(page("a{}", "x")),
            hash(page("b{}", "x")),
            "a theme change"
        );
        assert_ne!(
            hash(page("a{}", "x")),
            hash(page("a{}", "y")),
            "a text change"
        );
        assert_eq!(hash(page("a{}", "x")), hash(page("a{}", "x")));
        // The hash stands in the block's place: a page holding that hash as its CSS is
        // another page.
        let digest: String = Sha256::digest(b"a{}")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_ne!(hash(page("a{}", "x")), hash(page(&digest, "x")));
        // More blocks than are kept: each still its own.
        let many: Vec<u128> = (0..20)
            .map(|i| hash(page(&format!("c{i}{{}}"), "x")))
            .collect();
        let again: Vec<u128> = (0..20)
            .map(|i| hash(page(&format!("c{i}{{}}"), "x")))
            .collect();
        assert_eq!(many, again);
        assert_eq!(
            many.iter().collect::<std::collections::HashSet<_>>().len(),
            20
        );
    }
}
