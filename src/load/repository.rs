//! Files of the repository that runbooks link to and the site does not publish (a script
//! beside the runbook folder, a hidden folder, a folder of images): looked up once the
//! links are known, so that such a link goes to the file on the forge when it is there,
//! and is reported when it is not.
//!
//! Only what lies inside the root is looked up, after following symbolic links: a link
//! can neither reveal nor point at anything outside the repository. `.git` is not part
//! of what a forge shows, and is never looked at.

use std::fs;
use std::path::Path;

use crate::model::{RepoEntry, RepoFiles};

/// What each of `paths` (from the root, `/`-separated, without `.` or `..`, as links
/// resolve them) is under `root`: paths that are not there, lie outside the root once
/// symbolic links are followed, or are neither a file nor a folder are `Missing`.
pub fn probe(root: &Path, paths: &[String]) -> RepoFiles {
    let canonical_root = root.canonicalize().ok();
    paths
        .iter()
        .map(|p| {
            let found = canonical_root.as_deref().and_then(|r| entry(r, p));
            (p.clone(), found.unwrap_or(RepoEntry::Missing))
        })
        .collect()
}

fn entry(canonical_root: &Path, path: &str) -> Option<RepoEntry> {
    let mut full = canonical_root.to_path_buf();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        // Resolved links hold no `.` or `..`; a part that would still climb or name the
        // repository's database is not looked up.
        if matches!(part, "." | "..") || part.eq_ignore_ascii_case(".git") || part.contains('\\') {
            return None;
        }
        full.push(part);
    }
    let real = full.canonicalize().ok()?;
    if !real.starts_with(canonical_root) {
        return None;
    }
    let meta = fs::metadata(&real).ok()?;
    if meta.is_dir() {
        Some(RepoEntry::Folder)
    } else if meta.is_file() {
        Some(RepoEntry::File)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_lies_inside_the_root_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repo");
        fs::create_dir_all(root.join("scripts")).unwrap();
        fs::create_dir_all(root.join(".git")).unwrap();
        fs::write(root.join("scripts/clean.sh"), "x").unwrap();
        fs::write(root.join(".git/config"), "x").unwrap();
        fs::write(dir.path().join("secret"), "x").unwrap();
        let ask: Vec<String> = [
            "scripts/clean.sh",
            "scripts",
            "scripts/",
            "",
            "missing.sh",
            ".git/config",
            "../secret",
            "linked",
            "linked/x",
        ]
        .map(String::from)
        .to_vec();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path(), root.join("linked")).unwrap();
        let found = probe(&root, &ask);
        assert_eq!(found.len(), ask.len(), "every path asked is answered");
        let mut got: Vec<(&str, RepoEntry)> = found
            .iter()
            .filter(|(_, v)| **v != RepoEntry::Missing)
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                ("", RepoEntry::Folder),
                ("scripts", RepoEntry::Folder),
                ("scripts/", RepoEntry::Folder),
                ("scripts/clean.sh", RepoEntry::File)
            ]
        );
    }
}
