//! Helpers shared by the integration tests: run the real binary on sites in temporary
//! folders and read what it wrote.
#![allow(dead_code)]

pub mod duties;
pub mod served;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// 2026-11-26T12:00:00Z: a Thursday in week 47 of the example rotation (Data Engineer 3).
pub const EPOCH: &str = "1795694400";

/// The `SEQUENCE` a build at `epoch` gives an event it changes or has no record of: the
/// seconds from 2020-01-01T00:00Z (`feeds::revision::floor`).
pub fn sequence_floor(epoch: u64) -> u64 {
    epoch - 1_577_836_800
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `shared/` beside the repository, as laid out for sessions and CI.
pub fn shared() -> PathBuf {
    let p = repo().join("../shared");
    assert!(
        p.is_dir(),
        "shared/ must sit beside the repository at {}",
        p.display()
    );
    p
}

/// Runs `pipebook ARGS` with the fixed clock.
pub fn pipebook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pipebook"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .expect("run pipebook")
}

/// Runs `pipebook build --root ROOT` with the clock at `epoch` (seconds since 1970).
pub fn build_at(root: &Path, epoch: u64) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pipebook"))
        .args(["build", "--root", root.to_str().expect("a UTF-8 path")])
        .env("SOURCE_DATE_EPOCH", epoch.to_string())
        .output()
        .expect("run pipebook")
}

