//! Stage 1: read `content/` and the theme into a typed [`Site`].
//!
//! Loading is the only stage that reads files. It reports every syntax and type error of
//! every file and still returns a site (with defaults where a file was broken), so one
//! run shows all the problems.

pub(crate) mod alert_rules;
mod assets;
mod calendar_days;
mod calendar_text;
mod calendars;
pub mod folder;
mod folder_pages;
mod gitattributes;
mod image_size;
pub mod instructions;
pub(crate) mod junk;
mod names;
mod previous;
mod published;
pub mod repository;
mod runbooks;
mod svg_clean;
mod svg_uses;
mod sw_parts;
mod theme;

pub(crate) use sw_parts::SERVICE_WORKER;
pub(crate) use theme::minified_for;
pub mod yaml;
mod yaml_aliases;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

pub use previous::revisions as previous_revisions;
pub use published::{published, unescape_entities, Published};
pub use runbooks::reread as reread_runbook;
pub use runbooks::{whole_text, with_body};

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Site, SourceFile, Sources};

/// Which data files parsed; validation skips cross-references into a broken file, so one
/// typo does not bury the real error under a hundred "unknown id" reports.
#[derive(Debug, Clone, Copy, Default)]
pub struct Parsed {
    pub team: bool,
    pub pipelines: bool,
    pub oncall: bool,
}

/// The largest text file (YAML or Markdown) pipebook reads: 4 MiB, a hundred times the
/// largest runbook of the real corpus. A larger file is reported, not read, so that a
/// stray dump or log under `content/` cannot make a build hang or eat the machine's memory.
pub const MAX_TEXT_BYTES: u64 = 4 * 1024 * 1024;

/// The four data files: name under `content/`, and the hint shown with their errors.
pub(crate) const DATA_FILES: [(&str, &str); 4] = [
    (
        "site.yaml",
        "see the README's `site.yaml` section for the keys it takes",
    ),
    (
        "team.yaml",
        "see the README's `team.yaml` section: a list `engineers` with id, name, contact, time_off",
    ),
    (
        "pipelines.yaml",
        "see the README's `pipelines.yaml` section: lists `domains` and `pipelines`",
    ),
    (
        "oncall.yaml",
        "see the README's `oncall.yaml` section: `rotation` and `holidays`",
    ),
];

/// Reads the site under `root` (its `content/` and `themes/` folders).
pub fn load(root: &Path, diags: &mut Diagnostics) -> (Site, Parsed) {
    load_with(root, true, diags)
}

/// [`load`], keeping of each runbook only its front matter and where its body is (see
/// `Runbook::body_on_disk`; [`with_body`] reads it again): what a full build needs, whose
/// pages are each rendered once.
pub fn load_front_matter(root: &Path, diags: &mut Diagnostics) -> (Site, Parsed) {
    load_with(root, false, diags)
}

