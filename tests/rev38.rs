//! Session 38's review: what this session's changes let through.

mod common;

use common::*;

/// 2026-11-26T12:00:00Z, and a day.
const T0: u64 = 1_795_694_400;
const DAY: u64 = 86_400;

/// A former engineer who was in the rotation: the team feed remembers their events
/// (`X-PIPEBOOK-RETIRED … shift-N.de5@host`) for `past_weeks` after each ends. Their feed
/// goes at the day it carries; a build after that, which no longer finds the feed's own
/// record, must not take the remembered events for a feed that just left the team and
/// keep it for a further 52 weeks (it came back the next day, until day 731).
#[test]
fn a_former_engineer_s_feed_that_went_does_not_come_back() {
    let site = example_site();
    let root = site.path();
    let team = root.join("content/team.yaml");
    let oncall = root.join("content/oncall.yaml");
    let (team_text, oncall_text) = (read(&team), read(&oncall));
    let de5 = "  - id: de5\n    name: Data Engineer 5\n";
    std::fs::write(&team, format!("{team_text}{de5}")).unwrap();
    let order = "order: [de1, de2, de3, de4]";
    assert!(oncall_text.contains(order));
    let with_de5 = oncall_text.replace(order, "order: [de1, de2, de3, de4, de5]");
    std::fs::write(&oncall, with_de5).unwrap();
    assert!(build_at(root, T0).status.success());
    let feed = root.join("public/oncall/de5.ics");
    assert!(read(&feed).contains("BEGIN:VEVENT"));

    std::fs::write(&team, team_text).unwrap();
    std::fs::write(&oncall, oncall_text).unwrap();
    for day in [1, 360] {
        assert!(build_at(root, T0 + day * DAY).status.success());
        assert!(feed.is_file(), "day {day}: de5.ics is gone");
    }
    for day in [366, 367, 368, 400] {
        assert!(build_at(root, T0 + day * DAY).status.success());
        assert!(!feed.exists(), "day {day}: de5.ics is back");
    }
}
