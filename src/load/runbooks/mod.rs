//! Markdown runbooks and the files beside them, from `content/runbooks/**`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Asset, BodyOnDisk, LeftOut, Runbook};

use super::assets::Judged;
use super::{names, read_bytes};

mod body;
mod folder_budget;
mod front_matter;
mod symlinks;
pub use body::{reread, whole_text, with_body};
pub(super) use front_matter::from_bytes;

/// How much runbook text a build that leaves bodies on disk may hold from loading to
/// rendering (see `BodyOnDisk`), so that each file is opened and read once: all of it
/// when it fits (10,000 runbooks of the generated corpus are 29 MB), the files read first
/// up to this much otherwise (100,000 are 290 MB, and their build's memory is what limits
/// it): the others are read again as their pages render. What is held is let go as its
/// page renders, long before the build's memory peaks (once the last runbook rendered).
pub const HELD_TEXT_BYTES: usize = 32 << 20;

/// Every runbook and asset, in path order (so output does not depend on the file system).
///
/// `folder` is the runbook folder under the root (see `folder`). When it holds the root's
/// `content/` or `themes/`, or a site pipebook wrote (an output inside the repository,
/// known by its marker file), those are not runbooks and are skipped, as are hidden files.
///
/// With `bodies` false, each runbook keeps its front matter only and the path to read its
/// body from (see `Runbook::body_on_disk`), and the text loaded is held for the pages to
/// take up to [`HELD_TEXT_BYTES`].
pub fn load(
    root: &Path,
    folder: &str,
    canonical_root: &Path,
    bodies: bool,
    diags: &mut Diagnostics,
) -> Loaded {
    load_holding(root, folder, canonical_root, bodies, HELD_TEXT_BYTES, diags)
}

/// What [`load`] finds: the runbooks, the files beside them, those left out, and the
/// `.gitattributes` files among them (by their path from the root).
pub type Loaded = (Vec<Runbook>, Vec<Asset>, Vec<LeftOut>, Vec<String>);

/// [`load`], holding the text of the files read first, up to `budget` bytes.
fn load_holding(
    root: &Path,
    folder: &str,
    canonical_root: &Path,
    bodies: bool,
    budget: usize,
    diags: &mut Diagnostics,
) -> Loaded {
    let dir = super::folder::path(root, folder);
    let mut runbooks = Vec::new();
    let mut assets = Vec::new();
    let mut left_out = Vec::new();
    let mut attributes = Vec::new();
    if !dir.is_dir() {
        return (runbooks, assets, left_out, attributes);
    }
    // A walk follows the link it starts from (`content/runbooks -> /home/builder`): none
    // is read. A `runbooks:` folder of site.yaml is reported at its line (`check_folder`),
    // a link on the way to the default one here.
    if super::is_link_outside(&dir, canonical_root) {
        if folder == super::folder::DEFAULT
            && !super::is_link_outside(&root.join("content"), canonical_root)
        {
            super::report_link_outside(&dir, folder, canonical_root, diags);
        }
        return (runbooks, assets, left_out, attributes);
    }
    let walk = Walk {
        root,
        dir: &dir,
        canonical_root,
        prefix: super::folder::display_prefix(folder),
        bodies,
        shared_root: Arc::from(root),
        held: AtomicUsize::new(0),
        budget,
    };
    // Only the folders' listing is sequential: each entry is judged, read and parsed on
    // whichever core is free, and the problems merged back in walk order so reports stay
    // stable.
    let entries = walk.entries();
    // Reported, and the build goes on to its other checks: nothing is written.
    if let Some((rel, depth)) = folder_budget::over(&entries, &dir) {
        let top = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy());
        let shown = format!("{}{}", walk.prefix, top.unwrap_or_default());
        diags.error(
            Location::file(&shown),
            format!(
                "the folders under `{shown}` are too many, too deep and too long (one is {depth} deep, its path {} bytes): each folder's page links every folder above it, and their pages would fill gigabytes",
                rel.as_os_str().len()
            ),
            format!(
                "nest fewer folders or give them shorter names: a folder's depth times the bytes of its path, added over all folders, may be at most {} MiB",
                folder_budget::BUDGET >> 20
            ),
        );
    }
    let found: Vec<(Found, Diagnostics)> = entries
        .into_par_iter()
        .map(|entry| {
            let mut d = Diagnostics::new();
            let found = walk.visit(entry, &mut d);
            (found, d)
        })
        .collect();
    // At its exact size: grown by doubling, 100,000 runbooks held room for 131,072 (a
    // runbook is some 350 bytes) through the whole build.
    let count = found
        .iter()
        .filter(|(f, _)| matches!(f, Found::Runbook(_)))
        .count();
    runbooks.reserve_exact(count);
    // Which texts are held depends on the order the files were read in; the pages do not
    // (a page reads its file again, and what it reads was loaded and checked the same).
    let mut links = Vec::new();
    for (found, d) in found {
        diags.extend(d);
        match found {
            Found::Runbook(rb) => runbooks.push(*rb),
            Found::Asset(asset) => assets.push(asset),
            Found::LeftOut(file) => left_out.push(file),
            Found::Link(link) => links.push(*link),
            Found::Attributes(rel) => attributes.push(rel),
            Found::Nothing => {}
        }
    }
    super::folder_pages::assign(&mut runbooks, diags);
    if !links.is_empty() {
        symlinks::attach(&mut runbooks, links, diags);
    }
    report_slug_clashes(&runbooks, diags);
    (runbooks, assets, left_out, attributes)
}

