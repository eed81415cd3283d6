//! What a build wrote: every file's path and size, and one digest of them all.
//!
//! The service worker names its caches after the digest, so a deploy that changes any
//! file gets fresh caches and one that changes nothing keeps them; the "keep runbooks
//! offline" list and its sizes come from the paths and sizes. Files are recorded from
//! the rendering threads in whatever order they finish, so the digest adds up one hash
//! per file (order does not matter) and two builds of the same inputs agree.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

use base64::Engine as _;

/// XXH3-128 from `twox-hash`, which picks AVX2 at run time: half the instructions of
/// `xxhash-rust`'s (SSE2 unless the whole build targets AVX2) over every output byte,
/// 198 M of a 10,000-runbook build. The same function: the digests do not change.
use twox_hash::XxHash3_128 as Xxh3;

mod reader;

#[derive(Default)]
pub struct Ledger {
    /// Path, size and hash of each file, packed (see [`Files`]), with what a reader sees
    /// of the files written here (see [`Ledger::read_as`]).
    files: Mutex<Files>,
    /// The two halves of the sum of every file's 128-bit hash (carries between them are
    /// dropped: it is a fingerprint, not a number).
    sum: [AtomicU64; 2],
    /// What a reader sees of files recorded by [`Ledger::see`], not written here: their
    /// paths, and the first half of the SHA-256 of their bytes less the build's stamps.
    seen: Mutex<Files>,
    seeing: OnceLock<Seeing>,
}

/// Which files [`Ledger::seen`] hashes, and the strings left out of the hash.
struct Seeing {
    stamps: Vec<Vec<u8>>,
    which: fn(&str) -> bool,
}

impl Ledger {
    /// Records a file written from memory.
    pub fn bytes(&self, path: &str, bytes: &[u8]) {
        self.parts(path, &[bytes]);
    }

    /// Records a file written from memory in parts (see `Sink::put_parts`), as the parts
    /// joined: streamed, the same digest as hashing `path`, a 0 and the bytes joined,
    /// without copying every page into a joined buffer first.
    pub fn parts(&self, path: &str, parts: &[&[u8]]) {
        let len = parts.iter().map(|p| p.len() as u64).sum();
        let hash = Ledger::hash_parts(path, parts);
        let seen = (self.seeing.get().filter(|s| (s.which)(path)))
            .map(|seeing| Ledger::reader_hash(parts, &seeing.stamps));
        self.add_seen(path, hash, len, seen);
    }

    /// Asks for the hash of what a reader sees of the files `which` selects, recorded
    /// from now on: their bytes with the last occurrence of each of `stamps` made a NUL,
    /// in order (the "Built …" time in every page's footer, its end). The service worker
    /// keeps a saved page whose hash, computed the same way, is the new build's: a deploy
    /// re-downloads only the pages that changed for a reader. Once; later calls are ignored.
    pub fn read_as(&self, stamps: &[&str], which: fn(&str) -> bool) {
        let stamps = Ledger::stamp_bytes(stamps);
        let _ = self.seeing.set(Seeing { stamps, which });
    }

