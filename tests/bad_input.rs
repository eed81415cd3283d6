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

// --- team.yaml

#[test]
fn team_yaml_wrong_type() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/team.yaml",
            "name: Data Engineer 2",
            "name: [Data Engineer 2]",
        )
    });
    assert_all(
        &err,
        &[
            "engineers[1].name: invalid type: sequence, expected a string",
            "content/team.yaml:11:11",
            "hint: see the README's `team.yaml` section",
        ],
    );
}

#[test]
fn team_yaml_not_a_mapping() {
    let err = break_and_build(|root| {
        std::fs::write(
            root.join("content/team.yaml"),
            "# yaml-language-server: $schema=../schemas/team.schema.json\n- de1\n- de2\n",
        )
        .unwrap()
    });
    assert_all(
        &err,
        &[
            "invalid type: sequence, expected struct Team",
            "content/team.yaml:2:1",
        ],
    );
}

#[test]
fn team_yaml_unknown_key() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/team.yaml",
            "    github: example-de2",
            "    githib: example-de2",
        )
    });
    assert_all(
        &err,
        &[
            "engineers[1]: unknown field `githib`, expected one of",
            "content/team.yaml:13:5",
        ],
    );
}

#[test]
fn team_yaml_duplicate_engineer_id() {
    let err = break_and_build(|root| edit(root, "content/team.yaml", "id: de3", "id: de2"));
    assert_all(
        &err,
        &[
            "duplicate engineer id `de2` (first defined at line 10)",
            "content/team.yaml:14:9",
            "hint: every engineer needs its own id: rename one of the two",
        ],
    );
}

#[test]
fn team_yaml_id_not_usable_in_a_url() {
    let err = break_and_build(|root| {
        edit(root, "content/team.yaml", "id: de4", "id: DE 4");
        edit(root, "content/pipelines.yaml", "de4", "DE 4");
        edit(root, "content/oncall.yaml", "de4]", "DE 4]");
    });
    assert_all(
        &err,
        &[
            "engineer id `DE 4` is not usable in a URL",
            "content/team.yaml:18:9",
            "hint: use lowercase letters, digits, `-` and `_` only",
        ],
    );
}

#[test]
fn team_yaml_time_off_ends_before_it_starts() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/team.yaml",
            "    time_off:\n      - { from: 2026-03-10, to: 2026-03-01 }\n",
        )
    });
    assert_all(
        &err,
        &[
            "time off of `de4` ends (2026-03-01) before it starts (2026-03-10)",
            "content/team.yaml:23:33",
            "hint: `from` is the first day away and `to` the last; swap them",
        ],
    );
}

#[test]
fn team_yaml_time_off_bad_date() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/team.yaml",
            "    time_off:\n      - { from: 2026-13-01, to: 2026-13-05 }\n",
        )
    });
    assert_all(
        &err,
        &[
            "engineers[3].time_off[0].from: `2026-13-01` is not a date (input is out of range)",
            "content/team.yaml:23:17",
            "hint: write dates as YYYY-MM-DD, such as `2026-12-24`, on a day that month has",
        ],
    );
}

#[test]
fn team_yaml_non_utf8() {
    let err = break_and_build(|root| {
        let path = root.join("content/team.yaml");
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend_from_slice(b"# Jos\xe9 joins in May\n");
        std::fs::write(path, bytes).unwrap();
    });
    assert_all(
        &err,
        &[
            "`content/team.yaml` is not valid UTF-8",
            "content/team.yaml:22:6",
            "hint: save the file as UTF-8",
        ],
    );
}

// --- pipelines.yaml

#[test]
fn pipelines_yaml_syntax_error() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/pipelines.yaml",
            "    domain: profit\n",
            "    domain profit\n",
        )
    });
    // The key without a colon runs into the next line; libyaml notices there.
    assert_all(
        &err,
        &[
            "could not find expected ':'",
            "content/pipelines.yaml:26:5",
            "hint: every key needs `: ` after it, with a space (`name: x`, not `name:x`): look at this line and the one before it; see the README's `pipelines.yaml` section",
        ],
    );
}

