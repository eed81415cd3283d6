//! `rotation.shift` and `reminder_hours` out of their range, or not numbers: `check`
//! fails naming the file, the line and column of the value, the range allowed and what
//! to write, in pipebook's words, not the YAML parser's (`invalid type`, `expected u32`).

mod common;

use common::*;

/// `check` on the example site with `line` (at the end of oncall.yaml) or the rotation's
/// `shift:` line replaced: its error output, which must be a failure (exit 1).
fn check_with(replace_shift: Option<&str>, append: Option<&str>) -> String {
    let site = example_site();
    let root = site.path();
    if let Some(shift) = replace_shift {
        edit(root, "content/oncall.yaml", "  shift: weekly", shift);
    }
    if let Some(line) = append {
        let path = root.join("content/oncall.yaml");
        let text = read(&path);
        std::fs::write(&path, format!("{text}{line}\n")).unwrap();
    }
    let out = pipebook(&["check", "--root", root.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    err
}

/// The line of `needle` in the example's oncall.yaml (1-based), after an edit that puts
/// it there.
fn line_of(text: &str, needle: &str) -> usize {
    1 + text.lines().position(|l| l.contains(needle)).unwrap()
}

fn assert_ours(err: &str) {
    for parser in [
        "invalid type",
        "invalid value",
        "expected u32",
        "expected `weekly`",
    ] {
        assert!(
            !err.contains(parser),
            "the parser's words `{parser}`: {err}"
        );
    }
}

#[test]
fn a_shift_out_of_range_or_not_whole_days_says_what_to_write() {
    let oncall = read(&repo().join("content/oncall.yaml"));
    let line = line_of(&oncall, "  shift: weekly");
    for (value, said) in [
        ("0", "a shift of 0 days"),
        ("400", "a shift of 400 days"),
        ("-3", "a shift of -3 days"),
        ("7.5", "a shift of 7.5 days"),
        ("99999999999", "a shift of 99999999999 days"),
        ("'0 days'", "a shift of 0 days"),
        ("fortnightly", "shift `fortnightly` is not a length"),
        ("~", "shift has no value"),
    ] {
        let err = check_with(Some(&format!("  shift: {value}")), None);
        assert!(err.contains(said), "{value}: {err}");
        assert!(
            err.contains(&format!("content/oncall.yaml:{line}:10")),
            "{value}: {err}"
        );
        assert!(err.contains("from 1 to 366"), "{value}: {err}");
        assert!(
            err.contains("`weekly`") && err.contains("`14 days`"),
            "{value}: {err}"
        );
        assert_ours(&err);
    }
}

#[test]
fn reminder_hours_out_of_range_or_not_a_number_says_what_to_write() {
    let oncall = read(&repo().join("content/oncall.yaml"));
    let line = oncall.lines().count() + 1;
    for (value, said) in [
        ("-1", "-1 hours is out of range"),
        ("99999999999", "99999999999 hours is out of range"),
        ("2.5", "2.5 is not a whole number of hours"),
        ("'24'", "`24` is text"),
        ("yes", "`yes` is text"),
        ("true", "`true` is not a number of hours"),
        ("~", "no value"),
        // Read, then refused with the other rules: the same range.
        ("1000", "reminder_hours is 1000"),
    ] {
        let err = check_with(None, Some(&format!("reminder_hours: {value}")));
        assert!(err.contains(said), "{value}: {err}");
        assert!(
            err.contains(&format!("content/oncall.yaml:{line}:17")),
            "{value}: {err}"
        );
        assert!(
            err.contains(&format!(
                "0 (no reminders) to {}",
                pipebook::validate::MAX_REMINDER_HOURS
            )),
            "{value}: {err}"
        );
        assert_ours(&err);
    }
}

#[test]
fn values_in_range_are_read() {
    for (shift, hours) in [("daily", "0"), ("14 days", "672"), ("366", "1")] {
        let site = example_site();
        let root = site.path();
        edit(
            root,
            "content/oncall.yaml",
            "  shift: weekly",
            &format!("  shift: {shift}"),
        );
        let path = root.join("content/oncall.yaml");
        let text = read(&path);
        std::fs::write(&path, format!("{text}reminder_hours: {hours}\n")).unwrap();
        let out = pipebook(&["check", "--root", root.to_str().unwrap()]);
        assert!(
            !stderr(&out).contains("error"),
            "{shift}, {hours}: {}",
            stderr(&out)
        );
    }
}
