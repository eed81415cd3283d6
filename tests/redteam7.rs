//! A seventh adversarial review (session 12): calendars that must not churn when
//! unrelated content changes, and hostile input against what landed in sessions 11 and 12.
//! Each test builds a small site in a temporary folder and checks what was written.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use common::{copy_dir, example_site, read, stderr, EPOCH};

/// Builds `root` into `out` at the clock `epoch`, with extra environment and arguments.
fn build_into(root: &Path, out: &Path, epoch: &str, env: &[(&str, &str)], args: &[&str]) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_pipebook"))
        .args(["build", "--root", root.to_str().unwrap()])
        .args(["--output", out.to_str().unwrap()])
        .args(args)
        .env("SOURCE_DATE_EPOCH", epoch)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    o
}

/// Every calendar feed of the site in `out`, by file name, byte for byte.
fn feeds(out: &Path) -> BTreeMap<String, String> {
    let mut all = BTreeMap::new();
    all.insert("oncall.ics".to_string(), read(&out.join("oncall.ics")));
    for entry in fs::read_dir(out.join("oncall")).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".ics") {
            all.insert(format!("oncall/{name}"), read(&entry.path()));
        }
    }
    assert!(all.len() >= 5, "the team feed and four engineers' feeds");
    all
}

/// Each event of a feed, in order: (UID, unfolded text).
fn events(feed: &str) -> Vec<(String, String)> {
    feed.replace("\r\n ", "")
        .split("BEGIN:VEVENT\r\n")
        .skip(1)
        .map(|block| {
            let block = &block[..block.find("END:VEVENT").unwrap()];
            let uid = block.lines().find(|l| l.starts_with("UID:")).unwrap();
            (uid.to_string(), block.to_string())
        })
        .collect()
}

fn property<'a>(event: &'a str, name: &str) -> &'a str {
    event
        .lines()
        .find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(':')))
        .unwrap_or_default()
}

/// Asserts two sets of feeds are byte-identical, naming the first event that differs.
fn assert_same(before: &BTreeMap<String, String>, after: &BTreeMap<String, String>, what: &str) {
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "{what}: the feeds written"
    );
    for (name, old) in before {
        if old != &after[name] {
            let (old, new) = (events(old), events(&after[name]));
            let differs = old.iter().zip(&new).find(|(a, b)| a != b);
            panic!(
                "{what}: {name} changed ({} -> {} events); first change: {differs:#?}",
                old.len(),
                new.len()
            );
        }
    }
}

#[test]
fn feeds_do_not_change_when_unrelated_content_changes() {
    let site = example_site();
    let root = site.path();
    let out = root.join("public");
    build_into(root, &out, EPOCH, &[], &[]);
    let first = feeds(&out);

    // A runbook edited, a runbook added, an engineer who is not on the rotation, the
    // holidays listed in another order and the pipelines too: no event is about them.
    let runbook = root.join("content/runbooks/growth/aggregate-growth.md");
    let text = read(&runbook);
    fs::write(&runbook, format!("{text}\nA sentence added in review.\n")).unwrap();
    fs::write(
        root.join("content/runbooks/growth/new-check.md"),
        "---\ntitle: A new check\npipelines: [aggregate-growth]\n---\n# A new check\n\nRun it.\n",
    )
    .unwrap();
    let team = read(&root.join("content/team.yaml"));
    fs::write(
        root.join("content/team.yaml"),
        format!("{team}\n  - id: newcomer\n    name: New Comer\n    contact: {{ email: new@example.com }}\n"),
    )
    .unwrap();
    let reverse_lines = |file: &str, item: &str, stop: &str| {
        let path = root.join(file);
        let text = read(&path);
        let (head, rest) = text.split_once(stop).unwrap();
        let (list, tail) = rest.split_at(rest.find("\n\n").unwrap_or(rest.len()));
        let mut items: Vec<String> = list
            .split(item)
            .skip(1)
            .map(|i| format!("{item}{}", i.trim_end_matches('\n')))
            .collect();
        assert!(items.len() > 3, "{file}: {}", items.len());
        items.reverse();
        fs::write(&path, format!("{head}{stop}{}\n{tail}", items.join("\n"))).unwrap();
    };
    reverse_lines("content/oncall.yaml", "  - { date:", "holidays:\n");
    reverse_lines("content/pipelines.yaml", "  - id:", "pipelines:\n");
    build_into(root, &out, EPOCH, &[], &[]);
    // The newcomer's feed is written, with no event (see `tests/cal32.rs`).
    let mut after = feeds(&out);
    let newcomer = after
        .remove("oncall/newcomer.ics")
        .expect("the newcomer's feed");
    assert!(events(&newcomer).is_empty(), "{newcomer}");
    assert_same(&first, &after, "after unrelated edits");

    // Three days and five hours later, on a machine in another time zone and locale,
    // with more threads, from a copy of the tree at another path that kept the site it
    // replaces (Netlify's cache): every feed byte for byte the same.
    let elsewhere = tempfile::tempdir().unwrap();
    let other = elsewhere.path().join("checkout with spaces");
    copy_dir(root, &other);
    let later = (EPOCH.parse::<u64>().unwrap() + 3 * 86_400 + 5 * 3_600).to_string();
    let env = [
        ("TZ", "Pacific/Kiritimati"),
        ("LC_ALL", "tr_TR.UTF-8"),
        ("LANG", "tr_TR.UTF-8"),
        ("RAYON_NUM_THREADS", "7"),
    ];
    build_into(&other, &other.join("public"), &later, &env, &[]);
    let mut later = feeds(&other.join("public"));
    assert_eq!(later.remove("oncall/newcomer.ics"), Some(newcomer.clone()));
    assert_same(&first, &later, "a later build elsewhere");

    // The same clock into a fresh folder (no previous site): the same bytes again.
    let fresh = elsewhere.path().join("fresh");
    build_into(&other, &fresh, EPOCH, &env, &[]);
    let mut fresh = feeds(&fresh);
    assert_eq!(fresh.remove("oncall/newcomer.ics"), Some(newcomer));
    assert_same(&first, &fresh, "a fresh build at the same clock");
}