#[test]
fn pipelines_yaml_wrong_type() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/pipelines.yaml",
            "    failure_modes:\n      - Delayed data ingestion due to upstream system failures.\n      - Incorrect aggregation logic leading to inaccurate reporting.\n",
            "    failure_modes: Delayed data ingestion.\n",
        )
    });
    assert_all(
        &err,
        &[
            "domains[0].failure_modes: invalid type: string \"Delayed data ingestion.\", expected a sequence",
            "content/pipelines.yaml:7:20",
        ],
    );
}

#[test]
fn pipelines_yaml_missing_field() {
    let err =
        break_and_build(|root| edit(root, "content/pipelines.yaml", "    secondary: de3\n", ""));
    assert_all(
        &err,
        &[
            "pipelines[0]: missing field `secondary`",
            "content/pipelines.yaml:22:5",
        ],
    );
}

#[test]
fn pipelines_yaml_unknown_domain() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/pipelines.yaml",
            "    domain: growth\n",
            "    domain: grwoth\n",
        )
    });
    assert_all(
        &err,
        &[
            "pipeline `aggregate-growth` is in unknown domain `grwoth`",
            "content/pipelines.yaml:42:13",
            "hint: use one of the domains defined in the `domains` list of content/pipelines.yaml: engagement, growth, profit",
        ],
    );
}

#[test]
fn pipelines_yaml_duplicate_domain_id() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/pipelines.yaml",
            "  - id: engagement\n    name: Engagement\n",
            "  - id: growth\n    name: Engagement\n",
        )
    });
    assert_all(
        &err,
        &[
            "duplicate domain id `growth` (first defined at line 10)",
            "content/pipelines.yaml:15:9",
        ],
    );
}

#[test]
fn pipelines_yaml_runbook_path_escaping_the_root() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/pipelines.yaml",
            "runbook: growth/aggregate-growth",
            "runbook: ../../../etc/passwd",
        )
    });
    assert_all(
        &err,
        &[
            "pipeline `aggregate-growth` names runbook `../../../etc/passwd`, which does not exist",
            "content/pipelines.yaml:46:14",
            "hint: give the path under the runbook folder without `.md`",
        ],
    );
}

#[test]
fn pipelines_yaml_non_utf8() {
    let err = break_and_build(|root| {
        let path = root.join("content/pipelines.yaml");
        let text = read(&path).replace("name: Profit", "name: Profit \u{20ac}");
        // The euro sign in Windows-1252, as an old editor would save it.
        let bytes = text.replace('\u{20ac}', "\u{0}").into_bytes();
        let bytes: Vec<u8> = bytes
            .into_iter()
            .map(|b| if b == 0 { 0x80 } else { b })
            .collect();
        std::fs::write(path, bytes).unwrap();
    });
    assert_all(
        &err,
        &[
            "`content/pipelines.yaml` is not valid UTF-8",
            "content/pipelines.yaml:6:18",
        ],
    );
}

// --- oncall.yaml

#[test]
fn oncall_yaml_syntax_error() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/oncall.yaml",
            "  shift: weekly",
            "\tshift: weekly",
        )
    });
    assert_all(
        &err,
        &[
            "found a tab character that violates indentation",
            "content/oncall.yaml:12:1",
            "hint: indent with spaces: YAML does not take tabs for indentation; see the README's `oncall.yaml` section",
        ],
    );
}

#[test]
fn oncall_yaml_wrong_type() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/oncall.yaml",
            "order: [de1, de2, de3, de4]",
            "order: de1",
        )
    });
    assert_all(
        &err,
        &[
            "rotation.order: invalid type: string \"de1\", expected a sequence",
            "content/oncall.yaml:5:10",
        ],
    );
}

#[test]
fn oncall_yaml_unknown_key() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/oncall.yaml",
            "  shift: weekly",
            "  shift: weekly\n  length: 7",
        )
    });
    assert_all(
        &err,
        &[
            "rotation: unknown field `length`, expected one of",
            "content/oncall.yaml:13:3",
        ],
    );
}

#[test]
fn oncall_yaml_bad_holiday_date() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/oncall.yaml",
            "  - { date: 2027-02-29, name: Leap Day }\n",
        )
    });
    assert_all(
        &err,
        &[
            "holidays[22].date: `2027-02-29` is not a date (input is out of range)",
            "content/oncall.yaml:43:13",
            "hint: write dates as YYYY-MM-DD",
        ],
    );
}

