//! The output folder as an update sees it: the size and hash of each file, so that only
//! the files whose bytes changed are written, each by a rename.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::render::{Renderer, Splice};
use crate::write::{Ledger, OutputFile};

/// The output folder, and the size and hash of each of its files (see [`Ledger::hash`]).
pub(super) struct Output {
    pub(super) dir: PathBuf,
    pub(super) files: HashMap<String, Entry>,
}

/// A file's size and hash (see [`Ledger::hash`]).
pub(super) type Entry = (u64, u128);

/// What [`Output::replace_texts`] did: the runbooks whose pages it changed, with where the
/// text was in each; those whose pages are to be rendered again.
pub(super) type TextsMade = (Vec<(usize, usize)>, Vec<usize>);

impl Output {
    /// Writes the files of an update whose bytes changed; then, without a search index,
    /// `sw.js` and `offline.json` (with one, they follow it: their version is the digest
    /// of every file, the index's included, and the page is served first). How many
    /// files it wrote.
    pub(super) fn write(
        &mut self,
        site: &Site,
        renderer: &Renderer,
        files: &[OutputFile],
        diags: &mut Diagnostics,
    ) -> io::Result<usize> {
        let mut written = self.put_all(files)?;
        if !site.config.search {
            written += self.offline_files(renderer, diags)?;
        }
        Ok(written)
    }

    /// Makes `edit` (see [`crate::render::template_deps::text_edit`]) in the runbook pages
    /// at `pages` (index, file) as written, each read, changed and written in one go on
    /// the thread pool (not held together: 10,000 pages are 300 MB). Where the text was
    /// in each page changed, and the indexes of those that do not hold `edit.old` once,
    /// to render again.
    pub(super) fn replace_texts(
        &mut self,
        pages: &[(usize, String)],
        edit: &crate::render::template_deps::TextEdit,
    ) -> io::Result<TextsMade> {
        let dir = &self.dir;
        // Per page: the runbook, where the text was and the file's entry; or the runbook
        // to render again.
        type Made = Result<(usize, usize, Entry), usize>;
        let done: Vec<io::Result<Made>> = pages
            .par_iter()
            .map(|(i, path)| {
                let Ok(bytes) = fs::read(dir.join(path)) else {
                    return Ok(Err(*i));
                };
                let Some((bytes, at)) = edit.apply(&bytes) else {
                    return Ok(Err(*i));
                };
                replace(dir, path, &bytes)?;
                let entry = (bytes.len() as u64, Ledger::hash(path, &bytes));
                Ok(Ok((*i, at, entry)))
            })
            .collect();
        let (mut changed, mut again) = (Vec::new(), Vec::new());
        for (d, (_, path)) in done.into_iter().zip(pages) {
            match d? {
                Ok((i, at, entry)) => {
                    self.files.insert(path.clone(), entry);
                    changed.push((i, at));
                }
                Err(i) => again.push(i),
            }
        }
        Ok((changed, again))
    }

    /// Deletes the files that an update after the data files changed no longer makes:
    /// those of the output that are not in `files` (what it made) nor what the data cannot
    /// change (runbook pages not rendered again, copied files, the theme's, the schemas,
    /// the search index, which follows). How many it deleted.
    pub(super) fn remove_gone(&mut self, site: &Site, files: &[OutputFile]) -> io::Result<usize> {
        let mut kept_files: HashSet<String> = site
            .runbooks
            .iter()
            .map(|rb| crate::render::runbook_page_file(&rb.slug))
            .collect();
        kept_files.extend(
            site.assets
                .iter()
                .map(|a| format!("runbooks/{}", a.rel_path)),
        );
        let made: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let gone: Vec<String> = self
            .files
            .keys()
            .filter(|p| {
                !made.contains(p.as_str())
                    && !kept_files.contains(*p)
                    && !is_search_file(p)
                    && ![crate::render::SERVICE_WORKER, crate::render::OFFLINE_LIST]
                        .contains(&p.as_str())
                    && !["static/", "schema/"].iter().any(|d| p.starts_with(d))
            })
            .cloned()
            .collect();
        let mut removed = 0;
        for path in gone {
            fs::remove_file(self.dir.join(&path))?;
            self.files.remove(&path);
            removed += 1;
        }
        Ok(removed)
    }