#[test]
fn a_new_pipeline_raises_no_sequence_and_moves_no_event() {
    // A new pipeline is a new backup on holidays, so the holiday shifts' descriptions
    // name it; nothing else may move: no UID, no order, no SEQUENCE, no other event.
    let site = example_site();
    let root = site.path();
    let out = root.join("public");
    build_into(root, &out, EPOCH, &[], &[]);
    let before = feeds(&out);
    let pipelines = read(&root.join("content/pipelines.yaml"));
    fs::write(
        root.join("content/pipelines.yaml"),
        format!("{pipelines}  - id: brand-new\n    name: Brand new\n    description: New.\n    domain: growth\n    audience: experiments\n    primary: de2\n    secondary: de1\n"),
    )
    .unwrap();
    build_into(root, &out, EPOCH, &[], &[]);
    let after = feeds(&out);
    let mut changed = 0;
    for (name, feed) in &before {
        let (old, new) = (events(feed), events(&after[name]));
        let new_by_uid: BTreeMap<&String, &String> = new.iter().map(|(u, t)| (u, t)).collect();
        let kept: Vec<&String> = new
            .iter()
            .map(|(u, _)| u)
            .filter(|u| old.iter().any(|(o, _)| o == *u))
            .collect();
        assert_eq!(
            kept,
            old.iter().map(|(u, _)| u).collect::<Vec<_>>(),
            "{name}: every event kept, in its order"
        );
        for (uid, text) in &old {
            let now = new_by_uid[uid];
            assert_eq!(
                property(now, "SEQUENCE"),
                property(text, "SEQUENCE"),
                "{name} {uid}"
            );
            assert_eq!(
                property(now, "DTSTART"),
                property(text, "DTSTART"),
                "{name} {uid}"
            );
            if now != text {
                assert!(
                    property(now, "DESCRIPTION").contains("Brand new"),
                    "{name} {uid}: changed without naming the new pipeline:\n{text}\n{now}"
                );
                changed += 1;
            }
        }
    }
    assert!(changed > 0, "the holiday shifts name the new backup");
}

