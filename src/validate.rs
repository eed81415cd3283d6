//! Stage 2: cross-checks between the content files.
//!
//! Loading already rejected what a single file can get wrong (syntax, types, unknown keys);
//! this stage checks what only the whole site can tell: ids that must exist, ids that must
//! be unique, owners that must differ. Every check reports at the offending value.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{Diagnostics, Location};
use crate::load::Parsed;
use crate::model::{Runbook, Site, SourceFile};

mod anchor_table;
mod anchors;
mod contacts;
mod foreign_front;
mod former_ids;
mod lengths;
mod lookalike_addresses;
mod lookalike_pages;
mod lookalike_titles;
mod oncall;
mod person_names;
mod reviews;
mod shared_names;
mod site_links;

pub use crate::markdown::LabelAt;
pub use anchor_table::{AnchorIndex, AnchorLookup, AnchorSets};
pub(crate) use anchors::anchor_hint;
pub use anchors::check_anchors;
pub use lengths::{MAX_NAME, MAX_REASON};
pub use lookalike_titles::{check_titles, Title, TitleChecks};
pub use oncall::MAX_REMINDER_HOURS;
use oncall::{check_dates, check_oncall_lists, check_overrides, check_rotation, check_zones};
pub use reviews::clock_hint;
pub use site_links::check_site_links;

/// Checks `site` and reports every problem found. `today` (the build's clock, in the site's
/// time zone) decides which runbooks are overdue for review.
pub fn validate(site: &Site, parsed: Parsed, today: chrono::NaiveDate, diags: &mut Diagnostics) {
    // Each problem is located in its file: with an index of each file's lines, 10,000
    // unknown ids in one list cost a pass over the file, not 10,000 (that took 6 s of CPU
    // for 3 MB of front matter).
    crate::diagnostics::with_line_indexes(|| check_all(site, parsed, today, diags));
}

