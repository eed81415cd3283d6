//! Theme templates and static files, with fallback to the default theme.
//!
//! The default theme is compiled into the binary so that any folder of runbooks builds
//! without copying a theme. A site's `themes/default/` overrides it file by file (that is
//! how the repository's own copy is edited and previewed), and the theme named in
//! `site.yaml` overrides both, again file by file.

use std::fs;
use std::path::Path;

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{SiteConfig, SourceFile, Theme};

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates, as compiled in.
const DEFAULT_TEMPLATES: &[(&str, &str)] = embedded!(
    "base.html",
    "macros.html",
    "home.html",
    "pipelines.html",
    "pipeline.html",
    "engineers.html",
    "engineer.html",
    "runbook.html",
    "section.html",
    "oncall.html",
    "404.html",
    "search.html",
    "coverage.html",
    "alerts.html",
    "offline.html",
    "sw.js",
    "children.html",
    "tree.html",
);

/// The default theme's static files, as compiled in.
const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "site.js",
        include_bytes!("../../themes/default/static/site.js"),
    ),
    (
        "head.js",
        include_bytes!("../../themes/default/static/head.js"),
    ),
    (
        "critical.css",
        include_bytes!("../../themes/default/static/critical.css"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
    (
        "search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
    (
        "search-page.js",
        include_bytes!("../../themes/default/static/search-page.js"),
    ),
    (
        "diagrams.mjs",
        include_bytes!("../../themes/default/static/diagrams.mjs"),
    ),
    (
        "routes.js",
        include_bytes!("../../themes/default/static/routes.js"),
    ),
    (
        "offline.js",
        include_bytes!("../../themes/default/static/offline.js"),
    ),
    (
        "path-search.js",
        include_bytes!("../../themes/default/static/path-search.js"),
    ),
];

/// The merged theme for this site.
pub fn load(root: &Path, config: &SiteConfig, site: &SourceFile, diags: &mut Diagnostics) -> Theme {
    let mut theme = Theme {
        templates: DEFAULT_TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect(),
        static_files: DEFAULT_STATIC
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect(),
    };
    let themes = root.join("themes");
    overlay(&mut theme, &themes.join("default"), root, diags);
    let name = config.theme.as_str();
    if name.is_empty() || name == "." || name == ".." || name.contains(['/', '\\']) {
        diags.error(
            site.locate("theme"),
            format!("theme `{name}` is not the name of a folder under `themes/`"),
            "give the folder's name only, such as `acme` for `themes/acme/`",
        );
    } else if name != "default" {
        let dir = themes.join(name);
        if dir.is_dir() {
            overlay(&mut theme, &dir, root, diags);
        } else {
            diags.error(
                site.locate("theme"),
                format!("theme `{}` not found: there is no folder `themes/{}`", config.theme, config.theme),
                "create that folder with `templates/` and `static/`, or remove `theme` to use the default",
            );
        }
    }
    theme
}

/// Replaces or adds the templates and static files found in `dir`.
fn overlay(theme: &mut Theme, dir: &Path, root: &Path, diags: &mut Diagnostics) {
    for (sub, is_template) in [("templates", true), ("static", false)] {
        let base = dir.join(sub);
        if !base.is_dir() {
            continue;
        }
        // `themes/`, the theme or its subfolder may be a symbolic link: to a folder of the
        // repository, fine; to anywhere else on the machine, no.
        let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        if !base
            .canonicalize()
            .is_ok_and(|b| b.starts_with(&canonical_root))
        {
            let shown = base
                .strip_prefix(root)
                .unwrap_or(&base)
                .display()
                .to_string();
            diags.error(
                Location::file(&shown),
                format!("`{shown}` leads outside the site through a symbolic link"),
                "copy the theme into the repository instead of linking to it",
            );
            continue;
        }
        for entry in WalkDir::new(&base)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&base) else {
                continue;
            };
            let name = rel.to_string_lossy().replace('\\', "/");
            let shown = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .display()
                .to_string();
            if is_template {
                match super::read_text(entry.path(), &shown, diags) {
                    Ok(Some(text)) => upsert(&mut theme.templates, name, text),
                    _ => continue,
                }
            } else {
                match fs::read(entry.path()) {
                    Ok(bytes) => upsert(&mut theme.static_files, name, bytes),
                    Err(e) => diags.error(
                        Location::file(&shown),
                        format!("cannot read `{shown}`: {e}"),
                        "check the file's permissions",
                    ),
                }
            }
        }
    }
}

fn upsert<T>(items: &mut Vec<(String, T)>, name: String, value: T) {
    match items.iter_mut().find(|(n, _)| *n == name) {
        Some(slot) => slot.1 = value,
        None => items.push((name, value)),
    }
}
