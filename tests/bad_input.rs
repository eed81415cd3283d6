//! Broken content fails with exit code 1, a message naming file, line and column and
//! what to do, and leaves the previous output exactly as it was.

mod common;

use std::path::Path;

use common::*;

/// Builds the example site once, breaks it with `mutate`, builds again, and returns the
/// second build's messages after checking the exit code and the untouched output.
fn break_and_build(mutate: impl FnOnce(&Path)) -> String {
    let site = example_site();
    let root = site.path();
    build_ok(root);
    let before = snapshot(&root.join("public"));
    mutate(root);
    let o = pipebook(&["build", "--root", root.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "exit code 1 expected: {err}");
    assert_eq!(
        snapshot(&root.join("public")),
        before,
        "previous output changed"
    );
    let leftovers: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("pipebook"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
    assert!(
        err.contains("nothing was written and the previous output is unchanged"),
        "{err}"
    );
    // `check` reports the same, and writes nothing either.
    let c = pipebook(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(c.status.code(), Some(1));
    assert_eq!(first_error(&stderr(&c)), first_error(&err));
    err
}

fn first_error(s: &str) -> String {
    s.lines()
        .find(|l| l.starts_with("error"))
        .unwrap_or("")
        .to_string()
}

#[test]
fn unknown_engineer_in_pipelines() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/pipelines.yaml",
            "    primary: de4\n",
            "    primary: de9\n",
        )
    });
    assert!(
        err.contains("unknown engineer `de9` as primary owner of pipeline `daily-growth`"),
        "{err}"
    );
    assert!(err.contains("content/pipelines.yaml:53:14"), "{err}");
    assert!(
        err.contains(
            "hint: use one of the engineers defined in content/team.yaml: de1, de2, de3, de4"
        ),
        "{err}"
    );
    assert!(err.contains("primary: de9"), "source snippet: {err}");
}

#[test]
fn unknown_engineer_in_rotation() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/oncall.yaml",
            "order: [de1, de2, de3, de4]",
            "order: [de1, de2, dee3, de4]",
        )
    });
    assert!(
        err.contains("unknown engineer `dee3` in the on-call rotation"),
        "{err}"
    );
    assert!(err.contains("content/oncall.yaml:5:21"), "{err}");
}

#[test]
fn unknown_pipeline_in_front_matter() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/runbooks/growth/aggregate-growth.md",
            "pipelines: [aggregate-growth, daily-growth]",
            "pipelines: [aggregate-growht, daily-growth]",
        )
    });
    assert!(
        err.contains("runbook names unknown pipeline `aggregate-growht`"),
        "{err}"
    );
    assert!(
        err.contains("content/runbooks/growth/aggregate-growth.md:3:13"),
        "{err}"
    );
    assert!(
        err.contains("aggregate-growth, aggregate-profit"),
        "lists the known ids: {err}"
    );
}

#[test]
fn duplicate_ids() {
    let err = break_and_build(|root| {
        let team = root.join("content/team.yaml");
        let text = read(&team) + "  - id: de1\n    name: Data Engineer 1 again\n";
        std::fs::write(team, text).unwrap();
        let pipelines = root.join("content/pipelines.yaml");
        let text = read(&pipelines)
            + "  - { id: aggregate-growth, name: Copy, domain: growth, audience: investors, primary: de1, secondary: de2 }\n";
        std::fs::write(pipelines, text).unwrap();
    });
    assert!(
        err.contains("duplicate engineer id `de1` (first defined at line 6)"),
        "{err}"
    );
    assert!(err.contains("content/team.yaml:22:9"), "{err}");
    assert!(
        err.contains("duplicate pipeline id `aggregate-growth` (first defined at line 39)"),
        "{err}"
    );
    assert!(err.contains("content/pipelines.yaml:65:11"), "{err}");
    assert!(
        err.contains("error: 2 errors"),
        "both reported in one run, nothing else: {err}"
    );
}

#[test]
fn same_primary_and_secondary_owner() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/pipelines.yaml",
            "    secondary: de3\n",
            "    secondary: de1\n",
        )
    });
    assert!(
        err.contains("pipeline `unit-level-profit` has `de1` as both primary and secondary owner"),
        "{err}"
    );
    assert!(err.contains("content/pipelines.yaml:28:16"), "{err}");
}

