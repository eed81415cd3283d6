//! Session 38: calendar feeds that must not churn, a fourth round: how long a former
//! engineer's feed is kept, ...

mod common;

use common::*;

/// 2026-11-26T12:00:00Z, and a day.
const T0: u64 = 1_795_694_400;
const DAY: u64 = 86_400;

/// An engineer taken off the team who had no event (on the team, out of the rotation,
/// no backup duty): on main their feed went at the very build that took them off, as the
/// team feed remembered no event of theirs, so its subscribers got "not found" at once
/// (`public/oncall/de5.ics` missing a day later). It is now kept, empty, until the end of
/// the published weeks of the build they left at (52 weeks ahead in the example), and
/// then goes: bounded, without anything of it left in the team feed.
#[test]
fn a_former_engineer_s_feed_stays_until_their_last_published_week_then_goes() {
    let site = example_site();
    let root = site.path();
    let team = root.join("content/team.yaml");
    let with_de5 = read(&team) + "  - id: de5\n    name: Data Engineer 5\n";
    std::fs::write(&team, &with_de5).unwrap();
    assert!(build_at(root, T0).status.success());
    let feed = root.join("public/oncall/de5.ics");
    assert!(!read(&feed).contains("BEGIN:VEVENT"));

    std::fs::write(
        &team,
        with_de5.replace("  - id: de5\n    name: Data Engineer 5\n", ""),
    )
    .unwrap();
    for day in [1, 2, 30, 200, 360] {
        assert!(build_at(root, T0 + day * DAY).status.success());
        assert!(feed.is_file(), "day {day}: de5.ics is gone");
        let text = read(&feed).replace("\r\n ", "");
        assert!(text.contains("no longer on the team"), "day {day}: {text}");
        assert!(!text.contains("BEGIN:VEVENT"), "day {day}: {text}");
    }
    // The example publishes 52 weeks ahead: day 1's build kept it until day 365.
    assert!(build_at(root, T0 + 366 * DAY).status.success());
    assert!(!feed.exists(), "de5.ics is kept for ever");
    let team_feed = read(&root.join("public/oncall.ics")).replace("\r\n ", "");
    assert!(!team_feed.contains(".de5@"), "{team_feed}");
}

/// The warnings of a build of `root` at T0 that name an override, as `file:line message`.
fn override_warnings(root: &std::path::Path) -> Vec<String> {
    problems(&warnings_at(root, T0))
        .into_iter()
        .filter(|p| p.contains("override of"))
        .collect()
}

/// An override a century long (`to: 2126-…`, a year's typo) put one engineer on call for
/// every shift of the published weeks and wrote an event to 2126 in every feed, and one
/// a year before the rotation (`from: 2025-…`) showed someone on call before anyone was:
/// on main neither said a word (no warning naming an override). Each is now a warning at
/// its value; an override of two days says nothing.
#[test]
fn an_override_a_century_long_or_before_the_rotation_is_a_warning_at_its_line() {
    let site = example_site();
    let root = site.path();
    let fine = "overrides:\n  - { from: \"2026-12-24 18:00\", to: \"2026-12-26 09:00\", engineer: de2, reason: \"de1 travels\" }\n";
    let oncall = root.join("content/oncall.yaml");
    let text = read(&oncall);
    std::fs::write(&oncall, format!("{text}{fine}")).unwrap();
    assert_eq!(override_warnings(root), Vec::<String>::new());

    let wrong = "overrides:
  - { from: \"2026-12-24 18:00\", to: \"2126-12-26 09:00\", engineer: de2, reason: \"de1 travels\" }
  - { from: \"2025-12-20 09:00\", to: \"2025-12-22 09:00\", engineer: de3, reason: \"cover\" }
";
    std::fs::write(&oncall, format!("{text}{wrong}")).unwrap();
    let line = text.lines().count() + 2;
    let warnings = override_warnings(root);
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].starts_with(&format!("content/oncall.yaml:{line}"))
            && warnings[0].contains("override of `de2` lasts 36525 days (2026-12-24 18:00 to 2126-12-26 09:00), longer than a year"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].starts_with(&format!("content/oncall.yaml:{}", line + 1))
            && warnings[1].contains("override of `de3` starts (2025-12-20 09:00) before the rotation's first handoff (2026-01-05 09:00)"),
        "{warnings:?}"
    );
}
