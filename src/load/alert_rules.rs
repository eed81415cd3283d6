//! The alert rule files that `alert_rules` of site.yaml names: globs relative to the root
//! (`monitoring/rules/*.yaml`), each file read within the limits of every text file and
//! parsed by [`parse`].
//!
//! The globs come from pull requests: they must stay inside the root (no absolute path,
//! no `..`), a walk visits at most [`MAX_VISITED`] entries from the pattern's literal
//! folder (hidden folders and pipebook's own outputs are skipped), and at most
//! [`MAX_FILES`] files are read.

use std::collections::BTreeMap;
use std::path::Path;

use globset::GlobBuilder;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostics, Location};
use crate::model::alert_rules::RuleFile;
use crate::model::{SiteConfig, SourceFile};

pub(crate) mod parse;

/// The most rule files read.
pub const MAX_FILES: usize = 1_000;

/// The most files and folders the globs may walk, all of them together: each glob walks
/// on its own, so 300 globs over a folder of 20,000 files took 7.8 s, and the 10,000 a
/// list may hold would have walked it 10,000 times.
pub const MAX_VISITED: usize = 200_000;

/// Reads every rule file the globs of `config.alert_rules` match under `root`.
pub fn load(
    root: &Path,
    canonical_root: &Path,
    config: &SiteConfig,
    site: &SourceFile,
    diags: &mut Diagnostics,
) -> Vec<RuleFile> {
    // Path under the root to display path; sorted, so the order is the file system's
    // nowhere.
    let mut matched: BTreeMap<String, ()> = BTreeMap::new();
    let mut budget = MAX_VISITED;
    let mut unwalked = 0;
    for (i, pattern) in config.alert_rules.iter().enumerate() {
        let at = || site.locate(&format!("alert_rules[{i}]"));
        if budget == 0 {
            // The glob that ran out is an error; the others are counted in one.
            unwalked += 1;
            continue;
        }
        match matches(root, canonical_root, pattern, &mut budget) {
            Ok(Found { files, junk }) if files.is_empty() => diags.warning(
                at(),
                match junk.first() {
                    None => format!("alert_rules `{pattern}` matches no file"),
                    Some(first) => format!(
                        "alert_rules `{pattern}` matches no rule file: only {} left by an editor or the system (`{first}`), which pipebook skips",
                        match junk.len() {
                            1 => "a file".to_string(),
                            n => format!("{n} files"),
                        }
                    ),
                },
                "give a glob relative to the site's root, such as `monitoring/rules/*.yaml`",
            ),
            Ok(found) => matched.extend(found.files.into_iter().map(|f| (f, ()))),
            Err(why) => diags.error(
                at(),
                format!("alert_rules `{pattern}` {why}"),
                "give a glob of files inside the repository, relative to its root, such as `monitoring/rules/*.yaml`",
            ),
        }
    }
    if unwalked > 0 {
        diags.error(
            site.locate("alert_rules"),
            format!("{unwalked} more globs of alert_rules were not walked: those before them walked the {MAX_VISITED} files and folders the globs may walk together"),
            "start each glob with the folder of its rule files",
        );
    }
    if matched.len() > MAX_FILES {
        diags.error(
            site.locate("alert_rules"),
            format!(
                "alert_rules match {} files: pipebook reads at most {MAX_FILES}",
                matched.len()
            ),
            "narrow the globs to the rule files",
        );
        return Vec::new();
    }
    matched
        .into_keys()
        .filter_map(|rel| read_rule_file(root, canonical_root, rel, diags))
        .collect()
}

fn read_rule_file(
    root: &Path,
    canonical_root: &Path,
    display: String,
    diags: &mut Diagnostics,
) -> Option<RuleFile> {
    let path = root.join(&display);
    if super::is_link_outside(&path, canonical_root) {
        super::report_link_outside(&path, &display, canonical_root, diags);
        return None;
    }
    if let Some(what) = super::link_to_unread(&path, canonical_root) {
        super::report_link_to_unread(&display, what, diags);
        return None;
    }
    let text = super::read_text(&path, &display, diags).ok()??;
    let json = display.to_ascii_lowercase().ends_with(".json")
        || text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with(['{', '[']);
    let source = SourceFile {
        display,
        text,
        spans: Default::default(),
    };
    if let Some((at, marker)) = crate::diagnostics::first_conflict_marker(&source.text) {
        // The parser stopped a line on ("simple key expect ':'"), or not at all in JSON.
        diags.error(
            Location::at(&source.display, &source.text, at..at + marker.len()),
            crate::diagnostics::conflict_message(marker),
            crate::diagnostics::CONFLICT_HINT,
        );
        return None;
    }
    let rules = parse::rules(&source.text).inspect(|rules| hidden_in_rules(&source, rules, diags));
    match rules {
        Ok(rules) => Some(RuleFile {
            source,
            json,
            rules,
        }),
        Err(problem) => {
            let at = problem.at.min(source.text.len());
            let end = source.text[at..]
                .chars()
                .next()
                .map_or(at, |c| at + c.len_utf8());
            diags.error(
                Location::at(&source.display, &source.text, at..end),
                format!("`{}` {}", source.display, problem.message),
                "alert_rules names Prometheus rule files, PrometheusRule manifests and Grafana alert-rule exports (YAML or JSON): fix the file, or narrow the glob",
            );
            None
        }
    }
}

