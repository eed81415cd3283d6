//! Session 63: calendars that must not churn. An override added over days already
//! served warns when it changes who held them, and is quiet when it records the holder
//! the served feed showed.

mod common;

use common::served::{rewritten, with_override};
use common::*;

/// 2026-11-26T12:00:00Z: the weeks of 9 November (Data Engineer 3) and 16 November
/// (Data Engineer 2) are served.
const T0: u64 = 1_795_694_400;

/// Tuesday 10 November, in Data Engineer 3's week.
fn tuesday(engineer: &str) -> String {
    format!("  - {{ from: \"2026-11-10 09:00\", to: \"2026-11-11 09:00\", engineer: {engineer}, reason: \"swap\" }}")
}

/// An override added, after it was served, for Tuesday 10 November, naming Data
/// Engineer 2 where the feed showed Data Engineer 3: every subscriber's calendar
/// rewrites who held that day. On main nothing warned (served shifts were compared only
/// where no override is now); now it warns at the override's `engineer`, naming who the
/// feed showed and how to keep it.
#[test]
fn an_override_added_over_served_days_for_someone_else_warns() {
    let site = example_site();
    let root = site.path();
    assert!(rewritten(&warnings_at(root, T0)).is_empty());
    with_override(root, &tuesday("de2"));
    let err = warnings_at(root, T0 + 60);
    let warned = rewritten(&err);
    assert_eq!(warned.len(), 1, "{err}");
    let day = "Tue 10 Nov 2026 09:00 to Wed 11 Nov 2026 09:00";
    assert!(
        warned[0].contains(&format!(
            "{day} (Data Engineer 3 before, Data Engineer 2 now)"
        )),
        "{err}"
    );
    let line = line_of(root, "reason: \"swap\"");
    assert!(
        warned[0].contains(&format!("content/oncall.yaml:{line}:")),
        "{err}"
    );
    assert!(
        warned[0].contains("`- { from: \"2026-11-10 09:00\", to: \"2026-11-11 09:00\", engineer: de3, reason: served }`"),
        "{err}"
    );
    // Built again, nothing edited: the feeds now show it, and nothing warns.
    assert!(rewritten(&warnings_at(root, T0 + 120)).is_empty());
}

/// The same override naming Data Engineer 3, who the feed showed: the record of what
/// was served, as README says overrides are; quiet.
#[test]
fn an_override_recording_the_served_holder_is_quiet() {
    let site = example_site();
    let root = site.path();
    assert!(rewritten(&warnings_at(root, T0)).is_empty());
    with_override(root, &tuesday("de3"));
    let err = warnings_at(root, T0 + 60);
    assert!(rewritten(&err).is_empty(), "{err}");
}

/// An override over the served Tuesday stretched, after it was served, to Thursday
/// 12 November: Wednesday and its morning after went from Data Engineer 3 to Data
/// Engineer 2. On main quiet; now the part stretched is named, and only it.
#[test]
fn a_served_override_stretched_over_served_days_warns_of_the_stretch() {
    let site = example_site();
    let root = site.path();
    with_override(root, &tuesday("de2"));
    assert!(rewritten(&warnings_at(root, T0)).is_empty());
    edit(root, "content/oncall.yaml", "11-11 09:00", "11-12 09:00");
    let err = warnings_at(root, T0 + 60);
    let warned = rewritten(&err);
    assert_eq!(warned.len(), 1, "{err}");
    assert!(
        warned[0].contains(
            "Wed 11 Nov 2026 09:00 to Thu 12 Nov 2026 09:00 (Data Engineer 3 before, Data Engineer 2 now)"
        ),
        "{err}"
    );
    assert!(!warned[0].contains("Tue 10 Nov"), "{err}");
}

/// The warnings of served shifts at other times in `err`, each with its location and hint.
fn retimed(err: &str) -> Vec<String> {
    let lines: Vec<&str> = err.lines().collect();
    (lines.iter().enumerate())
        .filter(|(_, l)| l.contains("already served now start"))
        .map(|(i, _)| {
            let rest = lines[i..].iter().take_while(|l| !l.is_empty());
            rest.copied().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

/// The example built at [`T0`], where nothing served moved, then a minute later with
/// `from` edited to `to` in oncall.yaml: the site and the second build's warnings.
fn rebuilt_with(from: &str, to: &str) -> (tempfile::TempDir, String) {
    let site = example_site();
    let root = site.path();
    assert!(retimed(&warnings_at(root, T0)).is_empty());
    edit(root, "content/oncall.yaml", from, to);
    let err = warnings_at(root, T0 + 60);
    (site, err)
}

/// The one warning of served shifts at other times in `err`, which it asserts is at
/// the line of oncall.yaml holding `text`.
fn retimed_once_at(root: &std::path::Path, err: &str, text: &str) -> String {
    let warned = retimed(err);
    assert_eq!(warned.len(), 1, "{err}");
    let line = line_of(root, text);
    let at = format!("content/oncall.yaml:{line}:");
    assert!(warned[0].contains(&at), "{err}");
    warned.into_iter().next().unwrap_or_default()
}

/// The rotation's zone changed from New York to Chicago, of the same daylight-saving
/// dates: the served weeks start an hour later in UTC, at 09:00 Chicago time. On main
/// the warning was at `handoff` (the published shifts' local hour, read in Chicago, was
/// the same all year, which a handoff moved looks like), a line nobody changed; now the
/// previous feed's own text (`09:00 EST`), which Chicago reads as 08:00 CST, says the
/// zone changed, and the warning is at `timezone`.
#[test]
fn a_zone_of_the_same_daylight_saving_dates_is_told_at_timezone() {
    let (site, err) = rebuilt_with("America/New_York", "America/Chicago");
    let warned = retimed_once_at(site.path(), &err, "timezone:");
    assert!(warned.contains("a change of `timezone`"), "{err}");
    // The handoff's time moved, the zone kept: told at the handoff, as before.
    let (site, err) = rebuilt_with("time: \"09:00\"", "time: \"10:00\"");
    retimed_once_at(site.path(), &err, "handoff:");
    // Toronto keeps New York's offsets: nothing served moved, nothing is said.
    let (_site, err) = rebuilt_with("America/New_York", "America/Toronto");
    assert!(
        retimed(&err).is_empty() && rewritten(&err).is_empty(),
        "{err}"
    );
}

/// Two overrides added over served days are one warning, at the first, naming both
/// days: each line was a warning of its own, and 10,000 overrides added over the
/// published weeks made 753 warnings.
#[test]
fn overrides_added_over_served_days_are_one_warning() {
    let site = example_site();
    let root = site.path();
    assert!(rewritten(&warnings_at(root, T0)).is_empty());
    let thursday = tuesday("de2")
        .replace("11-11", "11-13")
        .replace("11-10", "11-12");
    with_override(root, &format!("{}\n{thursday}", tuesday("de2")));
    let err = warnings_at(root, T0 + 60);
    let warned = rewritten(&err);
    assert_eq!(warned.len(), 1, "{err}");
    assert!(
        warned[0].contains("Tue 10 Nov 2026 09:00 to Wed 11 Nov"),
        "{err}"
    );
    assert!(
        warned[0].contains("Thu 12 Nov 2026 09:00 to Fri 13 Nov"),
        "{err}"
    );
    let line = line_of(root, "reason: \"swap\"");
    assert!(
        warned[0].contains(&format!("content/oncall.yaml:{line}:")),
        "{err}"
    );
}
