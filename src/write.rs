//! Stage 5: put the built site on disk, all or nothing.
//!
//! Files go into a staging folder beside the output folder as soon as they are rendered,
//! so a large site is never held in memory whole; only when every file is written and the
//! build found no error does the staging folder take the output's place. A build that
//! fails or is killed part way leaves the previous site as it was; the next build clears
//! what the killed one left behind ([`recover`]), before it reads the previous feeds.
//!
//! Beside the output `public` live `.public.pipebook-staging` (the site being written),
//! `.public.pipebook-old` (the previous site, during a swap) and `.public.pipebook-lock`
//! (see [`OutputLock`]). Where a build can die, and what the next one finds:
//!
//! | died | left behind | the next build |
//! | --- | --- | --- |
//! | making or filling the staging folder | a partial staging folder | removes it |
//! | after moving the output aside | `old`, staging, no output | moves `old` back, then reads its feeds |
//! | after moving staging in | the new output and `old` | removes `old` |
//! | removing `old` or staging | part of either | removes the rest |
//! | anywhere, holding the lock | the lock file | locks it (the kernel freed it) |
//!
//! The previous site is removed after the swap on a thread of its own ([`Removal`]), so
//! that the build does not wait for it; the lock is held until it is gone.
//!
//! Each of these folders holds the marker ([`guard::MARKER`]) from its first moment until
//! its last (it is written first and removed last), so a leftover is removed only when it
//! is pipebook's own, or empty.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rustc_hash::FxHashSet;

pub mod guard;
pub mod interrupt;
mod ledger;
mod lock;
#[cfg(unix)]
mod remove;

pub use guard::{check_output, check_place, check_root, resolve, Refused, Source, MARKER};
pub use ledger::Ledger;
pub use lock::OutputLock;

/// A file of the built site, in memory.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path under the output folder, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where the stages put the files they make: a staging folder (`build`) or nowhere
/// (`check`). Shared by the rendering threads; the first write error is kept and reported
/// by [`Sink::finish`].
pub struct Sink {
    staging: Option<Staging>,
    /// Files kept in memory instead (tests).
    memory: Option<Mutex<Vec<OutputFile>>>,
    files: AtomicUsize,
    error: Mutex<Option<io::Error>>,
    /// What was written, for the service worker (staging only).
    ledger: Option<Ledger>,
}

struct Staging {
    output: PathBuf,
    dir: PathBuf,
    /// Folders made so far (a hash of each path), so each is created once: 8 bytes a
    /// folder instead of its path, one folder per page. Two paths with one hash would
    /// skip a folder; the write then fails to find it, and makes it (see `Staging::write`).
    made: Mutex<FxHashSet<u64>>,
    committed: bool,
}

impl Sink {
    /// A sink that only counts what it is given.
    pub fn discard() -> Self {
        Sink {
            staging: None,
            memory: None,
            files: AtomicUsize::new(0),
            error: Mutex::new(None),
            ledger: None,
        }
    }

    /// A sink that keeps every file in memory, for [`Sink::into_files`].
    pub fn memory() -> Self {
        Sink {
            memory: Some(Mutex::new(Vec::new())),
            ..Sink::discard()
        }
    }

    /// The files of a [`Sink::memory`], sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self
            .memory
            .map(|m| m.into_inner().unwrap_or_else(|p| p.into_inner()))
            .unwrap_or_default();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    /// A fresh staging folder for `output`, holding the marker. Call [`recover`] first.
    pub fn stage(output: &Path) -> io::Result<Self> {
        let dir = sibling(output, "staging")?;
        remove_leftover(&dir)?;
        interrupt::add_staging(&dir);
        fs::create_dir_all(&dir)?;
        fs::write(dir.join(MARKER), guard::MARKER_TEXT)?;
        Ok(Sink {
            staging: Some(Staging {
                output: output.to_path_buf(),
                dir,
                made: Mutex::new(FxHashSet::default()),
                committed: false,
            }),
            memory: None,
            files: AtomicUsize::new(0),
            error: Mutex::new(None),
            ledger: Some(Ledger::default()),
        })
    }