#[test]
fn oncall_yaml_holiday_out_of_range() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/oncall.yaml",
            "  - { date: 0226-12-25, name: Christmas Day }\n",
        )
    });
    assert_all(
        &err,
        &[
            "date 0226-12-25 is out of range: pipebook takes dates from 1900-01-01 to 2999-12-31",
            "content/oncall.yaml:43:13",
            "hint: check the year",
        ],
    );
}

#[test]
fn oncall_yaml_start_off_the_handoff_weekday() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/oncall.yaml",
            "start: 2026-01-05",
            "start: 2026-01-07",
        )
    });
    assert_all(
        &err,
        &[
            "rotation starts on 2026-01-07 (Wed), but handoffs are on Mon",
            "content/oncall.yaml:8:10",
            "hint: start the rotation on a Mon, such as 2026-01-05",
        ],
    );
}

#[test]
fn oncall_yaml_invalid_handoff_time() {
    let err = break_and_build(|root| edit(root, "content/oncall.yaml", "\"09:00\"", "\"9am\""));
    assert_all(
        &err,
        &[
            "rotation.handoff.time: time `9am` must be 24-hour HH:MM, such as `09:00`",
            "content/oncall.yaml:10:37",
        ],
    );
}

#[test]
fn oncall_yaml_invalid_handoff_weekday() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/oncall.yaml",
            "weekday: monday",
            "weekday: mondays",
        )
    });
    assert_all(
        &err,
        &["rotation.handoff.weekday", "content/oncall.yaml:10:23"],
    );
}

#[test]
fn oncall_yaml_invalid_shift_length() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/oncall.yaml",
            "shift: weekly",
            "shift: fortnightly",
        )
    });
    assert_all(
        &err,
        &[
            "shift `fortnightly` is not a length: write `weekly` (the default), `daily`, or a whole number of days from 1 to 366 such as `14 days`",
            "content/oncall.yaml:12:10",
        ],
    );
}

#[test]
fn oncall_yaml_empty_rotation() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/oncall.yaml",
            "order: [de1, de2, de3, de4]",
            "order: []",
        )
    });
    assert_all(
        &err,
        &[
            "the rotation has no engineers",
            "content/oncall.yaml:5:10",
            "hint: list engineer ids under `rotation.order`",
        ],
    );
}

#[test]
fn oncall_yaml_horizon_too_far() {
    // This one made the schedule overflow chrono's range and panic.
    let err = break_and_build(|root| {
        append(
            root,
            "content/oncall.yaml",
            "horizon: { past_weeks: 4000000000, future_weeks: 52 }\n",
        )
    });
    assert_all(
        &err,
        &[
            "horizon.past_weeks is 4000000000 weeks: the schedule reaches at most 520 weeks",
            "content/oncall.yaml:43:24",
            "hint: use a number of weeks from 0 to 520",
        ],
    );
}

const OVERRIDES: &str = "overrides:\n";

#[test]
fn oncall_yaml_override_unknown_engineer() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/oncall.yaml",
            &format!("{OVERRIDES}  - {{ from: \"2026-12-24 18:00\", to: \"2026-12-26 09:00\", engineer: de7, reason: x }}\n"),
        )
    });
    assert_all(
        &err,
        &[
            "unknown engineer `de7` in an override",
            "content/oncall.yaml:44:67",
            "hint: use one of the engineers defined in content/team.yaml",
        ],
    );
}

#[test]
fn oncall_yaml_override_ends_before_it_starts() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/oncall.yaml",
            &format!("{OVERRIDES}  - {{ from: \"2026-12-24 18:00\", to: \"2026-12-20 09:00\", engineer: de2, reason: x }}\n"),
        )
    });
    assert_all(
        &err,
        &[
            "override ends (2026-12-20 09:00) before it starts (2026-12-24 18:00)",
            "content/oncall.yaml:44:37",
            "hint: `from` is when the cover starts and `to` when it ends",
        ],
    );
}

