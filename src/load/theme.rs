//! Theme templates and static files, with fallback to the default theme.
//!
//! The default theme is compiled into the binary so that any folder of runbooks builds
//! without copying a theme. A site's `themes/default/` overrides it file by file (that is
//! how the repository's own copy is edited and previewed), and the theme named in
//! `site.yaml` overrides both, again file by file.

use std::collections::HashMap;
use std::fs;
use std::io::{self, Read};
use std::path::Path;

use sha2::{Digest, Sha256};
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
    "alert.html",
    "offline.html",
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
    // Joined from SEARCH_PARTS once the theme's own files are known (see `join_search`).
    ("search.js", b""),
    (
        "search-page.js",
        include_bytes!("../../themes/default/static/search-page.js"),
    ),
    (
        "search-answers.js",
        include_bytes!("../../themes/default/static/search-answers.js"),
    ),
    (
        "search-answers.css",
        include_bytes!("../../themes/default/static/search-answers.css"),
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
    // Fetched only by a browser without DecompressionStream (see the file's head).
    (
        "search-inflate.js",
        include_bytes!("../../themes/default/static/search-inflate.js"),
    ),
];

/// The search client's source, a file per concern, joined in this order into the one
/// `static/search.js` a page loads (no request more than one file would take). The parts
/// share one scope: the first opens it, the last closes it. A theme may replace any part
/// (`static/search/NAME.js`), or `search.js` whole, which then is served as it is.
const SEARCH_PARTS: &[(&str, &[u8])] = &[
    (
        "search/fetch.js",
        include_bytes!("../../themes/default/static/search/fetch.js"),
    ),
    (
        "search/words.js",
        include_bytes!("../../themes/default/static/search/words.js"),
    ),
    (
        "search/lookup.js",
        include_bytes!("../../themes/default/static/search/lookup.js"),
    ),
    (
        "search/preview.js",
        include_bytes!("../../themes/default/static/search/preview.js"),
    ),
    (
        "search/query.js",
        include_bytes!("../../themes/default/static/search/query.js"),
    ),
    (
        "search/rank.js",
        include_bytes!("../../themes/default/static/search/rank.js"),
    ),
    (
        "search/results.js",
        include_bytes!("../../themes/default/static/search/results.js"),
    ),
    (
        "search/header.js",
        include_bytes!("../../themes/default/static/search/header.js"),
    ),
    (
        "search/answers.js",
        include_bytes!("../../themes/default/static/search/answers.js"),
    ),
];

