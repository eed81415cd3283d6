//! `pipebook new runbook <pipeline>`: a new runbook with the recommended sections, so an
//! author starts from the structure readers expect during an incident.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::diagnostics::Diagnostics;
use crate::model::Site;

mod guess;

/// The sections every runbook should have, with what belongs in each.
const SECTIONS: [(&str, &str); 7] = [
    (
        "Symptoms",
        "What the person paged sees: the alert, the failed task, the wrong number.",
    ),
    (
        "Impact",
        "Who is affected and how badly: which dashboards, reports or experiments.",
    ),
    (
        "Steps",
        "Numbered, one action each, with the exact command to copy.",
    ),
    (
        "Checks",
        "How to tell the data is complete and correct again.",
    ),
    (
        "Verify",
        "How to confirm the pipeline is healthy after the fix.",
    ),
    ("Rollback", "How to undo each step if it made things worse."),
    ("Escalation", "Who to call next, and when."),
];

/// Writes a runbook for `pipeline` and returns its path. Fails, writing nothing, when the
/// pipeline is unknown or the file exists.
pub fn new_runbook(
    root: &Path,
    site: &Site,
    pipeline: &str,
    today: NaiveDate,
) -> Result<PathBuf, String> {
    let Some(p) = site.pipelines.pipelines.iter().find(|p| p.id == pipeline) else {
        let mut known: Vec<&str> = site
            .pipelines
            .pipelines
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        known.sort_unstable();
        return Err(format!(
            "unknown pipeline `{pipeline}`: use one of the pipelines in content/pipelines.yaml ({})",
            known.join(", ")
        ));
    };
    let rel = match &p.runbook {
        Some(r) => r.trim_matches('/').trim_end_matches(".md").to_string(),
        None => format!("{}/{}", p.domain, p.id),
    };
    // A pipeline's `runbook:` comes from a pull request: `../../x` wrote the template
    // outside the repository.
    let plain = !rel.is_empty()
        && rel
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..")
        && !rel.contains(['\\', ':'])
        && !rel.chars().any(char::is_control);
    if !plain {
        return Err(format!(
            "the runbook of pipeline `{pipeline}` in content/pipelines.yaml, `{}`, is not a path under the runbooks' folder: write it relative to that folder, without `..`",
            rel.escape_debug()
        ));
    }
    let path = crate::load::folder::path(root, &site.runbook_folder).join(format!("{rel}.md"));
    // Nor through a folder linked out of the repository, nor over a link to nothing.
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if path
        .ancestors()
        .skip(1)
        .find(|a| a.exists())
        .is_some_and(|a| crate::load::is_link_outside(a, &canonical_root))
    {
        return Err(format!(
            "`{}` is reached through a symbolic link outside the repository: not written",
            site.runbook_display(&format!("{rel}.md"))
        ));
    }
    if path.exists() || fs::symlink_metadata(&path).is_ok() {
        return Err(format!(
            "`{}` already exists; pipebook will not overwrite it",
            site.runbook_display(&format!("{rel}.md"))
        ));
    }
    let name = |id: &str| site.engineer_name(id);
    let mut text = String::new();
    let _ = writeln!(text, "---");
    let _ = writeln!(text, "title: {}", yaml_string(&p.name));
    let _ = writeln!(text, "pipelines: [{}]", p.id);
    let _ = writeln!(text, "last_reviewed: {today}");
    let _ = writeln!(text, "---\n");
    for (heading, guidance) in SECTIONS {
        let _ = writeln!(text, "## {heading}\n");
        let _ = writeln!(text, "<!-- {guidance} -->\n");
        match heading {
            "Steps" => text.push_str("1. \n"),
            "Escalation" => {
                let _ = writeln!(
                    text,
                    "1. The primary owner, {}.\n2. The secondary owner, {}.\n3. Whoever is on call: see the [on-call schedule](/oncall/).",
                    name(&p.primary),
                    name(&p.secondary)
                );
            }
            _ => {}
        }
        text.push('\n');
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
    }
    fs::write(&path, text.trim_end().to_string() + "\n")
        .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    Ok(path)
}