fn check_all(site: &Site, parsed: Parsed, today: chrono::NaiveDate, diags: &mut Diagnostics) {
    let src = &site.sources;
    check_config(site, diags);
    lengths::check(site, diags);
    person_names::check(site, diags);
    person_names::check_data(site, diags);
    check_assets(site, diags);
    lookalike_pages::check(&site.runbooks, diags);
    lookalike_pages::check_assets(site, diags);
    lookalike_addresses::check(&site.runbooks, diags);

    let engineers = unique_ids(
        site.team.engineers.iter().map(|e| e.id.as_str()),
        &src.team,
        "engineers",
        "engineer",
        diags,
    );
    let names: Vec<(&str, &str)> = (site.team.engineers.iter())
        .map(|e| (e.id.as_str(), e.name.as_str()))
        .collect();
    lookalike_titles::check_names(&names, &src.team, "engineers", "engineer", diags);
    former_ids::check(&site.team.engineers, &src.team, diags);
    contacts::check(&site.team.engineers, &src.team, diags);
    contacts::check_disguised(&site.team.engineers, &src.team, diags);
    contacts::check_dialled(&site.team.engineers, &src.team, diags);
    let names: Vec<(&str, &str)> = (site.pipelines.pipelines.iter())
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    lookalike_titles::check_names(&names, &src.pipelines, "pipelines", "pipeline", diags);
    // A domain named like another (`Prоfit`, a Cyrillic `о`) heads its pipelines on the
    // home page and gives each of their pages its failure modes as the other's.
    let names: Vec<(&str, &str)> = (site.pipelines.domains.iter())
        .map(|d| (d.id.as_str(), d.name.as_str()))
        .collect();
    lookalike_titles::check_names(&names, &src.pipelines, "domains", "domain", diags);
    shared_names::check(site, diags);
    for (i, e) in site.team.engineers.iter().enumerate() {
        for (j, off) in e.time_off.iter().enumerate() {
            if off.to < off.from {
                diags.error(
                    src.team.locate(&format!("engineers[{i}].time_off[{j}].to")),
                    format!(
                        "time off of `{}` ends ({}) before it starts ({})",
                        e.id, off.to, off.from
                    ),
                    "`from` is the first day away and `to` the last; swap them",
                );
            }
        }
    }
    let domains = unique_ids(
        site.pipelines.domains.iter().map(|d| d.id.as_str()),
        &src.pipelines,
        "domains",
        "domain",
        diags,
    );
    let pipelines = unique_ids(
        site.pipelines.pipelines.iter().map(|p| p.id.as_str()),
        &src.pipelines,
        "pipelines",
        "pipeline",
        diags,
    );
    let engineer_hint = id_hint("engineers", "content/team.yaml", &engineers);
    check_pipelines(site, parsed, &domains, &engineers, &engineer_hint, diags);

    check_rotation(site, parsed, &engineers, &engineer_hint, diags);

    check_overrides(site, parsed, &engineers, &engineer_hint, diags);
    check_oncall_lists(site, parsed, &engineers, &engineer_hint, diags);
    check_dates(site, diags);
    check_zones(site, diags);
    if parsed.team && parsed.pipelines {
        check_codeowners(site, diags);
    }

    for rb in &site.runbooks {
        foreign_front::check(rb, diags);
        let title = rb.front.title.as_deref().map_or("", str::trim);
        if title.len() > crate::model::MAX_TITLE {
            diags.error(
                rb.source.locate("title"),
                crate::model::title_too_long(title.len()),
                "keep the title short, and put the rest in the description or the text",
            );
        }
        let at = || rb.source.locate("title");
        crate::diagnostics::refuse_stacked_marks(title, "the title", at, diags);
    }
    reviews::check(site, today, diags);

    if parsed.pipelines {
        let pipeline_hint = id_hint("pipelines", "content/pipelines.yaml", &pipelines);
        for rb in &site.runbooks {
            for (i, id) in rb.front.pipelines.iter().enumerate() {
                if !pipelines.contains(id.as_str()) {
                    diags.error(
                        rb.source.locate(&format!("pipelines[{i}]")),
                        format!("runbook names unknown pipeline `{id}`"),
                        pipeline_hint.clone(),
                    );
                }
            }
        }
    }
}

/// Each pipeline's domain and owners exist, its owners differ, and its `runbook` names a
/// runbook.
fn check_pipelines(
    site: &Site,
    parsed: Parsed,
    domains: &HashSet<&str>,
    engineers: &HashSet<&str>,
    engineer_hint: &str,
    diags: &mut Diagnostics,
) {
    let src = &site.sources;
    // What a pipeline's `runbook` may name (see `Runbook::answers_to`), looked up once:
    // a scan of every runbook per pipeline took 6 s of CPU for 4,000 pipelines and
    // 100,000 runbooks.
    // foldhash, seeded per process: names come from pull requests.
    let mut runbook_names: foldhash::HashSet<&str> =
        foldhash::HashSet::with_capacity_and_hasher(2 * site.runbooks.len(), Default::default());
    runbook_names.extend(site.runbooks.iter().flat_map(|r| {
        std::iter::once(r.slug.as_str()).chain(crate::model::page_stem(&r.rel_path))
    }));

    for (i, p) in site.pipelines.pipelines.iter().enumerate() {
        let at = |field: &str| src.pipelines.locate(&format!("pipelines[{i}].{field}"));
        if !domains.contains(p.domain.as_str()) {
            diags.error(
                at("domain"),
                format!("pipeline `{}` is in unknown domain `{}`", p.id, p.domain),
                id_hint(
                    "domains",
                    "the `domains` list of content/pipelines.yaml",
                    domains,
                ),
            );
        }
        if parsed.team {
            for (field, who) in [("primary", &p.primary), ("secondary", &p.secondary)] {
                if !engineers.contains(who.as_str()) {
                    diags.error(
                        at(field),
                        format!(
                            "unknown engineer `{who}` as {field} owner of pipeline `{}`",
                            p.id
                        ),
                        engineer_hint,
                    );
                }
            }
        }
        if p.primary == p.secondary {
            diags.error(
                at("secondary"),
                format!(
                    "pipeline `{}` has `{}` as both primary and secondary owner",
                    p.id, p.primary
                ),
                "the secondary owner is the backup: name a different engineer",
            );
        }
        if let Some(runbook) = &p.runbook {
            let name = runbook.trim_matches('/');
            let slug = crate::model::page_stem(name).unwrap_or(name);
            if !runbook_names.contains(slug) {
                diags.error(
                    at("runbook"),
                    format!(
                        "pipeline `{}` names runbook `{runbook}`, which does not exist",
                        p.id
                    ),
                    format!(
                        "give the path under the runbook folder without `.md`; there is no `{}`",
                        site.runbook_display(&format!("{slug}.md"))
                    ),
                );
            }
        }
    }
}

