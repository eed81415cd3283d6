//! What real repositories and machines bring (session 41): a `--root` that is not there,
//! numbers written in quotes, editors' and systems' files beside the runbooks, and files
//! a clone left as Git LFS pointers.

mod common;

use common::*;

/// Every command with a `--root`, with what else it needs to run.
const COMMANDS: [&[&str]; 8] = [
    &["build"],
    &["check"],
    &["serve", "--port", "0"],
    &["init"],
    &["schema"],
    &["codeowners"],
    &["alerts"],
    &["new", "runbook", "x"],
];

#[test]
fn a_missing_root_is_a_usage_error_of_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing");
    let shown = missing.to_str().unwrap();
    for command in COMMANDS {
        let o = pipebook(&[command, &["--root", shown]].concat());
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{command:?}: {err}");
        assert!(
            err.contains(&format!("--root `{shown}` does not exist")),
            "{command:?}: {err}"
        );
        assert!(
            err.contains("hint: pass the folder that holds `content/`"),
            "{err}"
        );
        // `schema` created the root to write ROOT/schemas into it.
        assert!(!missing.exists(), "{command:?} created the root");
    }
}

#[test]
fn a_root_that_is_a_file_is_a_usage_error_of_every_command() {
    let site = example_site();
    let file = site.path().join("content/team.yaml");
    let shown = file.to_str().unwrap();
    let before = read(&file);
    for command in COMMANDS {
        let o = pipebook(&[command, &["--root", shown]].concat());
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{command:?}: {err}");
        assert!(err.contains("team.yaml` is a file, not a folder"), "{err}");
    }
    assert_eq!(read(&file), before);
}

#[test]
fn a_shift_in_quotes_is_the_number_of_days() {
    let built = |shift: &str| {
        let site = example_site();
        let root = site.path();
        edit(root, "content/oncall.yaml", "  shift: weekly", shift);
        let o = build_ok(root);
        assert!(!stderr(&o).contains("shift"), "{shift}: {}", stderr(&o));
        read(&root.join("public/oncall.ics"))
    };
    let quoted = built("  shift: \"12\"");
    assert_eq!(quoted, built("  shift: 12"));
    assert_ne!(quoted, built("  shift: weekly"));
}

#[test]
fn numbers_of_days_and_weeks_in_quotes_are_told_to_lose_them() {
    let cases = [
        (
            "content/site.yaml",
            "theme: default",
            "theme: default\nreview_interval_days: \"30\"",
            "30",
            "content/site.yaml:12 ",
        ),
        (
            "content/runbooks/profit/aggregate-profit.md",
            "title: Aggregate profit",
            "title: Aggregate profit\nreview_interval_days: \"30\"",
            "30",
            "content/runbooks/profit/aggregate-profit.md:3 ",
        ),
        (
            "content/oncall.yaml",
            "  shift: weekly",
            "  shift: weekly\nhorizon: { past_weeks: \"4\" }",
            "4",
            "content/oncall.yaml:13 ",
        ),
        (
            "content/oncall.yaml",
            "  shift: weekly",
            "  shift: weekly\nreminder_hours: \" 6\"",
            "6",
            "content/oncall.yaml:13 ",
        ),
    ];
    for (file, from, to, number, at) in cases {
        let site = example_site();
        edit(site.path(), file, from, to);
        let o = pipebook(&["check", "--root", site.path().to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{to}: {err}");
        assert!(
            err.contains(&format!(
                "is text, not a number: write `{number}` without the quotes"
            )),
            "{to}: {err}"
        );
        assert!(!err.contains("invalid type"), "{err}");
        assert!(
            err.contains("hint: in YAML a number in quotes is text: remove the quotes"),
            "{err}"
        );
        assert!(
            problems(&err).iter().any(|p| p.starts_with(at)),
            "{at}: {err}"
        );
    }
    // Words that are no number say what to write.
    let site = example_site();
    edit(
        site.path(),
        "content/oncall.yaml",
        "  shift: weekly",
        "  shift: weekly\nhorizon: { future_weeks: a year }",
    );
    let err = stderr(&pipebook(&[
        "check",
        "--root",
        site.path().to_str().unwrap(),
    ]));
    assert!(
        err.contains(
            "`a year` is text, not a number of weeks: write a whole number of weeks from 0 to 520"
        ),
        "{err}"
    );
}