#[test]
fn oncall_yaml_overrides_overlap() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/oncall.yaml",
            &format!("{OVERRIDES}  - {{ from: \"2026-12-24 18:00\", to: \"2026-12-26 09:00\", engineer: de2, reason: a }}\n  - {{ from: \"2026-12-25 18:00\", to: \"2026-12-27 09:00\", engineer: de3, reason: b }}\n"),
        )
    });
    assert_all(
        &err,
        &[
            "override 2026-12-25 18:00 to 2026-12-27 09:00 overlaps the override at line 44 (2026-12-24 18:00 to 2026-12-26 09:00)",
            "content/oncall.yaml:45:13",
            "hint: at any moment one person is on call",
        ],
    );
}

#[test]
fn oncall_yaml_override_during_time_off() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/team.yaml",
            "    time_off:\n      - { from: 2026-12-24, to: 2026-12-31, reason: Holidays }\n",
        );
        append(
            root,
            "content/oncall.yaml",
            &format!("{OVERRIDES}  - {{ from: \"2026-12-24 18:00\", to: \"2026-12-26 09:00\", engineer: de4, reason: x }}\n"),
        );
    });
    assert_all(
        &err,
        &[
            "override puts `de4` on call from 2026-12-24 18:00 to 2026-12-26 09:00, during their time off (2026-12-24 to 2026-12-31)",
            "content/oncall.yaml:44:67",
        ],
    );
}

#[test]
fn oncall_yaml_override_bad_date_time() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/oncall.yaml",
            &format!("{OVERRIDES}  - {{ from: \"24/12/2026 18:00\", to: \"2026-12-26 09:00\", engineer: de2, reason: x }}\n"),
        )
    });
    assert_all(
        &err,
        &[
            "`24/12/2026 18:00` must be a local date and time such as `2026-12-24 18:00`",
            "content/oncall.yaml:44:13",
        ],
    );
}

// --- runbooks and their front matter

#[test]
fn front_matter_wrong_type() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/runbooks/growth/aggregate-growth.md",
            "pipelines: [aggregate-growth, daily-growth]",
            "pipelines: aggregate-growth",
        )
    });
    assert_all(
        &err,
        &[
            "pipelines: invalid type: string \"aggregate-growth\", expected a sequence",
            "content/runbooks/growth/aggregate-growth.md:3:12",
            "hint: front matter is YAML between two `---` lines",
        ],
    );
}

#[test]
fn front_matter_not_a_mapping() {
    let err = break_and_build(|root| {
        std::fs::write(
            root.join("content/runbooks/list.md"),
            "---\n- one\n- two\n---\n# List\n",
        )
        .unwrap()
    });
    assert_all(
        &err,
        &[
            "invalid type: sequence, expected struct FrontMatter",
            "content/runbooks/list.md:2:1",
        ],
    );
}

#[test]
fn front_matter_bad_date() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/runbooks/growth/aggregate-growth.md",
            "last_reviewed: 2026-10-15",
            "last_reviewed: 2026-10-32",
        )
    });
    assert_all(
        &err,
        &[
            "last_reviewed: `2026-10-32` is not a date (input is out of range)",
            "content/runbooks/growth/aggregate-growth.md:5:16",
            "hint: write dates as YYYY-MM-DD",
        ],
    );
}

#[test]
fn front_matter_date_at_the_end_of_time() {
    // The review date of this one overflowed chrono's range and panicked.
    let err = break_and_build(|root| {
        edit(
            root,
            "content/runbooks/growth/aggregate-growth.md",
            "last_reviewed: 2026-10-15",
            "last_reviewed: +262142-12-30",
        )
    });
    assert_all(
        &err,
        &[
            "date +262142-12-30 is out of range",
            "content/runbooks/growth/aggregate-growth.md:5:16",
        ],
    );
}

#[test]
fn front_matter_unterminated_at_the_end_of_the_file() {
    let err = break_and_build(|root| {
        std::fs::write(root.join("content/runbooks/open.md"), "---").unwrap()
    });
    assert_all(
        &err,
        &[
            "front matter is not closed",
            "content/runbooks/open.md:1:1",
            "hint: end the front matter with a line containing only `---`",
        ],
    );
}

