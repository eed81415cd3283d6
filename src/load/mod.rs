//! Stage 1: read `content/` and the theme into a typed [`Site`].
//!
//! Loading is the only stage that reads files. It reports every syntax and type error of
//! every file and still returns a site (with defaults where a file was broken), so one
//! run shows all the problems.

mod previous;
mod runbooks;
mod theme;
pub mod yaml;

use std::fs;
use std::io;
use std::path::Path;

use serde::de::DeserializeOwned;

pub use previous::revisions as previous_revisions;

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

/// Reads the site under `root` (its `content/` and `themes/` folders).
pub fn load(root: &Path, diags: &mut Diagnostics) -> (Site, Parsed) {
    let content = root.join("content");
    if !content.is_dir() {
        diags.error(
            Location::file(content.display().to_string()),
            format!("no content folder at `{}`", content.display()),
            "run pipebook from the site's folder, or pass `--root DIR` where DIR holds `content/`",
        );
    }
    let mut sources = Sources::default();
    let mut parsed = Parsed::default();

    let (config, _) = data_file(
        root,
        "site.yaml",
        &mut sources.site,
        "see the README's `site.yaml` section for the keys it takes",
        diags,
    );
    let (team, ok) = data_file(
        root,
        "team.yaml",
        &mut sources.team,
        "see the README's `team.yaml` section: a list `engineers` with id, name, contact, time_off",
        diags,
    );
    parsed.team = ok;
    let (pipelines, ok) = data_file(
        root,
        "pipelines.yaml",
        &mut sources.pipelines,
        "see the README's `pipelines.yaml` section: lists `domains` and `pipelines`",
        diags,
    );
    parsed.pipelines = ok;
    let (oncall, ok) = data_file(
        root,
        "oncall.yaml",
        &mut sources.oncall,
        "see the README's `oncall.yaml` section: `rotation` and `holidays`",
        diags,
    );
    parsed.oncall = ok;

    for rel in crate::codeowners::PATHS {
        if let Ok(Some(text)) = read_text(&root.join(rel), rel, diags) {
            sources.codeowners = Some((rel.to_string(), text));
            break;
        }
    }
    let (runbooks, assets) = runbooks::load(root, diags);
    let theme = theme::load(root, &config, &sources.site, diags);

    let site = Site {
        config,
        team,
        pipelines,
        oncall,
        runbooks,
        assets,
        theme,
        sources,
    };
    (site, parsed)
}

/// Reads and parses `content/<name>`; a missing file is the type's default. Returns the
/// value and whether the file parsed.
fn data_file<T: DeserializeOwned + Default>(
    root: &Path,
    name: &str,
    source: &mut SourceFile,
    hint: &str,
    diags: &mut Diagnostics,
) -> (T, bool) {
    source.display = format!("content/{name}");
    match read_text(&root.join("content").join(name), &source.display, diags) {
        Ok(Some(text)) => source.text = text,
        Ok(None) => return (T::default(), true),
        Err(()) => return (T::default(), false),
    }
    match yaml::parse(source, hint, diags) {
        Some(value) => (value, true),
        None => (T::default(), false),
    }
}

/// Reads a UTF-8 text file. `Ok(None)` if it does not exist; `Err` after reporting.
pub(crate) fn read_text(
    path: &Path,
    display: &str,
    diags: &mut Diagnostics,
) -> Result<Option<String>, ()> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            diags.error(
                Location::file(display),
                format!("cannot read `{display}`: {e}"),
                "check the file's permissions",
            );
            return Err(());
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Some(text)),
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