/// A YAML scalar that stays a string whatever it contains.
fn yaml_string(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_alphanumeric() || " -_()".contains(c))
        && !s.is_empty()
    {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

/// Loads the site for scaffolding; content errors are reported like `check`'s.
pub fn load_for_scaffold(root: &Path) -> Result<Site, Diagnostics> {
    let mut diags = Diagnostics::new();
    let (site, _) = crate::load::load(root, &mut diags);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(site)
    }
}

/// What `pipebook init` writes besides `content/site.yaml`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Recipes {
    /// `netlify.toml` and `.pipebook/install.sh`.
    pub netlify: bool,
    /// `.github/workflows/pipebook.yml` and `.pipebook/install.sh`.
    pub github: bool,
}

/// The repository that releases pipebook: the recipes download its release binaries, or
/// compile its tags with `cargo install --git`.
pub const UPSTREAM: &str = "https://github.com/example-org/pipebook";

const INSTALL_SH: &str = include_str!("recipes/install.sh");
const NETLIFY_TOML: &str = include_str!("recipes/netlify.toml");
const WORKFLOW_YML: &str = include_str!("recipes/pipebook.yml");
/// This repository's own netlify.toml: the recipe takes its `[[headers]]`, so a team's site
/// is served with the same Content-Security-Policy and calendar types as pipebook's.
const OWN_NETLIFY_TOML: &str = include_str!("../netlify.toml");

/// One file `init` dealt with, relative to the root.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Wrote(String),
    /// It exists and was left as it is (`content/site.yaml` when recipes were asked for,
    /// or a recipe file already identical to what init would write).
    Kept(String),
}

/// Writes a minimal `content/site.yaml` into an existing runbook tree, so that it builds
/// where it stands: `runbooks` names the folder of Markdown (`runbooks`, else
/// `content/runbooks` when there is one, else the root itself), and broken links are
/// warnings, as an imported tree needs. Never overwrites; writes nothing else.
pub fn init(root: &Path, runbooks: Option<&str>) -> Result<PathBuf, String> {
    init_with(root, runbooks, Recipes::default()).map(|_| root.join("content").join("site.yaml"))
}

