//! A budget on what the runbook folder's tree of folders makes the site write. Every
//! folder is a page that links each folder above it (its breadcrumbs) and lists every
//! level above it (its part of the tree), so a folder costs its depth times its path's
//! length: 100 chains of 31 folders with 88-byte names, a hundred files of 10 bytes,
//! wrote 232 MB, and 1,000 such chains 2.5 GB (a pull request that fills the builder's
//! disk). Folders nest at most 32 deep already (`names::MAX_FOLDER_DEPTH`); this bounds
//! their sum, which no real tree comes near (of the 32 corpora, Sourcegraph's handbook, 7
//! deep, spends the most: 32 kB).

use std::path::Path;

/// At most this much, added over all folders: each folder's depth times its path's bytes
/// under the runbook folder.
pub(super) const BUDGET: u64 = 64 << 20;

/// The folder, in walk order, at which the tree passes [`BUDGET`]: its path under `dir`
/// and its depth. One pass over the listing, which is in memory already.
pub(super) fn over<'e>(
    entries: &'e [walkdir::Result<walkdir::DirEntry>],
    dir: &Path,
) -> Option<(&'e Path, usize)> {
    let mut spent = 0u64;
    for entry in entries.iter().flatten() {
        if entry.depth() == 0 || !entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        spent += entry.depth() as u64 * rel.as_os_str().len() as u64;
        if spent > BUDGET {
            return Some((rel, entry.depth()));
        }
    }
    None
}