/// The stderr of a build of `root` at `epoch` that succeeded (its warnings).
pub fn warnings_at(root: &Path, epoch: u64) -> String {
    let o = build_at(root, epoch);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    stderr(&o)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The problems reported, one line each: `file:line message`.
pub fn problems(err: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut message = None;
    for line in err.lines() {
        if let Some(m) = line
            .strip_prefix("warning: ")
            .or(line.strip_prefix("error: "))
        {
            message = Some(m.to_string());
        } else if let (Some(at), Some(m)) = (line.trim().strip_prefix("┌─ "), message.take()) {
            let at = at
                .rsplit_once(':')
                .map_or(at, |(file_line, _col)| file_line);
            found.push(format!("{at} {m}"));
        }
    }
    found
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A copy of the example site (content and themes) in a temporary folder.
pub fn example_site() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    dir
}

/// Adds `n` copies of the example's aggregate-profit runbook under
/// `content/runbooks/bulk/` of the site at `root` (without its `alerts:`: two runbooks may
/// not answer one alert), so that writing or removing the site takes a while.
pub fn add_copies(root: &Path, n: usize) {
    let body = read(&root.join("content/runbooks/profit/aggregate-profit.md"))
        .lines()
        .filter(|l| !l.starts_with("alerts:"))
        .collect::<Vec<_>>()
        .join("\n");
    let dir = root.join("content/runbooks/bulk");
    fs::create_dir_all(&dir).unwrap();
    for i in 0..n {
        fs::write(
            dir.join(format!("copy-{i}.md")),
            body.replace("title: Aggregate profit", &format!("title: Copy {i}")),
        )
        .unwrap();
    }
}

/// Puts the example's title back, builds, and renames it again: the previous site as it
/// was before a build that a test meant to interrupt finished first.
pub fn rebuild_before_rename(root: &Path) {
    let (renamed, title) = ("title: Renamed", "title: Data Engineering Operations");
    edit(root, "content/site.yaml", renamed, title);
    build_ok(root);
    edit(root, "content/site.yaml", title, renamed);
}

/// A site of the given files (paths under the root) in a temporary folder.
pub fn site_of(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let p = dir.path().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

/// Builds the site at `root` into `root/public`; panics with the messages on failure.
pub fn build_ok(root: &Path) -> Output {
    let out = pipebook(&["build", "--root", root.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "build failed: {}\n{}",
        stdout(&out),
        stderr(&out)
    );
    out
}

/// The runbook's part of the page built for `runbooks/<slug>`: `<article …>` to `</article>`.
pub fn article(root: &Path, slug: &str) -> String {
    let page = read(&root.join(format!("public/runbooks/{slug}/index.html")));
    let start = page.find("<article").expect("an article");
    let end = page.rfind("</article>").expect("its end");
    page[start..end].to_string()
}

pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Replaces `from` with `to` in a file of the site, asserting that `from` was there.
pub fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = read(&path);
    assert!(text.contains(from), "{file} does not contain {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Builds the example site with `edits` (file, from, to) made; returns the exit code and
/// the messages.
pub fn build_edited(edits: &[(&str, &str, &str)]) -> (Option<i32>, String) {
    let site = example_site();
    for (file, from, to) in edits {
        edit(site.path(), file, from, to);
    }
    let out = pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    (out.status.code(), stderr(&out))
}

/// Every file under `dir` with its bytes, for comparing whole output folders.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// The site's calendar feeds: `oncall.ics`, then each engineer's `oncall/*.ics` by name.
pub fn feed_files(public: &Path) -> Vec<PathBuf> {
    let mut feeds = vec![public.join("oncall.ics")];
    let mut personal: Vec<_> = fs::read_dir(public.join("oncall"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ics"))
        .collect();
    personal.sort();
    feeds.extend(personal);
    feeds
}

/// `pipebook init` on a repository of `files` and a `Dockerfile`: asserts that it wrote
/// `runbooks: <expected>` and that the site builds. Returns the site, built into public/.
pub fn init_chooses(files: &[(&str, &str)], expected: &str) -> TempDir {
    let mut all = files.to_vec();
    all.push(("Dockerfile", "FROM scratch\n"));
    let site = site_of(&all);
    let o = pipebook(&["init", "--root", site.path().to_str().unwrap()]);
    assert!(o.status.success(), "{expected}: {}", stderr(&o));
    let yaml = read(&site.path().join("content/site.yaml"));
    let line = yaml
        .lines()
        .find(|l| l.starts_with("runbooks:"))
        .unwrap_or_default();
    assert_eq!(line.split_whitespace().nth(1), Some(expected), "{yaml}");
    build_ok(site.path());
    site
}

/// The example with unit-level profit's stale alert claimed by no runbook: it keeps a page
/// of its own.
pub fn unclaimed_alert() -> TempDir {
    let site = example_site();
    edit(
        site.path(),
        "content/runbooks/profit/aggregate-profit.md",
        ", UnitLevelProfitStale",
        "",
    );
    site
}

/// A site.yaml of a site at `https://ops.example/`.
pub const OPS_SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\n",
);

/// The problems reported for a site of one runbook `a.md` holding `md`, as `file:line
/// message`: those quoting their line (`┌─`) and those on a line too long to quote (`-->`).
pub fn problems_of(md: &str) -> Vec<String> {
    let site = site_of(&[OPS_SITE, ("content/runbooks/a.md", md)]);
    let err = stderr(&build_ok(site.path()));
    problems(&err.replace("  --> ", "  ┌─ "))
}

/// A PNG's signature and header chunk, `w` by `h` (all a header reader needs).
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let mut b = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    b.extend_from_slice(b"IHDR");
    b.extend_from_slice(&w.to_be_bytes());
    b.extend_from_slice(&h.to_be_bytes());
    b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    b
}

/// Runs a deploy preview's build of `root` (`netlify.toml`'s command, its own base URL
/// `deploy-preview-NUMBER--ops.netlify.app`) at `epoch` into the same `public/`, as
/// Netlify's one build cache per site has it; asserts it succeeded.
pub fn preview_at(root: &Path, number: u64, epoch: u64) -> Output {
    let url = format!("https://deploy-preview-{number}--ops.netlify.app/");
    let out = Command::new(env!("CARGO_BIN_EXE_pipebook"))
        .args(["build", "--root", root.to_str().expect("a UTF-8 path")])
        .args(["--preview", "--base-url", &url])
        .env("SOURCE_DATE_EPOCH", epoch.to_string())
        .output()
        .expect("run pipebook");
    assert!(out.status.success(), "{}", stderr(&out));
    out
}

/// Writes into `root` a site of 100 engineers (`e0`..`e99`) on daily shifts from
/// `start`, in New York, publishing `horizon` (oncall.yaml's flow mapping, e.g.
/// `{ past_weeks: 4, future_weeks: 52 }`): big feeds quickly.
pub fn write_daily_rotation(root: &Path, start: &str, horizon: &str) {
    let team: String = (0..100)
        .map(|i| format!("  - id: e{i}\n    name: Engineer Number {i}\n"))
        .collect();
    let order: Vec<String> = (0..100).map(|i| format!("e{i}")).collect();
    let oncall = format!(
        "rotation:\n  order: [{}]\n  start: {start}\n  handoff: {{ weekday: monday, time: \"09:00\" }}\n  timezone: America/New_York\n  shift: daily\nhorizon: {horizon}\n",
        order.join(", ")
    );
    for (rel, text) in [
        (
            "content/site.yaml",
            "title: Big\nbase_url: https://big.example.com/\n".to_string(),
        ),
        ("content/team.yaml", format!("engineers:\n{team}")),
        ("content/oncall.yaml", oncall),
        (
            "content/runbooks/a.md",
            "---\ntitle: A\n---\n\nRun it.\n".to_string(),
        ),
    ] {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().expect("a folder")).expect("mkdir");
        fs::write(p, text).expect("write");
    }
}

/// The search entry (result text and sections) written for `url` under `root/public`.
pub fn search_entry(root: &Path, url: &str) -> String {
    let dir = root.join("public/search/f");
    let want = format!("\"u\":\"{url}\"");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = read(&entry.unwrap().path());
        if text.contains(&want) {
            return text;
        }
    }
    panic!("no search entry for {url} in {}", dir.display());
}

/// The event of `uid` (its unfolded lines) in the feed `feed` under `root/public/`.
pub fn event_of(root: &Path, feed: &str, uid: &str) -> String {
    let text = read(&root.join("public").join(feed)).replace("\r\n ", "");
    text.split("BEGIN:VEVENT")
        .find(|e| e.contains(&format!("\r\nUID:{uid}\r\n")))
        .unwrap_or_else(|| panic!("no event {uid} in {feed}"))
        .to_string()
}

/// The value of property `name` of an event's text (as [`event_of`] gives it).
pub fn prop<'a>(event: &'a str, name: &str) -> &'a str {
    let start = format!("\r\n{name}:");
    let at = event.find(&start).unwrap_or_else(|| panic!("no {name}")) + start.len();
    event[at..].split("\r\n").next().unwrap()
}