/// A committed CODEOWNERS must say what the ownership data says: one pipebook wrote, or
/// any once an engineer has a `github` handle. Before that, a repository's own file (its
/// owners by hand, `* @org/sre`) is not pipebook's, and the data could not express it.
fn check_codeowners(site: &Site, diags: &mut Diagnostics) {
    let Some((path, text)) = &site.sources.codeowners else {
        return;
    };
    let handles = site.team.engineers.iter().any(|e| e.github.is_some());
    if !handles && !crate::codeowners::written_by_pipebook(text) {
        return;
    }
    let expected = match crate::codeowners::generate(site) {
        Ok(expected) => expected,
        Err(problems) => {
            for p in problems {
                diags.error(p.location, p.message, p.hint);
            }
            return;
        }
    };
    if *text == expected {
        return;
    }
    let line = text
        .lines()
        .zip(expected.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| text.lines().count().min(expected.lines().count()));
    let offset: usize = text.lines().take(line).map(|l| l.len() + 1).sum();
    let offset = offset.min(text.len());
    diags.error(
        Location::at(path.as_str(), text, offset..offset),
        format!("{path} is out of date with content/team.yaml and content/pipelines.yaml"),
        "run `pipebook codeowners` and commit the result",
    );
}

/// Assets whose copy would sit where a runbook's page goes (`x` beside `x.md` would be the
/// folder `/runbooks/x/`), with that runbook. Such assets are not copied.
pub fn page_collisions(site: &Site) -> HashMap<&str, &Runbook> {
    let pages: HashMap<&str, &Runbook> =
        site.runbooks.iter().map(|r| (r.slug.as_str(), r)).collect();
    site.assets
        .iter()
        .filter_map(|a| {
            let path = a.rel_path.as_str();
            let page = pages
                .get(path)
                .or_else(|| path.strip_suffix("/index.html").and_then(|p| pages.get(p)))?;
            Some((path, *page))
        })
        .collect()
}

fn check_assets(site: &Site, diags: &mut Diagnostics) {
    let collisions = page_collisions(site);
    for asset in &site.assets {
        let name = asset.rel_path.rsplit('/').next().unwrap_or_default();
        if name == "index.html" && !collisions.contains_key(asset.rel_path.as_str()) {
            // Every folder has a page (its `_index.md`, `README.md`, or a listing) at
            // `index.html`.
            let shown = site.runbook_display(&asset.rel_path);
            diags.error(
                Location::file(&shown),
                format!("`{shown}` would be written over its folder's page"),
                "`index.html` is the name of the file each page is written to: rename or delete this file",
            );
        }
        if let Some(rb) = collisions.get(asset.rel_path.as_str()) {
            diags.error(
                Location::file(site.runbook_display(&asset.rel_path)),
                format!(
                    "`{}` and `{}` would be written to the same place in the site",
                    site.runbook_display(&asset.rel_path),
                    rb.source.display
                ),
                "rename or delete one of them (a file named like a runbook without `.md` is often a stray copy of it)",
            );
        }
    }
}