/// Folders of installed dependencies and build caches (`npm install` beside a docs
/// site's runbooks): never runbooks, and thousands of files, so not walked.
const DEPENDENCY_FOLDERS: &[&str] = &["node_modules", "bower_components", "__pycache__"];

/// What an entry of the runbook folder is to the site.
enum Found {
    Runbook(Box<Runbook>),
    Asset(Asset),
    /// A file left out with a warning, which pages name in place of their images.
    LeftOut(LeftOut),
    /// A symbolic link to a runbook of the folder (see `symlinks`).
    Link(Box<symlinks::Link>),
    /// A `.gitattributes` file, by its path from the root (see `gitattributes`).
    Attributes(String),
    /// A folder, something skipped, or a file with a problem (reported).
    Nothing,
}

/// The walk of the runbook folder `dir` under `root`.
struct Walk<'a> {
    root: &'a Path,
    dir: &'a Path,
    canonical_root: &'a Path,
    /// What the folder's files are shown under (`content/runbooks/`; see `folder`): their
    /// paths under the root.
    prefix: String,
    bodies: bool,
    /// `root`, for the runbooks whose bodies are left on disk.
    shared_root: Arc<Path>,
    /// Bytes of text read so far for runbooks whose bodies are left on disk, and the most
    /// that may be held: the files read while the sum is within it are.
    held: AtomicUsize,
    budget: usize,
}

