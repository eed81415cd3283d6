//! One build at a time per output folder: a lock on a file beside the output
//! (`.<name>.pipebook-lock`), held from before the site is read until it has been swapped
//! in. A second build into the same output waits for the first to finish, then reads the
//! feeds the first one wrote.
//!
//! The lock is the operating system's advisory file lock (`std::fs::File::lock`, `flock`
//! on Linux), which the kernel releases when a process dies, so a killed build never
//! leaves a lock that blocks the next one. The lock file is removed when the build ends;
//! that is safe because whoever locks a file checks afterwards that it is still the file at
//! the lock's path, and otherwise starts over on the new one.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

/// A held lock on an output folder; released (and its file removed) when dropped.
#[derive(Debug)]
pub struct OutputLock {
    file: File,
    path: PathBuf,
    /// Folders made to hold the lock file, deepest first: removed again if still empty,
    /// so that a build that writes nothing leaves no trace.
    made: Vec<PathBuf>,
}

impl OutputLock {
    /// Locks `output` (a resolved path, see [`super::resolve`]), creating the folder it
    /// lives in if needed. If another build holds the lock, calls `waiting` once with the
    /// lock file's path and waits until it is free.
    pub fn acquire(output: &Path, waiting: impl FnOnce(&Path)) -> io::Result<Self> {
        let path = super::sibling(output, "lock")?;
        let mut waiting = Some(waiting);
        let mut made = Vec::new();
        loop {
            if let Some(parent) = path.parent() {
                make_dirs(parent, &mut made)?;
            }
            let file = File::options()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    if let Some(tell) = waiting.take() {
                        tell(&path);
                    }
                    file.lock()?;
                }
                Err(fs::TryLockError::Error(e)) => return Err(e),
            }
            // The holder before us may have removed the file we waited on; a lock on a
            // removed file guards nothing.
            if same_file(&file, &path)? {
                super::interrupt::add_lock(&path);
                return Ok(OutputLock { file, path, made });
            }
        }
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked, so nobody can lock this file and take it for the
        // current one (see `acquire`).
        let _ = fs::remove_file(&self.path);
        super::interrupt::forget_lock(&self.path);
        let _ = self.file.unlock();
        for dir in &self.made {
            if fs::remove_dir(dir).is_err() {
                break;
            }
        }
    }
}

/// `create_dir_all` that records the folders it made, deepest first.
fn make_dirs(dir: &Path, made: &mut Vec<PathBuf>) -> io::Result<()> {
    let missing: Vec<&Path> = dir.ancestors().take_while(|a| !a.is_dir()).collect();
    for dir in missing.into_iter().rev() {
        match fs::create_dir(dir) {
            Ok(()) => made.insert(0, dir.to_path_buf()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Whether `path` names the open `file` (it may have been removed or replaced).
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let open = file.metadata()?;
    match fs::metadata(path) {
        Ok(named) => Ok(named.dev() == open.dev() && named.ino() == open.ino()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// Elsewhere an open file cannot be removed, so the file at the path is the one locked.
#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> io::Result<bool> {
    Ok(path.exists())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    #[test]
    fn a_second_lock_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = OutputLock::acquire(&out, |_| panic!("nobody holds it yet")).unwrap();
        assert!(first.path().is_file());
        let released = Arc::new(AtomicBool::new(false));
        let waited = Arc::new(AtomicBool::new(false));
        let second = {
            let (out, released, waited) = (out.clone(), released.clone(), waited.clone());
            std::thread::spawn(move || {
                let lock =
                    OutputLock::acquire(&out, |_| waited.store(true, Ordering::SeqCst)).unwrap();
                assert!(
                    released.load(Ordering::SeqCst),
                    "locked while the first held it"
                );
                lock
            })
        };
        std::thread::sleep(Duration::from_millis(200));
        released.store(true, Ordering::SeqCst);
        drop(first);
        let second = second.join().unwrap();
        assert!(
            waited.load(Ordering::SeqCst),
            "the second was told it waits"
        );
        assert!(
            second.path().is_file(),
            "the second holds a file at the path"
        );
        drop(second);
        assert!(
            !dir.path().join(".public.pipebook-lock").exists(),
            "no lock file is left behind"
        );
    }

    #[test]
    fn folders_made_for_the_lock_go_when_nothing_else_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let lock = OutputLock::acquire(&dir.path().join("a/b/public"), |_| {}).unwrap();
        assert!(dir.path().join("a/b").is_dir());
        drop(lock);
        assert!(!dir.path().join("a").exists());
        // A site written meanwhile keeps its folders.
        let lock = OutputLock::acquire(&dir.path().join("a/b/public"), |_| {}).unwrap();
        fs::create_dir_all(dir.path().join("a/b/public")).unwrap();
        drop(lock);
        assert!(dir.path().join("a/b/public").is_dir());
    }

    #[test]
    fn a_stale_lock_file_does_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::write(dir.path().join(".public.pipebook-lock"), "").unwrap();
        let lock = OutputLock::acquire(&out, |_| panic!("a file nobody locks")).unwrap();
        drop(lock);
    }
}