fn load_with(root: &Path, bodies: bool, diags: &mut Diagnostics) -> (Site, Parsed) {
    let content = root.join("content");
    if !content.is_dir() {
        diags.error(
            Location::file(content.display().to_string()),
            format!("no content folder at `{}`", content.display()),
            "run pipebook from the site's folder, or pass `--root DIR` where DIR holds `content/`; in a tree of Markdown without one, `pipebook init` writes `content/site.yaml`",
        );
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    // `content -> ../../elsewhere` would build the site from another place on the disk.
    if is_link_outside(&content, &canonical_root) {
        report_link_outside(&content, "content", &canonical_root, diags);
    }
    let data = DATA_FILES.map(|(name, _)| {
        let display = format!("content/{name}");
        let path = content.join(name);
        if is_link_outside(&path, &canonical_root) {
            report_link_outside(&path, &display, &canonical_root, diags);
            return Err(());
        }
        read_bytes(&path, &display, diags)
    });
    let mut codeowners = None;
    for rel in crate::codeowners::PATHS {
        let path = root.join(rel);
        if is_link_outside(&path, &canonical_root) {
            report_link_outside(&path, rel, &canonical_root, diags);
            break;
        }
        if let Ok(Some(bytes)) = read_bytes(&path, rel, diags) {
            if let Ok(text) = decode(bytes, rel, diags) {
                codeowners = Some((rel.to_string(), text));
            }
            break;
        }
    }
    let folder = folder::configured(root);
    // The data files (4,000 pipelines beside 100,000 runbooks) are parsed while the
    // runbooks are read; their problems are reported after the runbooks' as before.
    let (mut runbook_diags, mut data_diags) = (Diagnostics::new(), Diagnostics::new());
    let ((runbooks, assets, left_out, attributes), (mut site, parsed)) = rayon::join(
        || runbooks::load(root, &folder, &canonical_root, bodies, &mut runbook_diags),
        || {
            assemble(
                data,
                codeowners,
                Vec::new(),
                Vec::new(),
                |config, site, diags| theme::load(root, config, site, diags),
                &mut data_diags,
            )
        },
    );
    diags.extend(runbook_diags);
    diags.extend(data_diags);
    site.runbooks = runbooks;
    site.assets = assets;
    site.left_out = left_out;
    check_folder(root, &canonical_root, &site, diags);
    site.runbook_folder = folder;
    gitattributes::check(root, &canonical_root, &site, attributes, diags);
    site.alert_rules = alert_rules::load(
        root,
        &canonical_root,
        &site.config,
        &site.sources.site,
        diags,
    );
    calendars::apply(root, &canonical_root, &mut site, diags);
    (site, parsed)
}

/// Reads `content/<name>` again into `site` (`serve`, after a save), for `site.yaml`,
/// `team.yaml`, `pipelines.yaml` and `oncall.yaml` (the caller judges whether what changed
/// in `site.yaml` can be placed). `None` for any other name, when the file cannot be
/// read or parsed, or when the site imports calendars (which `load` applies to the data
/// after reading it): the caller builds the whole site instead.
pub fn reload_data(root: &Path, name: &str, site: &mut Site) -> Option<()> {
    let i = DATA_FILES.iter().position(|(n, _)| *n == name)?;
    let calendars = |site: &Site| {
        !site.oncall.calendars.holidays.is_empty() || !site.oncall.calendars.time_off.is_empty()
    };
    if calendars(site) {
        return None;
    }
    let display = format!("content/{name}");
    let path = root.join("content").join(name);
    let canonical_root = root.canonicalize().ok()?;
    if is_link_outside(&path, &canonical_root) {
        return None;
    }
    let mut diags = Diagnostics::new();
    let read = read_bytes(&path, &display, &mut diags);
    // A file gone leaves its source as it was: `load` would have none.
    if !matches!(read, Ok(Some(_))) {
        return None;
    }
    let hint = DATA_FILES[i].1;
    let ok = match i {
        0 => {
            let (value, ok) = data_file(read, name, &mut site.sources.site, hint, &mut diags);
            site.config = value;
            ok
        }
        1 => {
            let (value, ok) = data_file(read, name, &mut site.sources.team, hint, &mut diags);
            site.team = value;
            ok
        }
        2 => {
            let (value, ok) = data_file(read, name, &mut site.sources.pipelines, hint, &mut diags);
            site.pipelines = value;
            ok
        }
        _ => {
            let (value, ok) = data_file(read, name, &mut site.sources.oncall, hint, &mut diags);
            site.oncall = value;
            ok
        }
    };
    (ok && diags.is_empty() && !calendars(site)).then_some(())
}

/// Reads the theme again into `site` (`serve`, after a template was saved). `None` when
/// it has problems, or its static files changed (every page carries some of them): the
/// caller builds the whole site instead.
pub fn reload_theme(root: &Path, site: &mut Site) -> Option<()> {
    let mut diags = Diagnostics::new();
    let theme = theme::load(root, &site.config, &site.sources.site, &mut diags);
    if !diags.is_empty() || theme.static_files != site.theme.static_files {
        return None;
    }
    site.theme = theme;
    Some(())
}

/// Reports a `runbooks:` of site.yaml that cannot be the runbook folder.
fn check_folder(root: &Path, canonical_root: &Path, site: &Site, diags: &mut Diagnostics) {
    let Some(value) = &site.config.runbooks else {
        return;
    };
    let at = || site.sources.site.locate("runbooks");
    let hint = "name a folder of the repository relative to the site's root, such as `docs/runbooks` or `.`";
    match folder::normalize(value) {
        Err(why) => diags.error(at(), format!("runbooks `{value}` {why}"), hint),
        Ok(rel) => {
            let dir = folder::path(root, &rel);
            if !dir.is_dir() {
                diags.error(at(), format!("runbooks `{value}` is not a folder"), hint);
            } else if !dir
                .canonicalize()
                .is_ok_and(|d| d.starts_with(canonical_root))
            {
                diags.error(
                    at(),
                    format!("runbooks `{value}` leads outside the site's root"),
                    hint,
                );
            }
        }
    }
}

/// Loads a site from memory, as [`load`] loads it from `content/`: `files` are paths under
/// `content/` (`team.yaml`, `runbooks/a/b.md`) with their bytes, and the theme is the
/// built-in default. For the fuzz targets, which feed the build's own loading,
/// validation and rendering without touching the file system.
#[doc(hidden)]
pub fn load_from_memory(files: &[(&str, &[u8])], diags: &mut Diagnostics) -> (Site, Parsed) {
    let data = DATA_FILES.map(
        |(name, _)| match files.iter().find(|(path, _)| *path == name) {
            Some((_, bytes)) => {
                let display = format!("content/{name}");
                check_size(bytes.len() as u64, &display, diags).map(|()| Some(bytes.to_vec()))
            }
            None => Ok(None),
        },
    );
    let mut runbooks = Vec::new();
    let mut assets = Vec::new();
    let mut sorted: Vec<&(&str, &[u8])> = files
        .iter()
        .filter(|(path, _)| path.starts_with("runbooks/"))
        .collect();
    sorted.sort_by_key(|(path, _)| *path);
    for (path, bytes) in sorted {
        let rel_path = path["runbooks/".len()..].to_string();
        let display = format!("content/{path}");
        if crate::model::page_stem(&rel_path).is_some() {
            if check_size(bytes.len() as u64, &display, diags).is_ok() {
                if let Some(rb) = runbooks::from_bytes(bytes.to_vec(), rel_path, display, diags) {
                    runbooks.push(rb);
                }
            }
        } else {
            assets.push(crate::model::Asset {
                source: std::path::PathBuf::from(&display),
                size: image_size::of_bytes(bytes, &rel_path),
                rel_path,
                cleaned: None,
            });
        }
    }
    folder_pages::assign(&mut runbooks, diags);
    runbooks::report_slug_clashes(&runbooks, diags);
    assemble(
        data,
        None,
        runbooks,
        assets,
        |config, site, diags| {
            theme::load(
                Path::new("/nonexistent/pipebook-in-memory"),
                config,
                site,
                diags,
            )
        },
        diags,
    )
}

/// Parses the data files read by [`load`] or [`load_from_memory`] and puts the site
/// together.
fn assemble(
    data: [Result<Option<Vec<u8>>, ()>; 4],
    codeowners: Option<(String, String)>,
    runbooks: Vec<crate::model::Runbook>,
    assets: Vec<crate::model::Asset>,
    theme: impl FnOnce(&crate::model::SiteConfig, &SourceFile, &mut Diagnostics) -> crate::model::Theme,
    diags: &mut Diagnostics,
) -> (Site, Parsed) {
    let mut sources = Sources::default();
    let mut parsed = Parsed::default();
    let [site_bytes, team_bytes, pipelines_bytes, oncall_bytes] = data;
    let hint = |i: usize| DATA_FILES[i].1;
    let (config, _) = data_file(
        site_bytes,
        DATA_FILES[0].0,
        &mut sources.site,
        hint(0),
        diags,
    );
    let (team, ok) = data_file(
        team_bytes,
        DATA_FILES[1].0,
        &mut sources.team,
        hint(1),
        diags,
    );
    parsed.team = ok;
    let (pipelines, ok) = data_file(
        pipelines_bytes,
        DATA_FILES[2].0,
        &mut sources.pipelines,
        hint(2),
        diags,
    );
    parsed.pipelines = ok;
    let (oncall, ok) = data_file(
        oncall_bytes,
        DATA_FILES[3].0,
        &mut sources.oncall,
        hint(3),
        diags,
    );
    parsed.oncall = ok;
    sources.codeowners = codeowners;
    let theme = theme(&config, &sources.site, diags);
    let site = Site {
        config,
        team,
        pipelines,
        oncall,
        runbooks,
        assets,
        left_out: Vec::new(),
        theme,
        sources,
        runbook_folder: folder::DEFAULT.to_string(),
        alert_rules: Vec::new(),
    };
    (site, parsed)
}

/// Parses the bytes of `content/<name>` as read; a missing file is the type's default.
/// Returns the value and whether the file parsed.
fn data_file<T: DeserializeOwned + Default>(
    read: Result<Option<Vec<u8>>, ()>,
    name: &str,
    source: &mut SourceFile,
    hint: &str,
    diags: &mut Diagnostics,
) -> (T, bool) {
    source.display = format!("content/{name}");
    match read {
        Ok(Some(bytes)) => match decode(bytes, &source.display, diags) {
            Ok(text) => source.text = text,
            Err(()) => return (T::default(), false),
        },
        Ok(None) => return (T::default(), true),
        Err(()) => return (T::default(), false),
    }
    match yaml::parse(source, hint, diags) {
        Some(value) => (value, true),
        None => (T::default(), false),
    }
}

/// The order of `WalkDir::sort_by_file_name`, for entries of one folder, without taking
/// each name apart: the entries' paths are the folder's path, a separator and the name, so
/// their bytes compare as the names do. `file_name` parses the path's components at every
/// comparison: 48 M instructions of sorting at 10,000 runbooks, against some 2 M.
pub(crate) fn by_file_name(a: &walkdir::DirEntry, b: &walkdir::DirEntry) -> std::cmp::Ordering {
    a.path().as_os_str().cmp(b.path().as_os_str())
}

/// Whether `path` leads outside `canonical_root` through a symbolic link: itself or a
/// folder on the way to it (`content/cal -> /home/builder` makes `content/cal/x.json`
/// the builder's file; a link that leads nowhere, or round in a loop, counts as outside).
/// A path that does not exist leads nowhere and is reported as missing by its reader.
pub(crate) fn is_link_outside(path: &Path, canonical_root: &Path) -> bool {
    match path.canonicalize() {
        Ok(target) => !target.starts_with(canonical_root),
        Err(_) => fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()),
    }
}