fn check_config(site: &Site, diags: &mut Diagnostics) {
    let file = &site.sources.site;
    for (path, message) in crate::search::synonyms::problems(&site.config.search_synonyms) {
        diags.error(
            file.locate(&path),
            message,
            "write each group as a list of two to 12 words or short phrases (at most 4 words, 40 bytes), such as `[pnl, profit and loss]`",
        );
    }
    if let Err(why) = base_url_problem(&site.config.base_url) {
        diags.error(
            file.locate("base_url"),
            format!("base_url `{}` {why}", printable(&site.config.base_url)),
            "write the site's public address, such as `https://runbooks.example.com/`",
        );
    }
    if let Some(url) = &site.config.uid_base_url {
        if let Err(why) = base_url_problem(url) {
            diags.error(
                file.locate("uid_base_url"),
                format!("uid_base_url `{}` {why}", printable(url)),
                "write the base URL the site's calendar feeds were first published under, such as `https://runbooks.example.com/`",
            );
        }
    }
    if let Some(repo) = &site.config.repository {
        if let Err(why) = repository_problem(repo) {
            diags.error(
                file.locate("repository"),
                format!("repository `{}` {why}", printable(repo)),
                "write the repository's web address, such as `https://github.com/org/ops`",
            );
        }
    }
    if let Some(branch) = &site.config.branch {
        if let Some(why) = crate::forge::branch_problem(branch.trim()) {
            diags.error(
                file.locate("branch"),
                format!("branch `{}` {why}", printable(branch)),
                "write the name of a branch of the repository, such as `main`",
            );
        } else if site.config.repository.is_none() {
            diags.warning(
                file.locate("branch"),
                "branch is set, but not `repository`: links to files outside the runbook folder cannot be made",
                "add the repository's web address as `repository`, such as `https://github.com/org/ops`",
            );
        }
    }
    if let Some(repo) = &site.config.repository {
        if repository_problem(repo).is_ok()
            && crate::forge::detect(repo, site.config.edit_url.as_deref()).is_none()
        {
            diags.warning(
                file.locate("repository"),
                format!(
                    "pipebook cannot tell whether `{}` is on GitHub or GitLab: links to its files outside the runbook folder take GitHub's form (`/blob/<branch>/<path>`)",
                    printable(repo)
                ),
                "set `edit_url` in the forge's own form (GitLab's have `/-/edit/`), so that pipebook can tell",
            );
        }
    }
    if let Some(edit) = &site.config.edit_url {
        let filled = edit.replace("{path}", "content/x.md");
        if let Err(why) = web_url_problem(&filled).and_then(|_| dot_segment_problem(&filled)) {
            diags.error(
                file.locate("edit_url"),
                format!("edit_url `{}` {why}", printable(edit)),
                "write a web address with `{path}` where the file's path goes, such as `https://github.com/org/repo/edit/main/{path}`",
            );
        } else if !edit.contains("{path}") {
            diags.warning(
                file.locate("edit_url"),
                "edit_url has no `{path}` placeholder, so every page links to the same place",
                "put `{path}` where the file's path goes, such as `https://github.com/org/repo/edit/main/{path}`",
            );
        }
    }
}

/// Why `url` cannot be a link that pages show (`repository`, `edit_url`): it must be an
/// absolute `http` or `https` address with a host, so it can never be `javascript:`.
pub fn web_url_problem(url: &str) -> Result<url::Url, &'static str> {
    if url
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return Err("holds white space, a control character or a backslash");
    }
    let parsed = url::Url::parse(url).map_err(|_| "is not an absolute http(s) URL")?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err("is not an http(s) URL");
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("has no host");
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("holds a user name, which makes the address misleading");
    }
    // `https://gіthub.com/…` (a Cyrillic `і`) reads as GitHub on every page's "Edit this
    // page" and leads to another host, which asks for a GitHub login.
    if (parsed.host_str()).is_some_and(|h| crate::url::lookalike_domain(h).is_some()) {
        return Err("has a lookalike host: one that mixes letters of several scripts (a Cyrillic `і` in `gіthub.com`) or is written in Cyrillic, Greek or Armenian letters that pass for Latin ones under a top-level domain of another script (browsers show it as punycode)");
    }
    Ok(parsed)
}