/// Reports each rule whose name or `expr` holds a control, bidirectional or invisible
/// character (see `names::hides_text`; line breaks in an `expr` are text): `Disk\u{202e}Full`
/// shows as another name than the one Alertmanager routes and the runbook claims, and an
/// `expr` shown on the alert's page reads otherwise than the query that runs.
fn hidden_in_rules(
    source: &SourceFile,
    rules: &[crate::model::alert_rules::Rule],
    diags: &mut Diagnostics,
) {
    for rule in rules {
        let hidden = |text: &str| {
            text.chars()
                .find(|&c| !matches!(c, '\n' | '\r') && super::names::hides_text(c))
        };
        let found = hidden(&rule.name)
            .map(|c| ("name", c))
            .or_else(|| rule.expr.as_deref().and_then(hidden).map(|c| ("`expr`", c)));
        if let Some((what, c)) = found {
            diags.error(
                Location::at(&source.display, &source.text, rule.name_span.clone()),
                format!(
                    "alert `{}`: its {what} holds {} {}, which shows it otherwise than it is matched and run",
                    rule.name.escape_debug(),
                    super::names::what_hides(c),
                    c.escape_unicode()
                ),
                "delete the character (text copied from a chat or a web page often carries one); for right-to-left text in a name, write it in an annotation instead",
            );
        }
    }
}

/// What a glob matched, as `/`-separated paths from the root.
#[derive(Debug, Default)]
struct Found {
    /// The rule files.
    files: Vec<String>,
    /// Files editors and systems leave (`alerts.yaml~`, `.DS_Store`, see `junk::is_junk`),
    /// skipped as the walks of content/ and themes/ skip them: `content/rules/*` read
    /// vim's backup as a second copy of every rule, and macOS's `._alerts.yaml` (binary)
    /// failed the build as a file that is not UTF-8.
    junk: Vec<String>,
}

