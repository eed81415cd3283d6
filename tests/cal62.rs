//! Session 62: calendars that must not churn. A served override moved to days that do
//! not meet its old ones is told as moved.

mod common;

use common::served::{rewritten, with_override};
use common::*;

/// 2026-11-26T12:00:00Z.
const T0: u64 = 1_795_694_400;

const DAY_OFF: &str =
    "  - { from: \"2026-11-09 09:00\", to: \"2026-11-10 09:00\", engineer: de2, reason: \"de1 away\" }";

/// A served override of one day (Monday 9 November, Data Engineer 2 for Data Engineer 3)
/// moved after it passed to Tuesday 17 November, days that do not meet its old ones
/// (a wrong date corrected, or a swap recorded on the wrong week). On main the warning
/// said it was taken out of oncall.yaml, at `overrides:`, and the hint said to put it
/// back, which would make two; now it is told as a change of its times, at its `from`.
#[test]
fn a_served_override_moved_to_other_days_says_so_at_its_from() {
    let site = example_site();
    let root = site.path();
    with_override(root, DAY_OFF);
    assert!(rewritten(&warnings_at(root, T0)).is_empty());
    edit(root, "content/oncall.yaml", "11-09 09:00", "11-17 09:00");
    edit(root, "content/oncall.yaml", "11-10 09:00", "11-18 09:00");
    let err = warnings_at(root, T0 + 60);
    let warned = rewritten(&err);
    let day = "Mon 9 Nov 2026 09:00 to Tue 10 Nov 2026 09:00";
    let of_day: Vec<&String> = warned.iter().filter(|w| w.contains(day)).collect();
    assert_eq!(of_day.len(), 1, "{err}");
    assert!(
        of_day[0].contains(&format!(
            "{day} (Data Engineer 2 before, Data Engineer 3 now)"
        )),
        "{err}"
    );
    let line = line_of(root, "de1 away");
    assert!(
        of_day[0].contains(&format!("content/oncall.yaml:{line}:")),
        "{err}"
    );
    assert!(!err.contains("an override taken out"), "{err}");
    assert!(of_day[0].contains("a change of its times"), "{err}");
}

/// The same override taken out, not moved, is still told as taken out (the move is
/// found by an override of its engineer and length that the previous feed did not show).
#[test]
fn a_served_override_taken_out_is_still_told_as_taken_out() {
    let site = example_site();
    let root = site.path();
    with_override(root, DAY_OFF);
    assert!(rewritten(&warnings_at(root, T0)).is_empty());
    let oncall = root.join("content/oncall.yaml");
    let text = read(&oncall)
        .replace(DAY_OFF, "  []")
        .replace("overrides:\n  []", "overrides: []");
    std::fs::write(&oncall, text).unwrap();
    let err = warnings_at(root, T0 + 60);
    let warned = rewritten(&err);
    assert_eq!(warned.len(), 1, "{err}");
    assert!(warned[0].contains("an override taken out"), "{err}");
}

/// The example's warnings when Data Engineer 4 leaves, built at `T0` and again a minute
/// later; with `shared`, Data Engineer 4 was named "Data Engineer 1" too (team.yaml
/// allows two engineers one name, and warns).
fn de4_leaves_warnings(shared: bool) -> String {
    let site = example_site();
    let root = site.path();
    if shared {
        edit(
            root,
            "content/team.yaml",
            "name: Data Engineer 4",
            "name: Data Engineer 1",
        );
    }
    warnings_at(root, common::duties::T0);
    de4_leaves(root);
    warnings_at(root, common::duties::T0 + 60).replace(root.to_str().unwrap(), "ROOT")
}

/// Two engineers named "Data Engineer 1" (de1 and de4), and de4 leaves: the name is no
/// longer shared, but the previous feeds showed it for both. On main, de4's served weeks
/// and past backup duties were taken for de1's (de1 was taken for de4 renamed), so the
/// warnings differed from those of the same departure under distinct names; now they
/// are the same, de4 named as the previous feeds named them.
#[test]
fn one_of_two_engineers_of_one_name_leaving_is_told_apart() {
    let distinct = de4_leaves_warnings(false);
    assert!(
        distinct.contains("Data Engineer 4 (de4) before"),
        "{distinct}"
    );
    let shared = de4_leaves_warnings(true);
    assert_eq!(
        shared,
        distinct.replace("Data Engineer 4", "Data Engineer 1"),
        "shared:\n{shared}\ndistinct:\n{distinct}"
    );
}