    /// Replaces the on-call box in the pages of `splice` as written (read, changed and
    /// written on the thread pool). How many it wrote; `None` if a page could not be read
    /// or written, or does not have the box where it was.
    pub(super) fn splice_pages(&mut self, splice: &Splice) -> Option<usize> {
        let dir = &self.dir;
        let spliced: Vec<Option<OutputFile>> = splice
            .pages
            .par_iter()
            .map(|(path, at)| {
                let bytes = fs::read(dir.join(path)).ok()?;
                Some(OutputFile {
                    path: path.clone(),
                    bytes: splice.apply(&bytes, at)?,
                })
            })
            .collect();
        let spliced: Vec<OutputFile> = spliced.into_iter().collect::<Option<_>>()?;
        self.put_all(&spliced).ok()
    }

    /// `sw.js` and `offline.json`, from every other file of the output.
    pub(super) fn offline_files(
        &mut self,
        renderer: &Renderer,
        diags: &mut Diagnostics,
    ) -> io::Result<usize> {
        let ledger = Ledger::default();
        for (path, (len, hash)) in &self.files {
            if ![crate::render::SERVICE_WORKER, crate::render::OFFLINE_LIST]
                .contains(&path.as_str())
            {
                ledger.add(path, *hash, *len);
            }
        }
        let mut written = 0;
        for file in renderer.offline_files(&ledger, diags) {
            written += usize::from(self.put(&file.path, &file.bytes)?);
        }
        Ok(written)
    }

    /// Writes one file of the output when its bytes changed, by a rename. Whether it did.
    pub(super) fn put(&mut self, path: &str, bytes: &[u8]) -> io::Result<bool> {
        let hash = Ledger::hash(path, bytes);
        let entry = (bytes.len() as u64, hash);
        if self.files.get(path) == Some(&entry) {
            return Ok(false);
        }
        replace(&self.dir, path, bytes)?;
        self.files.insert(path.to_string(), entry);
        Ok(true)
    }

    /// [`Output::put`] for each of `files` (each path once), on the thread pool: after a
    /// template edit on the 10,000-runbook site that is 10,000 pages, whose writing took
    /// 340 ms of CPU on one thread. How many it wrote.
    pub(super) fn put_all(&mut self, files: &[OutputFile]) -> io::Result<usize> {
        let mut paths = HashSet::with_capacity(files.len());
        if !files.iter().all(|f| paths.insert(f.path.as_str())) {
            // The last of a path's files is the one written, as one after the other.
            let mut written = 0;
            for f in files {
                written += usize::from(self.put(&f.path, &f.bytes)?);
            }
            return Ok(written);
        }
        let (dir, known) = (&self.dir, &self.files);
        let done: Vec<io::Result<Option<(String, Entry)>>> = files
            .par_iter()
            .map(|f| {
                let entry = (f.bytes.len() as u64, Ledger::hash(&f.path, &f.bytes));
                if known.get(&f.path) == Some(&entry) {
                    return Ok(None);
                }
                replace(dir, &f.path, &f.bytes)?;
                Ok(Some((f.path.clone(), entry)))
            })
            .collect();
        let mut written = 0;
        for result in done {
            if let Some((path, entry)) = result? {
                self.files.insert(path, entry);
                written += 1;
            }
        }
        Ok(written)
    }
}

/// Replaces the file at `path` under `dir` by `bytes`, by a rename from a temporary file of
/// its own (a reader gets the old file or the new one, never part of one).
fn replace(dir: &Path, path: &str, bytes: &[u8]) -> io::Result<()> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let target = dir.join(path);
    let temp = dir.join(format!(
        ".pipebook-update-{}",
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    fs::write(&temp, bytes)?;
    match fs::rename(&temp, &target) {
        // A new folder: rarely, so not asked of every file.
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::rename(&temp, &target)
        }
        other => other,
    }
    .inspect_err(|_| {
        let _ = fs::remove_file(&temp);
    })
}

/// A file of the search index (the search page aside).
pub(super) fn is_search_file(path: &str) -> bool {
    path.starts_with("search/") && path != "search/index.html"
}
