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
use crate::render::template_deps::TextEdit;
use crate::render::{Renderer, Splice};
use crate::write::{Ledger, OutputFile};

/// The output folder, and the size and hash of each of its files (see [`Ledger::hash`]).
pub(super) struct Output {
    pub(super) dir: PathBuf,
    pub(super) files: HashMap<String, Entry>,
    /// What a reader sees of each page kept offline (`offline.json`'s hashes, see
    /// [`Ledger::read_as`]), with the file's entry when it was hashed: an update hashes
    /// again only the pages whose entry changed.
    seen: HashMap<String, (Entry, u128)>,
    /// The stamps [`Output::seen`]'s hashes leave out (the build's time).
    stamps: Vec<String>,
}

/// A file's size and hash (see [`Ledger::hash`]).
pub(super) type Entry = (u64, u128);

/// What a reader sees of each page kept offline (see [`Ledger::read_as`]), by path, and
/// the stamps left out of it, as a full build recorded them.
pub(crate) type Seen = (Vec<(String, u128)>, Vec<String>);

/// What [`Output::replace_texts`] did: the runbooks whose pages it changed, with where the
/// text was in each; those whose pages are to be rendered again.
pub(super) type TextsMade = (Vec<(usize, usize)>, Vec<usize>);

impl Output {
    /// The output folder `dir` as a full build wrote it: its `files` (path, size, hash),
    /// and what a reader sees of its pages kept offline with the stamps left out.
    pub(super) fn new(dir: PathBuf, files: Vec<(String, u64, u128)>, seen: Option<Seen>) -> Output {
        let files: HashMap<String, Entry> = files
            .into_iter()
            .map(|(path, len, hash)| (path, (len, hash)))
            .collect();
        let (seen, stamps) = seen.unwrap_or_default();
        let seen = seen
            .into_iter()
            .filter_map(|(path, hash)| {
                let entry = *files.get(&path)?;
                Some((path, (entry, hash)))
            })
            .collect();
        Output {
            dir,
            files,
            seen,
            stamps,
        }
    }

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
        edit: &TextEdit,
    ) -> io::Result<TextsMade> {
        let dir = &self.dir;
        // Per page: the runbook, where the text was and the file's entry; or the runbook
        // to render again.
        type Made = Result<(usize, usize, Entry), usize>;
        let done: Vec<io::Result<Made>> = pages
            .par_iter()
            .map(|(i, path)| {
                let made = rewrite(dir, path, edit);
                Ok(match made {
                    Ok(Some((entry, at))) => Ok((*i, at, entry)),
                    // Unreadable, or the text not there once: rendered again.
                    Ok(None) => Err(*i),
                    Err(Failed::Read) => Err(*i),
                    Err(Failed::Write(e)) => return Err(e),
                })
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
        // Each page read, changed and written in one go: held together, 10,000 pages were
        // 300 MB more at the peak, memory the system clears before it is filled.
        let spliced: Vec<Option<Entry>> = splice
            .pages
            .par_iter()
            .map(|(path, at)| {
                rewrite(dir, path, &BoxAt(splice, at))
                    .ok()?
                    .map(|(entry, ())| entry)
            })
            .collect();
        for ((path, _), entry) in splice.pages.iter().zip(&spliced) {
            self.files.insert(path.clone(), (*entry)?);
        }
        Some(spliced.len())
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
        self.see_pages(renderer, &ledger)?;
        let mut written = 0;
        // The index's build as a full build gives it the worker: `b` of the `meta.json`
        // written (none without search).
        let index = fs::read(self.dir.join("search/meta.json"))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
            .and_then(|meta| meta.get("b")?.as_str().map(String::from))
            .unwrap_or_default();
        for file in renderer.offline_files(&ledger, &index, diags) {
            written += usize::from(self.put(&file.path, &file.bytes)?);
        }
        Ok(written)
    }

    /// Gives `ledger` what a reader sees of every page kept offline, as a full build's
    /// records it: kept for the pages whose bytes did not change, read again and hashed
    /// for those an update wrote (or all, if the stamps changed).
    fn see_pages(&mut self, renderer: &Renderer, ledger: &Ledger) -> io::Result<()> {
        let stamps = renderer.stamps();
        if self
            .stamps
            .iter()
            .map(String::as_str)
            .ne(stamps.iter().copied())
        {
            self.seen.clear();
            self.stamps = stamps.iter().map(|s| s.to_string()).collect();
        }
        self.seen
            .retain(|path, (entry, _)| self.files.get(path) == Some(entry));
        let stale: Vec<(&String, &Entry)> = (self.files.iter())
            .filter(|(path, _)| crate::render::offline_page(path) && !self.seen.contains_key(*path))
            .collect();
        let (dir, stamps) = (&self.dir, Ledger::stamp_bytes(&stamps));
        let hashed: Vec<(String, (Entry, u128))> = stale
            .par_iter()
            .map(|(path, entry)| {
                let bytes = fs::read(dir.join(path))?;
                Ok((
                    (*path).clone(),
                    (**entry, Ledger::reader_hash(&[&bytes], &stamps)),
                ))
            })
            .collect::<io::Result<_>>()?;
        self.seen.extend(hashed);
        for (path, (_, hash)) in &self.seen {
            ledger.see(path, *hash);
        }
        Ok(())
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

/// Why [`rewrite`] did not rewrite a page.
enum Failed {
    Read,
    Write(io::Error),
}

thread_local! {
    /// The page [`rewrite`] reads, kept from page to page: a buffer of its own for each
    /// page is memory the system clears first.
    static PAGE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A change of a page as written.
trait PageEdit {
    /// What the change tells besides the page.
    type Told;
    /// The changed page as pieces to write one after the other, borrowed from `page` and
    /// the change; `None` when the page is not one the change can be made in.
    fn pieces<'a>(&'a self, page: &'a [u8]) -> Option<(Vec<&'a [u8]>, Self::Told)>;
}

/// The on-call box replaced at these offsets (see [`Splice`]).
struct BoxAt<'s>(&'s Splice, &'s [u32]);

impl PageEdit for BoxAt<'_> {
    type Told = ();
    fn pieces<'a>(&'a self, page: &'a [u8]) -> Option<(Vec<&'a [u8]>, ())> {
        self.0.parts(page, self.1).map(|parts| (parts, ()))
    }
}

/// A template's text replaced; tells where it was.
impl PageEdit for TextEdit {
    type Told = usize;
    fn pieces<'a>(&'a self, page: &'a [u8]) -> Option<(Vec<&'a [u8]>, usize)> {
        self.parts(page).map(|(parts, at)| (parts.to_vec(), at))
    }
}