    /// `stamps` as [`Ledger::reader_hash`] takes them: their bytes, empty ones left out.
    pub fn stamp_bytes(stamps: &[&str]) -> Vec<Vec<u8>> {
        stamps
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| s.as_bytes().to_vec())
            .collect()
    }

    /// The hashes [`Ledger::read_as`] asked for, as recorded (`serve` keeps them).
    pub fn seen_entries(&self) -> Vec<(String, u128)> {
        let files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        let seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        (files.seen_iter().chain(seen.iter().map(|(p, _, h)| (p, h))))
            .map(|(p, h)| (p.to_string(), h))
            .collect()
    }

    /// Records what a reader sees of a file, hashed beforehand (see [`Ledger::reader_hash`]):
    /// `serve` keeps the hashes of the pages an update did not write.
    pub fn see(&self, path: &str, hash: u128) {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        seen.push(path, 0, hash);
    }

    /// The hash [`Ledger::read_as`] records of a file written as `parts` (joined, not
    /// copied), given the stamps left out ([`Ledger::stamp_bytes`]): the first 16 bytes of
    /// the SHA-256 of the file with its first inline style block's text replaced by that
    /// text's own SHA-256 in hex (the theme's critical CSS, half of every page, hashed once
    /// per build: see `reader.rs`), then the last occurrence of each stamp made a NUL, one
    /// stamp after the other (what `sw.js` computes with `lastIndexOf`). The last only, the
    /// footer's: every occurrence was removed, so the same time written in a runbook ("not
    /// before 2026-12-06 01:15 UTC", the next build's "… 02:15 UTC") was too, and the edit
    /// kept the saved page. A NUL, not nothing: a page with the time in its text, and the
    /// same page without that text, no longer read alike in a theme whose footer does not
    /// show it. 128 bits: a collision needs 2^64 tries.
    pub fn reader_hash(parts: &[&[u8]], stamps: &[Vec<u8>]) -> u128 {
        reader::reader_hash(parts, stamps)
    }

    /// The hashes [`Ledger::read_as`] asked for, by path (sorted), as base64 (no padding).
    pub fn seen(&self) -> Vec<(String, String)> {
        let mut all: Vec<(String, String)> = (self.seen_entries().into_iter())
            .map(|(p, h)| {
                let text = base64::engine::general_purpose::STANDARD_NO_PAD.encode(h.to_le_bytes());
                (p, text)
            })
            .collect();
        all.sort_unstable();
        all
    }

    /// Records a file copied from `source`, reading it again to hash its content (the
    /// copy itself may be done by the kernel, without the bytes passing through here).
    pub fn file(&self, path: &str, source: &Path) -> io::Result<()> {
        let mut hasher = Xxh3::new();
        hasher.write(path.as_bytes());
        hasher.write(&[0]);
        let mut reader = File::open(source)?;
        let mut buf = vec![0; 64 * 1024];
        let mut len = 0u64;
        loop {
            let n = reader.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hasher.write(&buf[..n]);
            len += n as u64;
        }
        self.add(path, hasher.finish_128(), len);
        Ok(())
    }

    /// The hash [`Ledger::bytes`] records for a file (`serve` compares files by it).
    pub fn hash(path: &str, bytes: &[u8]) -> u128 {
        Ledger::hash_parts(path, &[bytes])
    }

    /// [`Ledger::hash`] of the bytes of `parts` joined, without joining them.
    pub fn hash_parts(path: &str, parts: &[&[u8]]) -> u128 {
        let mut hasher = Xxh3::new();
        hasher.write(path.as_bytes());
        hasher.write(&[0]);
        for part in parts {
            hasher.write(part);
        }
        hasher.finish_128()
    }

    /// Records a file by its hash (see [`Ledger::hash`]) and size.
    pub fn add(&self, path: &str, hash: u128, len: u64) {
        self.add_seen(path, hash, len, None);
    }

    /// [`Ledger::add`], with what a reader sees of the file if it is asked for.
    fn add_seen(&self, path: &str, hash: u128, len: u64, seen: Option<u128>) {
        self.sum[0].fetch_add(hash as u64, Ordering::Relaxed);
        self.sum[1].fetch_add((hash >> 64) as u64, Ordering::Relaxed);
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(seen) = seen {
            let row = files.rows.len();
            files.seen.push((row, halves(seen)));
        }
        files.push(path, len, hash);
    }

    /// The digest of every file recorded so far, as 32 hex digits.
    pub fn digest(&self) -> String {
        format!(
            "{:016x}{:016x}",
            self.sum[1].load(Ordering::Relaxed),
            self.sum[0].load(Ordering::Relaxed)
        )
    }

    /// Every file recorded so far with its size in bytes, sorted by path.
    pub fn files(&self) -> Vec<(String, u64)> {
        let mut files: Vec<(String, u64)> = self
            .files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .map(|(p, n, _)| (p.to_string(), n))
            .collect();
        files.sort_unstable();
        files
    }

    /// Every file recorded so far: path, size and hash, in no particular order.
    pub fn entries(&self) -> Vec<(String, u64, u128)> {
        let files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        files
            .iter()
            .map(|(p, n, hash)| (p.to_string(), n, hash))
            .collect()
    }
}