/// `pipebook init`: `content/site.yaml` and, when asked, the recipes for Netlify and GitHub
/// Actions. Never overwrites a file: when one that would be written exists with other
/// text, nothing at all is written and the error names every such file. With recipes, an
/// existing `content/site.yaml` is kept (a repository adds its recipes after its site).
pub fn init_with(
    root: &Path,
    runbooks: Option<&str>,
    recipes: Recipes,
) -> Result<Vec<Outcome>, String> {
    if !root.is_dir() {
        return Err(format!("`{}` is not a folder", root.display()));
    }
    let with_recipes = recipes.netlify || recipes.github;
    let site_yaml = root.join("content").join("site.yaml");
    let mut plan: Vec<(String, String)> = Vec::new();
    let mut outcomes = Vec::new();
    if site_yaml.exists() {
        if !with_recipes || runbooks.is_some() {
            return Err(format!(
                "`{}` already exists; pipebook will not overwrite it{}",
                site_yaml.display(),
                if with_recipes {
                    " (--runbooks applies only when init writes it)"
                } else {
                    ""
                }
            ));
        }
        outcomes.push(Outcome::Kept("content/site.yaml".to_string()));
    } else {
        plan.push((
            "content/site.yaml".to_string(),
            site_yaml_text(root, runbooks)?,
        ));
    }
    let version = env!("CARGO_PKG_VERSION");
    if with_recipes {
        plan.push((
            ".pipebook/install.sh".to_string(),
            INSTALL_SH.replace("@REPOSITORY@", UPSTREAM),
        ));
    }
    if recipes.netlify {
        plan.push((
            "netlify.toml".to_string(),
            format!(
                "{}{}",
                NETLIFY_TOML.replace("@VERSION@", version),
                own_headers()
            ),
        ));
    }
    if recipes.github {
        plan.push((
            ".github/workflows/pipebook.yml".to_string(),
            WORKFLOW_YML
                .replace("@VERSION@", version)
                .replace("@BRANCH@", &default_branch(root)),
        ));
    }
    // Refuse before writing anything.
    if let Some(rel) = plan.iter().find_map(|(rel, _)| linked_out(root, rel)) {
        return Err(format!("`{rel}` is a symbolic link outside the repository: pipebook will not write through it, and wrote nothing"));
    }
    let mut clashes = Vec::new();
    let mut todo = Vec::new();
    for (rel, text) in plan {
        let path = root.join(&rel);
        // A file where a folder of the path should be (`.github` as a file) is a clash too.
        let blocked = Path::new(&rel)
            .ancestors()
            .skip(1)
            .filter(|a| !a.as_os_str().is_empty())
            .any(|a| fs::metadata(root.join(a)).is_ok_and(|m| !m.is_dir()));
        if blocked {
            clashes.push(rel);
        } else if path.exists() || path.symlink_metadata().is_ok() {
            if fs::read(&path).is_ok_and(|have| have == text.as_bytes()) {
                outcomes.push(Outcome::Kept(rel));
            } else {
                clashes.push(rel);
            }
        } else {
            todo.push((rel, text));
        }
    }
    if !clashes.is_empty() {
        return Err(format!(
            "{} already {} under `{}`; pipebook will not overwrite {}, and wrote nothing",
            clashes
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", "),
            if clashes.len() == 1 {
                "exists"
            } else {
                "exist"
            },
            root.display(),
            if clashes.len() == 1 { "it" } else { "them" },
        ));
    }
    for (rel, text) in todo {
        let path = root.join(&rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
        }
        fs::write(&path, &text).map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
        #[cfg(unix)]
        if rel.ends_with(".sh") {
            use std::os::unix::fs::PermissionsExt;
            let _ = fs::set_permissions(&path, fs::Permissions::from_mode(0o755));
        }
        outcomes.push(Outcome::Wrote(rel));
    }
    Ok(outcomes)
}

/// The first folder of `rel` (`content`, `.github`) that is a symbolic link leading out of
/// `root`, or to nothing, if any: `init` wrote `content/site.yaml` through a `content`
/// linked anywhere, as `new runbook` did before.
fn linked_out(root: &Path, rel: &str) -> Option<String> {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut folders: Vec<&Path> = Path::new(rel)
        .ancestors()
        .skip(1)
        .filter(|a| !a.as_os_str().is_empty())
        .collect();
    folders.reverse();
    folders
        .into_iter()
        .find(|a| crate::load::is_link_outside(&root.join(a), &canonical_root))
        .map(|a| a.display().to_string())
}