#[test]
fn uids_do_not_depend_on_how_the_base_url_is_spelled() {
    // Hosts are case-insensitive, `:443` is https's port and `host.` the same host: a
    // site.yaml written one way and a `--base-url` another way (Netlify's `$URL`) must
    // not give every event a new UID, which clients show as duplicates.
    let site = example_site();
    let root = site.path();
    let uids = |base: &str| -> Vec<String> {
        let out = root.join(format!("out-{}", base.len()));
        build_into(root, &out, EPOCH, &[], &["--base-url", base]);
        let feed = read(&out.join("oncall.ics"));
        let found: Vec<String> = events(&feed).into_iter().map(|(u, _)| u).collect();
        fs::remove_dir_all(&out).unwrap();
        found
    };
    let plain = uids("https://ops.example.com/runbooks/");
    // The path too: another site may live under the same host (`tests/cal32.rs`).
    assert!(
        plain
            .iter()
            .all(|u| u.ends_with("@ops.example.com/runbooks")),
        "{plain:?}"
    );
    for other in [
        "https://OPS.Example.COM/runbooks/",
        "https://ops.example.com:443/runbooks",
        "https://ops.example.com./runbooks/",
    ] {
        assert_eq!(uids(other), plain, "{other}");
    }
    // Another port is another site: its events keep it apart.
    assert!(uids("https://ops.example.com:8443/")
        .iter()
        .all(|u| u.ends_with("@ops.example.com:8443")));
}

#[test]
fn markdown_that_is_not_dot_md_is_named_not_silently_served_raw() {
    // GitHub shows `README.MD` as its folder's page and `notes.markdown` as a page; here
    // they were published as raw files with no word said, and the folder had no page.
    let site = example_site();
    let root = site.path();
    let dir = root.join("content/runbooks/legacy");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("README.MD"),
        "# Legacy jobs\n\nWhat runs at night.\n",
    )
    .unwrap();
    fs::write(dir.join("notes.markdown"), "# Notes\n").unwrap();
    fs::write(dir.join("restart.md"), "# Restart\n\nRun it.\n").unwrap();
    let out = root.join("public");
    let o = build_into(root, &out, EPOCH, &[], &[]);
    let said = stderr(&o);
    // Since session 15 `README.MD` (any case of `.md`) is a runbook: the folder's page.
    let at = said
        .find("`content/runbooks/legacy/notes.markdown` is Markdown")
        .unwrap_or_else(|| panic!("notes.markdown not named:\n{said}"));
    assert!(said[at..].contains("rename it to `notes.md`"), "{said}");
    assert!(!said.contains("README.MD` is Markdown"), "{said}");
    let page = fs::read_to_string(out.join("runbooks/legacy/index.html")).unwrap();
    assert!(page.contains("Legacy jobs</h1>"), "{page}");
    assert!(!said.contains("restart.md` is Markdown"), "{said}");
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_refused_by_name() {
    // Two Latin-1 names (`caf\xe9.md`, `caf\xe8.md`) were both read as `caf�.md`: one page,
    // and an error naming the same file twice. Each is named, with the fix.
    use std::os::unix::ffi::OsStrExt;
    let site = example_site();
    let root = site.path();
    let dir = root.join("content/runbooks/profit");
    for byte in [0xe9u8, 0xe8] {
        let bytes = [b'c', b'a', b'f', byte, b'.', b'm', b'd'];
        fs::write(dir.join(std::ffi::OsStr::from_bytes(&bytes)), "# Caf\n").unwrap();
    }
    let o = Command::new(env!("CARGO_BIN_EXE_pipebook"))
        .args(["build", "--root", root.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .unwrap();
    let said = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{said}");
    assert_eq!(
        said.matches("has a name that is not UTF-8").count(),
        2,
        "{said}"
    );
    assert!(
        said.contains("rename the file or folder in UTF-8"),
        "{said}"
    );
    assert!(!said.contains("would both be the page"), "{said}");
    assert!(!root.join("public").exists());
}

#[test]
fn footnote_ids_meet_no_heading_and_no_theme_id() {
    // `[^note]` was `id="note"`, as was the heading `## Note` above it: the footnote's
    // link led to the heading. `[^main]` doubled the theme's `<main id="main">`.
    let site = example_site();
    let root = site.path();
    fs::write(
        root.join("content/runbooks/profit/footnotes.md"),
        "# Footnotes\n\nRestart once[^note], then check[^main].\n\n## Note\n\nText.\n\n[^note]: Twice loses data.\n[^main]: The main job.\n",
    )
    .unwrap();
    let out = root.join("public");
    build_into(root, &out, EPOCH, &[], &[]);
    let html = read(&out.join("runbooks/profit/footnotes/index.html"));
    let mut ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), before, "an id twice: {ids:?}");
    for label in ["note", "main"] {
        let href = format!("href=\"#fn-{label}\"");
        assert!(html.contains(&href), "{href}");
        assert!(html.contains(&format!("id=\"fn-{label}\"")), "{label}");
    }
    assert!(html.contains("id=\"note\""), "the heading keeps its id");
}