/// Every file's path, size and hash, packed: the paths one after the other in one
/// string, and per file where its path ends, its size and its hash. A `String` per path
/// (beside the Vec's own 48 bytes a file) held some 100 bytes a file, for 240,000 files
/// at 100,000 runbooks (every page, and the search index's files).
///
/// What a reader sees of a file ([`Ledger::read_as`]) is a row of `seen` naming the file's
/// row, not a second copy of its path: at 100,000 runbooks a list of its own held 108,000
/// paths again, 13 to 21 MB with its growth, at the build's peak (issue 19.2).
#[derive(Default)]
struct Files {
    paths: String,
    /// Per file: the end of its path in `paths` (it begins where the previous one
    /// ends), its size, and its hash as two halves (no 16-byte alignment: 32 bytes).
    rows: Vec<(usize, u64, [u64; 2])>,
    /// The row of each file whose reader's hash is known, and that hash.
    seen: Vec<(usize, [u64; 2])>,
}

fn halves(hash: u128) -> [u64; 2] {
    [hash as u64, (hash >> 64) as u64]
}

fn whole([low, high]: [u64; 2]) -> u128 {
    (u128::from(high) << 64) | u128::from(low)
}

impl Files {
    fn push(&mut self, path: &str, len: u64, hash: u128) {
        self.paths.push_str(path);
        self.rows.push((self.paths.len(), len, halves(hash)));
    }

    /// The path of row `row`.
    fn path(&self, row: usize) -> &str {
        let start = row.checked_sub(1).map_or(0, |before| self.rows[before].0);
        &self.paths[start..self.rows[row].0]
    }