#[test]
fn yaml_syntax_error() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/team.yaml",
            "name: Data Engineer 3",
            "name: \"Data Engineer 3",
        )
    });
    // The unclosed quote swallows the line break; libyaml notices on the next line.
    assert!(err.contains("content/team.yaml:16:48"), "{err}");
    assert!(
        err.contains("found character that cannot start any token"),
        "{err}"
    );
    assert!(
        err.contains("hint: see the README's `team.yaml` section"),
        "{err}"
    );
}

#[test]
fn yaml_type_errors() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/oncall.yaml",
            "start: 2026-01-05",
            "start: next monday",
        );
        edit(
            root,
            "content/oncall.yaml",
            "timezone: America/New_York",
            "timezone: America/New_Yrok",
        );
    });
    // One error per file: the first type error stops that file.
    assert!(err.contains("content/oncall.yaml:8:10"), "{err}");
    assert!(err.contains("rotation.start"), "names the key: {err}");

    let err = break_and_build(|root| {
        edit(
            root,
            "content/oncall.yaml",
            "timezone: America/New_York",
            "timezone: America/New_Yrok",
        );
    });
    assert!(
        err.contains("unknown time zone `America/New_Yrok`"),
        "{err}"
    );
    assert!(err.contains("content/oncall.yaml:11:13"), "{err}");
}

#[test]
fn unknown_key_in_data_file() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/pipelines.yaml",
            "    audience: experiments\n",
            "    audiance: experiments\n",
        )
    });
    assert!(err.contains("unknown field `audiance`"), "{err}");
    assert!(err.contains("content/pipelines.yaml:26:5"), "{err}");
}

#[test]
fn invalid_front_matter() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/runbooks/profit/aggregate-profit.md",
            "title: Aggregate profit",
            "title: [Aggregate profit",
        )
    });
    assert!(
        err.contains("content/runbooks/profit/aggregate-profit.md:2:8"),
        "{err}"
    );
    assert!(err.contains("front matter is YAML"), "{err}");
}

#[test]
fn unclosed_front_matter() {
    let err = break_and_build(|root| {
        let path = root.join("content/runbooks/new.md");
        std::fs::write(path, "---\ntitle: New\n\n# New\n").unwrap();
    });
    assert!(err.contains("front matter is not closed"), "{err}");
    assert!(err.contains("content/runbooks/new.md:1:1"), "{err}");
}

#[test]
fn all_errors_of_all_files_are_reported() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/pipelines.yaml",
            "    primary: de4\n",
            "    primary: de9\n",
        );
        edit(
            root,
            "content/oncall.yaml",
            "order: [de1, de2, de3, de4]",
            "order: [de1, de2, de3, de5]",
        );
        edit(
            root,
            "content/runbooks/growth/aggregate-growth.md",
            "pipelines: [aggregate-growth, daily-growth]",
            "pipelines: [nope, daily-growth]",
        );
        edit(root, "content/site.yaml", "title: Data", "title: [Data");
    });
    assert!(err.contains("error: 4 errors"), "{err}");
    for place in [
        "content/pipelines.yaml:53",
        "content/oncall.yaml:5",
        "aggregate-growth.md:3",
        "content/site.yaml:4",
    ] {
        assert!(err.contains(place), "{place} missing: {err}");
    }
}

#[test]
fn non_utf8_file() {
    let err = break_and_build(|root| {
        std::fs::write(root.join("content/runbooks/latin1.md"), b"# Caf\xe9\n").unwrap();
    });
    assert!(
        err.contains("`content/runbooks/latin1.md` is not valid UTF-8"),
        "{err}"
    );
    assert!(err.contains("content/runbooks/latin1.md:1:6"), "{err}");
}

