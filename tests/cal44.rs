//! Session 44: calendars that must not churn under the edits a team makes over a year.

mod common;

use common::*;

/// 2026-11-30T00:53:20Z, a Monday before the handoff (Data Engineer 3's week).
const T0: u64 = 1_796_000_000;

/// An event's `SEQUENCE` rises when who holds it, or the name shown, changes: the key of
/// who and when joined `id=name` pieces with `/`, so names holding `/` and `=` made two
/// different pairs of holder and secondary one key. Shift 48 (7 to 14 Dec 2026) is de1's
/// with de2 second on call; named "A" and "B/de3=C", then de1 renamed "A/de2=B" and de2
/// away (de3, "C", second on call instead): both keys read `de1=A/de2=B/de3=C`, and on
/// main the event's summary changed (another holder's name, another secondary) at the
/// same `SEQUENCE`, which calendar apps that go by it ignore.
#[test]
fn who_and_when_cannot_be_forged_by_names() {
    let site = example_site();
    let root = site.path();
    let team = "content/team.yaml";
    edit(root, team, "name: Data Engineer 1\n", "name: A\n");
    edit(root, team, "name: Data Engineer 2\n", "name: \"B/de3=C\"\n");
    edit(root, team, "name: Data Engineer 3\n", "name: C\n");
    warnings_at(root, T0);
    let uid = "shift-48@pipebook-example.netlify.app";
    let before = event_of(root, "oncall.ics", uid);
    assert!(before.contains("SUMMARY:On call: A\r\n"), "{before}");

    edit(root, team, "name: A\n", "name: \"A/de2=B\"\n");
    edit(
        root,
        team,
        "name: \"B/de3=C\"\n",
        "name: Bee\n    time_off: [{ from: 2026-12-08, to: 2026-12-09 }]\n",
    );
    warnings_at(root, T0);
    let after = event_of(root, "oncall.ics", uid);
    assert!(after.contains("SUMMARY:On call: A/de2=B\r\n"), "{after}");
    assert!(after.contains("Secondary on call: C"), "{after}");
    let (was, now) = (prop(&before, "SEQUENCE"), prop(&after, "SEQUENCE"));
    assert!(
        now.parse::<u64>().unwrap() > was.parse::<u64>().unwrap(),
        "who changed at SEQUENCE {was} -> {now}"
    );
}

/// Names without `\`, `/` or `=` keep their keys, so the escape above changes no event of
/// a site whose names hold none: the who-and-when half of shift 48's fingerprint is the
/// one main wrote.
#[test]
fn plain_names_keep_their_fingerprints() {
    let site = example_site();
    let root = site.path();
    warnings_at(root, T0);
    let event = event_of(root, "oncall.ics", "shift-48@pipebook-example.netlify.app");
    let revision = prop(&event, "X-PIPEBOOK-REVISION");
    assert_eq!(
        revision.split('-').next(),
        Some("feb142332a58573b"),
        "{event}"
    );
}

/// The `/oncall/` search entry lists the holidays by date: listed in another order (the
/// YAML reversed), they wrote another search shard and service-worker `VERSION` on main,
/// which every offline reader downloads again, for a change of nothing.
#[test]
fn reordered_holidays_change_no_file() {
    let site = example_site();
    let root = site.path();
    warnings_at(root, T0);
    let before = snapshot(&root.join("public"));
    let path = root.join("content/oncall.yaml");
    let text = read(&path);
    let (head, list) = text.split_once("holidays:\n").unwrap();
    let mut lines: Vec<&str> = list.lines().collect();
    assert!(lines.len() > 20 && lines.iter().all(|l| l.starts_with("  - {")));
    lines.reverse();
    std::fs::write(&path, format!("{head}holidays:\n{}\n", lines.join("\n"))).unwrap();
    warnings_at(root, T0);
    let after = snapshot(&root.join("public"));
    let changed: Vec<_> = (before.iter().zip(&after))
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.0.display().to_string())
        .collect();
    assert_eq!(before.len(), after.len());
    assert!(changed.is_empty(), "changed: {changed:?}");
}

