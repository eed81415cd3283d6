//! Review 30b: the secondary on call during overrides (F1) and time zones that name a
//! fixed offset (F8).

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use pipebook::model::{Horizon, OnCall, Override, Pipelines, Team};
use pipebook::schedule::{self, Segment};

mod common;
#[path = "schedule_common/mod.rs"]
mod schedule_common;

use common::{example_site, pipebook, problems, stderr};

/// The example's rotation (weekly, Monday 09:00 New York, from 2026-01-05) over e0..e3:
/// the week of Mon 20 July 2026 is e0's, 27 July e1's, 3 August e2's.
fn rotation() -> (OnCall, Team) {
    let start = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
    let rotation =
        schedule_common::rotation(&[0, 1, 2, 3], start, nine, chrono_tz::America::New_York, 7);
    let oncall = schedule_common::oncall(rotation, Vec::new(), Horizon::default());
    (oncall, schedule_common::team(4))
}

fn off(team: &mut Team, who: usize, from: &str, days: i64) {
    let start = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let from: NaiveDate = from.parse().unwrap();
    schedule_common::time_off(team, start, (who, (from - start).num_days(), days));
}

fn cover(oncall: &mut OnCall, who: usize, from: &str, to: &str) {
    let at = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    oncall.overrides.push(Override {
        from: at(from),
        to: at(to),
        engineer: schedule_common::id(who),
        reason: "cover".into(),
    });
}

/// The override segments of the schedule built on 2026-05-28.
fn overrides(oncall: &OnCall, team: &Team) -> Vec<Segment> {
    let now = Utc.with_ymd_and_hms(2026, 5, 28, 20, 26, 40).unwrap();
    let r = schedule::resolve(oncall, team, &Pipelines::default(), now);
    assert!(r.conflicts.is_empty());
    (r.schedule.segments.into_iter())
        .filter(|s| s.override_index.is_some())
        .collect()
}

fn secondaries(segs: &[Segment]) -> Vec<(String, Option<String>)> {
    segs.iter()
        .map(|s| (s.engineer.clone(), s.secondary.clone()))
        .collect()
}

#[test]
fn the_engineer_an_override_displaces_is_second_only_when_present() {
    // e0 is away Wed 22 to Fri 24 July, in their own week; e1, their secondary, covers.
    let (mut oncall, mut team) = rotation();
    off(&mut team, 0, "2026-07-22", 3);
    cover(&mut oncall, 1, "2026-07-22 00:00", "2026-07-25 00:00");
    let segs = overrides(&oncall, &team);
    // Not e0, who is away: the next after e1 who is present.
    assert_eq!(secondaries(&segs), [("e1".into(), Some("e2".into()))]);

    // Without the time off, e0 (whom the override displaces) stays second.
    let (mut oncall, team) = rotation();
    cover(&mut oncall, 1, "2026-07-22 00:00", "2026-07-25 00:00");
    assert_eq!(
        secondaries(&overrides(&oncall, &team)),
        [("e1".into(), Some("e0".into()))]
    );
}

#[test]
fn an_override_across_handoffs_has_a_secondary_present_all_through_it() {
    // e3 covers three weeks; e1, the first week's secondary, is away 1 to 8 August.
    let (mut oncall, mut team) = rotation();
    off(&mut team, 1, "2026-08-01", 8);
    cover(&mut oncall, 3, "2026-07-20 09:00", "2026-08-10 09:00");
    let segs = overrides(&oncall, &team);
    assert_eq!(segs.len(), 1, "one segment, one calendar event");
    assert_eq!(
        (segs[0].start, segs[0].end),
        (
            Utc.with_ymd_and_hms(2026, 7, 20, 13, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 8, 10, 13, 0, 0).unwrap()
        )
    );
    // Not e1: the next after e3 who is present all through it.
    assert_eq!(secondaries(&segs), [("e3".into(), Some("e0".into()))]);

    // Without the time off, the first week's secondary stays (no churn).
    let (mut oncall, team) = rotation();
    cover(&mut oncall, 3, "2026-07-20 09:00", "2026-08-10 09:00");
    assert_eq!(
        secondaries(&overrides(&oncall, &team)),
        [("e3".into(), Some("e1".into()))]
    );

    // Everyone else away at some point of it: no secondary rather than one away.
    let (mut oncall, mut team) = rotation();
    off(&mut team, 0, "2026-08-04", 1);
    off(&mut team, 1, "2026-07-28", 1);
    off(&mut team, 2, "2026-07-21", 1);
    cover(&mut oncall, 3, "2026-07-20 09:00", "2026-08-10 09:00");
    assert_eq!(
        secondaries(&overrides(&oncall, &team)),
        [("e3".into(), None)]
    );
}

