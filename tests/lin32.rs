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

/// Adds pipelines `ids` to the example's, each named `Pipe <id>`, in the domain `profit`,
/// owned by de1 and backed up by de2.
fn add_pipelines(root: &Path, ids: impl Iterator<Item = String>) {
    let lines: String = ids
        .map(|id| {
            format!("  - {{ id: {id}, name: Pipe {id}, domain: profit, audience: x, primary: de1, secondary: de2 }}\n")
        })
        .collect();
    edit(
        root,
        "content/pipelines.yaml",
        "pipelines:\n",
        &format!("pipelines:\n{lines}"),
    );
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

/// Whether each pipeline an alert's rules name is one its runbook covers was a scan of
/// the runbook's pipelines (4,990 rules of one alert, each naming another pipeline than
/// the 4,990 its runbook covers: 25 million compares); now a set per runbook. The page
/// still names the pipelines paged and leaves out those the runbook covers.
#[test]
fn an_alert_pages_the_pipelines_its_runbook_does_not_cover() {
    let site = example_site();
    let root = site.path();
    let n = 120;
    add_pipelines(
        root,
        (0..n).flat_map(|i| [format!("p{i}"), format!("q{i}")]),
    );
    let covered: Vec<String> = (0..n).map(|i| format!("q{i}")).collect();
    std::fs::write(
        root.join("content/runbooks/big.md"),
        format!(
            "---\ntitle: Big\npipelines: [{}]\nalerts: [PDown]\n---\n# Big\n\nSteps.\n",
            covered.join(", ")
        ),
    )
    .unwrap();
    // Every p pipeline, and one the runbook covers.
    let rules: String = (0..n)
        .map(|i| format!("p{i}"))
        .chain(["q7".to_string()])
        .map(|id| {
            format!(
                "      - alert: PDown\n        expr: up == 0\n        labels: {{ pipeline: {id} }}\n        annotations: {{ runbook_url: https://pipebook-example.netlify.app/alerts/pdown/ }}\n"
            )
        })
        .collect();
    std::fs::write(
        root.join("content/rules/big.yaml"),
        format!("groups:\n  - name: big\n    rules:\n{rules}"),
    )
    .unwrap();
    let o = build_at(root, T0);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = read(&root.join("public/alerts/pdown/index.html"));
    for i in [0, 57, n - 1] {
        assert!(page.contains(&format!("href=\"/pipelines/p{i}/\"")), "p{i}");
    }
    assert!(!page.contains("href=\"/pipelines/q7/\""), "{page}");
    assert!(page.contains("covers Pipe q0, Pipe q1, Pipe q2, Pipe q3, Pipe q4 and 115 more"));
}

/// A runbook's header named every pipeline it covers with its owners and their contacts,
/// about 400 bytes each for 7 of front matter: 300 runbooks listing 3,000 pipelines each
/// wrote 1.27 MB pages, 509 MB in all, from 6.2 MB. It names ten and counts the rest.
#[test]
fn a_runbook_names_the_owners_of_ten_pipelines_and_counts_the_rest() {
    let site = example_site();
    let root = site.path();
    let n = 300;
    let ids: Vec<String> = (0..n).map(|i| format!("x{i}")).collect();
    add_pipelines(root, ids.iter().cloned());
    std::fs::write(
        root.join("content/runbooks/wide.md"),
        format!(
            "---\ntitle: Wide\npipelines: [{}]\n---\n# Wide\n\nSteps.\n",
            ids.join(", ")
        ),
    )
    .unwrap();
    let o = build_at(root, T0);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = read(&root.join("public/runbooks/wide/index.html"));
    assert_eq!(page.matches("<p class=\"pipeline several\"><a").count(), 10);
    assert_eq!(page.matches("<p><strong>Pipe x").count(), 10);
    assert!(page.contains("Pipe x9<") && !page.contains("Pipe x10<"));
    assert!(page.contains(&format!(
        "And {} more pipelines: see <a href=\"/pipelines/\">Pipelines</a>.",
        n - 10
    )));
}
