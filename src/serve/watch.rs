//! Watching `content/` and `themes/` for saves.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use super::DEBOUNCE;

/// What the build loop waits for.
pub enum Event {
    Changed(DebounceEventResult),
    /// The search index after an update (see `build.rs`), by the update's generation;
    /// `None` if building it failed.
    Search(u64, Option<Vec<crate::write::OutputFile>>),
    Stop,
}

/// The watcher; watching stops when it is dropped.
pub type Watcher = Debouncer<RecommendedWatcher, RecommendedCache>;

/// The watcher, and the folders it is to watch: a folder deleted (or moved away) takes
/// its watch with it, so one that comes back is watched again ([`Watching::refresh`]).
pub struct Watching {
    debouncer: Watcher,
    root: PathBuf,
    dirs: Vec<PathBuf>,
    /// Whether the root itself is watched (not recursively), to see those folders come back.
    root_watched: bool,
}

/// Watches `content/` and `themes/` (those that exist), sending each burst of changes.
pub fn watch(root: &Path, tx: mpsc::Sender<Event>) -> Result<Watching, String> {
    // Checks every DEBOUNCE / 5 for events that have been quiet for DEBOUNCE.
    let mut debouncer = new_debouncer(DEBOUNCE, Some(DEBOUNCE / 5), move |res| {
        let _ = tx.send(Event::Changed(res));
    })
    .map_err(|e| e.to_string())?;
    let mut watched = 0;
    let mut dirs = vec![root.join("content"), root.join("themes")];
    // The runbook folder, where site.yaml's `runbooks` puts it outside content/.
    let runbooks = crate::load::folder::configured(root);
    if !runbooks.starts_with("content/") {
        let path = crate::load::folder::path(root, &runbooks);
        if runbooks.is_empty() {
            // The root holds content/ and themes/ too: one watch for all.
            dirs = vec![path];
        } else {
            dirs.push(path);
        }
    }
    for path in &dirs {
        if path.is_dir() {
            debouncer
                .watch(path, RecursiveMode::Recursive)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            watched += 1;
        }
    }
    if watched == 0 {
        eprintln!(
            "warning: neither `content/` nor `themes/` exists under `{}`: nothing is watched",
            root.display()
        );
    }
    let root_watched = !dirs.iter().any(|d| d == root)
        && debouncer.watch(root, RecursiveMode::NonRecursive).is_ok();
    Ok(Watching {
        debouncer,
        root: root.to_path_buf(),
        dirs,
        root_watched,
    })
}

impl Watching {
    /// After a burst of `changed` paths: leaves out the root's other files (seen only
    /// because the root is watched), watches again each watched folder that came back,
    /// and says whether one of them was itself deleted, created or moved, after which
    /// only a whole build tells what the site is.
    pub fn refresh(&mut self, changed: &mut Vec<PathBuf>) -> bool {
        if self.root_watched {
            let (root, dirs) = (&self.root, &self.dirs);
            changed.retain(|p| p.parent() != Some(root.as_path()) || dirs.contains(p));
        }
        let mut moved = false;
        for dir in &self.dirs {
            if changed.contains(dir) {
                moved = true;
                if dir.is_dir() {
                    if let Err(e) = self.debouncer.watch(dir, RecursiveMode::Recursive) {
                        eprintln!("warning: cannot watch `{}` again: {e}", dir.display());
                    }
                }
            }
        }
        moved
    }
}

/// The files changed by a batch of events: changes only (every build reads every file,
/// and reads are events too), without editors' swap and backup files.
pub fn changed_paths(events: DebounceEventResult, into: &mut Vec<PathBuf>) {
    match events {
        Ok(events) => into.extend(
            events
                .into_iter()
                .filter(|e| !e.kind.is_access())
                .flat_map(|e| e.event.paths)
                .filter(|p| !is_editor_temp(p)),
        ),
        Err(errors) => {
            for e in errors {
                eprintln!("warning: watching for changes: {e}");
            }
        }
    }
}

/// ` after a change to content/x.md` (and how many others), for the terminal.
pub fn describe_changes(root: &Path, changed: &[PathBuf]) -> String {
    let Some(first) = changed.first() else {
        return String::new();
    };
    let shown = first
        .strip_prefix(root)
        .unwrap_or(first)
        .display()
        .to_string();
    match changed.len() {
        1 => format!(" after a change to {shown}"),
        n => format!(" after changes to {shown} and {} other files", n - 1),
    }
}

/// Swap and backup files of editors and the files of the system, which need no rebuild:
/// the build skips them (`load::junk`).
fn is_editor_temp(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| crate::load::junk::is_junk(&n.to_string_lossy()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temporaries_are_ignored() {
        for name in ["x.md~", ".#x.md", ".x.md.swp", "4913"] {
            assert!(is_editor_temp(Path::new(name)), "{name}");
        }
        assert!(!is_editor_temp(Path::new("content/runbooks/x.md")));
    }

    #[test]
    fn describes_changes_relative_to_the_root() {
        let root = Path::new("/site");
        assert_eq!(describe_changes(root, &[]), "");
        assert_eq!(
            describe_changes(root, &[root.join("content/a.md")]),
            " after a change to content/a.md"
        );
        assert_eq!(
            describe_changes(root, &[root.join("content/a.md"), root.join("themes/x")]),
            " after changes to content/a.md and 1 other files"
        );
    }
}