    /// What was written so far: `None` unless the sink writes a site.
    pub fn ledger(&self) -> Option<&Ledger> {
        self.ledger.as_ref()
    }

    /// Writes one file of the site (`path` under the output folder).
    pub fn put(&self, path: &str, bytes: &[u8]) {
        self.put_parts(path, &[bytes]);
    }

    /// Writes one file of the site made of the bytes of `parts` joined, without joining
    /// them (one `writev`): every page carries the site's critical CSS inline (14 kB of
    /// the default theme), and copying it into each page's buffer was 160 M of 8,700 M
    /// instructions at 10,000 runbooks (valgrind counts `rep movsb` a byte at a time).
    pub fn put_parts(&self, path: &str, parts: &[&[u8]]) {
        self.files.fetch_add(1, Ordering::Relaxed);
        if let Some(s) = &self.staging {
            let result = s.write(path, |to| write_parts(to, parts));
            self.keep(result, path);
        }
        if let Some(l) = &self.ledger {
            l.parts(path, parts);
        }
        if let Some(m) = &self.memory {
            m.lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(OutputFile {
                    path: path.to_string(),
                    bytes: parts.concat(),
                });
        }
    }

    /// Copies a content file into the site as is.
    pub fn copy(&self, path: &str, source: &Path) {
        self.files.fetch_add(1, Ordering::Relaxed);
        if let Some(s) = &self.staging {
            let result = s.write(path, |to| fs::copy(source, to).map(|_| ()));
            self.keep(result, path);
        }
        if let Some(l) = &self.ledger {
            let result = l.file(path, source);
            self.keep(result, path);
        }
    }

    fn keep(&self, result: io::Result<()>, path: &str) {
        if let Err(e) = result {
            let mut first = self.error.lock().unwrap_or_else(|p| p.into_inner());
            if first.is_none() {
                *first = Some(named(e, path));
            }
        }
    }