/// The `[[headers]]` tables of pipebook's own netlify.toml, without its comments (they speak
/// of pipebook's repository).
fn own_headers() -> String {
    let lines: Vec<&str> = OWN_NETLIFY_TOML.lines().collect();
    let Some(first) = lines.iter().position(|l| l.trim() == "[[headers]]") else {
        return String::new();
    };
    let mut out = String::from(
        "# The headers pipebook's own site is served with: calendar feeds as calendars, and a\n\
         # Content-Security-Policy that the default theme works under (no inline script).\n",
    );
    for line in &lines[first..] {
        if !line.trim_start().starts_with('#') {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The branch that `.git/HEAD` names, for the workflow's `push` trigger; `main` otherwise.
fn default_branch(root: &Path) -> String {
    fs::read_to_string(root.join(".git").join("HEAD"))
        .ok()
        .and_then(|head| {
            head.trim()
                .strip_prefix("ref: refs/heads/")
                .map(str::to_string)
        })
        .filter(|b| {
            !b.is_empty()
                && b.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        })
        .unwrap_or_else(|| "main".to_string())
}

/// The text of a new `content/site.yaml`.
/// The folder of Markdown of a repository laid out for another documentation tool, from
/// that tool's own setting or convention: MkDocs' `docs_dir` (default `docs`), GitBook's
/// `.gitbook.yaml` `root`, Hugo's `contentDir` (default `content`), mdBook's `src`,
/// HonKit's `book.json` `root`, the folder of a GitBook's `SUMMARY.md`, Docusaurus' `docs`. Taking the repository's
/// root instead would publish its `Dockerfile`, `mkdocs.yml` and CI files as pages' assets.
fn generator_docs(root: &Path) -> Option<String> {
    let read = |name: &str| fs::read_to_string(root.join(name)).ok();
    // `key: value` at the start of a line, without quotes or a trailing comment.
    let setting = |text: &str, key: &str| {
        text.lines().find_map(|line| {
            let value = line.strip_prefix(key)?.trim_start().strip_prefix(':')?;
            let value = value.split(" #").next().unwrap_or("").trim();
            Some(value.trim_matches(['"', '\'']).to_string())
        })
    };
    let mut candidates = Vec::new();
    if let Some(text) = read("mkdocs.yml").or_else(|| read("mkdocs.yaml")) {
        candidates.push(setting(&text, "docs_dir").unwrap_or_else(|| "docs".to_string()));
    }
    if let Some(text) = read(".gitbook.yaml") {
        candidates.extend(setting(&text, "root"));
    }
    // Hugo: `contentDir` (default `content`) of its configuration.
    let hugo = ["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json"]
        .iter()
        .find_map(|f| read(f))
        .or_else(|| {
            // The older name, `config.*`, is Hugo's only beside its `archetypes/` or `layouts/`.
            let beside = ["archetypes", "layouts"]
                .iter()
                .any(|d| root.join(d).is_dir());
            ["config.toml", "config.yaml", "config.yml", "config.json"]
                .iter()
                .find_map(|f| read(f))
                .filter(|_| beside)
        });
    if let Some(text) = hugo {
        candidates.push(config_value(&text, "contentDir").unwrap_or_else(|| "content".into()));
    }
    // mdBook's `src` (default `src`), HonKit's and GitBook 2's `book.json` `root`.
    if let Some(text) = read("book.toml") {
        candidates.push(config_value(&text, "src").unwrap_or_else(|| "src".into()));
    }
    if let Some(text) = read("book.json") {
        candidates.extend(config_value(&text, "root"));
    }
    // A bare GitBook: its `SUMMARY.md` lies in the folder of its pages.
    if !root.join("SUMMARY.md").is_file() {
        candidates.extend(summary_folder(root));
    }
    let docusaurus = [
        "docusaurus.config.js",
        "docusaurus.config.ts",
        "docusaurus.config.mjs",
    ];
    if docusaurus.iter().any(|f| root.join(f).is_file()) {
        candidates.push("docs".to_string());
    }
    candidates.into_iter().find_map(|given| {
        let rel = crate::load::folder::normalize(&given).ok()?;
        (!rel.is_empty() && crate::load::folder::path(root, &rel).is_dir()).then_some(rel)
    })
}

/// The value of `key` in a configuration file of TOML (`key = "v"`), YAML (`key: v`) or
/// JSON (`"key": "v",`), read line by line: a tool's folder setting is a plain string.
fn config_value(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let line = line.trim_start();
        let rest = line
            .strip_prefix(key)
            .or_else(|| line.strip_prefix('"')?.strip_prefix(key)?.strip_prefix('"'))?;
        let value = rest.trim_start().strip_prefix([':', '='])?;
        let value = value.split(" #").next().unwrap_or("").trim();
        let value = value.trim_end_matches(',').trim();
        Some(value.trim_matches(['"', '\'']).to_string()).filter(|v| !v.is_empty())
    })
}

/// The one folder at the top of `root` that holds a `SUMMARY.md` (a GitBook's table of
/// contents), if exactly one does.
fn summary_folder(root: &Path) -> Option<String> {
    let mut found = fs::read_dir(root)
        .ok()?
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter(|e| e.path().join("SUMMARY.md").is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string));
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// `alerts_from_file_names: true` when the runbooks are named after their alerts
/// (`KubeVirtVMIExcessiveMigrations.md`), so that each gets its `/alerts/<name>/` route;
/// commented out, with why, when two files would claim one route, which would stop the
/// build: one name twice (a tree that keeps deprecated copies), or two names apart only in
/// letter case (`KubeMacPoolDown`, `KubemacpoolDown`). Those are two alerts to Prometheus,
/// but routes ignore case (an address works however it is typed, and the two pages would
/// be one folder on macOS and Windows), so the setting stays off, and the comment says so
/// rather than calling them one alert.
fn alerts_line(names: &guess::AlertNames, text: &mut String) {
    if !names.fit() {
        return;
    }
    let counted = format!(
        "{} of {} runbooks are named like alerts ({})",
        names.alert_like, names.files, names.example
    );
    let Some((a, b)) = &names.clash else {
        let _ = writeln!(
            text,
            "alerts_from_file_names: true  # {counted}: each is an alert it answers"
        );
        return;
    };
    let stem = |path: &str| {
        let name = path.rsplit('/').next().unwrap_or(path);
        crate::model::page_stem(name).unwrap_or(name).to_string()
    };
    let (stem_a, stem_b) = (stem(a), stem(b));
    let why = if stem_a == stem_b {
        format!("`{a}` and `{b}` would claim one alert")
    } else {
        format!(
            "`{a}` and `{b}` are two alerts\n\
             # (`{stem_a}`, `{stem_b}`) whose routes would be one, /alerts/{}/: routes\n\
             # ignore letter case, and the two pages would be one folder on macOS and Windows",
            stem_a.to_ascii_lowercase()
        )
    };
    let _ = writeln!(
        text,
        "# {counted}, but {why}:\n\
         # narrow `runbooks:` to one of their folders (or rename one), then uncomment this line\n\
         # alerts_from_file_names: true"
    );
}

fn site_yaml_text(root: &Path, runbooks: Option<&str>) -> Result<String, String> {
    let folder = match runbooks {
        Some(given) => {
            let rel = crate::load::folder::normalize(given)
                .map_err(|why| format!("--runbooks `{given}` {why}"))?;
            if !crate::load::folder::path(root, &rel).is_dir() {
                return Err(format!(
                    "--runbooks `{given}` is not a folder under `{}`",
                    root.display()
                ));
            }
            Some(rel)
        }
        None if root.join(crate::load::folder::DEFAULT).is_dir() => None,
        None => Some(generator_docs(root).unwrap_or_default()),
    };
    let dir = crate::load::folder::path(
        root,
        folder.as_deref().unwrap_or(crate::load::folder::DEFAULT),
    );
    // The runbook folder's page's heading, which every breadcrumb starts with; else the
    // repository folder's name made readable.
    let title = guess::folder_title(&dir).unwrap_or_else(|| {
        let name = root
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "Runbooks".to_string());
        crate::names::readable_name(&name)
    });
    let mut text = String::from(
        "# Written by `pipebook init`: the README's \"site.yaml\" section lists every setting.\n",
    );
    let _ = writeln!(text, "title: {}", yaml_string(&title));
    match &folder {
        Some(rel) if rel.is_empty() => {
            let _ = writeln!(
                text,
                "runbooks: .                   # the Markdown is this repository's own tree"
            );
        }
        Some(rel) => {
            let _ = writeln!(
                text,
                "runbooks: {}   # the folder of Markdown, from the repository's root",
                yaml_string(rel)
            );
        }
        None => {}
    }
    alerts_line(
        &guess::alert_names(&dir, folder.as_deref() == Some("")),
        &mut text,
    );
    text.push_str(
        "broken_links: warning         # links that lead nowhere are reported, not fatal\n\
         # base_url: https://runbooks.example.com/\n\
         # repository: https://github.com/ORG/REPO\n\
         # edit_url: https://github.com/ORG/REPO/edit/main/{path}\n",
    );
    Ok(text)
}
