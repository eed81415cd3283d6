//! Session 61: calendars that must not churn. A served override moved or given away
//! when its engineer left is told as such.

mod common;

use std::path::Path;

use common::served::{rewritten, with_override};
use common::*;

/// 2026-11-26T12:00:00Z.
const T0: u64 = 1_795_694_400;

const DAY_OFF: &str =
    "  - { from: \"2026-11-09 09:00\", to: \"2026-11-10 09:00\", engineer: de2, reason: \"de1 away\" }";

/// A served override of one day (Monday 9 November, Data Engineer 2 for Data Engineer 3)
/// whose `from` was moved after it passed, to midnight: the morning it held went back to
/// the rotation in every subscriber's calendar. On main the warning said the override
/// was taken out of oncall.yaml (it was not) and pointed at `overrides:`; now it says
/// its times changed, at its `from`, and how to keep it as served.
#[test]
fn a_served_override_whose_from_moved_says_so_at_its_from() {
    let site = example_site();
    let root = site.path();
    with_override(root, DAY_OFF);
    assert!(rewritten(&warnings_at(root, T0)).is_empty());
    edit(root, "content/oncall.yaml", "11-09 09:00", "11-10 00:00");
    let err = warnings_at(root, T0 + 60);
    let warned = rewritten(&err);
    assert_eq!(warned.len(), 1, "{err}");
    let day = "Mon 9 Nov 2026 09:00 to Tue 10 Nov 2026 09:00";
    assert!(
        warned[0].contains(&format!(
            "{day} (Data Engineer 2 before, Data Engineer 3 now)"
        )),
        "{err}"
    );
    let line = line_of(root, "de1 away");
    assert!(
        warned[0].contains(&format!("content/oncall.yaml:{line}:")),
        "{err}"
    );
    assert!(!err.contains("an override taken out"), "{err}");
    assert!(err.contains("a change of its times"), "{err}");
    assert!(
        err.contains("`- { from: \"2026-11-09 09:00\", to: \"2026-11-10 09:00\", engineer: de2, reason: served }`"),
        "{err}"
    );
}

/// A served override of Data Engineer 4's (Monday 9 November), who then left the team:
/// the override had to name someone else (Data Engineer 2), which rewrote who was on
/// call that day in every subscriber's calendar. On main the served-override check
/// skipped names no one has now, and nothing warned of that day (the other warnings, of
/// the rotation, do not name it); now it is named, at the override's `engineer`, with a
/// hint that keeps Data Engineer 4 in team.yaml rather than an override naming an id
/// the build would reject.
#[test]
fn a_served_override_of_someone_who_left_given_to_another_warns() {
    let site = example_site();
    let root = site.path();
    with_override(root, &DAY_OFF.replace("de2", "de4"));
    assert!(rewritten(&warnings_at(root, T0)).is_empty());
    de4_leaves(root);
    edit(
        root,
        "content/oncall.yaml",
        "engineer: de4",
        "engineer: de2",
    );
    let err = warnings_at(root, T0 + 60);
    let day = "Mon 9 Nov 2026 09:00 to Tue 10 Nov 2026 09:00";
    let said = format!("{day} (Data Engineer 4 (de4) before, Data Engineer 2 now)");
    let warned: Vec<_> = (rewritten(&err).into_iter())
        .filter(|w| w.contains(&said))
        .collect();
    assert_eq!(warned.len(), 1, "{err}");
    let line = line_of(root, "de1 away");
    assert!(
        warned[0].contains(&format!("content/oncall.yaml:{line}:")),
        "{err}"
    );
    assert!(warned[0].contains("de4 is no longer in team.yaml"), "{err}");
}

/// Renamed (a new id, the old one under `formerly`, the same name), the holder of a
/// served override warns of nothing: the day is theirs as before.
#[test]
fn a_served_override_of_someone_renamed_warns_of_nothing() {
    let site = example_site();
    let root = site.path();
    with_override(root, &DAY_OFF.replace("de2", "de4"));
    assert!(rewritten(&warnings_at(root, T0)).is_empty());
    edit(
        root,
        "content/team.yaml",
        "  - id: de4\n",
        "  - id: dana\n    formerly: [de4]\n",
    );
    edit(root, "content/oncall.yaml", "de3, de4]", "de3, dana]");
    edit(
        root,
        "content/oncall.yaml",
        "engineer: de4",
        "engineer: dana",
    );
    let pipelines = root.join("content/pipelines.yaml");
    let text = read(&pipelines).replace(": de4\n", ": dana\n");
    std::fs::write(&pipelines, text).unwrap();
    let out = build_at(root, T0 + 60);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(rewritten(&err).is_empty(), "{err}");
}