    /// Each file's path, size and hash, in the order recorded.
    fn iter(&self) -> impl Iterator<Item = (&str, u64, u128)> + '_ {
        let mut start = 0;
        self.rows.iter().map(move |&(end, len, hash)| {
            let path = &self.paths[start..end];
            start = end;
            (path, len, whole(hash))
        })
    }

    /// The path and reader's hash of each file that has one, in the order recorded.
    fn seen_iter(&self) -> impl Iterator<Item = (&str, u128)> + '_ {
        (self.seen.iter()).map(|&(row, hash)| (self.path(row), whole(hash)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_ignores_order_and_sees_every_byte_and_name() {
        let a = Ledger::default();
        a.bytes("x.html", b"one");
        a.bytes("y.html", b"two");
        let b = Ledger::default();
        b.bytes("y.html", b"two");
        b.bytes("x.html", b"one");
        assert_eq!(a.digest(), b.digest());
        assert_eq!(a.files(), vec![("x.html".into(), 3), ("y.html".into(), 3)]);
        let c = Ledger::default();
        c.bytes("x.html", b"one");
        c.bytes("y.html", b"twO");
        assert_ne!(a.digest(), c.digest());
        let d = Ledger::default();
        d.bytes("x.html", b"two");
        d.bytes("y.html", b"one");
        assert_ne!(a.digest(), d.digest(), "the same bytes under other names");
    }

    #[test]
    fn the_digest_is_the_hash_of_the_name_a_zero_and_the_bytes() {
        // What earlier builds computed: a deploy of this version keeps the caches of one
        // that wrote the same files.
        // (`twox-hash` computes it; `xxhash-rust` is the reference: small, mid-size, and
        // large inputs that end inside a stripe and inside a block.)
        for len in [0, 5, 16, 128, 240, 241, 5000, 23_001, 100_000] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let ledger = Ledger::default();
            ledger.bytes("runbooks/a/index.html", &bytes);
            let mut joined = b"runbooks/a/index.html\0".to_vec();
            joined.extend_from_slice(&bytes);
            let hash = xxhash_rust::xxh3::xxh3_128(&joined);
            let expected = format!("{:016x}{:016x}", (hash >> 64) as u64, hash as u64);
            assert_eq!(ledger.digest(), expected, "{len} bytes");
        }
    }

    #[test]
    fn entries_give_back_each_path_size_and_hash_as_recorded() {
        let ledger = Ledger::default();
        let files: [(&str, &[u8]); 4] = [
            ("runbooks/a/index.html", b"one"),
            ("", b""),
            ("search/\u{e9}t\u{e9}.json", b"two bytes and more"),
            ("runbooks/a/index.html", b"again"),
        ];
        for (path, bytes) in files {
            ledger.bytes(path, bytes);
        }
        ledger.add("x", u128::MAX - 1, u64::MAX);
        let mut expected: Vec<(String, u64, u128)> = files
            .iter()
            .map(|(p, b)| (p.to_string(), b.len() as u64, Ledger::hash(p, b)))
            .collect();
        expected.push(("x".into(), u64::MAX, u128::MAX - 1));
        assert_eq!(ledger.entries(), expected);
        let mut sizes: Vec<(String, u64)> =
            expected.iter().map(|(p, n, _)| (p.clone(), *n)).collect();
        sizes.sort_unstable();
        assert_eq!(ledger.files(), sizes);
    }

    #[test]
    fn only_the_last_stamp_is_left_out() {
        let stamps = [b"01:15".to_vec(), b"T1".to_vec()];
        let page = |text: &str, time: &str| {
            Ledger::reader_hash(
                &[format!("{text}<footer>{time} T1</footer>").as_bytes()],
                &stamps,
            )
        };
        // The footer's time alone differs: the same hash (the next build's stamps).
        let next = [b"02:15".to_vec(), b"T2".to_vec()];
        assert_eq!(
            page("a", "01:15"),
            Ledger::reader_hash(&[b"a<footer>02:15 T2</footer>"], &next)
        );
        // The time in the text too, and that text edited: not the same.
        assert_ne!(
            page("not before 01:15", "01:15"),
            Ledger::reader_hash(&[b"not before 02:15<footer>02:15 T2</footer>"], &next)
        );
        assert_ne!(
            page("not before 01:15", "01:15"),
            page("not before ", "01:15")
        );
        // No footer: the text's time left out is no longer the same as no text.
        assert_ne!(
            Ledger::reader_hash(&[b"a 01:15"], &stamps),
            Ledger::reader_hash(&[b"a "], &stamps)
        );
    }

    #[test]
    fn a_reader_s_hash_is_kept_for_the_files_asked_for_with_their_own_paths() {
        let ledger = Ledger::default();
        ledger.bytes("runbooks/early/index.html", b"before T1");
        ledger.read_as(&["T1", ""], |p| p.ends_with("index.html"));
        ledger.bytes("runbooks/a/index.html", b"page T1");
        ledger.bytes("static/b.js", b"not a page T1");
        ledger.parts("runbooks/b/index.html", &[b"one ", b"T", b"1"]);
        ledger.see("runbooks/c/index.html", 7);
        ledger.bytes("search/f/0.json", b"{}");
        let stamps = [b"T1".to_vec()];
        let mut seen = ledger.seen_entries();
        seen.sort_unstable();
        assert_eq!(
            seen,
            [
                (
                    "runbooks/a/index.html".to_string(),
                    Ledger::reader_hash(&[b"page T1"], &stamps)
                ),
                (
                    "runbooks/b/index.html".to_string(),
                    Ledger::reader_hash(&[b"one T1"], &stamps)
                ),
                ("runbooks/c/index.html".to_string(), 7),
            ]
        );
        let text = ledger.seen();
        assert_eq!(
            text.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
            [
                "runbooks/a/index.html",
                "runbooks/b/index.html",
                "runbooks/c/index.html"
            ]
        );
        assert_eq!(text[2].1, "BwAAAAAAAAAAAAAAAAAAAA");
        assert_eq!(ledger.files().len(), 5, "the files written, once each");
    }

    #[test]
    fn a_copied_file_counts_as_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("a.png");
        std::fs::write(&src, b"\x89PNG data").unwrap();
        let copied = Ledger::default();
        copied.file("runbooks/a.png", &src).unwrap();
        let written = Ledger::default();
        written.bytes("runbooks/a.png", b"\x89PNG data");
        assert_eq!(copied.digest(), written.digest());
        assert_eq!(copied.files(), written.files());
    }
}