    /// Files given so far.
    pub fn count(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// Swaps the staging folder in as the output when `commit` is set and every write
    /// succeeded; otherwise removes it and leaves the previous output untouched. The
    /// previous output, moved aside, is being removed by the [`Removal`] returned.
    pub fn finish(mut self, commit: bool) -> io::Result<Removal> {
        let error = self
            .error
            .get_mut()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        let Some(staging) = self.staging.as_mut() else {
            return error.map_or(Ok(Removal::default()), Err);
        };
        if let Some(e) = error {
            return Err(e);
        }
        if !commit {
            return Ok(Removal::default());
        }
        let swapped = {
            let mut no_signal = interrupt::swapping();
            if interrupt::stopped() {
                return Err(interrupt::stopped_error());
            }
            let swapped = swap(&staging.dir, &staging.output);
            if let Ok(old) = &swapped {
                no_signal.done(&staging.dir, old.as_deref());
            }
            swapped
        };
        staging.committed = swapped.is_ok();
        swapped.map(|old| old.map_or_else(Removal::default, Removal::start))
    }
}

/// Writes the file `to` with the bytes of `parts` joined: as `fs::write` does for one part
/// (`open`, `write`, `close`), with `writev` for more.
fn write_parts(to: &Path, parts: &[&[u8]]) -> io::Result<()> {
    if let [bytes] = parts {
        return fs::write(to, bytes);
    }
    write_all_parts(&mut fs::File::create(to)?, parts)
}

/// Writes `parts` one after the other into `file`, in as few calls (`writev`) as the
/// system allows: what `Write::write_all_vectored` will do once it is stable.
pub(crate) fn write_all_parts(file: &mut fs::File, parts: &[&[u8]]) -> io::Result<()> {
    use std::io::{IoSlice, Write};
    let mut slices: Vec<IoSlice> = parts.iter().map(|p| IoSlice::new(p)).collect();
    let mut rest = &mut slices[..];
    // Skips empty parts, which `write_vectored` would otherwise report as a write of 0.
    IoSlice::advance_slices(&mut rest, 0);
    while !rest.is_empty() {
        match file.write_vectored(rest) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut rest, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

impl Staging {
    /// Writes the file `path` of the site with `write`, its folder made first if need be.
    fn write(&self, path: &str, write: impl Fn(&Path) -> io::Result<()>) -> io::Result<()> {
        if interrupt::stopped() {
            return Err(interrupt::stopped_error());
        }
        let to = self.dir.join(path);
        let Some(parent) = path.rfind('/').map(|i| &path[..i]) else {
            return write(&to);
        };
        if !self.made(parent) {
            self.make(parent)?;
            return write(&to);
        }
        match write(&to) {
            // A folder taken for made by its hash (see `made`): make it now.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::create_dir_all(self.dir.join(parent))?;
                write(&to)
            }
            result => result,
        }
    }

    /// Makes `folder` and those of its parents not made yet, each with one `mkdir` from
    /// the top down: no `mkdir` fails on a missing parent and is tried again, as
    /// `create_dir_all` does from the bottom up on every new branch of the tree.
    fn make(&self, folder: &str) -> io::Result<()> {
        // The deepest parent already made; the staging folder itself always is.
        let mut from = 0;
        let mut end = folder.len();
        while let Some(i) = folder[..end].rfind('/') {
            if self.made(&folder[..i]) {
                from = i + 1;
                break;
            }
            end = i;
        }
        let mut next = from;
        loop {
            let end = folder[next..].find('/').map_or(folder.len(), |i| next + i);
            let made = &folder[..end];
            // Not under the lock: the other threads' writes must not wait for this mkdir.
            // Two threads may both make one folder: the second finds it there.
            match fs::create_dir(self.dir.join(made)) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                // A parent taken for made by its hash (see `made`): make them all.
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    fs::create_dir_all(self.dir.join(made))?
                }
                Err(e) => return Err(e),
            }
            self.lock_made().insert(folder_hash(made));
            if end == folder.len() {
                return Ok(());
            }
            next = end + 1;
        }
    }

    fn made(&self, folder: &str) -> bool {
        self.lock_made().contains(&folder_hash(folder))
    }

    fn lock_made(&self) -> std::sync::MutexGuard<'_, FxHashSet<u64>> {
        self.made.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn folder_hash(folder: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(folder.as_bytes())
}

impl Drop for Staging {
    /// A build that did not commit (an error, `--deny-warnings`, a panic) leaves no staging
    /// folder behind.
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_leftover(&self.dir);
            interrupt::forget_staging(&self.dir);
        }
    }
}

/// Puts `output` back in order after a build that was killed part way (see the table at
/// the top): a site left aside between the two renames of a swap comes back, leftovers of
/// pipebook's own go. Call it holding the [`OutputLock`], before reading the previous
/// feeds, so that they come from a complete site. Fails, touching nothing more, on a
/// leftover name that holds files pipebook did not write.
pub fn recover(output: &Path) -> io::Result<()> {
    let old = sibling(output, "old")?;
    if fs::symlink_metadata(output).is_err() && guard::has_marker(&old) {
        fs::rename(&old, output)?;
    }
    remove_leftover(&old)?;
    remove_leftover(&sibling(output, "staging")?)
}

/// The old site moves aside, the new one moves in; returns where the old one is, for the
/// caller to remove. A build killed between the two renames leaves the old site as `old`,
/// which [`recover`] restores.
fn swap(staging: &Path, output: &Path) -> io::Result<Option<PathBuf>> {
    let old = sibling(output, "old")?;
    if output.exists() {
        // Only a folder pipebook wrote gets here, or one `--force` gives up: mark that one
        // too, so that a build killed before deleting it can still clear it.
        if !guard::has_marker(output) {
            fs::write(output.join(MARKER), guard::MARKER_TEXT)?;
        }
        fs::rename(output, &old)?;
    }
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(&old, output);
        return Err(e);
    }
    Ok(fs::symlink_metadata(&old).is_ok().then_some(old))
}

