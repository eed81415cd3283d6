//! Stage 5: put the built site on disk, all or nothing.
//!
//! Files go into a staging folder beside the output folder as soon as they are rendered,
//! so a large site is never held in memory whole; only when every file is written and the
//! build found no error does the staging folder take the output's place. A build that
//! fails or is killed part way leaves the previous site as it was; the next build clears
//! what the killed one left behind.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rustc_hash::FxHashSet;

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
}

struct Staging {
    output: PathBuf,
    dir: PathBuf,
    /// Folders made so far, so each is created once.
    made: Mutex<FxHashSet<String>>,
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

    /// A fresh staging folder for `output`, after clearing what a killed build left: a
    /// half-written staging folder goes; a site left aside between the two renames of a
    /// swap comes back as the output.
    pub fn stage(output: &Path) -> io::Result<Self> {
        let dir = sibling(output, "staging")?;
        let old = sibling(output, "old")?;
        remove_if_exists(&dir)?;
        if old.exists() && !output.exists() {
            fs::rename(&old, output)?;
        }
        remove_if_exists(&old)?;
        fs::create_dir_all(&dir)?;
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
        })
    }

    /// Writes one file of the site (`path` under the output folder).
    pub fn put(&self, path: &str, bytes: &[u8]) {
        self.files.fetch_add(1, Ordering::Relaxed);
        if let Some(s) = &self.staging {
            let result = s
                .parent_dir(path)
                .and_then(|()| fs::write(s.dir.join(path), bytes));
            self.keep(result, path);
        }
        if let Some(m) = &self.memory {
            m.lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(OutputFile {
                    path: path.to_string(),
                    bytes: bytes.to_vec(),
                });
        }
    }

    /// Copies a content file into the site as is.
    pub fn copy(&self, path: &str, source: &Path) {
        self.files.fetch_add(1, Ordering::Relaxed);
        if let Some(s) = &self.staging {
            let result = s
                .parent_dir(path)
                .and_then(|()| fs::copy(source, s.dir.join(path)).map(|_| ()));
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
    /// succeeded; otherwise removes it and leaves the previous output untouched.
    pub fn finish(mut self, commit: bool) -> io::Result<()> {
        let error = self
            .error
            .get_mut()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        let Some(staging) = self.staging.as_mut() else {
            return error.map_or(Ok(()), Err);
        };
        if let Some(e) = error {
            return Err(e);
        }
        if !commit {
            return Ok(());
        }
        let swapped = swap(&staging.dir, &staging.output);
        staging.committed = swapped.is_ok();
        swapped
    }
}

impl Staging {
    fn parent_dir(&self, path: &str) -> io::Result<()> {
        let Some(parent) = path.rfind('/').map(|i| &path[..i]) else {
            return Ok(());
        };
        if self.lock_made().contains(parent) {
            return Ok(());
        }
        // Not under the lock: the other threads' writes must not wait for this mkdir.
        // Two threads may both create the folder; `create_dir_all` allows that.
        fs::create_dir_all(self.dir.join(parent))?;
        self.lock_made().insert(parent.to_string());
        Ok(())
    }

    fn lock_made(&self) -> std::sync::MutexGuard<'_, FxHashSet<String>> {
        self.made.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for Staging {
    /// A build that did not commit (an error, `--deny-warnings`, a panic) leaves no staging
    /// folder behind.
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// The old site moves aside, the new one moves in, the old one is deleted. A build killed
/// between the two renames leaves the old site as `old`, which [`Sink::stage`] restores.
fn swap(staging: &Path, output: &Path) -> io::Result<()> {
    let old = sibling(output, "old")?;
    if output.exists() {
        fs::rename(output, &old)?;
    }
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(&old, output);
        return Err(e);
    }
    remove_if_exists(&old)
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
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(out.join("stale")).unwrap();
        fs::write(out.join("stale/old.html"), "old").unwrap();
        let sink = Sink::stage(&out).unwrap();
        sink.put("a/index.html", b"new");
        sink.finish(true).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
        assert!(
            !out.join("stale").exists(),
            "files of the previous build are gone"
        );
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folder left behind");
    }

    #[test]
    fn a_site_left_aside_by_a_killed_swap_comes_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let old = dir.path().join(".public.pipebook-old");
        fs::create_dir_all(&old).unwrap();
        fs::write(old.join("index.html"), "previous").unwrap();
        // A failing write must still leave the previous site in place.
        let sink = Sink::stage(&out).unwrap();
        sink.copy("x.png", &dir.path().join("missing.png"));
        assert!(sink.finish(true).is_err());
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "previous"
        );
        assert!(!old.exists());
    }

    #[test]
    fn failed_write_keeps_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("index.html"), "previous").unwrap();
        let sink = Sink::stage(&out).unwrap();
        sink.copy("x.png", &dir.path().join("does-not-exist.png"));
        assert!(sink.finish(true).is_err());
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "previous"
        );
        assert!(!dir.path().join(".public.pipebook-staging").exists());
    }
}
