//! The on-call box put back into runbook pages as written (`serve`'s updates).
//!
//! Every runbook page with pipelines shows who is on call, in the same box
//! (`on_call_block`, rendered once per site). When the rotation, a holiday or a swap
//! changes who is on call, and nothing else a page shows changed, an update replaces the
//! box in the page as it was written instead of rendering the page again: on the
//! 10,000-runbook site that is reading and writing 10,000 files instead of rendering them
//! with Tera.
//!
//! To know where the box is, a render that keeps pages for updates renders each runbook
//! page with a token in the box's place, then puts the box there, recording at which
//! bytes. The token is random per process and never served, so no runbook can hold it.
//! Only for themes whose runbook page shows the box as `{{ on_call_block | safe }}` and
//! nothing else of the shifts (see [`super::template_deps::splices_box`]): then the
//! page is its template's text with the box copied in, and the box is what changed.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::Mutex;

use crate::write::OutputFile;

/// The token runbook pages are rendered with, and where each page got the box.
#[derive(Debug)]
pub struct Marks {
    token: String,
    /// Offsets of the box in each runbook page, by the page's slug.
    at: Mutex<HashMap<String, Vec<u32>>>,
}

impl Marks {
    pub fn new() -> Marks {
        // Seeded by the process's random hash keys: unknown to any runbook's author.
        let mut token = String::from("pipebook-on-call-");
        for i in 0..2u64 {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u64(i);
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos()),
            );
            token.push_str(&format!("{:016x}", h.finish()));
        }
        Marks {
            token,
            at: Mutex::default(),
        }
    }

    /// What a runbook page is rendered with in place of the box.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Puts `block` where `file` (the page of `slug`) has the token, recording where.
    pub fn fill(&self, slug: &str, file: &mut OutputFile, block: &str) {
        let token = self.token.as_bytes();
        let found: Vec<usize> = memchr::memmem::find_iter(&file.bytes, token).collect();
        let mut bytes = Vec::with_capacity(file.bytes.len() + found.len() * block.len());
        let mut at = Vec::with_capacity(found.len());
        let mut from = 0;
        for start in found {
            bytes.extend_from_slice(&file.bytes[from..start]);
            at.push(u32::try_from(bytes.len()).unwrap_or(u32::MAX));
            bytes.extend_from_slice(block.as_bytes());
            from = start + token.len();
        }
        bytes.extend_from_slice(&file.bytes[from..]);
        file.bytes = bytes;
        self.at
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(slug.to_string(), at);
    }

    /// The offsets recorded since the last call.
    pub fn take(&self) -> HashMap<String, Vec<u32>> {
        std::mem::take(&mut *self.at.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

/// `bytes` with `old`, which is at each offset of `at`, replaced by `new`, as pieces to
/// write one after the other, borrowed from `bytes` and `new` (an update writes 10,000
/// pages: a copy of each is memory to clear and fill besides the write); `None` when `old`
/// is not there (the page is not the one the offsets were recorded for).
pub fn splice_parts<'a>(
    bytes: &'a [u8],
    at: &[u32],
    old: &str,
    new: &'a str,
) -> Option<Vec<&'a [u8]>> {
    let mut parts = Vec::with_capacity(at.len() * 2 + 1);
    let mut from = 0;
    for &start in at {
        let start = start as usize;
        let end = start.checked_add(old.len())?;
        if start < from || bytes.get(start..end)? != old.as_bytes() {
            return None;
        }
        parts.push(&bytes[from..start]);
        parts.push(new.as_bytes());
        from = end;
    }
    parts.push(&bytes[from..]);
    Some(parts)
}

/// The offsets of the box after [`splice_parts`] replaced `old` by `new` at `at`.
pub fn moved(at: &[u32], old: &str, new: &str) -> Vec<u32> {
    at.iter()
        .enumerate()
        .map(|(k, &a)| {
            let shift = (new.len() as i64 - old.len() as i64) * k as i64;
            u32::try_from(i64::from(a) + shift).unwrap_or(u32::MAX)
        })
        .collect()
}

