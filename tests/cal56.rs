//! Session 56: calendars that must not churn. Backup duties already past that an edit
//! gives to someone else, or takes away, warn as served shifts do.

mod common;

use common::*;

/// 2026-11-30T00:53:20Z, a Monday before the handoff: Veterans Day (Wed 11 Nov) and
/// Thanksgiving (Thu 26 Nov) are past, and in the published weeks (4 before).
const T0: u64 = 1_796_000_000;

/// The first line (from 1) of `content/<file>` at `root` at or after line `after` that
/// contains `text`.
fn line_in(root: &std::path::Path, file: &str, after: usize, text: &str) -> usize {
    let body = read(&root.join("content").join(file));
    1 + (body.lines().enumerate())
        .position(|(i, l)| i + 1 >= after && l.contains(text))
        .unwrap_or_else(|| panic!("no {text:?} in {file}"))
}

/// Swapping Aggregate profit's owners (de2 primary, de4 secondary) moved its past holiday
/// backups, Veterans Day and Thanksgiving, from Data Engineer 4's feed to Data Engineer
/// 2's, and the build said nothing. It warns now at the pipeline's `secondary`, naming
/// each duty, with a hint to act on.
#[test]
fn swapping_a_pipelines_owners_warns_of_its_past_backup_duties() {
    let site = example_site();
    let root = site.path();
    warnings_at(root, T0);
    assert!(read(&root.join("public/oncall/de4.ics"))
        .contains("UID:backup-aggregate-profit-holiday-20261111.de4@"));
    edit(
        root,
        "content/pipelines.yaml",
        "    primary: de2\n    secondary: de4\n    runbook: profit",
        "    primary: de4\n    secondary: de2\n    runbook: profit",
    );
    let at = line_in(root, "pipelines.yaml", 1, "id: aggregate-profit");
    let secondary = line_in(root, "pipelines.yaml", at, "secondary:");
    let err = warnings_at(root, T0 + 60);
    assert!(
        err.contains(&format!("content/pipelines.yaml:{secondary}:")),
        "{err}"
    );
    assert!(err.contains("2 backup duties already past"), "{err}");
    assert!(
        err.contains("Wed 11 Nov 2026, Aggregate profit (Veterans Day): Data Engineer 4 before, Data Engineer 2 now"),
        "{err}"
    );
    assert!(
        err.contains("Thu 26 Nov 2026, Aggregate profit (Thanksgiving Day): Data Engineer 4 before, Data Engineer 2 now"),
        "{err}"
    );
    assert!(err.contains("pipelines.yaml keeps no history"), "{err}");
    // Built again, nothing more moves: no warning.
    let err = warnings_at(root, T0 + 120);
    assert!(!err.contains("backup dut"), "{err}");
}

/// Adds time off for Data Engineer 4 under their entry in the example's team.yaml.
fn de4_away(root: &std::path::Path, from: &str, to: &str) {
    edit(
        root,
        "content/team.yaml",
        "    github: example-de4\n",
        &format!("    github: example-de4\n    time_off:\n      - {{ from: {from}, to: {to} }}\n"),
    );
}

/// Time off entered for days already past (Data Engineer 4, 10 to 12 Nov) gave their
/// Veterans Day duties to the primary owners and added backups of their absence to Daily
/// growth's secondary owner, and nothing warned (de4 held no shift then). It warns at the
/// time off's line; taken out again, at de4's entry in team.yaml, not at pipelines.yaml.
#[test]
fn time_off_entered_or_taken_out_after_it_passed_warns_at_team_yaml() {
    let site = example_site();
    let root = site.path();
    warnings_at(root, T0);
    de4_away(root, "2026-11-10", "2026-11-12");
    let team = read(&root.join("content/team.yaml"));
    let line = 1 + team.lines().position(|l| l.contains("2026-11-10")).unwrap();
    let err = warnings_at(root, T0 + 60);
    assert!(err.contains(&format!("content/team.yaml:{line}:")), "{err}");
    assert!(err.contains("3 backup duties already past"), "{err}");
    assert!(
        err.contains("Wed 11 Nov 2026, Aggregate profit (Veterans Day): Data Engineer 4 before, Data Engineer 2 now"),
        "{err}"
    );
    assert!(
        err.contains("Tue 10 Nov 2026 to Thu 12 Nov 2026, Daily growth (Data Engineer 4 is away): none before, Data Engineer 2 now"),
        "{err}"
    );
    assert!(!err.contains("content/pipelines.yaml"), "{err}");
    // Taken out again: the duties go back, at de4's entry.
    edit(
        root,
        "content/team.yaml",
        "    time_off:\n      - { from: 2026-11-10, to: 2026-11-12 }\n",
        "",
    );
    let de4 = 1
        + (read(&root.join("content/team.yaml")).lines())
            .position(|l| l.contains("id: de4"))
            .unwrap();
    let err = warnings_at(root, T0 + 120);
    assert!(err.contains(&format!("content/team.yaml:{de4}:")), "{err}");
    assert!(
        err.contains("Data Engineer 1 before, Data Engineer 4 now"),
        "{err}"
    );
    assert!(err.contains("Data Engineer 2 before, none now"), "{err}");
    assert!(!err.contains("content/pipelines.yaml"), "{err}");
}

