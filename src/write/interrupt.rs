//! A build stopped by Ctrl-C, SIGTERM or SIGHUP leaves nothing beside the output: the
//! staging folder and the lock file are removed before the process exits, and the
//! previous site stays as it was. (SIGKILL cannot be caught: the next build clears what
//! that leaves, see [`super::recover`].)
//!
//! The handler runs on a thread of its own while the build's threads may be writing:
//! it first stops every further write ([`stopped`], checked by the staging folder before
//! each file), then removes what is registered here. The swap holds the same lock as the
//! handler ([`swapping`]), so an interrupt lands wholly before the swap (the staging
//! folder goes, the previous site stays) or wholly after it (the new site stays).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// Exit status of a build stopped by a signal, as shells report Ctrl-C (128 + SIGINT).
pub const EXIT_INTERRUPTED: u8 = 130;

static STOPPED: AtomicBool = AtomicBool::new(false);

/// Staging folders and lock files of the builds in progress, to remove on a signal.
static LEFT: Mutex<Vec<Left>> = Mutex::new(Vec::new());

#[derive(PartialEq)]
enum Left {
    Staging(PathBuf),
    Lock(PathBuf),
}

/// Makes Ctrl-C, SIGTERM and SIGHUP remove the build's temporaries and exit with
/// [`EXIT_INTERRUPTED`]. For `build` only: `serve` has a handler of its own.
pub fn clean_up_on_signals() {
    let _ = ctrlc::set_handler(|| {
        eprintln!("\ninterrupted: the previous site is left as it was");
        clean_up();
        std::process::exit(i32::from(EXIT_INTERRUPTED));
    });
}

/// Whether a signal stopped the build: no file may be written any more.
pub(super) fn stopped() -> bool {
    STOPPED.load(Ordering::SeqCst)
}

/// The error of a write refused after a signal.
pub(super) fn stopped_error() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::Interrupted, "the build was interrupted")
}

fn left() -> MutexGuard<'static, Vec<Left>> {
    LEFT.lock().unwrap_or_else(|p| p.into_inner())
}

pub(super) fn add_staging(dir: &Path) {
    left().push(Left::Staging(dir.to_path_buf()));
}

pub(super) fn add_lock(file: &Path) {
    left().push(Left::Lock(file.to_path_buf()));
}

/// Forgets a staging folder (swapped in, or removed) or a lock file (released).
pub(super) fn forget_staging(dir: &Path) {
    left().retain(|l| *l != Left::Staging(dir.to_path_buf()));
}

pub(super) fn forget_lock(file: &Path) {
    left().retain(|l| *l != Left::Lock(file.to_path_buf()));
}

/// Held across the swap, so that no signal is handled half way through it.
pub(super) struct Swapping(#[allow(dead_code)] MutexGuard<'static, Vec<Left>>);

pub(super) fn swapping() -> Swapping {
    Swapping(left())
}

/// Stops further writes, then removes the registered staging folders (a write under way
/// when the signal came may add a file: tried again for a moment) and lock files. Keeps
/// the registry locked, so that no swap starts before the process exits.
fn clean_up() {
    STOPPED.store(true, Ordering::SeqCst);
    let left = left();
    for l in left.iter() {
        match l {
            Left::Staging(dir) => {
                for _ in 0..50 {
                    if super::remove_leftover(dir).is_ok() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
            }
            Left::Lock(file) => {
                let _ = std::fs::remove_file(file);
            }
        }
    }
    std::mem::forget(left);
}