impl Walk<'_> {
    /// The folder's entries in path order, hidden ones and what is not runbooks left out:
    /// the file system's listing and nothing more (each entry's type comes with it).
    fn entries(&self) -> Vec<walkdir::Result<walkdir::DirEntry>> {
        let (root, dir) = (self.root, self.dir);
        // The site's data files too, for a folder that holds them (`runbooks: content`):
        // team.yaml is not published as it is.
        let skipped: Vec<PathBuf> = ["content", "themes"]
            .iter()
            .map(|d| root.join(d))
            .chain(
                super::DATA_FILES
                    .iter()
                    .map(|(name, _)| root.join("content").join(name)),
            )
            .filter(|d| d != dir && d.starts_with(dir))
            .collect();
        // A folder past the depth is listed (and reported, see `visit`), not walked.
        WalkDir::new(dir)
            .max_depth(names::MAX_FOLDER_DEPTH + 1)
            .sort_by(crate::load::by_file_name)
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0
                    // Hidden, but a mistake to be told of (see `Walk::file`).
                    || (e.file_name().eq_ignore_ascii_case(".md") && !e.file_type().is_dir())
                    // Read for the lines that hide a runbook's diff (see `gitattributes`);
                    // git reads none through a symbolic link.
                    || (e.file_name() == super::gitattributes::NAME && e.file_type().is_file())
                    || !(e.file_name().to_string_lossy().starts_with('.')
                        || match e.file_type().is_dir() {
                            true => super::junk::is_junk_folder(&e.file_name().to_string_lossy()),
                            false => super::junk::is_junk(&e.file_name().to_string_lossy()),
                        }
                        || skipped.iter().any(|s| s == e.path())
                        || (e.file_type().is_dir()
                            && (DEPENDENCY_FOLDERS.iter().any(|d| e.file_name() == *d)
                                || e.path().join(crate::model::OUTPUT_MARKER).is_file())))
            })
            .collect()
    }

    /// One entry: a runbook read and parsed, an asset judged, or its problem reported.
    fn visit(&self, entry: walkdir::Result<walkdir::DirEntry>, diags: &mut Diagnostics) -> Found {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => return self.unreadable(&e, diags),
        };
        let path = entry.path();
        let rel = path.strip_prefix(self.dir).ok();
        if entry.depth() > 0 && entry.file_name() == super::gitattributes::NAME {
            let rel = rel.and_then(Path::to_str).unwrap_or_default();
            return Found::Attributes(format!("{}{rel}", self.prefix));
        }
        let rel_path = rel.filter(|r| r.to_str().is_some()).map(|r| {
            r.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        });
        // What `display_of` gives, at a fraction of its cost per file.
        let shown = match &rel_path {
            Some(rel) if !rel.is_empty() => format!("{}{rel}", self.prefix),
            _ => display_of(self.root)(path),
        };
        let is_file = if entry.path_is_symlink() {
            match self.symlink(path, rel, &shown, diags) {
                Ok(is_file) => is_file,
                Err(found) => return found,
            }
        } else {
            // The listing's own type: no call to the file system per file.
            entry.file_type().is_file()
        };
        if !is_file && !is_folder(&entry) {
            // A named pipe, socket or device (git stores none): never read, and said so,
            // as a file that was meant to be published and is missing from the site.
            diags.warning(
                Location::file(&shown),
                format!("`{shown}` is not a regular file (a named pipe, socket, device or broken link) and is not published"),
                "replace it with a regular file, or remove it",
            );
            return Found::Nothing;
        }
        // Not the runbook folder itself, which is followed when it is a link.
        if !is_file && entry.path_is_symlink() && entry.depth() > 0 {
            // A link to a folder of the site (`alias -> x`, `x/y/loop -> ..`): not
            // followed, as a loop would never end, and it was passed over without a word,
            // its pages missing under its name.
            diags.warning(
                Location::file(&shown),
                format!("`{shown}` is a symbolic link to a folder, which pipebook does not follow: nothing under it is published under this name"),
                "link to the pages where the folder is, or put the folder itself here (a page's `aliases:` keeps an old address working)",
            );
            return Found::Nothing;
        }
        if !is_file && entry.depth() > names::MAX_FOLDER_DEPTH {
            // Once, at the first folder too deep: nothing under it is read.
            diags.error(
                Location::file(&shown),
                format!(
                    "`{shown}` is a folder {} deep in the runbook folder, and pipebook takes at most {}: nothing in it is published",
                    entry.depth(),
                    names::MAX_FOLDER_DEPTH
                ),
                "move its runbooks up into fewer folders: every page links each folder above it, so its size grows with the depth",
            );
            return Found::Nothing;
        }
        if rel.is_some_and(|r| !r.as_os_str().is_empty()) {
            windows_name(&entry, &shown, is_file, diags);
        }
        if !is_file || rel.is_none() {
            return Found::Nothing;
        }
        let Some(rel_path) = rel_path else {
            // Read with a replacement character, two such names became one page, and
            // the error said "`x�.md` and `x�.md`"; no link can name the file either.
            diags.error(
                Location::file(&shown),
                format!("`{shown}` has a name that is not UTF-8 (shown here with �), so no address or link can name it"),
                "rename the file or folder in UTF-8 (`git mv`); names in other encodings come from archives made on other systems",
            );
            return Found::Nothing;
        };
        self.file(path, rel_path, shown, diags)
    }

    /// A walk's entry it could not read, reported.
    fn unreadable(&self, e: &walkdir::Error, diags: &mut Diagnostics) -> Found {
        let shown = e
            .path()
            .map_or_else(|| self.dir.display().to_string(), display_of(self.root));
        // The system's own error, without walkdir's copy of the full path: folders
        // nested 3,000 deep made a 12 kB message, the path twice over.
        let why = e
            .io_error()
            .map_or_else(|| e.to_string(), |io| io.to_string());
        diags.error(
            Location::file(&shown),
            format!("cannot read `{shown}`: {why}"),
            "check the folder's permissions, that no symbolic link loops, and that the path is not too long (folders nested too deep)",
        );
        Found::Nothing
    }

    /// A symbolic link at `path`: whether it leads to a file to read as itself, or what
    /// it is found to be instead (reported, or a link to another runbook).
    fn symlink(
        &self,
        path: &Path,
        rel: Option<&Path>,
        shown: &str,
        diags: &mut Diagnostics,
    ) -> Result<bool, Found> {
        if super::is_link_outside(path, self.canonical_root) {
            super::report_link_outside(path, shown, self.canonical_root, diags);
            return Err(Found::Nothing);
        }
        if let Some(why) = super::link_to_unread(path, self.canonical_root) {
            super::report_link_to_unread(shown, why, diags);
            return Err(Found::Nothing);
        }
        if let Some(target) = link_to_runbook(path, self.dir) {
            // Published twice, it doubled the page in search and listings, and the
            // duplicate title's hint told the runbook to tell itself apart from
            // the link. Its address redirects to the runbook's instead.
            let stem = rel
                .and_then(|r| r.to_str())
                .and_then(crate::model::page_stem);
            // Said once every page has its address (`symlinks::attach`).
            let alias = stem
                .filter(|s| plain_page_name(s))
                .map(|s| (format!("/runbooks/{s}/"), s.to_string()));
            return Err(Found::Link(Box::new(symlinks::Link {
                shown: shown.to_string(),
                alias,
                target_shown: format!("{}{target}", self.prefix),
                target,
            })));
        }
        Ok(path.is_file())
    }

    /// A file of the folder, at `rel_path` under it and shown as `shown`.
    fn file(&self, path: &Path, rel_path: String, shown: String, diags: &mut Diagnostics) -> Found {
        if let Some(problem) = names::hidden_in_name(&rel_path) {
            diags.error(
                Location::file(&shown),
                format!("`{shown}` has a name that reads otherwise than it is: {problem}"),
                "rename the file or folder without it (it is often pasted in with the name)",
            );
            return Found::Nothing;
        }
        if let Some((problem, hint)) = names::output_name_problem(&rel_path) {
            diags.error(
                Location::file(&shown),
                format!("`{shown}` cannot be written to the site: {problem}"),
                hint,
            );
            return Found::Nothing;
        }
        let beside = |name: &str| path.with_file_name(name).is_file();
        if let Some(what) = names::merge_leftover(&rel_path, beside) {
            diags.warning(
                Location::file(&shown),
                format!("`{shown}` is named as {what}: it is published as a page or file of its own, beside the one it copies"),
                "delete it if the merge is done (`git rm`), or rename it if it is meant to be published",
            );
        }
        let stem = crate::model::page_stem(&rel_path);
        if matches!(stem, Some(s) if s.is_empty() || s.ends_with('/')) {
            diags.warning(
                Location::file(&shown),
                format!("`{shown}` has no name before `.md`: a file whose name starts with `.` is hidden, and gets no page"),
                "rename it, such as `README.md` for the folder's own page",
            );
            return Found::Nothing;
        }
        if stem.is_some() {
            let Some(mut rb) = load_runbook(path, rel_path, shown, diags) else {
                return Found::Nothing;
            };
            if !self.bodies {
                let len = rb.source.text.len();
                let hold = self.held.fetch_add(len, Ordering::Relaxed) + len <= self.budget;
                leave_body(&mut rb, &self.shared_root, hold);
            }
            Found::Runbook(Box::new(rb))
        } else {
            if super::junk::file_is_lfs_pointer(path) {
                super::junk::report_lfs_pointer(&shown, diags);
                return Found::Nothing;
            }
            match super::assets::judge(path, &shown, diags) {
                judged @ (Judged::Copied | Judged::Cleaned(_)) => {
                    if let Some(why) = super::image_size::refused(path, &shown, diags) {
                        return Found::LeftOut(LeftOut { rel_path, why });
                    }
                    Found::Asset(Asset {
                        size: super::image_size::of_file(path, &rel_path),
                        rel_path,
                        source: path.to_path_buf(),
                        cleaned: match judged {
                            Judged::Cleaned(bytes) => Some(bytes),
                            _ => None,
                        },
                    })
                }
                Judged::LeftOut(why) => Found::LeftOut(LeftOut { rel_path, why }),
                Judged::Refused => Found::Nothing,
            }
        }
    }
}

