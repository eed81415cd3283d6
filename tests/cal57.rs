//! Session 57: calendars that must not churn. A past backup duty moved in or out of an
//! event of more than ten duties (which names no pipeline in its UID) warns as any other.

mod common;

use common::*;

/// 2026-11-30T00:53:20Z, a Monday before the handoff: Veterans Day (Wed 11 Nov) and
/// Thanksgiving (Thu 26 Nov) are past, and in the published weeks (4 before).
const T0: u64 = 1_796_000_000;

/// `n` pipelines `extra-<i>` of primary `de2` and secondary `de4`, as pipelines.yaml lists
/// them: on a holiday their backup is Data Engineer 4, whose feed then makes one event of
/// their duties and Aggregate profit's.
fn extra_pipelines(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "  - id: extra-{i}\n    name: Extra {i}\n    domain: profit\n    audience: finance\n    primary: de2\n    secondary: de4\n"
            )
        })
        .collect()
}

/// A site of the example with 11 more pipelines of Aggregate profit's owners, built at
/// `T0`: Data Engineer 4 backs up 13 pipelines on Veterans Day (Aggregate profit's and
/// Aggregate engagement's too), one event.
fn grouped_site() -> tempfile::TempDir {
    let site = example_site();
    let root = site.path();
    let extra = extra_pipelines(11);
    edit(
        root,
        "content/pipelines.yaml",
        "pipelines:\n",
        &format!("pipelines:\n{extra}"),
    );
    let err = warnings_at(root, T0);
    assert!(!err.contains("backup dut"), "{err}");
    let de4 = read(&root.join("public/oncall/de4.ics"));
    assert!(de4.contains("UID:backups-holiday-20261111.de4@"), "{de4}");
    assert!(
        !de4.contains("UID:backup-extra-3-holiday-20261111"),
        "{de4}"
    );
    site
}

/// One pipeline of the thirteen whose owners swap moves its Veterans Day and Thanksgiving
/// duties out of Data Engineer 4's event of thirteen (now of twelve) into Data Engineer 2's
/// feed, as its own events. On main nothing warned: the event of thirteen named no
/// pipeline, so its duties were all taken as unchanged. It warns now, naming the duty and
/// both backups, at the pipeline's `secondary`, as for a duty of its own event.
#[test]
fn a_duty_moved_out_of_an_event_of_many_warns() {
    let site = grouped_site();
    let root = site.path();
    edit(
        root,
        "content/pipelines.yaml",
        "  - id: extra-3\n    name: Extra 3\n    domain: profit\n    audience: finance\n    primary: de2\n    secondary: de4\n",
        "  - id: extra-3\n    name: Extra 3\n    domain: profit\n    audience: finance\n    primary: de4\n    secondary: de2\n",
    );
    let yaml = read(&root.join("content/pipelines.yaml"));
    let at = 1 + yaml
        .lines()
        .position(|l| l.contains("id: extra-3"))
        .unwrap();
    let err = warnings_at(root, T0 + 60);
    assert!(read(&root.join("public/oncall/de2.ics"))
        .contains("UID:backup-extra-3-holiday-20261111.de2@"));
    assert!(
        err.contains(&format!("content/pipelines.yaml:{}:", at + 5)),
        "{err}"
    );
    assert!(
        err.contains(
            "Wed 11 Nov 2026, Extra 3 (Veterans Day): Data Engineer 4 before, Data Engineer 2 now"
        ),
        "{err}"
    );
    assert!(
        err.contains("Thu 26 Nov 2026, Extra 3 (Thanksgiving Day): Data Engineer 4 before, Data Engineer 2 now"),
        "{err}"
    );
    // Built again, nothing more moves: no warning.
    let err = warnings_at(root, T0 + 120);
    assert!(!err.contains("backup dut"), "{err}");
}

/// Three of the thirteen swapped: the event of thirteen holds ten, a difference its record
/// cannot name one by one; the three duties now in Data Engineer 2's feed are each
/// named, with Data Engineer 4 (whose event they left) before.
#[test]
fn duties_moved_out_of_an_event_of_many_are_each_named() {
    let site = grouped_site();
    let root = site.path();
    for i in [2, 5, 7] {
        let of = |p: &str, s: &str| {
            format!("  - id: extra-{i}\n    name: Extra {i}\n    domain: profit\n    audience: finance\n    primary: {p}\n    secondary: {s}\n")
        };
        edit(
            root,
            "content/pipelines.yaml",
            &of("de2", "de4"),
            &of("de4", "de2"),
        );
    }
    let err = warnings_at(root, T0 + 60);
    for i in [2, 5, 7] {
        assert!(
            err.contains(&format!("Wed 11 Nov 2026, Extra {i} (Veterans Day): Data Engineer 4 before, Data Engineer 2 now")),
            "{err}"
        );
    }
    // One warning at each pipeline's `secondary`, of its two duties.
    assert_eq!(
        err.matches("2 backup duties already past").count(),
        3,
        "{err}"
    );
    assert!(!err.contains("other backups or none"), "{err}");
}