/// Why `url` cannot be the site's base URL (from site.yaml or `--base-url`): every page
/// loads its scripts and styles from below it, so it must be a plain `http(s)` address
/// of one host, whose path cannot turn into another host (`//evil.example/`).
pub fn base_url_problem(url: &str) -> Result<(), &'static str> {
    let parsed = web_url_problem(url)?;
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err("has a query or fragment, which a base address cannot have");
    }
    // Checked on the text as written too: the URL parser forgives `https:///host`.
    let after_scheme = url.split_once("://").map_or("", |(_, rest)| rest);
    if parsed.path().starts_with("//")
        || after_scheme.starts_with('/')
        || after_scheme.contains("//")
    {
        return Err("has an empty path segment (`//`), which browsers can read as another host");
    }
    Ok(())
}

/// Why `url` cannot be the repository's address (`repository` of site.yaml), besides
/// [`web_url_problem`]: links to the repository's files are made by adding
/// `/blob/<branch>/<path>` to it as written, so a query or fragment would swallow every
/// path, an empty segment (`//`) reads as another host to some readers, and a `.` or `..`
/// segment makes the browser climb to another repository of the host.
pub fn repository_problem(url: &str) -> Result<(), &'static str> {
    let parsed = web_url_problem(url)?;
    if parsed.query().is_some() || parsed.fragment().is_some() || url.contains(['?', '#']) {
        return Err("has a query or fragment (`?`, `#`), which would swallow the path of every link to the repository's files");
    }
    let after_scheme = url.split_once("://").map_or("", |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    if path.trim_end_matches('/').contains("//") {
        return Err("has an empty path segment (`//`), which browsers can read as another host");
    }
    dot_segment_problem(url)
}

/// Why `url` misleads, if it has a path segment `.` or `..`, written plainly or
/// percent-encoded (`%2e%2e`, which browsers read the same): the browser resolves it, and
/// `https://github.com/org/ops/../../evil/x` leads to another repository than it names.
pub fn dot_segment_problem(url: &str) -> Result<(), &'static str> {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path_end = after_scheme.find(['?', '#']).unwrap_or(after_scheme.len());
    let dots = after_scheme[..path_end].split('/').skip(1).any(|segment| {
        let plain = segment.to_ascii_lowercase().replace("%2e", ".");
        plain == "." || plain == ".."
    });
    if dots {
        return Err("has a `.` or `..` path segment, which browsers resolve: it leads elsewhere than it reads");
    }
    Ok(())
}

/// `s` with control characters escaped, for messages printed to a terminal.
fn printable(s: &str) -> String {
    s.chars()
        .flat_map(char::escape_debug)
        .collect::<String>()
        .replace("\\'", "'")
        .replace("\\\"", "\"")
}

/// The set of ids, reporting each duplicate at its second occurrence, and ids that would
/// not make a clean URL.
fn unique_ids<'a>(
    ids: impl Iterator<Item = &'a str>,
    file: &SourceFile,
    list: &str,
    what: &str,
    diags: &mut Diagnostics,
) -> HashSet<&'a str> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, id) in ids.enumerate() {
        // Located only when reported: finding a line costs a pass over the file.
        let at = || file.locate(&format!("{list}[{i}].id"));
        if let Some(&j) = first.get(id) {
            let first_at = file.locate(&format!("{list}[{j}].id"));
            diags.error(
                at(),
                format!(
                    "duplicate {what} id `{id}` (first defined at line {})",
                    first_at.line
                ),
                format!("every {what} needs its own id: rename one of the two"),
            );
            continue;
        }
        if !crate::model::is_usable_id(id) {
            diags.error(
                at(),
                format!("{what} id `{id}` is not usable in a URL"),
                "use lowercase letters, digits, `-` and `_` only, such as `daily-growth`",
            );
        }
        first.insert(id, i);
    }
    first.into_keys().collect()
}