/// Warns of a file or folder whose own name Windows reserves (`con.md`, `aux/`, `COM1.png`,
/// `x:y.md`, any case, any extension): a Linux or macOS build takes it, but git on Windows
/// cannot check the repository out. On Windows the output cannot hold it either, which
/// `names::output_name_problem` refuses.
fn windows_name(entry: &walkdir::DirEntry, shown: &str, is_file: bool, diags: &mut Diagnostics) {
    let name = entry.file_name().to_string_lossy();
    // A control character in a file's name is already an error (`names::hidden_in_name`):
    // a second message about Windows only added noise.
    if cfg!(windows)
        || !names::windows_reserved(&name)
        || (is_file && name.chars().any(names::hides_text))
    {
        return;
    }
    diags.warning(
        Location::file(shown),
        format!(
            "`{shown}`: `{name}` is a {} name Windows reserves (a device such as CON, NUL, AUX, COM1 or LPT1 with any extension, a trailing dot or space, a control character such as a tab, or one of <>:\"|?*), so the repository cannot be checked out on Windows",
            if is_file { "file" } else { "folder" }
        ),
        "rename it (`git mv`), such as with a word added (`con-check.md`) or `-` for the character",
    );
}

/// Whether `entry` is a folder, or a link to one.
fn is_folder(entry: &walkdir::DirEntry) -> bool {
    entry.file_type().is_dir() || (entry.path_is_symlink() && entry.path().is_dir())
}

