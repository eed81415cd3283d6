//! `pipebook alerts`: lists every alert with its route and runbook; with `--fill`, gives
//! every alerting rule without a `runbook_url` its alert's route, showing the change as a
//! diff, or writing it with `--write`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::routes::{runbook_path, Routes, ALERTS};

/// What `pipebook alerts` prints and its exit status: 0, or 1 when the content has
/// errors or a rule could not be filled.
pub fn run(root: &Path, fill: bool, write: bool) -> u8 {
    let mut diags = Diagnostics::new();
    let (site, _) = crate::load::load(root, &mut diags);
    let routes = Routes::build(&site, &mut diags);
    if diags.has_errors() {
        eprint!("{}", diags.render(&sources(&site)));
        eprintln!("error: fix the content first; nothing was written");
        return 1;
    }
    let base = crate::url::Urls::new(&site.config.base_url).base_url;
    if !fill {
        print!("{}", listing(&routes, &base));
        return 0;
    }
    if !site.sources.site.spans.contains_key("base_url") {
        eprintln!("error: content/site.yaml has no `base_url`, and a rule's runbook_url is an address of the published site\n  = hint: set `base_url` to the site's public address, such as `https://ops.example.com/`");
        return 1;
    }
    if site.config.alert_rules.is_empty() {
        eprintln!("error: content/site.yaml names no rule files\n  = hint: list them under `alert_rules`, as globs from the root, such as `monitoring/rules/*.yaml`");
        return 1;
    }
    fill_files(root, &site, &routes, &base, write)
}

/// One line per alert: its name, its address, and the runbook's page.
fn listing(routes: &Routes, base: &str) -> String {
    let mut out = String::new();
    for (key, alert) in &routes.alerts {
        out.push_str(&format!(
            "{}\t{base}{ALERTS}{key}/\t{base}{}\n",
            alert.name,
            crate::url::encode_path(&runbook_path(&alert.runbook.slug))
        ));
    }
    out
}

fn fill_files(root: &Path, site: &Site, routes: &Routes, base: &str, write: bool) -> u8 {
    let mut status = 0;
    let (mut rules, mut files) = (0, 0);
    let mut unclaimed = Vec::new();
    for file in &site.alert_rules {
        let filled = super::fill::fill(file, base);
        // Lines found with an index of the file: thousands of rules may be named.
        let mut lines = crate::diagnostics::LineIndex::new(&file.source.text);
        for (name, at, why) in &filled.skipped {
            let line = lines.line_col(&file.source.text, *at).0;
            eprintln!(
                "error: {}:{line}: alert `{name}` was not given a runbook_url: {why}",
                filled.display
            );
            status = 1;
        }
        let Some(new) = &filled.text else {
            continue;
        };
        rules += filled.added.len();
        files += 1;
        unclaimed.extend(
            filled
                .added
                .iter()
                .filter(|(name, _)| routes.alert(name).is_none())
                .map(|(name, _)| name.clone()),
        );
        if write {
            if let Err(e) = replace(&root.join(&filled.display), new) {
                eprintln!("error: cannot write `{}`: {e}", filled.display);
                status = 1;
            } else {
                println!(
                    "Wrote {} runbook_url(s) into {}",
                    filled.added.len(),
                    filled.display
                );
            }
        } else {
            print!(
                "{}",
                super::fill::diff(&filled.display, &file.source.text, new)
            );
        }
    }
    let verb = if write { "Gave" } else { "Would give" };
    eprintln!(
        "{verb} {rules} rule(s) in {files} file(s) a runbook_url{}",
        if write || rules == 0 {
            ""
        } else {
            " (run with --write to write them)"
        }
    );
    if !unclaimed.is_empty() {
        unclaimed.sort();
        unclaimed.dedup();
        eprintln!(
            "note: no runbook claims these alerts yet, so their routes lead nowhere until one does (add them to its `alerts:`): {}",
            unclaimed.join(", ")
        );
    }
    status
}

/// Replaces the file at `path` with `text` in one step (a file beside it, renamed over
/// it), keeping its permissions: a failure leaves the file as it was.
fn replace(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(path)?.permissions();
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().set_permissions(permissions)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The texts of the files problems can be found in, for snippets.
fn sources(site: &Site) -> BTreeMap<String, String> {
    let s = &site.sources;
    [&s.site, &s.pipelines]
        .into_iter()
        .chain(site.runbooks.iter().map(|r| &r.source))
        .chain(site.alert_rules.iter().map(|f| &f.source))
        .map(|f| (f.display.clone(), f.text.clone()))
        .collect()
}