/// Data Engineer 4 leaves the example site at `root`: out of team.yaml and
/// `rotation.order`, their pipelines to de3 (as primary) and to de1 or de2 (as secondary).
pub fn de4_leaves(root: &Path) {
    let team = read(&root.join("content/team.yaml"));
    let at = team.find("  - id: de4\n").unwrap();
    let end = team[at + 1..]
        .find("  - id:")
        .map_or(team.len(), |e| at + 1 + e);
    fs::write(
        root.join("content/team.yaml"),
        format!("{}{}", &team[..at], &team[end..]),
    )
    .unwrap();
    edit(root, "content/oncall.yaml", "de3, de4]", "de3]");
    let pipelines = read(&root.join("content/pipelines.yaml"));
    let owners = (pipelines.lines())
        .filter(|l| l.contains("primary:") || l.contains("secondary:"))
        .count();
    assert_eq!(owners, 10);
    let mut fixed = String::new();
    let mut primary = String::new();
    for line in pipelines.lines() {
        let mut line = line.to_string();
        if let Some(p) = line.trim().strip_prefix("primary: ") {
            primary = p.replace("de4", "de3");
            line = line.replace("de4", "de3");
        } else if line.trim() == "secondary: de4" {
            line = line.replace("de4", if primary == "de2" { "de1" } else { "de2" });
        }
        fixed.push_str(&line);
        fixed.push('\n');
    }
    fs::write(root.join("content/pipelines.yaml"), fixed).unwrap();
}

/// The first line (from 1) of `oncall.yaml` at `root`, not a comment, that contains `text`.
pub fn line_of(root: &Path, text: &str) -> usize {
    let oncall = read(&root.join("content/oncall.yaml"));
    1 + oncall
        .lines()
        .position(|l| !l.starts_with('#') && l.contains(text))
        .unwrap_or_else(|| panic!("no {text:?} in oncall.yaml"))
}