fn display_of(root: &Path) -> impl Fn(&Path) -> String + '_ {
    move |p: &Path| {
        p.strip_prefix(root)
            .unwrap_or(p)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }
}

fn load_runbook(
    path: &Path,
    rel_path: String,
    display: String,
    diags: &mut Diagnostics,
) -> Option<Runbook> {
    let bytes = read_bytes(path, &display, diags).ok().flatten()?;
    if super::junk::is_lfs_pointer(&bytes) {
        super::junk::report_lfs_pointer(&display, diags);
        return None;
    }
    from_bytes(bytes, rel_path, display, diags)
}

/// Leaves the body of `rb` out of its `source.text`, keeping its front matter, and its
/// whole text aside for its page when `hold`.
fn leave_body(rb: &mut Runbook, root: &Arc<Path>, hold: bool) {
    let held = hold.then(|| {
        let front = rb.source.text[..rb.body_start].to_owned();
        std::mem::replace(&mut rb.source.text, front)
    });
    if held.is_none() {
        rb.source.text.truncate(rb.body_start);
        rb.source.text.shrink_to_fit();
    }
    rb.body_on_disk = Some(BodyOnDisk::new(Arc::clone(root), held));
}

/// `a.md` and `a/_index.md` (or `a/README.md`) would both be `/runbooks/a/`.
pub(super) fn report_slug_clashes(runbooks: &[Runbook], diags: &mut Diagnostics) {
    // foldhash, seeded per process: file names come from pull requests.
    let mut seen: foldhash::HashMap<&str, &Runbook> =
        foldhash::HashMap::with_capacity_and_hasher(runbooks.len(), Default::default());
    for rb in runbooks {
        if let Some(first) = seen.insert(&rb.slug, rb) {
            diags.error(
                Location::file(&rb.source.display),
                format!(
                    "`{}` and `{}` would both be the page /runbooks/{}",
                    first.source.display,
                    rb.source.display,
                    if rb.slug.is_empty() {
                        String::new()
                    } else {
                        format!("{}/", rb.slug)
                    }
                ),
                "rename one of the two files (a page `x.md` beside a folder `x/` is the folder's page only when the folder has no `_index.md`, `index.md` or `README.md`)",
            );
        }
    }
}