/// The files under `root` that `pattern` matches, walking at most `budget` more files and
/// folders (taken from it).
fn matches(
    root: &Path,
    canonical_root: &Path,
    pattern: &str,
    budget: &mut usize,
) -> Result<Found, String> {
    if pattern.chars().any(|c| c.is_control() || c == '\\') {
        return Err("holds a backslash or a control character: write paths with `/`".into());
    }
    let pattern = pattern.trim();
    if pattern.is_empty() {
        return Err("is empty".into());
    }
    if pattern.starts_with('/') || pattern.get(1..2) == Some(":") {
        return Err("is an absolute path".into());
    }
    if pattern.split('/').any(|p| p == "..") {
        return Err("climbs out of the site's root with `..`".into());
    }
    // As the walk below skips them: `.git/config` is no rule file, and its errors would
    // quote it in the build log.
    if pattern.split('/').any(|p| p.starts_with('.') && p != ".") {
        return Err(
            "names a hidden file or folder (such as `.git`), which pipebook does not read".into(),
        );
    }
    let glob = GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| format!("is not a glob: {}", e.kind()))?
        .compile_matcher();
    // Walk only from the folder the pattern names literally (`monitoring/rules` of
    // `monitoring/rules/*.yaml`).
    let literal: Vec<&str> = pattern
        .split('/')
        .take_while(|p| !p.contains(['*', '?', '[', '{']))
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let start = literal.iter().fold(root.to_path_buf(), |p, c| p.join(c));
    if !start.exists() {
        return Ok(Found::default());
    }
    // The walk follows no link but the one it starts from: `content/x -> /` made
    // `content/x/home/**/*.json` a walk of the builder's disk.
    if crate::load::is_link_outside(&start, canonical_root) {
        return Err(format!(
            "starts in `{}`, which a symbolic link takes outside the site's root",
            literal.join("/")
        ));
    }
    let mut found = Found::default();
    let walker = WalkDir::new(&start)
        .sort_by(crate::load::by_file_name)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_name().to_string_lossy().starts_with('.')
                    || (e.file_type().is_dir()
                        && super::junk::is_junk_folder(&e.file_name().to_string_lossy()))
                    || (e.file_type().is_dir()
                        && e.path().join(crate::model::OUTPUT_MARKER).is_file()))
        });
    for entry in walker {
        if *budget == 0 {
            return Err(format!(
                "walks past the {MAX_VISITED} files and folders that the globs may walk together: start each with the folder of its rule files"
            ));
        }
        *budget -= 1;
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() && !entry.path_is_symlink() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if !glob.is_match(&rel) {
            continue;
        }
        if super::junk::is_junk(&entry.file_name().to_string_lossy()) {
            found.junk.push(rel);
        } else {
            found.files.push(rel);
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_under_the_root_only() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "monitoring/rules/a.yaml",
            "monitoring/rules/b.yml",
            "monitoring/rules/deep/c.yaml",
            "monitoring/.hidden/d.yaml",
            "other.yaml",
        ] {
            std::fs::create_dir_all(root.join(f).parent().unwrap()).unwrap();
            std::fs::write(root.join(f), "groups: []\n").unwrap();
        }
        assert_eq!(
            matches(
                root,
                root,
                "monitoring/rules/*.yaml",
                &mut MAX_VISITED.clone()
            )
            .unwrap()
            .files,
            ["monitoring/rules/a.yaml"]
        );
        assert_eq!(
            matches(
                root,
                root,
                "monitoring/**/*.{yaml,yml}",
                &mut MAX_VISITED.clone()
            )
            .unwrap()
            .files,
            [
                "monitoring/rules/a.yaml",
                "monitoring/rules/b.yml",
                "monitoring/rules/deep/c.yaml"
            ]
        );
        assert!(
            matches(root, root, "nowhere/*.yaml", &mut MAX_VISITED.clone())
                .unwrap()
                .files
                .is_empty()
        );
        for bad in [
            "/etc/*.yaml",
            "../*.yaml",
            "a/../../b",
            "C:/x",
            "a\\b",
            "",
            "a[",
            "x\n",
            ".git/config",
            "monitoring/.hidden/*.yaml",
        ] {
            assert!(
                matches(root, root, bad, &mut MAX_VISITED.clone()).is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn the_globs_share_one_budget_of_files_walked() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for i in 0..10 {
            std::fs::create_dir_all(root.join(format!("rules/f{i}"))).unwrap();
            std::fs::write(root.join(format!("rules/f{i}/r.yaml")), "groups: []\n").unwrap();
        }
        // The folder, its 10 folders and their 10 files: 21 entries a walk.
        let mut budget = 50;
        assert_eq!(
            matches(root, root, "rules/**/*.yaml", &mut budget).map(|f| f.files.len()),
            Ok(10)
        );
        assert_eq!(budget, 29);
        assert!(matches(root, root, "rules/**/*.yml", &mut budget).is_ok());
        assert_eq!(budget, 8);
        let third = matches(root, root, "rules/**/*.json", &mut budget);
        assert!(third.is_err_and(|e| e.contains("the globs may walk together")));
    }

    #[test]
    fn editors_and_systems_files_are_not_rule_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "rules/a.yaml",
            "rules/a.yaml~",
            "rules/#a.yaml#",
            "rules/4913",
            "rules/Thumbs.db",
            "rules/__MACOSX/b.yaml",
            "only/a.yaml~",
        ] {
            std::fs::create_dir_all(root.join(f).parent().unwrap()).unwrap();
            std::fs::write(root.join(f), "groups: []\n").unwrap();
        }
        let found = matches(root, root, "rules/**", &mut MAX_VISITED.clone()).unwrap();
        assert_eq!(found.files, ["rules/a.yaml"]);
        assert_eq!(
            found.junk,
            [
                "rules/#a.yaml#",
                "rules/4913",
                "rules/Thumbs.db",
                "rules/a.yaml~"
            ]
        );
        let found = matches(root, root, "only/*", &mut MAX_VISITED.clone()).unwrap();
        assert!(found.files.is_empty());
        assert_eq!(found.junk, ["only/a.yaml~"]);
    }
}