#[test]
fn two_files_for_one_page() {
    let err = break_and_build(|root| {
        std::fs::create_dir_all(root.join("content/runbooks/profit/aggregate-profit")).unwrap();
        std::fs::write(
            root.join("content/runbooks/profit/aggregate-profit/_index.md"),
            "# Again\n",
        )
        .unwrap();
    });
    assert_all(
        &err,
        &[
            "`content/runbooks/profit/aggregate-profit/_index.md` and `content/runbooks/profit/aggregate-profit.md` would both be the page /runbooks/profit/aggregate-profit/",
            "content/runbooks/profit/aggregate-profit.md:1:1",
            "hint: rename one of the two files",
        ],
    );
}

#[test]
fn runbook_with_a_control_character_in_front_matter() {
    let err = break_and_build(|root| {
        std::fs::write(
            root.join("content/runbooks/bell.md"),
            "---\ntitle: Ring \u{7}\n---\n# Bell\n",
        )
        .unwrap()
    });
    assert_all(
        &err,
        &[
            "control characters are not allowed",
            "content/runbooks/bell.md:2:13",
        ],
    );
}

// --- sizes

/// 50 MB of plausible runbook text.
fn fifty_megabytes(line: &str) -> String {
    line.repeat(50_000_000 / line.len() + 1)
}

#[test]
fn fifty_megabyte_runbook_is_refused_by_its_size() {
    // Not timed (a clock fails on a loaded machine): the size is read from the file's
    // metadata, and the message names it.
    let err = break_and_build(|root| {
        std::fs::write(
            root.join("content/runbooks/huge.md"),
            "# Huge\n\n".to_string()
                + &fifty_megabytes("1. Restart the aggregation job and check its logs.\n"),
        )
        .unwrap()
    });
    assert_all(
        &err,
        &[
            "`content/runbooks/huge.md` is 47.7 MiB: pipebook reads text files of at most 4 MiB",
            "content/runbooks/huge.md:1:1",
            "hint: split the file, or move what is not content",
        ],
    );
}

#[test]
fn fifty_megabyte_yaml_file_is_refused() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/oncall.yaml",
            &fifty_megabytes("  - { date: 2026-12-25, name: Christmas Day }\n"),
        )
    });
    assert_all(
        &err,
        &[
            "`content/oncall.yaml` is 47.7 MiB: pipebook reads text files of at most 4 MiB",
            "content/oncall.yaml:1:1",
        ],
    );
}

#[test]
fn a_folder_where_a_data_file_should_be() {
    let err = break_and_build(|root| {
        std::fs::remove_file(root.join("content/team.yaml")).unwrap();
        std::fs::create_dir(root.join("content/team.yaml")).unwrap();
    });
    assert_all(
        &err,
        &[
            "`content/team.yaml` is not a regular file",
            "content/team.yaml:1:1",
        ],
    );
}

#[test]
fn a_very_long_line_is_not_printed_whole() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/team.yaml",
            &format!("oops: {}\n", "x".repeat(100_000)),
        )
    });
    assert_all(&err, &["unknown field `oops`", "content/team.yaml:22:1"]);
    assert!(err.len() < 5_000, "{} bytes of messages", err.len());
}

// --- paths that leave the site

#[test]
fn link_escaping_the_root_is_a_broken_link() {
    // Whether the file exists is never looked at, so never told (see tests/forge_links.rs
    // for the same link where broken links are warnings).
    let err = break_and_build(|root| {
        append(
            root,
            "content/runbooks/profit/aggregate-profit.md",
            "\nSee [the config](../../../../etc/passwd).\n",
        );
    });
    assert_all(
        &err,
        &[
            "error: link `../../../../etc/passwd` leads outside the repository",
            "content/runbooks/profit/aggregate-profit.md:37:5",
            "hint: link only to files of the repository",
        ],
    );
    assert!(!err.contains("does not exist"), "{err}");
}

#[test]
fn image_climbing_to_the_root_is_looked_for_in_the_repository() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/runbooks/growth/aggregate-growth.md",
            "\n![key](..%2F..%2F..%2F.ssh/id_rsa)\n",
        )
    });
    assert_all(
        &err,
        &[
            "link `..%2F..%2F..%2F.ssh/id_rsa` points to `.ssh/id_rsa`, which does not exist",
            "content/runbooks/growth/aggregate-growth.md:",
        ],
    );
}