/// The runbook (its path under `dir`, `/`-separated) that the symbolic link `path` points
/// at, when it is one this walk publishes itself: a Markdown page under `dir`, in no
/// hidden folder.
fn link_to_runbook(path: &Path, dir: &Path) -> Option<String> {
    let target = path.canonicalize().ok()?;
    let dir = dir.canonicalize().ok()?;
    let rel = target.strip_prefix(&dir).ok()?.to_str()?.replace('\\', "/");
    let hidden = rel.split('/').any(|part| part.starts_with('.'));
    let stem = crate::model::page_stem(&rel);
    (!hidden && stem.is_some_and(|s| !s.is_empty() && !s.ends_with('/'))).then_some(rel)
}

/// Whether `stem`, a file's path under the folder without `.md`, is the address of a
/// page of its own (not a folder's `README`, `index` or `_index`), written in the
/// characters an alias takes as they are.
fn plain_page_name(stem: &str) -> bool {
    let name = stem
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    !name.is_empty()
        && !matches!(name.as_str(), "readme" | "index" | "_index")
        && stem
            .split('/')
            .all(|part| !part.is_empty() && !part.starts_with('.'))
        && stem
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::borrow::Cow;

    /// A build keeps the front matter only; the text loaded is held for the page, which
    /// takes it, and whatever asks after it reads the file again; a file whose front
    /// matter changed in between is an error, not a page at odds with what was validated.
    #[test]
    fn bodies_left_on_disk_are_held_once_then_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let folder = root.join("content/runbooks/ops");
        std::fs::create_dir_all(&folder).unwrap();
        let text = "---\ntitle: Disk full\n---\n# Disk full\n\nFree space.\n";
        std::fs::write(folder.join("disk.md"), text).unwrap();
        let mut diags = Diagnostics::new();
        let (runbooks, _, _, _) = load(root, "content/runbooks", root, false, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        let rb = &runbooks[0];
        assert_eq!(rb.source.text, "---\ntitle: Disk full\n---\n");
        assert_eq!(rb.front.title.as_deref(), Some("Disk full"));
        // The file changes after loading: the held text is what was loaded and validated.
        let edited = "---\ntitle: Disk full\n---\n# Edited\n";
        std::fs::write(folder.join("disk.md"), edited).unwrap();
        let whole = with_body(rb, &mut diags);
        assert_eq!(whole.source.text, text);
        assert_eq!(whole.body(), "# Disk full\n\nFree space.\n");
        assert!(whole.body_on_disk.is_none());
        assert_eq!(
            rb.clone().body_on_disk.unwrap().peek().as_deref(),
            Some(text)
        );
        assert_eq!(whole_text(rb, &mut diags), text);
        assert!(diags.is_empty(), "{diags:?}");
        // Taken: from now on the file is read.
        assert_eq!(rb.body_on_disk.as_ref().unwrap().peek(), None);
        assert_eq!(whole_text(rb, &mut diags), edited);
        assert_eq!(with_body(rb, &mut diags).body(), "# Edited\n");
        assert!(diags.is_empty(), "{diags:?}");

        // Loaded with its body, a runbook is its own whole text.
        let (kept, _, _, _) = load(root, "content/runbooks", root, true, &mut diags);
        assert!(matches!(with_body(&kept[0], &mut diags), Cow::Borrowed(_)));
        assert_eq!(kept[0].source.text, edited);

        std::fs::write(folder.join("disk.md"), "---\ntitle: Other\n---\n# Other\n").unwrap();
        let stale = with_body(rb, &mut diags);
        assert_eq!(stale.body(), "");
        let messages: Vec<_> = diags.sorted().iter().map(|d| d.message.clone()).collect();
        assert_eq!(
            messages,
            ["`content/runbooks/ops/disk.md` changed or went away while the site was built"]
        );
    }

    /// The text loaded is held while it fits in the budget: all of it, or that of the
    /// files read first; the others keep only their front matter and where their file is.
    #[test]
    fn text_is_held_until_the_budget_is_spent() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let folder = root.join("content/runbooks");
        std::fs::create_dir_all(&folder).unwrap();
        let texts = [
            "---\ntitle: A\n---\nBody.\n",
            "---\ntitle: B\n---\nOther body.\n",
        ];
        std::fs::write(folder.join("a.md"), texts[0]).unwrap();
        std::fs::write(folder.join("b.md"), texts[1]).unwrap();
        let total = texts[0].len() + texts[1].len();
        // Either file fits alone, never both: whichever was read first is held.
        for (budget, held) in [(total, 2), (total - 1, 1), (texts[1].len(), 1), (0, 0)] {
            let mut diags = Diagnostics::new();
            let (runbooks, _, _, _) =
                load_holding(root, "content/runbooks", root, false, budget, &mut diags);
            assert!(diags.is_empty(), "{diags:?}");
            let holding = runbooks
                .iter()
                .filter(|rb| rb.body_on_disk.as_ref().unwrap().peek().is_some())
                .count();
            assert_eq!(holding, held, "budget {budget}");
            for (rb, text) in runbooks.iter().zip(texts) {
                assert_eq!(rb.body(), "");
                assert_eq!(whole_text(rb, &mut diags), text);
                // Taken or never held: what asks again reads the file.
                assert_eq!(rb.body_on_disk.as_ref().unwrap().peek(), None);
                assert_eq!(whole_text(rb, &mut diags), text);
            }
            assert!(diags.is_empty(), "{diags:?}");
        }
    }

    /// The walk's order is `sort_by_file_name`'s, with names that share a beginning, a
    /// dot, upper case and letters beyond ASCII, in folders and out.
    #[test]
    fn entries_come_in_file_name_order() {
        let dir = tempfile::tempdir().unwrap();
        for folder in ["a/b", "z"] {
            std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        }
        let files = [
            "a/z", "a/b-", "a/b/c", "a-b", "a.md", "B", "b", "é", "aa", "z/a",
        ];
        for file in files {
            std::fs::write(dir.path().join(file), "").unwrap();
        }
        let walk = |w: WalkDir| -> Vec<PathBuf> {
            w.into_iter().map(|e| e.unwrap().into_path()).collect()
        };
        let ours = walk(WalkDir::new(dir.path()).sort_by(crate::load::by_file_name));
        let theirs = walk(WalkDir::new(dir.path()).sort_by_file_name());
        assert_eq!(ours.len(), 14, "{ours:?}");
        assert_eq!(ours, theirs);
    }
}