/// The symbolic link through which `path` leads outside `canonical_root`: `path` itself
/// when it is a link, else the first folder on the way to it that is one, with its name
/// as shown (`display` cut to as many parts).
fn link_on_the_way(path: &Path, display: &str, canonical_root: &Path) -> (PathBuf, String) {
    if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return (path.to_path_buf(), display.to_string());
    }
    let parts: Vec<&str> = display.split('/').collect();
    // The one nearest the root: the last found going up.
    let found = path
        .ancestors()
        .skip(1)
        .take(parts.len().saturating_sub(1))
        .enumerate()
        .filter(|(_, folder)| {
            fs::symlink_metadata(folder).is_ok_and(|m| m.file_type().is_symlink())
                && is_link_outside(folder, canonical_root)
        })
        .last()
        .map(|(up, folder)| {
            (
                folder.to_path_buf(),
                parts[..parts.len() - 1 - up].join("/"),
            )
        });
    found.unwrap_or_else(|| (path.to_path_buf(), display.to_string()))
}

/// Reports `path` (shown as `display`), which [`is_link_outside`] found leads outside the
/// site, saying which link takes it there, where that points and why nothing is read
/// through it: a loop of links (`a.md -> b.md -> a.md`, `x.md -> x.md`), a target that
/// does not exist, or a place outside the site. "A place outside the site, or to nothing"
/// said neither which nor where the link went.
pub(crate) fn report_link_outside(
    path: &Path,
    display: &str,
    canonical_root: &Path,
    diags: &mut Diagnostics,
) {
    let (link, shown) = link_on_the_way(path, display, canonical_root);
    let to = fs::read_link(&link).map_or_else(|_| "?".to_string(), |t| shown_path(&t));
    let through = if shown == display {
        format!("`{display}` is a symbolic link")
    } else {
        format!("`{display}` is read through `{shown}`, a symbolic link")
    };
    let file = display;
    let display = shown.as_str();
    let (message, hint) = match link.canonicalize() {
        Err(e) if is_loop(&e) => (
            format!("{through} in a loop: it points at `{to}`, which leads back to it through symbolic links, so nothing is read through it"),
            format!("replace `{display}` with the file itself, or point it at a file that is no link (`ln -sfn TARGET {display}`, TARGET relative to the link's folder), or remove it"),
        ),
        Err(_) => (
            format!("{through} to nothing: it points at `{to}`, which does not exist"),
            "point the link at a file of the repository, or remove it".to_string(),
        ),
        Ok(_) => (
            format!("{through} to a place outside the site: it points at `{to}`"),
            if link.is_dir() {
                // A git submodule or a shared folder of docs, linked in from beside it.
                "copy the folder into the repository instead of linking to it (nothing is read outside the site's root)".to_string()
            } else if shown == file {
                "copy the file into the repository instead of linking to it".to_string()
            } else {
                "copy the files into the repository instead of linking to them".to_string()
            },
        ),
    };
    diags.error(Location::file(file), message, hint);
}