#[test]
fn missing_runbook_of_a_pipeline() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/pipelines.yaml",
            "runbook: growth/aggregate-growth",
            "runbook: growth/agg-growth",
        )
    });
    assert!(
        err.contains("names runbook `growth/agg-growth`, which does not exist"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let o = pipebook(&["build", "--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--no-such-flag"));
    let o = pipebook(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn missing_content_folder() {
    let dir = tempfile::tempdir().unwrap();
    let o = pipebook(&["check", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no content folder"), "{}", stderr(&o));
}

#[test]
fn impossible_schedule_names_the_shift_and_the_people() {
    let err = break_and_build(|root| {
        let team = read(&root.join("content/team.yaml"));
        let mut out = String::new();
        for line in team.lines() {
            out.push_str(line);
            out.push('\n');
            if line.trim_start().starts_with("contact:") {
                out.push_str("    time_off:\n      - { from: 2026-12-14, to: 2026-12-20, reason: Offsite }\n");
            }
        }
        std::fs::write(root.join("content/team.yaml"), out).unwrap();
    });
    assert!(
        err.contains(
            "nobody can be on call from Mon 14 Dec 2026 09:00 EST to Mon 21 Dec 2026 09:00 EST"
        ),
        "{err}"
    );
    for who in [
        "Data Engineer 1 (2026-12-14 to 2026-12-20)",
        "Data Engineer 4 (2026-12-14 to 2026-12-20)",
    ] {
        assert!(err.contains(who), "{who}: {err}");
    }
    assert!(
        err.contains("content/team.yaml:10:9"),
        "points at a time off entry: {err}"
    );
    // The shift before is blocked too: its last hours (Monday 00:00 to 09:00) fall on
    // the first day off.
    assert!(
        err.contains("nobody can be on call from Mon 7 Dec 2026 09:00 EST"),
        "{err}"
    );
    assert!(err.contains("error: 2 errors"), "{err}");
}

// The rest of the corpus: for each data file a syntax error, a wrong type and an unknown
// key; then ids, dates, time zones, the rotation, front matter, encodings, sizes, paths
// that escape the site, and symbolic links. Each case names the file, the line and column,
// and the hint that says what to do.

/// Asserts that every one of `expected` is in the messages.
fn assert_all(err: &str, expected: &[&str]) {
    for e in expected {
        assert!(err.contains(e), "{e:?} missing from:\n{err}");
    }
}

/// Appends `text` to a file of the site.
fn append(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    let before = read(&path);
    std::fs::write(&path, before + text).unwrap();
}

// --- site.yaml

#[test]
fn site_yaml_syntax_error() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/site.yaml",
            "title: Data Engineering Operations",
            "title: Data: Engineering Operations",
        )
    });
    assert_all(
        &err,
        &[
            "mapping values are not allowed in this context",
            "content/site.yaml:4:12",
            "hint: a value holding `: ` must be quoted, as in `name: \"Ops: daily\"`; or a key lacks its indentation; see the README's `site.yaml` section",
        ],
    );
}

#[test]
fn site_yaml_wrong_type() {
    let err = break_and_build(|root| append(root, "content/site.yaml", "search: maybe\n"));
    assert_all(
        &err,
        &[
            "search: invalid type: string \"maybe\", expected a boolean",
            "content/site.yaml:14:9",
        ],
    );
}

#[test]
fn site_yaml_unknown_key() {
    let err = break_and_build(|root| append(root, "content/site.yaml", "serach: false\n"));
    assert_all(
        &err,
        &[
            "unknown field `serach`, expected one of",
            "`search`",
            "content/site.yaml:14:1",
        ],
    );
}

#[test]
fn site_yaml_key_given_twice_points_at_the_second() {
    let err = break_and_build(|root| append(root, "content/site.yaml", "title: Again\n"));
    assert_all(
        &err,
        &[
            "duplicate field `title`",
            "content/site.yaml:14:1",
            "hint: `title` is given twice in the same place: keep one",
        ],
    );
}

#[test]
fn site_yaml_unknown_time_zone() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/site.yaml",
            "timezone: America/New_York",
            "timezone: EST5EDT/Somewhere",
        )
    });
    assert_all(
        &err,
        &[
            "unknown time zone `EST5EDT/Somewhere`: use an IANA name such as `America/New_York`",
            "content/site.yaml:10:11",
        ],
    );
}

#[test]
fn site_yaml_base_url_not_http() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/site.yaml",
            "base_url: https://pipebook-example.netlify.app/",
            "base_url: pipebook-example.netlify.app",
        )
    });
    assert_all(
        &err,
        &[
            "base_url `pipebook-example.netlify.app` is not an absolute http(s) URL",
            "content/site.yaml:6:11",
            "hint: write the site's public address",
        ],
    );
}

#[test]
fn site_yaml_control_character() {
    let err = break_and_build(|root| append(root, "content/site.yaml", "repository: a\u{0}b\n"));
    assert_all(
        &err,
        &[
            "control characters are not allowed",
            "content/site.yaml:14:14",
        ],
    );
    assert!(!err.contains("at position"), "{err}");
}

#[path = "bad_input/data_files.rs"]
mod data_files;

#[path = "bad_input/content.rs"]
mod content;
