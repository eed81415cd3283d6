//! Session 34: calendars tried as a subscriber would, after edits to the rotation.

mod common;

use common::*;

/// 2026-05-28 20:26:40 UTC: the example's rotation has run for 20 weeks; the served
/// shifts of the published weeks are those of 27 April, 4, 11 and 18 May.
const T0: u64 = 1_780_000_000;
const DAY: u64 = 86_400;

/// The warnings of a build about served shifts moved, as `file:line message`.
fn served_warnings(err: &str) -> Vec<String> {
    problems(err)
        .into_iter()
        .filter(|p| p.contains("already served"))
        .collect()
}

/// The example built at `T0`, then again a day later after `from` became `to` in
/// oncall.yaml: the warnings about served shifts of the second build.
fn served_after(from: &str, to: &str) -> Vec<String> {
    let site = example_site();
    let root = site.path();
    warnings_at(root, T0);
    edit(root, "content/oncall.yaml", from, to);
    served_warnings(&warnings_at(root, T0 + DAY))
}

/// A rotation's `start` moved by a week renumbers every shift, so every served week
/// changes hands (shift k is `order[k % 4]`). Served shifts were matched with the
/// previous feed by slot, so each week was compared with its neighbour, which the same
/// renumbering had handed the same engineer: a start a week later warned of none of the
/// four, a week earlier of 2 of them, with the wrong "before" holders. They are matched
/// by time now.
#[test]
fn a_moved_rotation_start_warns_of_every_served_week_it_moves() {
    for (to, pairs) in [
        (
            "start: 2026-01-12",
            [
                "Mon 27 Apr 2026 09:00 to Mon 4 May 2026 09:00 (Data Engineer 1 before, Data Engineer 4 now)",
                "Mon 4 May 2026 09:00 to Mon 11 May 2026 09:00 (Data Engineer 2 before, Data Engineer 1 now)",
                "Mon 11 May 2026 09:00 to Mon 18 May 2026 09:00 (Data Engineer 3 before, Data Engineer 2 now)",
                "Mon 18 May 2026 09:00 to Mon 25 May 2026 09:00 (Data Engineer 1 before, Data Engineer 3 now)",
            ],
        ),
        (
            "start: 2025-12-29",
            [
                "Mon 27 Apr 2026 09:00 to Mon 4 May 2026 09:00 (Data Engineer 1 before, Data Engineer 2 now)",
                "Mon 4 May 2026 09:00 to Mon 11 May 2026 09:00 (Data Engineer 2 before, Data Engineer 3 now)",
                "Mon 11 May 2026 09:00 to Mon 18 May 2026 09:00 (Data Engineer 3 before, Data Engineer 4 now)",
                "Mon 18 May 2026 09:00 to Mon 25 May 2026 09:00 (Data Engineer 1 before, Data Engineer 2 now)",
            ],
        ),
    ] {
        let warnings = served_after("start: 2026-01-05", to);
        assert_eq!(warnings.len(), 1, "{to}: {warnings:?}");
        assert!(
            warnings[0].starts_with("content/oncall.yaml:5 4 shifts already served"),
            "{to}: {warnings:?}"
        );
        for pair in pairs {
            assert!(warnings[0].contains(pair), "{to}: {pair} in {warnings:?}");
        }
    }
}

/// Weekly shifts made daily or fortnightly: slot k is another stretch of time altogether
/// (shift 16 was a week in April, now a day in January), and by slot nothing was
/// compared. The served days (weeks) are compared with the weeks that held them.
#[test]
fn a_new_shift_length_warns_of_the_served_shifts_it_moves() {
    let daily = served_after("shift: weekly", "shift: daily");
    assert_eq!(daily.len(), 1, "{daily:?}");
    assert!(
        daily[0].contains("19 shifts already served")
            && daily[0].contains(
                "Sat 2 May 2026 09:00 to Sun 3 May 2026 09:00 (Data Engineer 1 before, Data Engineer 2 now)"
            ),
        "{daily:?}"
    );
    let fortnightly = served_after("shift: weekly", "shift: \"14 days\"");
    assert_eq!(fortnightly.len(), 1, "{fortnightly:?}");
    assert!(
        fortnightly[0].contains("2 shifts already served")
            && fortnightly[0].contains(
                "Mon 27 Apr 2026 09:00 to Mon 11 May 2026 09:00 (Data Engineer 2 before, Data Engineer 1 now)"
            ),
        "{fortnightly:?}"
    );
}