/// Whether `e` is the system's "too many levels of symbolic links".
fn is_loop(e: &io::Error) -> bool {
    #[cfg(unix)]
    return e.raw_os_error() == Some(libc::ELOOP);
    #[cfg(not(unix))]
    return {
        let _ = e;
        false
    };
}

/// A link's target as written, for a message: control characters shown as `?`, and at
/// most 200 characters (the author chose it).
fn shown_path(target: &Path) -> String {
    let text = target.to_string_lossy();
    let mut shown: String = (text.chars().take(200))
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if text.chars().nth(200).is_some() {
        shown.push('…');
    }
    shown
}

/// What the target of the symbolic link `path` is, if pipebook never reads it there: a
/// hidden file or folder (`.git/config` can hold a token) or one of the site's data files
/// (team.yaml holds phone numbers and time-off reasons). A link inside the root may not
/// publish them, nor quote them in an error, under another name.
pub(crate) fn link_to_unread(path: &Path, canonical_root: &Path) -> Option<&'static str> {
    if !fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return None;
    }
    let target = path.canonicalize().ok()?;
    let rel = target.strip_prefix(canonical_root).ok()?;
    if rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        return Some("a hidden file or folder (such as `.git`)");
    }
    DATA_FILES
        .iter()
        .any(|(name, _)| rel == Path::new("content").join(name))
        .then_some("one of the site's data files")
}