/// Ids listed in a hint; a hint is repeated with every problem, so it may not grow with
/// the site.
const HINT_IDS: usize = 20;

fn id_hint(what: &str, place: &str, ids: &HashSet<&str>) -> String {
    let mut known: Vec<&str> = ids.iter().copied().collect();
    known.sort_unstable();
    if known.is_empty() {
        return format!("no {what} are defined yet: add them to {place}");
    }
    let more = known.len().saturating_sub(HINT_IDS);
    known.truncate(HINT_IDS);
    let mut hint = format!(
        "use one of the {what} defined in {place}: {}",
        known.join(", ")
    );
    if more > 0 {
        hint.push_str(&format!(" (and {more} more)"));
    }
    hint
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// Loads and validates a site made of the given `content/` files.
    fn check(files: &[(&str, &str)]) -> Diagnostics {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join("content").join(path);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        }
        let mut diags = Diagnostics::new();
        let (site, parsed) = crate::load::load(dir.path(), &mut diags);
        validate(
            &site,
            parsed,
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            &mut diags,
        );
        diags
    }

    const TEAM: &str = "engineers:\n  - {id: a, name: A}\n  - {id: b, name: B}\n";
    const DOMAINS: &str = "domains:\n  - {id: d, name: D}\n";

    fn messages(d: &Diagnostics) -> Vec<String> {
        d.sorted()
            .iter()
            .map(|d| format!("{} {}", d.location, d.message))
            .collect()
    }

    /// Folders whose names differ only in case (`Ops/`, `ops/`), or a folder and a page
    /// (`OPS.md`), are two listing pages readers cannot tell apart, and one folder on
    /// macOS or Windows: an error once per folder, at it. Before, only two files (`A.md`,
    /// `a.md`) were reported.
    #[test]
    fn folders_that_differ_only_in_case_are_reported() {
        let d = check(&[
            ("runbooks/ops/a.md", "# A\n"),
            ("runbooks/ops/b.md", "# B\n"),
            ("runbooks/Ops/c.md", "# C\n"),
            ("runbooks/Ops/d.md", "# D\n"),
            ("runbooks/OPS.md", "# E\n"),
            ("runbooks/db/x.md", "# X\n"),
            ("runbooks/db.md", "# Db\n"),
        ]);
        let found: Vec<String> = messages(&d)
            .into_iter()
            .filter(|m| m.contains("differ only in letter case"))
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found.iter().any(|m| m.starts_with(
                "content/runbooks/Ops/:1:1 `content/runbooks/OPS.md` and `content/runbooks/Ops/`"
            )),
            "{found:?}"
        );
        assert!(
            found.iter().any(|m| m.starts_with(
                "content/runbooks/ops/:1:1 `content/runbooks/OPS.md` and `content/runbooks/ops/`"
            )),
            "{found:?}"
        );
    }

    #[test]
    fn the_branch_and_the_forge_are_checked() {
        for (yaml, expected) in [
            (
                "repository: https://github.com/org/ops\nbranch: \"../../evil\"\n",
                vec!["content/site.yaml:2:9 branch `../../evil` is not a branch name git allows (no `..`, `//`, `@{`, leading `.` or `/`, trailing `/`, `.` or `.lock`)"],
            ),
            (
                "branch: main\n",
                vec!["content/site.yaml:1:9 branch is set, but not `repository`: links to files outside the runbook folder cannot be made"],
            ),
            (
                "repository: https://code.acme.com/ops\n",
                vec!["content/site.yaml:1:13 pipebook cannot tell whether `https://code.acme.com/ops` is on GitHub or GitLab: links to its files outside the runbook folder take GitHub's form (`/blob/<branch>/<path>`)"],
            ),
            (
                "repository: https://code.acme.com/ops\nedit_url: https://code.acme.com/ops/-/edit/main/{path}\nbranch: release/2.x\n",
                vec![],
            ),
        ] {
            assert_eq!(messages(&check(&[("site.yaml", yaml)])), expected, "{yaml}");
        }
    }

    #[test]
    fn a_consistent_site_has_no_problems() {
        let pipelines = format!("{DOMAINS}pipelines:\n  - {{id: p, name: P, domain: d, audience: x, primary: a, secondary: b, runbook: r}}\n");
        let d = check(&[
            ("team.yaml", TEAM),
            ("pipelines.yaml", &pipelines),
            ("runbooks/r.md", "---\npipelines: [p]\n---\n# R\n"),
            ("oncall.yaml", "rotation:\n  order: [a, b]\n  start: 2026-01-05\n  handoff: {weekday: monday, time: \"09:00\"}\n  timezone: UTC\n"),
        ]);
        assert!(messages(&d).is_empty(), "{:?}", messages(&d));
    }

    #[test]
    fn unknown_ids_point_at_the_value() {
        let pipelines = format!("{DOMAINS}pipelines:\n  - id: p\n    name: P\n    domain: e\n    audience: x\n    primary: a\n    secondary: z\n");
        let d = check(&[("team.yaml", TEAM), ("pipelines.yaml", &pipelines)]);
        let m = messages(&d);
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(
            m.contains(
                &"content/pipelines.yaml:6:13 pipeline `p` is in unknown domain `e`".to_string()
            ),
            "{m:?}"
        );
        assert!(m.contains(&"content/pipelines.yaml:9:16 unknown engineer `z` as secondary owner of pipeline `p`".to_string()), "{m:?}");
    }

    #[test]
    fn broken_team_file_does_not_cascade() {
        let pipelines = format!("{DOMAINS}pipelines:\n  - {{id: p, name: P, domain: d, audience: x, primary: a, secondary: b}}\n");
        let d = check(&[
            ("team.yaml", "engineers: [oops"),
            ("pipelines.yaml", &pipelines),
        ]);
        assert_eq!(d.error_count(), 1, "{:?}", messages(&d));
        assert!(messages(&d)[0].starts_with("content/team.yaml"));
    }

    #[test]
    fn rotation_checks() {
        let d = check(&[
            ("team.yaml", TEAM),
            ("oncall.yaml", "rotation:\n  order: [a, c]\n  start: 2026-01-06\n  handoff: {weekday: monday, time: \"09:00\"}\n  timezone: UTC\n"),
        ]);
        let m = messages(&d);
        assert!(
            m.iter()
                .any(|s| s.starts_with("content/oncall.yaml:2:14 unknown engineer `c`")),
            "{m:?}"
        );
        assert!(m.iter().any(|s| s.contains("rotation starts on 2026-01-06 (Tue), but handoffs are on Mon")), "{m:?}");
        let hint = d
            .sorted()
            .iter()
            .find_map(|d| d.hint.clone().filter(|h| h.contains("such as")))
            .unwrap();
        assert!(hint.contains("2026-01-05"), "{hint}");
    }

    #[test]
    fn ids_must_be_url_safe_and_time_off_ordered() {
        let team = "engineers:\n  - id: Big One\n    name: X\n    time_off:\n      - {from: 2026-02-10, to: 2026-02-01}\n";
        let m = messages(&check(&[("team.yaml", team)]));
        assert!(
            m.iter()
                .any(|s| s.contains("engineer id `Big One` is not usable in a URL")),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|s| s.contains("ends (2026-02-01) before it starts (2026-02-10)")),
            "{m:?}"
        );
    }

    #[test]
    fn base_url_must_be_http() {
        let m = messages(&check(&[("site.yaml", "base_url: ops.example.com\n")]));
        assert_eq!(
            m,
            ["content/site.yaml:1:11 base_url `ops.example.com` is not an absolute http(s) URL"]
        );
    }

    #[test]
    fn site_urls_cannot_run_script_or_point_at_another_host() {
        for (yaml, message) in [
            (
                "repository: \"javascript:alert(document.domain)\"\n",
                "content/site.yaml:1:13 repository `javascript:alert(document.domain)` is not an http(s) URL",
            ),
            (
                "edit_url: \"javascript:alert(1)//{path}\"\n",
                "content/site.yaml:1:11 edit_url `javascript:alert(1)//{path}` is not an http(s) URL",
            ),
            (
                "base_url: \"https://ops.example.com/\\\\evil.example/\"\n",
                "content/site.yaml:1:11 base_url `https://ops.example.com/\\\\evil.example/` holds white space, a control character or a backslash",
            ),
            (
                "base_url: \"//evil.example/\"\n",
                "content/site.yaml:1:11 base_url `//evil.example/` is not an absolute http(s) URL",
            ),
            (
                "base_url: \"https://ops.example.com//evil.example/\"\n",
                "content/site.yaml:1:11 base_url `https://ops.example.com//evil.example/` has an empty path segment (`//`), which browsers can read as another host",
            ),
            (
                "base_url: \"https://ops.example.com@evil.example/\"\n",
                "content/site.yaml:1:11 base_url `https://ops.example.com@evil.example/` holds a user name, which makes the address misleading",
            ),
            (
                "base_url: \"https:///x\"\n",
                "content/site.yaml:1:11 base_url `https:///x` has an empty path segment (`//`), which browsers can read as another host",
            ),
        ] {
            let m = messages(&check(&[("site.yaml", yaml)]));
            assert_eq!(m, [message], "{yaml}");
        }
        let ok = "base_url: https://ops.example.com/docs/\nrepository: https://github.com/org/ops\nedit_url: https://github.com/org/ops/edit/main/{path}\n";
        assert_eq!(messages(&check(&[("site.yaml", ok)])), Vec::<String>::new());
    }

    #[test]
    fn overrides_are_checked() {
        let oncall = "rotation: {order: [a, b], start: 2026-01-05, handoff: {weekday: monday, time: \"09:00\"}, timezone: UTC}\n\
             overrides:\n\
             \x20 - {from: \"2026-02-01 09:00\", to: \"2026-02-02 09:00\", engineer: zed, reason: x}\n\
             \x20 - {from: \"2026-02-02 08:00\", to: \"2026-02-03 09:00\", engineer: b, reason: y}\n\
             \x20 - {from: \"2026-03-03 18:00\", to: \"2026-03-04 09:00\", engineer: a, reason: z}\n\
             \x20 - {from: \"2026-04-02 18:00\", to: \"2026-04-01 09:00\", engineer: b, reason: w}\n";
        let diags = check(&[
            ("team.yaml", "engineers:\n  - {id: a, name: A, time_off: [{from: 2026-03-02, to: 2026-03-03}]}\n  - {id: b, name: B}\n"),
            ("oncall.yaml", oncall),
        ]);
        let m = messages(&diags);
        assert_eq!(m.len(), 4, "{m:?}");
        assert!(
            m[0].starts_with("content/oncall.yaml:3:66 unknown engineer `zed`"),
            "{m:?}"
        );
        assert!(m[1].starts_with("content/oncall.yaml:4:12 override 2026-02-02 08:00 to 2026-02-03 09:00 overlaps the override at line 3 (2026-02-01 09:00 to 2026-02-02 09:00)"), "{m:?}");
        assert!(m[2].starts_with("content/oncall.yaml:5:66 override puts `a` on call from 2026-03-03 18:00 to 2026-03-04 09:00, during their time off (2026-03-02 to 2026-03-03)"), "{m:?}");
        assert!(m[3].starts_with("content/oncall.yaml:6:36 override ends (2026-04-01 09:00) before it starts (2026-04-02 18:00)"), "{m:?}");
    }
}