/// `bytes` with `old` replaced by `new`, when `bytes` holds `old` exactly once (counting
/// occurrences that overlap), and the offset where it was; `None` otherwise.
pub fn replace_once(bytes: &[u8], old: &str, new: &str) -> Option<(Vec<u8>, usize)> {
    replace_once_parts(bytes, old, new).map(|(parts, at)| (parts.concat(), at))
}

/// [`replace_once`] as the three pieces of the page to write one after the other (see
/// [`splice_parts`]).
pub fn replace_once_parts<'a>(
    bytes: &'a [u8],
    old: &str,
    new: &'a str,
) -> Option<([&'a [u8]; 3], usize)> {
    let old_bytes = old.as_bytes();
    let at = memchr::memmem::find(bytes, old_bytes)?;
    if old_bytes.is_empty() || memchr::memmem::find(&bytes[at + 1..], old_bytes).is_some() {
        return None;
    }
    Some(([&bytes[..at], new.as_bytes(), &bytes[at + old.len()..]], at))
}

/// The offsets of the box (see [`Marks`]) after [`replace_once`] replaced `old` by `new`
/// at `at`; `None` if the replaced text overlaps a box (which cannot be when the page is
/// the one the offsets were recorded for).
pub fn moved_by_text(
    marks: &[u32],
    box_len: usize,
    at: usize,
    old: usize,
    new: usize,
) -> Option<Vec<u32>> {
    marks
        .iter()
        .map(|&m| {
            let m = m as usize;
            let moved = if m + box_len <= at {
                m
            } else if m >= at + old {
                m - old + new
            } else {
                return None;
            };
            u32::try_from(moved).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn splice(bytes: &[u8], at: &[u32], old: &str, new: &str) -> Option<Vec<u8>> {
        splice_parts(bytes, at, old, new).map(|parts| parts.concat())
    }

    #[test]
    fn fills_records_and_splices() {
        let marks = Marks::new();
        let t = marks.token().to_string();
        let mut file = OutputFile {
            path: "runbooks/a/index.html".into(),
            bytes: format!("<p>{t}</p><div>{t}</div>").into_bytes(),
        };
        marks.fill("a", &mut file, "OLD");
        assert_eq!(file.bytes, b"<p>OLD</p><div>OLD</div>");
        let at = marks.take().remove("a").unwrap();
        assert_eq!(at, [3, 15]);
        let new = splice(&file.bytes, &at, "OLD", "NEWER").unwrap();
        assert_eq!(new, b"<p>NEWER</p><div>NEWER</div>");
        let at2 = moved(&at, "OLD", "NEWER");
        assert_eq!(at2, [3, 17]);
        assert_eq!(
            splice(&new, &at2, "NEWER", "X").unwrap(),
            b"<p>X</p><div>X</div>"
        );
        // Offsets that do not hold the old box: not this page.
        assert!(splice(&new, &at, "NEWER", "X").is_none());
        assert!(splice(b"short", &[3], "OLD", "X").is_none());
    }

    #[test]
    fn replaces_text_held_once_and_moves_the_boxes() {
        let (out, at) = replace_once(b"<p>BOX</p><i>a</i>", "<i>a", "<b>xyz</b><i>a").unwrap();
        assert_eq!(out, b"<p>BOX</p><b>xyz</b><i>a</i>");
        assert_eq!(at, 10);
        // Twice, or overlapping itself: not known which is the template's.
        assert!(replace_once(b"<i>a<i>a", "<i>a", "x").is_none());
        assert!(replace_once(b"aaa", "aa", "b").is_none());
        assert!(replace_once(b"abc", "d", "b").is_none());
        assert_eq!(moved_by_text(&[3, 20], 3, 10, 4, 13), Some(vec![3, 29]));
        assert_eq!(moved_by_text(&[9], 3, 10, 4, 13), None);
    }

    #[test]
    fn tokens_differ() {
        assert_ne!(Marks::new().token(), Marks::new().token());
    }
}