#[test]
fn hugo_ref_climbing_to_the_root_is_looked_for_in_the_repository() {
    let err = break_and_build(|root| {
        std::fs::write(
            root.join("content/runbooks/ref.md"),
            "# Ref\n\nSee [it]({{< ref \"../../README.md\" >}}).\n",
        )
        .unwrap()
    });
    assert_all(
        &err,
        &[
            "link `../../README.md` points to `README.md`, which does not exist",
            "content/runbooks/ref.md:3:5",
        ],
    );
}

#[test]
fn theme_escaping_the_root() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/site.yaml",
            "theme: default",
            "theme: ../../outside-theme",
        )
    });
    assert_all(
        &err,
        &[
            "theme `../../outside-theme` is not the name of a folder under `themes/`",
            "content/site.yaml:11:8",
            "hint: give the folder's name only",
        ],
    );
}

// --- symbolic links

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A file outside the site, for links to point at.
    fn outside(name: &str, text: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), text).unwrap();
        dir
    }

    #[test]
    fn runbook_linked_from_outside() {
        let elsewhere = outside("secret.md", "# Secret\n");
        let err = break_and_build(|root| {
            symlink(
                elsewhere.path().join("secret.md"),
                root.join("content/runbooks/secret.md"),
            )
            .unwrap()
        });
        assert_all(
            &err,
            &[
                "`content/runbooks/secret.md` is a symbolic link to a place outside the site",
                "content/runbooks/secret.md:1:1",
                "hint: copy the file into the repository instead of linking to it",
            ],
        );
    }

    #[test]
    fn folder_of_runbooks_linked_from_outside() {
        let elsewhere = outside("secret.md", "# Secret\n");
        let err = break_and_build(|root| {
            symlink(elsewhere.path(), root.join("content/runbooks/imported")).unwrap()
        });
        assert_all(
            &err,
            &[
                "`content/runbooks/imported` is a symbolic link to a place outside the site",
                "content/runbooks/imported:1:1",
            ],
        );
    }

    #[test]
    fn data_file_linked_from_outside() {
        let elsewhere = outside("team.yaml", "engineers: []\n");
        let err = break_and_build(|root| {
            std::fs::remove_file(root.join("content/team.yaml")).unwrap();
            symlink(
                elsewhere.path().join("team.yaml"),
                root.join("content/team.yaml"),
            )
            .unwrap();
        });
        assert_all(
            &err,
            &[
                "`content/team.yaml` is a symbolic link to a place outside the site",
                "content/team.yaml:1:1",
            ],
        );
    }

    #[test]
    fn dangling_link() {
        let err = break_and_build(|root| {
            symlink(
                root.join("content/runbooks/nowhere.md"),
                root.join("content/runbooks/gone.md"),
            )
            .unwrap()
        });
        assert_all(
            &err,
            &[
                "`content/runbooks/gone.md` is a symbolic link to nothing: it points at `",
                "content/runbooks/nowhere.md`, which does not exist",
                "content/runbooks/gone.md:1:1",
            ],
        );
    }

    #[test]
    fn theme_linked_from_outside() {
        let elsewhere = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(elsewhere.path().join("templates")).unwrap();
        std::fs::write(
            elsewhere.path().join("templates/404.html"),
            "{% extends \"base.html\" %}",
        )
        .unwrap();
        let err = break_and_build(|root| {
            symlink(elsewhere.path(), root.join("themes/acme")).unwrap();
            edit(root, "content/site.yaml", "theme: default", "theme: acme");
        });
        assert_all(
            &err,
            &[
                "`themes/acme/templates` leads outside the site through a symbolic link",
                "themes/acme/templates:1:1",
            ],
        );
    }

    #[test]
    fn links_inside_the_site_are_fine() {
        let site = example_site();
        let root = site.path();
        // A runbook of its own: a second path to one answering alerts would claim them
        // twice.
        std::fs::write(root.join("content/runbooks/profit/target.md"), "# Target\n").unwrap();
        symlink(
            root.join("content/runbooks/profit/target.md"),
            root.join("content/runbooks/profit/alias.md"),
        )
        .unwrap();
        build_ok(root);
        assert!(root
            .join("public/runbooks/profit/alias/index.html")
            .is_file());
    }
}