/// The example with Data Engineer 4 out of `rotation.order` and last in a
/// `secondary.order` of their own: never on call, second on call in the weeks of 2 and
/// 23 November.
fn de4_second_only(root: &Path) {
    edit(
        root,
        "content/oncall.yaml",
        "order: [de1, de2, de3, de4]",
        "order: [de1, de2, de3]",
    );
    let oncall = root.join("content/oncall.yaml");
    let text = read(&oncall) + "secondary: { order: [de1, de2, de3, de4] }\n";
    std::fs::write(&oncall, text).unwrap();
}

/// Data Engineer 4, second on call only (last in a `secondary.order` of their own),
/// leaves: the served week of 2 November and the current one they were second on call
/// in show Data Engineer 2 in every subscriber's calendar. On main the warning at
/// `secondary.order` named the two other weeks the new order moved, not theirs (the
/// secondaries' check skipped names no one has now, and someone never on call was not
/// known to have left: "2 shifts"), and the Veterans Day backup duties named them
/// "de4"; now all four are named, they as "Data Engineer 4 (de4)", as the previous
/// feeds said.
#[test]
fn served_weeks_of_a_secondary_who_left_warn() {
    let site = example_site();
    let root = site.path();
    de4_second_only(root);
    let err = warnings_at(root, T0);
    assert!(!err.contains("already served"), "{err}");
    de4_leaves(root);
    let err = warnings_at(root, T0 + 60);
    let said = "4 shifts already served now show someone else second on call than the site this build replaces: ";
    assert!(err.contains(said), "{err}");
    for week in [
        "Mon 2 Nov 2026 09:00 to Mon 9 Nov",
        "Mon 23 Nov 2026 09:00 to Mon 30 Nov",
    ] {
        let moved =
            format!("{week} 2026 09:00 (Data Engineer 4 (de4) before, Data Engineer 2 now)");
        assert!(err.contains(&moved), "{moved}\n{err}");
    }
    let line = line_of(root, "secondary: { order");
    let at = err.find(said).unwrap();
    assert!(
        err[at..].contains(&format!("content/oncall.yaml:{line}:")),
        "{err}"
    );
    assert!(!err.contains(": de4 before"), "{err}");
    // The holders did not change: no holder's warning.
    assert!(!err.contains("someone else on call"), "{err}");
}

/// Data Engineer 2 renamed "Data Engineer 1", as Data Engineer 1 is (team.yaml warns of
/// it, and allows it: two people of one name). On main every build after, nothing
/// edited, warned that a served shift and 2 secondaries "now show someone else … (Data
/// Engineer 1 before, Data Engineer 1 now)": holders were matched by name, and one name
/// gave one id. Now a shared name is told apart by the previous personal feeds' `UID`s:
/// a rebuild warns of nothing, and the two swapped in `rotation.order` warns, naming
/// each with their id.
#[test]
fn two_engineers_of_one_name_are_told_apart() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/team.yaml",
        "name: Data Engineer 2\n",
        "name: Data Engineer 1\n",
    );
    let err = warnings_at(root, T0);
    assert!(err.contains("is also the name of engineer"), "{err}");
    let err = warnings_at(root, T0 + 60);
    assert!(!err.contains("already served"), "{err}");
    edit(
        root,
        "content/oncall.yaml",
        "order: [de1, de2, de3, de4]",
        "order: [de2, de1, de3, de4]",
    );
    let err = warnings_at(root, T0 + 120);
    let week = "Mon 26 Oct 2026 09:00 to Mon 2 Nov 2026 09:00";
    let said = format!("{week} (Data Engineer 1 (de1) before, Data Engineer 1 (de2) now)");
    assert!(err.contains(&said), "{said}\n{err}");
    let line = line_of(root, "order: [de2");
    let at = err.find(&said).unwrap();
    assert!(
        err[at..].contains(&format!("content/oncall.yaml:{line}:")),
        "{err}"
    );
}
