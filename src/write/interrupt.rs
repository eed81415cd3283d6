//! A build stopped by Ctrl-C, SIGTERM or SIGHUP leaves nothing beside the output: the
//! staging folder and the lock file are removed before the process exits, and the
//! previous site stays as it was; once the swap is done, the previous site moved aside
//! is removed instead (it was left, 89 MB for 4,000 pages, until the next build).
//! (SIGKILL cannot be caught: the next build clears what that leaves, see
//! [`super::recover`].)
//!
//! The handler runs on a thread of its own while the build's threads may be writing:
//! it first stops every further write ([`stopped`], checked by the staging folder before
//! each file), then removes what is registered here. The swap holds the same lock as the
//! handler ([`swapping`]), so an interrupt lands wholly before the swap (the staging
//! folder goes, the previous site stays) or wholly after it (the new site stays, the
//! previous one goes, and the message says so).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// Exit status of a build stopped by a signal, as shells report Ctrl-C (128 + SIGINT).
pub const EXIT_INTERRUPTED: u8 = 130;

static STOPPED: AtomicBool = AtomicBool::new(false);

/// Whether a swap put a new site in place (then a signal leaves it there).
static SWAPPED: AtomicBool = AtomicBool::new(false);

/// Staging folders, previous sites moved aside and lock files of the builds in
/// progress, to remove on a signal.
static LEFT: Mutex<Vec<Left>> = Mutex::new(Vec::new());

#[derive(PartialEq, Debug)]
enum Left {
    Staging(PathBuf),
    /// The previous site, moved aside by the swap: the new one is in place.
    Old(PathBuf),
    Lock(PathBuf),
}

/// Makes Ctrl-C, SIGTERM and SIGHUP remove the build's temporaries and exit with
/// [`EXIT_INTERRUPTED`]. For `build` only: `serve` has a handler of its own.
pub fn clean_up_on_signals() {
    let _ = ctrlc::set_handler(|| {
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

/// Forgets the previous site moved aside (removed).
pub(super) fn forget_old(dir: &Path) {
    left().retain(|l| *l != Left::Old(dir.to_path_buf()));
}

/// Held across the swap, so that no signal is handled half way through it.
pub(super) struct Swapping(#[allow(dead_code)] MutexGuard<'static, Vec<Left>>);

pub(super) fn swapping() -> Swapping {
    Swapping(left())
}

impl Swapping {
    /// The swap is done: `staging` is the output now, and `old` (if any) the previous
    /// site, to remove on a signal until [`forget_old`].
    pub(super) fn done(&mut self, staging: &Path, old: Option<&Path>) {
        self.0
            .retain(|l| *l != Left::Staging(staging.to_path_buf()));
        self.0.extend(old.map(|o| Left::Old(o.to_path_buf())));
        SWAPPED.store(true, Ordering::SeqCst);
    }
}

/// What the handler says: whether the new site was in place when the signal came.
fn interrupted_message() -> &'static str {
    if SWAPPED.load(Ordering::SeqCst) {
        "interrupted: the new site is in place; the previous one is removed"
    } else {
        "interrupted: the previous site is left as it was"
    }
}

/// Stops further writes, then removes the registered staging folders (a write under way
/// when the signal came may add a file: tried again for a moment) and lock files. Keeps
/// the registry locked, so that no swap starts before the process exits.
fn clean_up() {
    STOPPED.store(true, Ordering::SeqCst);
    let left = left();
    eprintln!("\n{}", interrupted_message());
    for l in left.iter() {
        match l {
            // The removal thread may be removing the old site too: both tolerate it.
            Left::Staging(dir) | Left::Old(dir) => {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// After the swap the staging folder is the output, not to be removed; the previous
    /// site moved aside is, and the message says the new site is in place.
    #[test]
    fn the_swap_hands_the_old_site_to_the_handler() {
        let staging = Path::new("/nonexistent/rev40/.public.pipebook-staging");
        let old = Path::new("/nonexistent/rev40/.public.pipebook-old");
        add_staging(staging);
        let mine = |l: &Left| matches!(l, Left::Staging(p) | Left::Old(p) if p.starts_with("/nonexistent/rev40"));
        let ours = || {
            left()
                .iter()
                .filter(|l| mine(l))
                .map(|l| format!("{l:?}"))
                .collect::<Vec<_>>()
        };
        swapping().done(staging, Some(old));
        assert_eq!(ours(), [format!("{:?}", Left::Old(old.into()))]);
        assert!(interrupted_message().contains("new site is in place"));
        forget_old(old);
        assert!(ours().is_empty());
    }
}
