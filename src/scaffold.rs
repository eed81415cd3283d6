//! `pipebook new runbook <pipeline>`: a new runbook with the recommended sections, so an
//! author starts from the structure readers expect during an incident.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::diagnostics::Diagnostics;
use crate::model::Site;

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
    let path = crate::load::folder::path(root, &site.runbook_folder).join(format!("{rel}.md"));
    if path.exists() {
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

/// Writes a minimal `content/site.yaml` into an existing runbook tree, so that it builds
/// where it stands: `runbooks` names the folder of Markdown (`runbooks`, else
/// `content/runbooks` when there is one, else the root itself), and broken links are
/// warnings, as an imported tree needs. Never overwrites; writes nothing else.
pub fn init(root: &Path, runbooks: Option<&str>) -> Result<PathBuf, String> {
    let path = root.join("content").join("site.yaml");
    if path.exists() {
        return Err(format!(
            "`{}` already exists; pipebook will not overwrite it",
            path.display()
        ));
    }
    if !root.is_dir() {
        return Err(format!("`{}` is not a folder", root.display()));
    }
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
        None => Some(String::new()),
    };
    let name = root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "Runbooks".to_string());
    let title: String = name
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .enumerate()
        .map(|(i, w)| {
            let mut chars = w.chars();
            match (i, chars.next()) {
                (0, Some(c)) => c.to_uppercase().chain(chars).collect::<String>(),
                _ => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
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
    text.push_str(
        "broken_links: warning         # links that lead nowhere are reported, not fatal\n\
         # base_url: https://runbooks.example.com/\n\
         # repository: https://github.com/ORG/REPO\n\
         # edit_url: https://github.com/ORG/REPO/edit/main/{path}\n",
    );
    fs::create_dir_all(root.join("content")).map_err(|e| format!("cannot create content/: {e}"))?;
    fs::write(&path, text).map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    Ok(path)
}
