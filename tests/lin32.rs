//! Session 32: output and work bounded whatever the data (pipeline pages' backups, a
//! theme's lists of duties).

mod common;

use std::path::Path;

use common::*;

/// 2026-05-28 20:26:40 UTC: the example's rotation has run for 20 weeks.
const T0: u64 = 1_780_000_000;

/// The example's holidays replaced by one every day for `days` days from 2026-01-01.
fn a_holiday_every_day(root: &Path, days: i64) {
    let path = root.join("content/oncall.yaml");
    let text = read(&path);
    let from = text.find("holidays:\n").unwrap();
    let to = from + text[from..].find("\n\n").unwrap_or(text.len() - from);
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let holidays: String = (0..days)
        .map(|k| {
            let date = start + chrono::Duration::days(k);
            format!("  - {{ date: {date}, name: \"Day {k}\" }}\n")
        })
        .collect();
    let text = format!("{}holidays:\n{holidays}{}", &text[..from], &text[to..]).replace(
        "\nrotation:\n",
        "\nhorizon: { past_weeks: 4, future_weeks: 160 }\nrotation:\n",
    );
    std::fs::write(&path, text).unwrap();
}

/// A pipeline page listed every coming backup duty of the pipeline: a holiday every day
/// for ten years made each page 310 kB (3,503 dates). It lists 60 and says how many more
/// there are and where.
#[test]
fn a_pipeline_page_lists_sixty_backup_dates_and_counts_the_rest() {
    let site = example_site();
    let root = site.path();
    a_holiday_every_day(root, 3 * 365);
    let o = build_at(root, T0);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = read(&root.join("public/pipelines/aggregate-profit/index.html"));
    assert_eq!(page.matches("class=\"when\"").count(), 60, "{page}");
    let count: usize = page
        .split("<span class=\"rel\">· ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(count > 900, "{count}");
    let rest = format!("And {} more, to ", count - 60);
    assert!(page.contains(&rest), "{page}");
    assert!(page.contains("calendar feed.</p></details>"), "{page}");
}

/// A theme's own templates were given every coming backup duty as `backups` (up to
/// 1,000,000 on /oncall/, each a row of the page it makes): they hold the first 500 now,
/// and `backups_left` counts the rest, on /oncall/, engineer and pipeline pages.
#[test]
fn a_themes_backups_hold_five_hundred_duties_and_count_the_rest() {
    let site = example_site();
    let root = site.path();
    a_holiday_every_day(root, 3 * 365);
    let templates = root.join("themes/acme/templates");
    std::fs::create_dir_all(&templates).unwrap();
    for page in ["oncall.html", "engineer.html", "pipeline.html"] {
        std::fs::write(
            templates.join(page),
            "listed {{ backups | length }} left {{ backups_left }}\n",
        )
        .unwrap();
    }
    edit(root, "content/site.yaml", "theme: default", "theme: acme");
    let o = build_at(root, T0);
    assert!(o.status.success(), "{}", stderr(&o));
    for page in [
        "oncall/index.html",
        "engineers/de2/index.html",
        "pipelines/aggregate-profit/index.html",
    ] {
        let text = read(&root.join("public").join(page));
        let left: usize = text
            .trim()
            .strip_prefix("listed 500 left ")
            .unwrap_or_else(|| panic!("{page}: {text}"))
            .parse()
            .unwrap();
        assert!(left > 400, "{page}: {text}");
    }
}