pub(crate) fn report_link_to_unread(display: &str, what: &str, diags: &mut Diagnostics) {
    diags.error(
        Location::file(display),
        format!(
            "`{display}` is a symbolic link to {what}, which pipebook does not read or publish"
        ),
        "remove the link: hidden files and the data files are never published",
    );
}

/// Reads a UTF-8 text file. `Ok(None)` if it does not exist; `Err` after reporting.
pub(crate) fn read_text(
    path: &Path,
    display: &str,
    diags: &mut Diagnostics,
) -> Result<Option<String>, ()> {
    match read_bytes(path, display, diags)? {
        Some(bytes) => decode(bytes, display, diags).map(Some),
        None => Ok(None),
    }
}

/// Reads a regular file of at most [`MAX_TEXT_BYTES`]. `Ok(None)` if it does not exist;
/// `Err` after reporting (a folder, a device or a pipe where a file should be, a file too
/// large, an unreadable file).
///
/// The file is opened without waiting (opening a named pipe would wait for a writer
/// forever), then looked at, and read up to the size it had then: open, stat, read, close,
/// where looking first, then reading to the end took a stat and a read more per file (two
/// reads of each of 100,000 runbooks in a build).
pub(crate) fn read_bytes(
    path: &Path,
    display: &str,
    diags: &mut Diagnostics,
) -> Result<Option<Vec<u8>>, ()> {
    let file = match open_without_waiting(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        // Whatever refused the opening, looking first names it as before.
        Err(_) => return read_looking_first(path, display, diags),
    };
    let read = file.metadata().and_then(|meta| {
        if !meta.is_file() {
            return Ok(None);
        }
        if check_size(meta.len(), display, diags).is_err() {
            return Ok(Some(None));
        }
        read_at_most(file, meta.len()).map(|bytes| Some(Some(bytes)))
    });
    match read {
        Ok(Some(Some(bytes))) => Ok(Some(bytes)),
        Ok(Some(None)) => Err(()),
        Ok(None) => {
            not_regular(display, diags);
            Err(())
        }
        Err(e) => {
            cannot_read(display, e, diags);
            Err(())
        }
    }
}

