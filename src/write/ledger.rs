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
use std::sync::Mutex;

use xxhash_rust::xxh3::Xxh3;

#[derive(Default)]
pub struct Ledger {
    /// Path, size and hash of each file.
    files: Mutex<Vec<(String, u64, u128)>>,
    /// The two halves of the sum of every file's 128-bit hash (carries between them are
    /// dropped: it is a fingerprint, not a number).
    sum: [AtomicU64; 2],
}

impl Ledger {
    /// Records a file written from memory.
    pub fn bytes(&self, path: &str, bytes: &[u8]) {
        // Streamed: the same digest as hashing `path`, a 0 and the bytes joined, without
        // copying every page into a joined buffer first.
        let mut hasher = Xxh3::new();
        hasher.update(path.as_bytes());
        hasher.update(&[0]);
        hasher.update(bytes);
        self.add(path, hasher.digest128(), bytes.len() as u64);
    }

    /// Records a file copied from `source`, reading it again to hash its content (the
    /// copy itself may be done by the kernel, without the bytes passing through here).
    pub fn file(&self, path: &str, source: &Path) -> io::Result<()> {
        let mut hasher = Xxh3::new();
        hasher.update(path.as_bytes());
        hasher.update(&[0]);
        let mut reader = File::open(source)?;
        let mut buf = vec![0; 64 * 1024];
        let mut len = 0u64;
        loop {
            let n = reader.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            len += n as u64;
        }
        self.add(path, hasher.digest128(), len);
        Ok(())
    }

    /// The hash [`Ledger::bytes`] records for a file (`serve` compares files by it).
    pub fn hash(path: &str, bytes: &[u8]) -> u128 {
        Ledger::hash_parts(path, &[bytes])
    }

    /// [`Ledger::hash`] of the bytes of `parts` joined, without joining them.
    pub fn hash_parts(path: &str, parts: &[&[u8]]) -> u128 {
        let mut hasher = Xxh3::new();
        hasher.update(path.as_bytes());
        hasher.update(&[0]);
        for part in parts {
            hasher.update(part);
        }
        hasher.digest128()
    }

    /// Records a file by its hash (see [`Ledger::hash`]) and size.
    pub fn add(&self, path: &str, hash: u128, len: u64) {
        self.sum[0].fetch_add(hash as u64, Ordering::Relaxed);
        self.sum[1].fetch_add((hash >> 64) as u64, Ordering::Relaxed);
        self.files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((path.to_string(), len, hash));
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
            .map(|(p, n, _)| (p.clone(), *n))
            .collect();
        files.sort_unstable();
        files
    }

    /// Every file recorded so far: path, size and hash, in no particular order.
    pub fn entries(&self) -> Vec<(String, u64, u128)> {
        self.files.lock().unwrap_or_else(|p| p.into_inner()).clone()
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
        for len in [0, 5, 240, 241, 5000] {
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