const BILLING: &str = "  - id: billing\n    name: Billing\n    domain: profit\n    audience: finance\n    primary: de3\n    secondary: de1\n";

/// A pipeline taken out of pipelines.yaml took its past duties out of its backup's feed
/// without a word. It warns at `pipelines`, saying to keep it under its id. Its id
/// changed instead (`billing` to `billing-v2`), its duties are published again under the
/// new id as they were, and nothing warns.
#[test]
fn a_pipeline_taken_out_warns_of_its_past_duties() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/pipelines.yaml",
        "pipelines:\n",
        &format!("pipelines:\n{BILLING}"),
    );
    warnings_at(root, T0);
    edit(
        root,
        "content/pipelines.yaml",
        "id: billing\n",
        "id: billing-v2\n",
    );
    let err = warnings_at(root, T0 + 60);
    assert!(!err.contains("backup dut"), "{err}");
    edit(
        root,
        "content/pipelines.yaml",
        BILLING.replace("billing", "billing-v2").as_str(),
        "",
    );
    let line = 1
        + (read(&root.join("content/pipelines.yaml")).lines())
            .position(|l| l.starts_with("pipelines:"))
            .unwrap();
    let err = warnings_at(root, T0 + 120);
    assert!(
        err.contains(&format!("content/pipelines.yaml:{}:", line + 1)),
        "{err}"
    );
    assert!(
        err.contains("Wed 11 Nov 2026, Billing (Veterans Day): Data Engineer 1 before, none now"),
        "{err}"
    );
    assert!(err.contains("keep the pipeline under its id"), "{err}");
}

/// `past_weeks` raised from 4 to 8 brings back duties the previous feeds had dropped
/// (Columbus Day, 12 Oct): published before as they are now, they are not new, and
/// nothing warns; an edit then warns only of what it changed.
#[test]
fn past_weeks_raised_brings_back_duties_without_a_warning() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/oncall.yaml",
        "\nholidays:\n",
        "\nhorizon: { past_weeks: 4, future_weeks: 52 }\nholidays:\n",
    );
    warnings_at(root, T0);
    assert!(!read(&root.join("public/oncall/de4.ics")).contains("-holiday-20261012."));
    edit(
        root,
        "content/oncall.yaml",
        "past_weeks: 4",
        "past_weeks: 8",
    );
    let err = warnings_at(root, T0 + 60);
    assert!(read(&root.join("public/oncall/de4.ics")).contains("-holiday-20261012."));
    assert!(!err.contains("backup dut"), "{err}");
}

/// A deploy preview's build warns of the pull request's owners changed, and so does the
/// next push's preview (over the first's output, comparing with production's duties its
/// team feed keeps), and production's build once merged.
#[test]
fn a_preview_and_production_after_it_warn_of_past_duties_moved() {
    let site = example_site();
    let root = site.path();
    warnings_at(root, T0);
    edit(
        root,
        "content/pipelines.yaml",
        "    primary: de1\n    secondary: de4\n",
        "    primary: de1\n    secondary: de2\n",
    );
    let said = "Wed 11 Nov 2026, Aggregate engagement (Veterans Day): Data Engineer 4 before, Data Engineer 2 now";
    for (i, epoch) in [T0 + 60, T0 + 120].into_iter().enumerate() {
        let err = stderr(&preview_at(root, 7, epoch));
        assert!(err.contains(said), "preview {i}: {err}");
    }
    let err = warnings_at(root, T0 + 180);
    assert!(err.contains(said), "{err}");
}

/// Time off entered for a served week (Data Engineer 2, 17-18 Nov) in a pull request:
/// its first deploy preview warned of the shift moved, the second push's preview (built
/// over the first's output, Netlify's one build cache) compared with the first's feeds,
/// already moved, and said nothing, nor of the backup duties the time off added. Each
/// preview compares with production's records (kept in the team feed) now.
#[test]
fn every_preview_of_a_pull_request_warns_of_the_served_shift_it_moves() {
    let site = example_site();
    let root = site.path();
    warnings_at(root, T0);
    edit(
        root,
        "content/team.yaml",
        "    github: example-de2\n",
        "    github: example-de2\n    time_off:\n      - { from: 2026-11-17, to: 2026-11-18 }\n",
    );
    let shift = "Mon 16 Nov 2026 09:00 to Mon 23 Nov 2026 09:00 (Data Engineer 2 before, Data Engineer 4 now)";
    let duty = "1 backup duty already past";
    for (i, epoch) in [T0 + 60, T0 + 120, T0 + 180].into_iter().enumerate() {
        let err = stderr(&preview_at(root, 7, epoch));
        assert!(err.contains(shift), "preview {i}: {err}");
        assert!(err.contains(duty), "preview {i}: {err}");
    }
    let err = warnings_at(root, T0 + 240);
    assert!(err.contains(shift), "{err}");
    let err = warnings_at(root, T0 + 300);
    assert!(!err.contains(shift) && !err.contains(duty), "{err}");
}