/// `check` on the example site with `timezone:` set to `zone` in oncall.yaml (and in
/// site.yaml when `site` is true): the warnings about the zone, as `file:line message`.
fn zone_warnings(zone: &str, site: bool) -> (Option<i32>, Vec<String>, String) {
    let dir = example_site();
    let root = dir.path();
    common::edit(
        root,
        "content/oncall.yaml",
        "timezone: America/New_York",
        &format!("timezone: {zone}"),
    );
    if site {
        common::edit(
            root,
            "content/site.yaml",
            "timezone: America/New_York",
            &format!("timezone: {zone}"),
        );
    }
    let out = pipebook(&["check", "--root", root.to_str().unwrap()]);
    let err = stderr(&out);
    let found = problems(&err)
        .into_iter()
        .filter(|p| p.contains("time zone"))
        .collect();
    (out.status.code(), found, err)
}

fn line_of(file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(common::repo().join(file)).unwrap();
    1 + text.lines().position(|l| l.contains(needle)).unwrap()
}

#[test]
fn fixed_offset_zones_are_warned_with_a_region_to_use() {
    let line = line_of("content/oncall.yaml", "timezone: America/New_York");
    for (zone, offset, region) in [
        ("EST", "UTC-05:00", "`America/New_York`"),
        ("MST", "UTC-07:00", "`America/Denver`"),
        ("HST", "UTC-10:00", "`Pacific/Honolulu`"),
        ("Etc/GMT+5", "UTC-05:00", "`America/New_York`"),
        ("Etc/GMT-9", "UTC+09:00", "`Asia/Tokyo`"),
        ("GMT", "UTC+00:00", "`Europe/London`"),
    ] {
        let (code, found, err) = zone_warnings(zone, false);
        assert_eq!(code, Some(0), "a warning, not an error: {err}");
        assert_eq!(
            found,
            [format!(
                "content/oncall.yaml:{line} time zone `{zone}` is a fixed offset, {offset} all year without daylight saving{}, which is seldom what a team means",
                if zone.starts_with("Etc/") {
                    let (n, way) = if zone.contains('+') { (5, "behind") } else { (9, "ahead of") };
                    format!(" (the sign is POSIX's: `{zone}` is {n} hours {way} UTC)")
                } else {
                    String::new()
                }
            )],
            "{err}"
        );
        assert!(err.contains(region), "{zone}: {err}");
    }
}

#[test]
fn utc_and_region_zones_are_not_warned_and_site_yaml_is_checked_too() {
    for zone in ["UTC", "Etc/UTC", "America/Phoenix", "Pacific/Honolulu"] {
        let (code, found, err) = zone_warnings(zone, true);
        assert_eq!(code, Some(0), "{err}");
        assert!(found.is_empty(), "{zone}: {found:?}");
    }
    let (code, found, err) = zone_warnings("EST", true);
    assert_eq!(code, Some(0), "{err}");
    let site_line = line_of("content/site.yaml", "timezone: America/New_York");
    let oncall_line = line_of("content/oncall.yaml", "timezone: America/New_York");
    let mut at: Vec<String> = found
        .iter()
        .map(|p| p[..p.find(' ').unwrap()].to_string())
        .collect();
    at.sort();
    assert_eq!(
        at,
        [
            format!("content/oncall.yaml:{oncall_line}"),
            format!("content/site.yaml:{site_line}")
        ],
        "{err}"
    );
}