/// A holiday added for days already served (28 Oct 2026, in de1's week of 26 Oct) goes by
/// turn, to de4, and de1 takes de4's next week in return: two served shifts rewritten.
/// The warning said so at `rotation.order`, which had not changed; it names the holiday's
/// line now. A new hire in `rotation.order` still warns there.
#[test]
fn a_holiday_added_for_served_days_is_named_as_the_cause() {
    let site = example_site();
    let root = site.path();
    warnings_at(root, T0);
    let oncall = read(&root.join("content/oncall.yaml"));
    let line = oncall.lines().position(|l| l == "holidays:").unwrap() + 2;
    let order = oncall.lines().position(|l| l.contains("order: [")).unwrap() + 1;
    edit(
        root,
        "content/oncall.yaml",
        "holidays:\n",
        "holidays:\n  - { date: 2026-10-28, name: Company Day }\n",
    );
    let err = warnings_at(root, T0);
    assert!(
        err.contains("2 shifts already served now show someone else on call"),
        "{err}"
    );
    assert!(
        err.contains(&format!("content/oncall.yaml:{line}:")),
        "{err}"
    );
    assert!(err.contains("a holiday goes by turn (rule 2)"), "{err}");
    assert!(
        !err.contains(&format!("content/oncall.yaml:{order}:")),
        "{err}"
    );

    edit(
        root,
        "content/team.yaml",
        "engineers:\n",
        "engineers:\n  - id: de5\n    name: Data Engineer 5\n",
    );
    edit(root, "content/oncall.yaml", "de4]", "de4, de5]");
    let err = warnings_at(root, T0);
    assert!(
        err.contains(&format!("content/oncall.yaml:{order}:")),
        "{err}"
    );
    assert!(
        err.contains("shift k belongs to order[k % length]"),
        "{err}"
    );
}

/// A past holiday pruned from `holidays` (a team deleting last year's) while its shift is
/// still published gives it back to the rotation: Veterans Day 2026 taken out rewrote the
/// served week of 9 Nov (Data Engineer 3 by turn, Data Engineer 1 now), and the warning
/// pointed at `rotation.order`, unchanged. The previous feeds' holiday backup duties name
/// the date, so the warning is at `holidays` now and says to keep past holidays until
/// their shifts leave the published weeks. With a new hire too, it stays at the rotation.
#[test]
fn a_past_holiday_pruned_is_named_as_the_cause() {
    let site = example_site();
    let root = site.path();
    warnings_at(root, T0);
    let path = root.join("content/oncall.yaml");
    let text = read(&path);
    let order = text.lines().position(|l| l.contains("order: [")).unwrap() + 1;
    let first = text.lines().position(|l| l == "holidays:").unwrap() + 2;
    let veterans = "  - { date: 2026-11-11, name: \"Veterans Day\" }\n";
    edit(root, "content/oncall.yaml", veterans, "");
    let err = warnings_at(root, T0);
    assert!(
        err.contains("1 shift already served now shows someone else on call than the site this build replaces: Mon 9 Nov 2026 09:00 to Mon 16 Nov 2026 09:00 (Data Engineer 3 before, Data Engineer 1 now)"),
        "{err}"
    );
    assert!(
        err.contains(&format!("content/oncall.yaml:{first}:")),
        "{err}"
    );
    assert!(
        err.contains("2026-11-11 was a holiday in the feeds of the site this build replaces"),
        "{err}"
    );
    assert!(
        !err.contains(&format!("content/oncall.yaml:{order}:")),
        "{err}"
    );

    // Put back (the site is as first built), then pruned together with a new hire.
    std::fs::write(&path, &text).unwrap();
    warnings_at(root, T0);
    edit(root, "content/oncall.yaml", veterans, "");
    edit(root, "content/oncall.yaml", "de4]", "de4, de5]");
    edit(
        root,
        "content/team.yaml",
        "engineers:\n",
        "engineers:\n  - id: de5\n    name: Data Engineer 5\n",
    );
    let err = warnings_at(root, T0);
    assert!(
        err.contains(&format!("content/oncall.yaml:{order}:")),
        "{err}"
    );
    assert!(!err.contains("was a holiday in the feeds"), "{err}");
}