/// The merged theme for this site.
pub fn load(root: &Path, config: &SiteConfig, site: &SourceFile, diags: &mut Diagnostics) -> Theme {
    let mut theme = Theme {
        // `sw.js` is joined from its parts once the theme's own files are known.
        templates: DEFAULT_TEMPLATES
            .iter()
            .chain(super::sw_parts::SERVICE_WORKER_PARTS)
            .chain(&[("sw.js", "")])
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect(),
        static_files: DEFAULT_STATIC
            .iter()
            .chain(SEARCH_PARTS)
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
    join_search(&mut theme.static_files);
    super::sw_parts::join(&mut theme.templates);
    minify_scripts(&mut theme.static_files);
    theme
}

/// Joins the search client's parts (the default's or a theme's) into `search.js`, unless
/// a theme gave `search.js` itself; the parts are not served apart. A theme's empty
/// `search.js` counts as none. Scripts are compacted as they are written out
/// (`render::inline::served`), a theme's as the default's.
fn join_search(files: &mut Vec<(String, Vec<u8>)>) {
    let mut parts: Vec<(String, Vec<u8>)> = Vec::with_capacity(SEARCH_PARTS.len());
    files.retain_mut(|(name, bytes)| {
        let part = SEARCH_PARTS.iter().any(|(p, _)| p == name);
        if part {
            parts.push((std::mem::take(name), std::mem::take(bytes)));
        }
        !part
    });
    let Some((_, joined)) = files.iter_mut().find(|(n, _)| n == "search.js") else {
        return;
    };
    if !joined.is_empty() {
        return;
    }
    for (part, _) in SEARCH_PARTS {
        if let Some((_, bytes)) = parts.iter().find(|(n, _)| n == part) {
            joined.extend_from_slice(bytes);
        }
    }
    if let Some(minified) = minified_for(SEARCH_MIN, joined) {
        *joined = minified.to_vec();
    }
}

/// Serves `site.js` and `offline.js` minified ([`MINIFIED`]) when each is the default's as
/// written: every page loads `site.js`, and the worker's install on a first visit fetches
/// both, within the first load's 50 kB (`tests/browser/test_budgets.py`). A theme's own,
/// or the default's edited without running `tools/minify/run.sh`, is served as written.
fn minify_scripts(files: &mut [(String, Vec<u8>)]) {
    for (name, bytes) in files.iter_mut() {
        let Some((_, min)) = MINIFIED.iter().find(|(n, _)| n == name) else {
            continue;
        };
        if let Some(minified) = minified_for(min, bytes) {
            *bytes = minified.to_vec();
        }
    }
}

/// The search client's parts minified by terser (`tools/minify/run.sh`), 31 kB where
/// the parts without their comment lines are 48: every first search downloads it, and
/// the first query's 100 kB (issue 17.7) are mostly its bytes. Its first line names the
/// SHA-256 of the joined parts it was made from.
const SEARCH_MIN: &str = include_str!("../../themes/default/search.min.js");

/// `static/site.js` minified by terser (`tools/minify/run.sh`): 6.5 kB of gzip where the
/// file without its comment lines is 8.0. Its first line names the SHA-256 of the file it
/// was made from.
const SITE_MIN: &str = include_str!("../../themes/default/site.min.js");

/// `static/offline.js` minified alike: 2.3 kB of gzip where the file without its comment
/// lines is 2.7. The worker's install fetches it on a first visit (the offline page's
/// script), in the first load's budget.
const OFFLINE_MIN: &str = include_str!("../../themes/default/offline.min.js");

/// fflate's gunzip (`static/search-inflate.js`) minified alike, its licence kept: 6.4 kB
/// where the bundle is 12, fetched by a browser without DecompressionStream only.
const INFLATE_MIN: &str = include_str!("../../themes/default/search-inflate.min.js");

/// The static files served minified when they are the default's as written.
const MINIFIED: [(&str, &str); 3] = [
    ("site.js", SITE_MIN),
    ("offline.js", OFFLINE_MIN),
    ("search-inflate.js", INFLATE_MIN),
];

/// The body of `minified` (`SEARCH_MIN`, `SITE_MIN`, the worker's template), when
/// `source` is exactly what it was made from: a theme that replaces a file, or a file
/// edited without running `tools/minify/run.sh`, is served as written (and a test fails
/// on the latter).
pub(crate) fn minified_for(minified: &'static str, source: &[u8]) -> Option<&'static [u8]> {
    let (first, body) = minified.split_once('\n')?;
    let sum = first.strip_prefix("// sha256 ")?.get(..64)?;
    let digest = Sha256::digest(source);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    (hex == sum).then_some(body.as_bytes())
}

/// Replaces or adds the templates and static files found in `dir`.
fn overlay(theme: &mut Theme, dir: &Path, root: &Path, diags: &mut Diagnostics) {
    let mut templates = Places::of(&theme.templates);
    let mut statics = Places::of(&theme.static_files);
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
            .sort_by(crate::load::by_file_name)
            .into_iter()
            .flatten()
        {
            if !entry.file_type().is_file() {
                continue;
            }
            // `.DS_Store`, `style.css~`, `__MACOSX/`: not the theme's (hidden files are,
            // such as `.well-known/`). A folder is judged as a folder: `4913/` is not vim's.
            let Ok(rel) = entry.path().strip_prefix(&base) else {
                continue;
            };
            let mut folders = rel.parent().into_iter().flat_map(Path::iter);
            if super::junk::is_junk(&entry.file_name().to_string_lossy())
                || folders.any(|c| super::junk::is_junk_folder(&c.to_string_lossy()))
            {
                continue;
            }
            let name = rel.to_string_lossy().replace('\\', "/");
            let shown = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .display()
                .to_string();
            if is_template {
                match super::read_text(entry.path(), &shown, diags) {
                    Ok(Some(text)) => templates.put(&mut theme.templates, name, text),
                    _ => continue,
                }
            } else {
                match read_static(entry.path(), &shown, diags) {
                    None => {}
                    Some(Ok(bytes)) if super::junk::is_lfs_pointer(&bytes) => {
                        super::junk::report_lfs_pointer(&shown, diags);
                    }
                    Some(Ok(bytes)) => statics.put(&mut theme.static_files, name, bytes),
                    Some(Err(e)) => diags.error(
                        Location::file(&shown),
                        format!("cannot read `{shown}`: {e}"),
                        "check the file's permissions",
                    ),
                }
            }
        }
    }
}

/// The largest static file a theme may have: 16 MiB, 400 times the default theme's
/// largest (`site.js`) and more than any web font or picture a page needs. Static files
/// are held in memory (hashed for the service worker, scripts minified), so a file of
/// 2 GB in `themes/*/static/` (a stray dump, or a hostile pull request) took the
/// builder's memory; a larger one is reported without being read.
pub const MAX_STATIC_BYTES: u64 = 16 * 1024 * 1024;

/// The bytes of the theme's static file at `path` (at most [`MAX_STATIC_BYTES`] of them,
/// even if it grows while read); `None` after reporting a file that is too large.
fn read_static(path: &Path, shown: &str, diags: &mut Diagnostics) -> Option<io::Result<Vec<u8>>> {
    let file = match fs::File::open(path) {
        Ok(file) => file,
        Err(e) => return Some(Err(e)),
    };
    let len = match file.metadata() {
        Ok(meta) => meta.len(),
        Err(e) => return Some(Err(e)),
    };
    if len > MAX_STATIC_BYTES {
        diags.error(
            Location::file(shown),
            format!(
                "`{shown}` is {:.1} MiB: pipebook reads a theme's static files of at most {} MiB",
                len as f64 / (1024.0 * 1024.0),
                MAX_STATIC_BYTES / (1024 * 1024)
            ),
            "make the file smaller (compress the picture, subset the font), or link to it where it is hosted; a file that is not the theme's (a log, an archive) belongs outside themes/",
        );
        return None;
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    Some(
        file.take(MAX_STATIC_BYTES)
            .read_to_end(&mut bytes)
            .map(|_| bytes),
    )
}

/// Where each file of a list of named files is, so that a theme's file replaces the one of
/// its name in one look-up: searching the list for each made a theme of 50,000 static
/// files cost 2.8 s of CPU to load, and 100,000 four times that.
struct Places(HashMap<String, usize>);

impl Places {
    fn of<T>(items: &[(String, T)]) -> Self {
        Self(
            (items.iter().enumerate())
                .map(|(i, (name, _))| (name.clone(), i))
                .collect(),
        )
    }

    /// Replaces the file named `name` in `items`, or adds it.
    fn put<T>(&mut self, items: &mut Vec<(String, T)>, name: String, value: T) {
        match self.0.get(&name) {
            Some(&i) => items[i].1 = value,
            None => {
                self.0.insert(name.clone(), items.len());
                items.push((name, value));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
        list.iter()
            .map(|(n, b)| (n.to_string(), b.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn the_default_search_client_is_served_minified_and_up_to_date() {
        let joined: Vec<u8> = SEARCH_PARTS
            .iter()
            .flat_map(|(_, b)| b.iter().copied())
            .collect();
        let minified = minified_for(SEARCH_MIN, &joined).unwrap_or_else(|| {
            panic!(
                "themes/default/search.min.js was not made from the search parts as they are: \
                 run tools/minify/run.sh and commit it"
            )
        });
        // Minified, not only without comments: under 45 % of the parts as written (the
        // parts without comment lines and indentation were 59 %).
        assert!(
            minified.len() * 100 < joined.len() * 45,
            "{} of {}",
            minified.len(),
            joined.len()
        );
        // The theme's default parts, joined, are replaced by it; a part changed is not.
        let mut got = vec![("search.js".to_string(), Vec::new())];
        got.extend(
            SEARCH_PARTS
                .iter()
                .map(|(n, b)| (n.to_string(), b.to_vec())),
        );
        join_search(&mut got);
        assert_eq!(got, vec![("search.js".to_string(), minified.to_vec())]);
        let mut got = vec![("search.js".to_string(), Vec::new())];
        got.extend(
            SEARCH_PARTS
                .iter()
                .map(|(n, b)| (n.to_string(), b.to_vec())),
        );
        got[2].1.extend_from_slice(b"/* a theme's own */\n");
        join_search(&mut got);
        assert_eq!(got[0].1.len(), joined.len() + 20);
    }

    #[test]
    fn the_default_scripts_are_served_minified_and_up_to_date() {
        for (name, min) in MINIFIED {
            let source = DEFAULT_STATIC
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, b)| *b)
                .unwrap();
            let minified = minified_for(min, source).unwrap_or_else(|| {
                panic!(
                    "themes/default/{}.min.js was not made from themes/default/static/{name} \
                     as it is: run tools/minify/run.sh and commit it",
                    name.trim_end_matches(".js")
                )
            });
            // Minified, not only without comments: under 60 % of the file as written
            // (without comment lines and indentation site.js was 67 %).
            assert!(
                minified.len() * 100 < source.len() * 60,
                "{name}: {} of {}",
                minified.len(),
                source.len()
            );
            let mut got = files(&[(name, std::str::from_utf8(source).unwrap())]);
            minify_scripts(&mut got);
            assert_eq!(got[0].1, minified, "{name}");
            // A theme's own (or one edited without running the minifier) is served as
            // written.
            let mine = format!(
                "{}/* a theme's own */\n",
                std::str::from_utf8(source).unwrap()
            );
            let mut got = files(&[(name, &mine), ("head.js", "x")]);
            minify_scripts(&mut got);
            assert_eq!(got, files(&[(name, &mine), ("head.js", "x")]));
        }
    }

    #[test]
    fn the_search_client_is_its_parts_joined_in_order() {
        // Parts listed out of order, a file beside them, a part that is not one.
        let mut got = files(&[
            ("style.css", "css"),
            ("search.js", ""),
            ("search/words.js", "W\n"),
            ("search/fetch.js", "F\n"),
            ("search/extra.js", "kept"),
            ("search/answers.js", "A\n"),
        ]);
        join_search(&mut got);
        assert_eq!(
            got,
            files(&[
                ("style.css", "css"),
                ("search.js", "F\nW\nA\n"),
                ("search/extra.js", "kept"),
            ])
        );
    }

    #[test]
    fn a_themes_own_search_js_is_served_as_it_is() {
        let mut got = files(&[("search.js", "mine()"), ("search/fetch.js", "F\n")]);
        join_search(&mut got);
        assert_eq!(got, files(&[("search.js", "mine()")]));
    }

    /// The site's theme from `root` (`theme: acme` when `acme`).
    fn loaded(root: &Path, acme: bool) -> Theme {
        let config = SiteConfig {
            theme: if acme { "acme" } else { "default" }.to_string(),
            ..SiteConfig::default()
        };
        let mut diags = Diagnostics::new();
        let theme = load(root, &config, &SourceFile::default(), &mut diags);
        assert!(diags.is_empty());
        theme
    }

    fn search_js(theme: &Theme) -> String {
        assert!(!theme
            .static_files
            .iter()
            .any(|(n, _)| n.starts_with("search/")));
        let js = &theme
            .static_files
            .iter()
            .find(|(n, _)| n == "search.js")
            .unwrap()
            .1;
        String::from_utf8(js.clone()).unwrap()
    }

    #[test]
    fn a_theme_replaces_the_search_client_or_one_of_its_parts() {
        let dir = tempfile::tempdir().unwrap();
        let default = search_js(&loaded(dir.path(), false));
        // The default's parts: served minified.
        assert!(SEARCH_MIN.ends_with(&default) && default.starts_with("!function(){"));
        assert!(
            !default.contains("function lookup(") && default.contains("window.pipebookSearch={")
        );
        // One part of a theme's own, served as it is among the others.
        let acme = dir.path().join("themes/acme/static/search");
        fs::create_dir_all(&acme).unwrap();
        fs::write(
            acme.join("results.js"),
            "  // mine\n  function results() {}\n",
        )
        .unwrap();
        let one = search_js(&loaded(dir.path(), true));
        assert!(
            one.contains("  // mine\n  function results() {}\n"),
            "{one}"
        );
        // The parts as written, the theme's among them: the first opens the scope after
        // its comment, the last closes it.
        let code = one.lines().find(|l| !l.starts_with("//"));
        assert_eq!(code, Some("(function () {"), "{one}");
        assert!(one.ends_with("})();\n"));
        assert!(!one.contains("function excerpt(") && one.contains("function lookup("));
        // The whole client of a theme's own.
        fs::write(dir.path().join("themes/acme/static/search.js"), "mine();\n").unwrap();
        assert_eq!(search_js(&loaded(dir.path(), true)), "mine();\n");
    }

    #[test]
    fn a_file_of_a_name_already_there_replaces_it_in_place() {
        let mut items = files(&[("a.css", "1"), ("b.js", "2")]);
        let mut places = Places::of(&items);
        places.put(&mut items, "c.svg".into(), b"3".to_vec());
        places.put(&mut items, "a.css".into(), b"4".to_vec());
        places.put(&mut items, "c.svg".into(), b"5".to_vec());
        assert_eq!(
            items,
            files(&[("a.css", "4"), ("b.js", "2"), ("c.svg", "5")])
        );
    }
}