#[cfg(unix)]
fn open_without_waiting(path: &Path) -> io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> io::Result<fs::File> {
    fs::File::open(path)
}

/// The first `len` bytes of `file`, fewer if it ends before: what it held when it was
/// looked at (a file that grows meanwhile is not read past the size that was checked).
fn read_at_most(mut file: fs::File, len: u64) -> io::Result<Vec<u8>> {
    let mut bytes = vec![0; usize::try_from(len).unwrap_or(usize::MAX)];
    let mut filled = 0;
    while filled < bytes.len() {
        match io::Read::read(&mut file, &mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

fn cannot_read(display: &str, e: io::Error, diags: &mut Diagnostics) {
    diags.error(
        Location::file(display),
        format!("cannot read `{display}`: {e}"),
        "check the file's permissions",
    );
}

fn not_regular(display: &str, diags: &mut Diagnostics) {
    diags.error(
        Location::file(display),
        format!("`{display}` is not a regular file"),
        "replace it with a plain text file (pipebook does not read folders, devices or pipes here)",
    );
}

/// [`read_bytes`] for a file that could not be opened: looked at first, for the same
/// report whatever the reason (a socket, a file too large that may not be read either).
fn read_looking_first(
    path: &Path,
    display: &str,
    diags: &mut Diagnostics,
) -> Result<Option<Vec<u8>>, ()> {
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            cannot_read(display, e, diags);
            return Err(());
        }
    };
    if !meta.is_file() {
        not_regular(display, diags);
        return Err(());
    }
    check_size(meta.len(), display, diags)?;
    match fs::File::open(path) {
        Ok(file) => read_at_most(file, meta.len()).map(Some).map_err(|e| {
            cannot_read(display, e, diags);
        }),
        Err(e) => {
            cannot_read(display, e, diags);
            Err(())
        }
    }
}

/// Reports a file larger than [`MAX_TEXT_BYTES`].
/// The encoding a file of two or four bytes a character is in, by its byte order mark,
/// or, without one, by the zero bytes beside its first two ASCII characters (`#\0 \0`),
/// which UTF-8 text does not hold.
fn wide_encoding(bytes: &[u8]) -> Option<&'static str> {
    Some(match bytes {
        [0xFF, 0xFE, 0, 0, ..] => "UTF-32 (little-endian, with a byte order mark)",
        [0, 0, 0xFE, 0xFF, ..] => "UTF-32 (big-endian, with a byte order mark)",
        [0xFF, 0xFE, ..] => "UTF-16 (little-endian, with a byte order mark)",
        [0xFE, 0xFF, ..] => "UTF-16 (big-endian, with a byte order mark)",
        [a, 0, _, 0, ..] if a.is_ascii_graphic() || a.is_ascii_whitespace() => {
            "UTF-16 (little-endian)"
        }
        [0, a, 0, _, ..] if a.is_ascii_graphic() || a.is_ascii_whitespace() => {
            "UTF-16 (big-endian)"
        }
        _ => return None,
    })
}