/// The previous site, moved aside by the swap, being removed on a thread of its own:
/// the new site is in place, and the build need not wait for the old one to go. Holds the
/// output's lock ([`Removal::hold`]) until it is gone, so that a next build into the same
/// output starts only then, and never finds the old folder half removed or in the way of
/// its own swap. Dropping it waits for the removal. A removal cut short (the process
/// killed) is finished by the next build ([`recover`]): the marker goes last.
#[derive(Default)]
pub struct Removal {
    thread: Option<std::thread::JoinHandle<io::Result<()>>>,
    /// Why a removal done on the calling thread (no thread could be made) failed.
    error: Option<io::Error>,
    /// Dropped after the thread is joined (fields drop after `Drop::drop`).
    lock: Option<OutputLock>,
}

impl Removal {
    /// Removes `old` on a new thread, or here if no thread can be made.
    fn start(old: PathBuf) -> Self {
        let spawned = std::thread::Builder::new()
            .name("remove-old-output".into())
            .spawn({
                let old = old.clone();
                move || remove_old(&old)
            });
        match spawned {
            Ok(thread) => Removal {
                thread: Some(thread),
                error: None,
                lock: None,
            },
            Err(_) => Removal {
                thread: None,
                error: remove_old(&old).err(),
                lock: None,
            },
        }
    }

    /// Keeps `lock` until the previous output is removed; releases it at once if there
    /// is nothing left to remove.
    pub fn hold(&mut self, lock: OutputLock) {
        if self.thread.is_some() {
            self.lock = Some(lock);
        }
    }

    /// Waits until the previous output is removed (at once if there was none); the error
    /// that stopped its removal, if any. The new site is in place either way.
    pub fn wait(&mut self) -> io::Result<()> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        match self.thread.take() {
            None => Ok(()),
            Some(thread) => thread
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("removing it panicked"))),
        }
    }
}

impl Drop for Removal {
    fn drop(&mut self) {
        let _ = self.wait();
    }
}

impl std::fmt::Debug for Removal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Removal")
            .field("running", &self.thread.is_some())
            .finish()
    }
}

/// Removes the previous site moved aside, then no signal need remove it.
fn remove_old(old: &Path) -> io::Result<()> {
    let removed = remove_leftover(old);
    interrupt::forget_old(old);
    removed
}

/// Removes `dir`, a staging or old folder, if it is pipebook's (it holds the marker) or
/// empty; the marker goes last, so a removal cut short can be finished by the next build.
/// Anything else at that name is an error.
fn remove_leftover(dir: &Path) -> io::Result<()> {
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(not_ours(dir)),
    }
    if !guard::has_marker(dir) && !guard::is_empty(dir) {
        return Err(not_ours(dir));
    }
    remove_contents(dir)
        .and_then(|()| remove_if_exists(&dir.join(MARKER)))
        .and_then(|()| fs::remove_dir(dir))
        .map_err(|e| {
            // The error alone names no file: say which folder is stuck, and what frees it.
            let message = format!(
                "pipebook's own `{}` cannot be removed ({e}): remove it by hand (`chmod -R u+w` it first if it was made read-only)",
                dir.display()
            );
            io::Error::new(e.kind(), message)
        })
}

/// Removes all that `dir` holds but the marker (see [`remove`]).
#[cfg(unix)]
fn remove_contents(dir: &Path) -> io::Result<()> {
    remove::contents_but(dir, MARKER)
}

/// Removes all that `dir` holds but the marker, its top-level entries on all cores.
#[cfg(not(unix))]
fn remove_contents(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries = fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    entries
        .par_iter()
        .filter(|entry| entry.file_name() != MARKER)
        .try_for_each(|entry| {
            if entry.file_type()?.is_dir() {
                fs::remove_dir_all(entry.path())
            } else {
                fs::remove_file(entry.path())
            }
        })
}

fn not_ours(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!(
            "`{}` is in the way and was not written by pipebook (it has no `{MARKER}`); move it elsewhere",
            path.display()
        ),
    )
}