/// The same data a day later, or the time zone's handoff hours unchanged, warn of
/// nothing: matching by time finds each served shift's own event.
#[test]
fn served_shifts_left_alone_warn_of_nothing() {
    let site = example_site();
    let root = site.path();
    warnings_at(root, T0);
    assert_eq!(
        served_warnings(&warnings_at(root, T0 + DAY)),
        Vec::<String>::new()
    );
    assert_eq!(
        served_warnings(&warnings_at(root, T0 + 9 * DAY)),
        Vec::<String>::new()
    );
}

/// Someone taken off team.yaml: their page, which the previous build published, was
/// gone without a word (their feed stays, empty, since session 33), so a bookmark or a
/// chat message's link got "not found". The build replacing it warns once, at team.yaml,
/// and `retired_urls` answers 410 Gone and quiets it; later builds do not repeat it.
#[test]
fn an_engineers_page_gone_with_them_is_a_warning_once() {
    let site = example_site();
    let root = site.path();
    let team = root.join("content/team.yaml");
    let before = read(&team);
    std::fs::write(
        &team,
        before.clone() + "  - id: de5\n    name: Data Engineer 5\n",
    )
    .unwrap();
    warnings_at(root, T0);
    assert!(root.join("public/engineers/de5/index.html").is_file());
    std::fs::write(&team, &before).unwrap();
    let gone = |err: &str| -> Vec<String> {
        problems(err)
            .into_iter()
            .filter(|p| p.contains("/engineers/"))
            .collect()
    };
    let check = common::pipebook(&["check", "--root", root.to_str().unwrap()]);
    let warnings = gone(&stderr(&check));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("content/team.yaml:")
            && warnings[0].contains("/engineers/de5/ is no longer published"),
        "{warnings:?}"
    );

    let site_yaml = root.join("content/site.yaml");
    std::fs::write(
        &site_yaml,
        read(&site_yaml) + "retired_urls: [/engineers/de5/]\n",
    )
    .unwrap();
    assert_eq!(gone(&warnings_at(root, T0 + DAY)), Vec::<String>::new());
    assert!(read(&root.join("public/_redirects")).contains("/engineers/de5/ /404.html 410"));
    assert_eq!(gone(&warnings_at(root, T0 + 2 * DAY)), Vec::<String>::new());
}

/// An override of a served week taken out of oncall.yaml (tidying up past ones) gives
/// that week back to the rotation, and subscribers' calendars rewrite who served it:
/// only shift events were compared, so nothing was said. The override's event counts
/// as what was published, and the warning says what to do about overrides.
#[test]
fn a_served_override_taken_out_is_a_warning() {
    let site = example_site();
    let root = site.path();
    let oncall = root.join("content/oncall.yaml");
    let before = read(&oncall);
    std::fs::write(
        &oncall,
        before.clone()
            + "overrides:\n  - { from: \"2026-05-11 09:00\", to: \"2026-05-18 09:00\", engineer: de4, reason: swap }\n",
    )
    .unwrap();
    warnings_at(root, T0);
    // Kept, a day later: nothing moved.
    assert_eq!(
        served_warnings(&warnings_at(root, T0 + DAY)),
        Vec::<String>::new()
    );
    std::fs::write(&oncall, &before).unwrap();
    // No `overrides:` is left to point at: the warning names the file (`--> file`).
    let err = warnings_at(root, T0 + 2 * DAY);
    let warnings: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("already served"))
        .collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(
        warnings[0].starts_with("warning: 1 shift already served")
            && warnings[0].contains(
                "Mon 11 May 2026 09:00 to Mon 18 May 2026 09:00 (Data Engineer 4 before, Data Engineer 3 now)"
            )
            && err.contains("--> content/oncall.yaml")
            && err.contains("hint: an override taken out of oncall.yaml"),
        "{err}"
    );
}