/// Rewrites the file at `path` under `dir` (by a rename, see [`replace_parts`]) as `edit`
/// makes it from its bytes. The file's new entry and what `edit` told; `None` when `edit`
/// cannot be made in the page (nothing is written).
fn rewrite<E: PageEdit>(
    dir: &Path,
    path: &str,
    edit: &E,
) -> Result<Option<(Entry, E::Told)>, Failed> {
    PAGE.with_borrow_mut(|page| {
        page.clear();
        fs::File::open(dir.join(path))
            .and_then(|mut f| io::Read::read_to_end(&mut f, page))
            .map_err(|_| Failed::Read)?;
        let Some((parts, told)) = edit.pieces(page) else {
            return Ok(None);
        };
        let len = parts.iter().map(|p| p.len() as u64).sum();
        replace_parts(dir, path, &parts).map_err(Failed::Write)?;
        Ok(Some(((len, Ledger::hash_parts(path, &parts)), told)))
    })
}

/// Replaces the file at `path` under `dir` by `bytes`, by a rename (see [`replace_parts`]).
fn replace(dir: &Path, path: &str, bytes: &[u8]) -> io::Result<()> {
    replace_parts(dir, path, &[bytes])
}

/// Replaces the file at `path` under `dir` by the bytes of `parts` joined, by a rename from
/// a temporary file of its own in the same folder (a reader gets the old file or the new
/// one, never part of one; a rename within a folder takes no lock of the whole file
/// system, and the threads writing do not all create their files in one folder).
fn replace_parts(dir: &Path, path: &str, parts: &[&[u8]]) -> io::Result<()> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let target = dir.join(path);
    let temp = target.with_file_name(format!(
        ".pipebook-update-{}",
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let file = match fs::File::create(&temp) {
        // A new folder: rarely, so not asked of every file.
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::File::create(&temp)
        }
        other => other,
    };
    file.and_then(|mut file| crate::write::write_all_parts(&mut file, parts))
        .and_then(|()| fs::rename(&temp, &target))
        .inspect_err(|_| {
            let _ = fs::remove_file(&temp);
        })
}

/// A file of the search index (the search page aside).
pub(super) fn is_search_file(path: &str) -> bool {
    path.starts_with("search/") && path != "search/index.html"
}