/// The record is not the event's text: Data Engineer 4's event of thirteen keeps its
/// `LAST-MODIFIED` and every byte when rebuilt later, and holds its record
/// (`X-PIPEBOOK-DUTIES:13 …`), which is out of the text's fingerprint; no pipeline's id
/// is listed (20 bytes for any number), so the event does not grow with its group.
#[test]
fn the_record_of_an_event_of_many_is_fixed_and_does_not_churn() {
    let site = grouped_site();
    let root = site.path();
    let uid = "backups-holiday-20261111.de4@pipebook-example.netlify.app";
    let before = event_of(root, "oncall/de4.ics", uid);
    assert_eq!(
        prop(&before, "X-PIPEBOOK-DUTIES").len(),
        "13 ".len() + 16,
        "{before}"
    );
    warnings_at(root, T0 + 86_400);
    assert_eq!(event_of(root, "oncall/de4.ics", uid), before);
}

/// A pipeline of the thirteen whose id changed (`extra-4` to `extra-4-v2`) keeps its
/// duties with Data Engineer 4 as they were: no warning. Taken out, its duties left the
/// event and are nowhere: counted, at `pipelines`, with the hint to keep it under its id.
#[test]
fn an_id_changed_in_an_event_of_many_is_quiet_and_one_taken_out_warns() {
    let site = grouped_site();
    let root = site.path();
    edit(
        root,
        "content/pipelines.yaml",
        "id: extra-4\n",
        "id: extra-4-v2\n",
    );
    let err = warnings_at(root, T0 + 60);
    assert!(!err.contains("backup dut"), "{err}");
    edit(
        root,
        "content/pipelines.yaml",
        "  - id: extra-4-v2\n    name: Extra 4\n    domain: profit\n    audience: finance\n    primary: de2\n    secondary: de4\n",
        "",
    );
    let err = warnings_at(root, T0 + 120);
    assert!(
        err.contains("Wed 11 Nov 2026, 1 of the 13 pipelines of one event: Data Engineer 4 before, other backups or none now"),
        "{err}"
    );
    assert!(err.contains("keep the pipeline under its id"), "{err}");
}

/// A pipeline added (Billing, de3 and de1) gives Data Engineer 1 its Veterans Day duty,
/// a day already past, without a warning: adding a pipeline is routine, and the duty is
/// what pipelines.yaml says (see README, "Calendar feeds"). Once published, the duty is
/// held to it: its owners then swapped, the build warns. Pins the decision; main alike.
#[test]
fn a_pipeline_added_publishes_its_past_duties_quietly_then_holds_them() {
    let site = example_site();
    let root = site.path();
    warnings_at(root, T0);
    let billing = "  - id: billing\n    name: Billing\n    domain: profit\n    audience: finance\n    primary: de3\n    secondary: de1\n";
    edit(
        root,
        "content/pipelines.yaml",
        "pipelines:\n",
        &format!("pipelines:\n{billing}"),
    );
    let err = warnings_at(root, T0 + 60);
    assert!(!err.contains("backup dut"), "{err}");
    assert!(read(&root.join("public/oncall/de1.ics"))
        .contains("UID:backup-billing-holiday-20261111.de1@"));
    edit(
        root,
        "content/pipelines.yaml",
        billing,
        &billing.replace(
            "primary: de3\n    secondary: de1",
            "primary: de1\n    secondary: de3",
        ),
    );
    let err = warnings_at(root, T0 + 120);
    assert!(
        err.contains(
            "Wed 11 Nov 2026, Billing (Veterans Day): Data Engineer 1 before, Data Engineer 3 now"
        ),
        "{err}"
    );
}

/// A deploy preview of the swap warns, and so does the next push's preview, built over
/// the first's output: it compares with production's records its team feed keeps
/// (`X-PIPEBOOK-KEPT`), which now keep the event of many's record of its duties too
/// (`X-PIPEBOOK-KEPT-DUTIES`): the second preview said nothing before.
#[test]
fn every_preview_warns_of_a_duty_moved_out_of_an_event_of_many() {
    let site = grouped_site();
    let root = site.path();
    edit(
        root,
        "content/pipelines.yaml",
        "  - id: extra-3\n    name: Extra 3\n    domain: profit\n    audience: finance\n    primary: de2\n    secondary: de4\n",
        "  - id: extra-3\n    name: Extra 3\n    domain: profit\n    audience: finance\n    primary: de4\n    secondary: de2\n",
    );
    let said =
        "Wed 11 Nov 2026, Extra 3 (Veterans Day): Data Engineer 4 before, Data Engineer 2 now";
    for (i, epoch) in [T0 + 60, T0 + 120].into_iter().enumerate() {
        let err = stderr(&preview_at(root, 7, epoch));
        assert!(err.contains(said), "preview {i}: {err}");
    }
    let err = warnings_at(root, T0 + 180);
    assert!(err.contains(said), "{err}");
}