fn check_size(len: u64, display: &str, diags: &mut Diagnostics) -> Result<(), ()> {
    if len <= MAX_TEXT_BYTES {
        return Ok(());
    }
    diags.error(
        Location::file(display),
        format!(
            "`{display}` is {:.1} MiB: pipebook reads text files of at most {} MiB",
            len as f64 / (1024.0 * 1024.0),
            MAX_TEXT_BYTES / (1024 * 1024)
        ),
        "split the file, or move what is not content (logs, dumps, generated data) out of content/",
    );
    Err(())
}

/// `text`, or an error at its first NUL byte (U+0000): valid UTF-8, it went through to
/// the page as a raw NUL (`<p>abc\0def</p>`), which HTML forbids, and git and GitHub take
/// a file with one for a binary file and show no page for it. For Markdown: YAML's reader
/// reports it itself, as a control character at its place.
pub(crate) fn refuse_nul(
    text: String,
    display: &str,
    diags: &mut Diagnostics,
) -> Result<String, ()> {
    let Some(at) = memchr::memchr(0, text.as_bytes()) else {
        return Ok(text);
    };
    diags.error(
        Location::at(display, &text, at..at + 1),
        format!("`{display}` holds a NUL byte (U+0000): it is not text, and git and GitHub take it for a binary file"),
        "delete the NUL byte (a tool that writes UTF-16, or a paste from a terminal or a binary file, leaves them) and save the file as UTF-8 text",
    );
    Err(())
}

/// The text of a file's bytes, or an error at the first byte that is not UTF-8.
pub(crate) fn decode(bytes: Vec<u8>, display: &str, diags: &mut Diagnostics) -> Result<String, ()> {
    if let Some(encoding) = wide_encoding(&bytes) {
        // Notepad's "Unicode" and PowerShell 5's `>` write UTF-16: saying only "not
        // UTF-8" at byte 1 left the author guessing what to change.
        diags.error(
            Location::file(display),
            format!("`{display}` is {encoding}, not UTF-8"),
            "save the file as UTF-8 (in Notepad: Save As, Encoding: UTF-8; or `iconv -f UTF-16 -t UTF-8 FILE`)",
        );
        return Err(());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(lone_returns_as_line_feeds(text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes());
            // Lossy decoding keeps the valid prefix byte for byte, so the offset holds.
            diags.error(
                Location::at(display, &lossy, valid..valid + 1),
                format!("`{display}` is not valid UTF-8"),
                "save the file as UTF-8 (most editors offer this under 'encoding')",
            );
            Err(())
        }
    }
}

/// `text` with each carriage return that ends a line alone (classic Mac OS, some exporters)
/// made a line feed. CommonMark and YAML end a line there, and pipebook's own line-based
/// readers did not: a runbook of such lines was one line to them, its whole text its
/// title, its links, headings' ids and front matter unread. One byte for one, so every
/// offset and column holds; `\r\n` stays.
fn lone_returns_as_line_feeds(text: String) -> String {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = memchr::memchr(b'\r', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        out.push(if rest.starts_with('\n') { '\r' } else { '\n' });
    }
    out.push_str(rest);
    out
}
