//! What the server serves: the build loop replaces it whole, requests read a snapshot.

use std::fs;
use std::path::PathBuf;
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use super::headers::Rules;

/// A built site in its own folder, deleted when the last request using it is done.
#[derive(Debug)]
pub struct SiteDir {
    /// The folder to delete: the build's own, holding the site and anything it left.
    pub folder: PathBuf,
    /// The site's root, inside `folder`.
    pub site: PathBuf,
    /// The site's `_headers` rules, then `netlify.toml`'s: what Netlify would send.
    pub rules: Rules,
    /// Where the folder goes when dropped; without one it is removed on the spot.
    pub trash: Option<Arc<Trash>>,
}

impl Drop for SiteDir {
    fn drop(&mut self) {
        let folder = std::mem::take(&mut self.folder);
        match &self.trash {
            Some(trash) => trash.remove(folder),
            None => {
                let _ = fs::remove_dir_all(&folder);
            }
        }
    }
}

/// Removes the folders of replaced builds on a thread of its own. The last
/// reference to a replaced site is often the build loop's own, right after a full build:
/// removing a 10,000-runbook site there kept the next update waiting about 0.4 s, and on
/// a request's thread it would stall the server's runtime.
#[derive(Debug)]
pub struct Trash {
    sender: Mutex<Option<Sender<PathBuf>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl Trash {
    /// A trash with its thread running; folders given to it are removed in turn.
    pub fn start() -> Arc<Self> {
        Self::start_after(mpsc::channel().1)
    }

    /// As [`Trash::start`], the thread beginning once `go` gets a message or is closed
    /// (a test holds it, to see that a drop does not remove the folder itself).
    fn start_after(go: mpsc::Receiver<()>) -> Arc<Self> {
        let (sender, folders) = mpsc::channel::<PathBuf>();
        let thread = std::thread::Builder::new()
            .name("pipebook-trash".into())
            .spawn(move || {
                let _ = go.recv();
                for folder in folders {
                    let _ = fs::remove_dir_all(&folder);
                }
            })
            .ok();
        // Without a thread, every folder is removed where it is dropped.
        let sender = thread.is_some().then_some(sender);
        Arc::new(Trash {
            sender: Mutex::new(sender),
            thread: Mutex::new(thread),
        })
    }

    /// Hands `folder` to the thread, or removes it here once the trash is finished.
    pub fn remove(&self, folder: PathBuf) {
        let sent = match self.sender.lock() {
            Ok(sender) => match sender.as_ref() {
                Some(sender) => sender.send(folder).map_err(|e| e.0),
                None => Err(folder),
            },
            Err(_) => Err(folder),
        };
        if let Err(folder) = sent {
            let _ = fs::remove_dir_all(folder);
        }
    }

    /// Waits until every folder handed over is removed; later ones are removed where
    /// they are dropped. Called before the temporary folder is removed, so that the two
    /// removals never run over the same files.
    pub fn finish(&self) {
        if let Ok(mut sender) = self.sender.lock() {
            sender.take();
        }
        let thread = self.thread.lock().ok().and_then(|mut t| t.take());
        if let Some(thread) = thread {
            let _ = thread.join();
        }
    }
}

/// One state of the server, replaced all at once by the build loop.
#[derive(Debug, Clone)]
pub struct State {
    /// The last site that built without errors.
    pub site: Option<Arc<SiteDir>>,
    /// The diagnostics of the last build, when it failed.
    pub error: Option<Arc<str>>,
    /// Changes with every finished build; pages reload when it does.
    pub version: Arc<str>,
    /// The pages were updated after a change and the search index not yet (see
    /// `build.rs`): pages and replies say so.
    pub search_stale: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_in(dir: &std::path::Path, trash: Option<Arc<Trash>>) -> SiteDir {
        let folder = dir.join("build-1");
        let site = folder.join("site");
        fs::create_dir_all(site.join("runbooks/a")).unwrap();
        fs::write(site.join("runbooks/a/index.html"), "<p>a</p>").unwrap();
        SiteDir {
            folder,
            site,
            rules: Rules::default(),
            trash,
        }
    }

    #[test]
    fn a_dropped_site_is_removed_by_the_trash_thread_not_where_it_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let (go, wait) = mpsc::channel();
        let trash = Trash::start_after(wait);
        let site = site_in(dir.path(), Some(trash.clone()));
        let folder = site.folder.clone();
        drop(site);
        // The thread is held: had the drop removed the folder itself, it would be gone.
        assert!(folder.join("site/runbooks/a/index.html").exists());
        go.send(()).unwrap();
        trash.finish();
        assert!(!folder.exists(), "the trash left {}", folder.display());
        // Once finished, a folder is removed where it is dropped.
        let later = site_in(dir.path(), Some(trash));
        let folder = later.folder.clone();
        drop(later);
        assert!(!folder.exists());
    }

    #[test]
    fn without_a_trash_a_dropped_site_is_removed_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let site = site_in(dir.path(), None);
        let folder = site.folder.clone();
        drop(site);
        assert!(!folder.exists());
    }
}
