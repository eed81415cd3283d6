//! Files that editors and operating systems leave beside the ones people write, and Git
//! LFS pointers left where a clone did not fetch the files: neither is the author's
//! content, and published they were junk pages and files (`x.md~`, `#x.md#`, `4913`,
//! `Thumbs.db`, `desktop.ini` were copied into the site, an editor's backup being an
//! older copy of a runbook) or a page that read `version https://git-lfs…`.

use std::io::Read;
use std::path::Path;

use crate::diagnostics::{Diagnostics, Location};

/// Whether a file named `name` is an editor's or an operating system's, not the author's:
/// skipped by the walks of content/ and themes/ as hidden files are, and no cause for
/// `serve` to rebuild. Content's folders are judged by [`is_junk_folder`].
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

/// Whether a folder named `name` is an operating system's: macOS's `__MACOSX`. The
/// names of [`is_junk`] are files' (vim's `4913` is a file it writes and deletes): a
/// runbook folder named after an incident, `4913/`, vanished from the site with its
/// runbooks, without a word.
pub fn is_junk_folder(name: &str) -> bool {
    name == "__MACOSX"
}

/// How every Git LFS pointer begins (the spec's first line; `hawser` was its first name).
const LFS_POINTER: [&[u8]; 2] = [
    b"version https://git-lfs.github.com/spec/",
    b"version https://hawser.github.com/spec/",
];

/// The size under which every Git LFS pointer is (the spec: "less than 1024 bytes").
const LFS_POINTER_MAX: usize = 1024;

/// Whether `bytes`, a file's whole text, is a Git LFS pointer as the spec writes one:
/// under 1024 bytes of `key value` lines, `version` first, with an `oid sha256:` of 64
/// hex digits and a `size`. The first line alone refused a runbook that opened by
/// quoting it ("version https://git-lfs.github.com/spec/v1 is the first line of every
/// pointer").
pub fn is_lfs_pointer(bytes: &[u8]) -> bool {
    if bytes.len() >= LFS_POINTER_MAX || !LFS_POINTER.iter().any(|p| bytes.starts_with(p)) {
        return false;
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let (mut oid, mut size) = (false, false);
    for line in text.lines().filter(|l| !l.is_empty()) {
        let Some((key, value)) = line.split_once(' ') else {
            return false;
        };
        let key_shaped = !key.is_empty()
            && (key.bytes())
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.".contains(&b));
        if !key_shaped {
            return false;
        }
        match key {
            "oid" => {
                oid = (value.strip_prefix("sha256:"))
                    .is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()));
            }
            "size" => size = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()),
            _ => {}
        }
    }
    oid && size
}

/// Whether the file at `path` is a Git LFS pointer: read only when it is small enough.
pub fn file_is_lfs_pointer(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    if file
        .metadata()
        .map_or(true, |m| m.len() >= LFS_POINTER_MAX as u64)
    {
        return false;
    }
    let mut bytes = Vec::with_capacity(LFS_POINTER_MAX);
    let read = file.take(LFS_POINTER_MAX as u64).read_to_end(&mut bytes);
    read.is_ok() && is_lfs_pointer(&bytes)
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

    /// A folder named as an editor's file is the author's (on main `4913/` vanished).
    #[test]
    fn only_macos_archives_folder_is_junk() {
        assert!(is_junk_folder("__MACOSX"));
        for name in ["4913", "x~", "#x#", "Thumbs.db", "runbooks"] {
            assert!(!is_junk_folder(name), "{name}");
        }
    }

    #[test]
    fn lfs_pointers_are_known_by_their_first_line() {
        let pointer = b"version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";
        assert!(is_lfs_pointer(pointer));
        assert!(!is_lfs_pointer(
            b"# version https://git-lfs.github.com/spec/v1\n"
        ));
        assert!(!is_lfs_pointer(b"version"));
        // The first line quoted by a runbook, a short oid, a pointer's text past the
        // spec's size: on main each was taken for a pointer.
        let oid = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393";
        for text in [
            "version https://git-lfs.github.com/spec/v1 starts every pointer.\n\nRun `git lfs pull`.\n".to_string(),
            "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 1\n".to_string(),
            format!("version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize 1\n\nIs a pointer.\n"),
            format!("version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize 1\n{}", "x-y z\n".repeat(200)),
        ] {
            assert!(!is_lfs_pointer(text.as_bytes()), "{text}");
        }
        let with_ext = format!("version https://hawser.github.com/spec/v1\next-0-foo sha256:{oid}\noid sha256:{oid}\r\nsize 0\n");
        assert!(is_lfs_pointer(with_ext.as_bytes()));
        let dir = tempfile::tempdir().unwrap();
        let (p, q) = (dir.path().join("a.png"), dir.path().join("b.png"));
        std::fs::write(&p, pointer).unwrap();
        std::fs::write(&q, b"\x89PNG\r\n").unwrap();
        assert!(file_is_lfs_pointer(&p));
        assert!(!file_is_lfs_pointer(&q));
    }
}
