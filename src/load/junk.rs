//! Files that editors and operating systems leave beside the ones people write, and Git
//! LFS pointers left where a clone did not fetch the files: neither is the author's
//! content, and published they were junk pages and files (`x.md~`, `#x.md#`, `4913`,
//! `Thumbs.db`, `desktop.ini` were copied into the site, an editor's backup being an
//! older copy of a runbook) or a page that read `version https://git-lfs…`.

use std::io::Read;
use std::path::Path;

use crate::diagnostics::{Diagnostics, Location};

/// Whether a file or folder named `name` is an editor's or an operating system's, not
/// the author's: skipped by the walks of content/ and themes/ as hidden files are, and
/// no cause for `serve` to rebuild.
///
/// - backups (`x.md~`, vim and emacs), emacs's autosaves (`#x.md#`) and locks (`.#x.md`,
///   a link to nowhere), vim's swap files (`.x.md.swp`, `.swo`, … `.swa`) and `4913`
///   (its test of whether it may write in a folder);
/// - macOS's `.DS_Store`, its AppleDouble files (`._x.md`, binary whatever the name says)
///   and the `__MACOSX` folder its archives unpack to; Windows's `Thumbs.db`,
///   `ehthumbs.db` and `desktop.ini`.
pub fn is_junk(name: &str) -> bool {
    let vim_swap = name.starts_with('.')
        && name
            .rsplit_once('.')
            .is_some_and(|(_, ext)| ext.len() == 3 && ext.starts_with("sw"));
    name.ends_with('~')
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name.starts_with(".#")
        || name.starts_with("._")
        || vim_swap
        || name == "4913"
        || name == ".DS_Store"
        || name == "__MACOSX"
        || ["Thumbs.db", "ehthumbs.db", "desktop.ini"]
            .iter()
            .any(|n| name.eq_ignore_ascii_case(n))
}

/// How every Git LFS pointer begins (the spec's first line; `hawser` was its first name).
const LFS_POINTER: [&[u8]; 2] = [
    b"version https://git-lfs.github.com/spec/",
    b"version https://hawser.github.com/spec/",
];

/// Whether `bytes`, a file's text or its beginning, is a Git LFS pointer.
pub fn is_lfs_pointer(bytes: &[u8]) -> bool {
    LFS_POINTER.iter().any(|p| bytes.starts_with(p))
}

/// Whether the file at `path` is a Git LFS pointer: its first bytes only are read.
pub fn file_is_lfs_pointer(path: &Path) -> bool {
    let mut head = [0u8; 40];
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut n = 0;
    let mut take = file.take(head.len() as u64);
    while let Ok(read @ 1..) = take.read(&mut head[n..]) {
        n += read;
    }
    is_lfs_pointer(&head[..n])
}

/// Reports the LFS pointer at `shown`, which is not published.
pub fn report_lfs_pointer(shown: &str, diags: &mut Diagnostics) {
    diags.error(
        Location::file(shown),
        format!("`{shown}` is a Git LFS pointer, not the file: the clone did not fetch the files stored with Git LFS, and the site would show the pointer's text or a broken image"),
        "run `git lfs pull` and build again (in CI, fetch LFS files with the checkout, such as `lfs: true` for actions/checkout)",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_and_systems_files_are_junk() {
        for name in [
            "x.md~",
            "#x.md#",
            ".#x.md",
            ".x.md.swp",
            ".x.md.swo",
            "4913",
            ".DS_Store",
            "._x.md",
            "__MACOSX",
            "Thumbs.db",
            "desktop.ini",
            "Desktop.ini",
        ] {
            assert!(is_junk(name), "{name}");
        }
        for name in ["x.md", "#", "#hash", "a#b#", "swap.md", "4913.png", "x.sw"] {
            assert!(!is_junk(name), "{name}");
        }
    }

    #[test]
    fn lfs_pointers_are_known_by_their_first_line() {
        let pointer = b"version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 12345\n";
        assert!(is_lfs_pointer(pointer));
        assert!(!is_lfs_pointer(
            b"# version https://git-lfs.github.com/spec/v1\n"
        ));
        assert!(!is_lfs_pointer(b"version"));
        let dir = tempfile::tempdir().unwrap();
        let (p, q) = (dir.path().join("a.png"), dir.path().join("b.png"));
        std::fs::write(&p, pointer).unwrap();
        std::fs::write(&q, b"\x89PNG\r\n").unwrap();
        assert!(file_is_lfs_pointer(&p));
        assert!(!file_is_lfs_pointer(&q));
    }
}