/// `.<name>.pipebook-<what>` beside `output`, on the same file system so renames are atomic.
fn sibling(output: &Path, what: &str) -> io::Result<PathBuf> {
    let name = output.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("output folder `{}` has no name", output.display()),
        )
    })?;
    let parent = output.parent().unwrap_or(Path::new("."));
    Ok(parent.join(format!(".{}.pipebook-{what}", name.to_string_lossy())))
}

/// Adds the output path to an error, which the OS leaves out.
fn named(e: io::Error, path: &str) -> io::Error {
    io::Error::new(e.kind(), format!("{path}: {e}"))
}

fn remove_if_exists(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site as a finished build leaves it: the marker and one page.
    fn built(dir: &Path, page: &str) {
        fs::create_dir_all(dir.join("a")).unwrap();
        fs::write(dir.join(MARKER), guard::MARKER_TEXT).unwrap();
        fs::write(dir.join("a/index.html"), page).unwrap();
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// A file put in parts is the parts joined, on disk, in memory and in the ledger,
    /// whatever the parts' sizes (empty ones too, and more than one `writev` takes).
    #[test]
    fn parts_are_written_joined() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let big = vec![b'x'; 3 << 20];
        let parts: [&[u8]; 5] = [b"<head><style>", b"", &big, b"</style>", b"body"];
        let joined = parts.concat();
        let sink = Sink::stage(&out).unwrap();
        sink.put_parts("a/index.html", &parts);
        sink.put("b/index.html", &joined);
        let entries = sink.ledger().unwrap().entries();
        let hash = |p: &str| entries.iter().find(|e| e.0 == p).map(|e| (e.1, e.2));
        let len = joined.len() as u64;
        assert_eq!(
            hash("a/index.html"),
            Some((len, Ledger::hash("a/index.html", &joined)))
        );
        assert_eq!(hash("b/index.html").map(|h| h.0), Some(len));
        sink.finish(true).unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), joined);
        let memory = Sink::memory();
        memory.put_parts("a", &parts);
        assert_eq!(memory.into_files()[0].bytes, joined);
    }

    #[test]
    fn replaces_the_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        built(&out, "old");
        fs::create_dir_all(out.join("stale")).unwrap();
        fs::write(out.join("stale/old.html"), "old").unwrap();
        recover(&out).unwrap();
        let sink = Sink::stage(&out).unwrap();
        sink.put("a/index.html", b"new");
        sink.finish(true).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
        assert!(guard::has_marker(&out), "the new site carries the marker");
        assert!(
            !out.join("stale").exists(),
            "files of the previous build are gone"
        );
        assert_eq!(
            names(dir.path()),
            ["public"],
            "no staging folder left behind"
        );
    }

    #[test]
    fn a_site_left_aside_by_a_killed_swap_comes_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let old = dir.path().join(".public.pipebook-old");
        built(&old, "previous");
        built(&dir.path().join(".public.pipebook-staging"), "half");
        recover(&out).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "previous"
        );
        assert_eq!(names(dir.path()), ["public"]);
    }

    #[test]
    fn a_half_removed_old_site_is_finished_off() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        built(&out, "new");
        let old = dir.path().join(".public.pipebook-old");
        // Killed part way through removing it: the marker is still there ...
        built(&old, "previous");
        recover(&out).unwrap();
        assert_eq!(names(dir.path()), ["public"]);
        // ... or already gone, with the folder empty.
        fs::create_dir_all(&old).unwrap();
        recover(&out).unwrap();
        assert_eq!(names(dir.path()), ["public"]);
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
    }

    #[test]
    fn leftover_names_holding_foreign_files_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        for what in ["old", "staging"] {
            let leftover = dir.path().join(format!(".public.pipebook-{what}"));
            fs::create_dir_all(&leftover).unwrap();
            fs::write(leftover.join("notes.md"), "mine").unwrap();
            let e = recover(&out).unwrap_err();
            assert!(e.to_string().contains("not written by pipebook"), "{e}");
            assert!(
                !out.exists(),
                "a foreign `old` is not restored as the output"
            );
            assert_eq!(
                fs::read_to_string(leftover.join("notes.md")).unwrap(),
                "mine"
            );
            fs::remove_dir_all(&leftover).unwrap();
        }
        fs::write(dir.path().join(".public.pipebook-old"), "a file").unwrap();
        assert!(recover(&out).is_err());
    }

    #[test]
    fn a_leftover_of_its_own_is_removed_whole() {
        let dir = tempfile::tempdir().unwrap();
        let leftover = dir.path().join("x");
        built(&leftover, "page");
        for i in 0..50 {
            fs::write(leftover.join(format!("f{i}")), "x").unwrap();
        }
        remove_leftover(&leftover).unwrap();
        assert!(!leftover.exists());
    }

    #[test]
    fn a_forced_output_is_marked_before_it_moves_aside() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("theirs.txt"), "given up with --force").unwrap();
        let sink = Sink::stage(&out).unwrap();
        sink.put("index.html", b"new");
        sink.finish(true).unwrap();
        assert_eq!(names(&out), [MARKER, "index.html"]);
        assert_eq!(names(dir.path()), ["public"]);
    }

    #[test]
    fn a_folder_taken_for_made_is_made_when_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let sink = Sink::stage(&out).unwrap();
        // As if another folder's path had the same hash as `b/c`.
        let staging = sink.staging.as_ref().unwrap();
        staging.lock_made().insert(folder_hash("b/c"));
        sink.put("b/c/index.html", b"page");
        sink.put("b/c/other.html", b"other");
        sink.finish(true).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("b/c/index.html")).unwrap(),
            "page"
        );
        assert_eq!(
            fs::read_to_string(out.join("b/c/other.html")).unwrap(),
            "other"
        );
    }

    #[test]
    fn a_parent_taken_for_made_is_made_when_its_child_is() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let sink = Sink::stage(&out).unwrap();
        let staging = sink.staging.as_ref().unwrap();
        staging.lock_made().insert(folder_hash("b"));
        sink.put("b/c/d/index.html", b"deep");
        sink.put("b/c/e/index.html", b"beside");
        sink.put("f/g/index.html", b"other branch");
        sink.finish(true).unwrap();
        for (path, text) in [
            ("b/c/d/index.html", "deep"),
            ("b/c/e/index.html", "beside"),
            ("f/g/index.html", "other branch"),
        ] {
            assert_eq!(fs::read_to_string(out.join(path)).unwrap(), text);
        }
    }

    #[test]
    fn the_lock_is_held_until_the_previous_site_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        built(&out, "previous");
        for i in 0..2000 {
            fs::create_dir_all(out.join(format!("p/{i}"))).unwrap();
            fs::write(out.join(format!("p/{i}/index.html")), "old page").unwrap();
        }
        let lock = OutputLock::acquire(&out, |_| {}).unwrap();
        recover(&out).unwrap();
        let sink = Sink::stage(&out).unwrap();
        sink.put("a/index.html", b"new");
        let mut removal = sink.finish(true).unwrap();
        removal.hold(lock);
        // The new site is in place as soon as `finish` returns.
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
        let next = std::thread::spawn({
            let out = out.clone();
            move || {
                let lock = OutputLock::acquire(&out, |_| {}).unwrap();
                let old = out.with_file_name(".public.pipebook-old");
                (old.exists(), lock)
            }
        });
        drop(removal);
        let (old_seen, _lock) = next.join().unwrap();
        assert!(!old_seen, "the next build found the old site still there");
        assert_eq!(names(&out), [MARKER, "a"]);
    }

    #[test]
    fn failed_write_keeps_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        built(&out, "previous");
        let sink = Sink::stage(&out).unwrap();
        sink.copy("x.png", &dir.path().join("does-not-exist.png"));
        assert!(sink.finish(true).is_err());
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "previous"
        );
        assert_eq!(names(dir.path()), ["public"]);
    }
}
