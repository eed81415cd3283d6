//! The example site of the repository builds, and says what the seed says.

mod common;

use std::collections::BTreeMap;

use common::*;

fn built() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let o = pipebook(&[
        "build",
        "--root",
        repo().to_str().unwrap(),
        "--output",
        out.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).is_empty(),
        "the example site builds without warnings: {}",
        stderr(&o)
    );
    out
}

#[test]
fn every_page_of_the_url_table_is_written() {
    let out = built();
    let o = out.path();
    let mut expected = vec![
        "index.html".to_string(),
        "pipelines/index.html".into(),
        "engineers/index.html".into(),
        "oncall/index.html".into(),
        "coverage/index.html".into(),
        "search/index.html".into(),
        "oncall.ics".into(),
        "404.html".into(),
        "sitemap.xml".into(),
        "runbooks/index.html".into(),
        "runbooks/profit/aggregate-profit/index.html".into(),
        "runbooks/growth/aggregate-growth/index.html".into(),
        "runbooks/engagement/aggregate-engagement/index.html".into(),
    ];
    for id in [
        "unit-level-profit",
        "aggregate-profit",
        "aggregate-growth",
        "daily-growth",
        "aggregate-engagement",
    ] {
        expected.push(format!("pipelines/{id}/index.html"));
    }
    for id in ["de1", "de2", "de3", "de4"] {
        expected.push(format!("engineers/{id}/index.html"));
        expected.push(format!("oncall/{id}.ics"));
    }
    for path in &expected {
        assert!(o.join(path).is_file(), "missing {path}");
    }
    let sitemap = read(&o.join("sitemap.xml"));
    assert!(
        sitemap.contains("<loc>https://pipebook-example.netlify.app/pipelines/daily-growth/</loc>")
    );
    assert!(
        !sitemap.contains("404"),
        "the 404 page is not in the sitemap"
    );
}

#[test]
fn build_prints_one_summary_line_and_phases_with_verbose() {
    let out = tempfile::tempdir().unwrap();
    let repo = repo();
    let args = [
        "build",
        "--root",
        repo.to_str().unwrap(),
        "--output",
        out.path().to_str().unwrap(),
    ];
    let o = pipebook(&args);
    let text = stdout(&o);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with("Built 25 pages, 5 feeds, a search index of "),
        "{text}"
    );
    assert!(text.contains(" ms"), "{text}");
    let mut verbose = args.to_vec();
    verbose.push("-v");
    let text = stdout(&pipebook(&verbose));
    for phase in ["load", "validate", "schedule", "render", "feeds", "write"] {
        assert!(
            text.lines().any(|l| l.trim_start().starts_with(phase)),
            "no {phase} in {text}"
        );
    }
}

/// The seed's ownership table, read from the seed itself: pipeline name to (primary, secondary).
fn seed_ownership() -> BTreeMap<String, (String, String)> {
    let seed = read(&shared().join("seed/000_27fc38b49ec45e00.txt"));
    let mut table = BTreeMap::new();
    for line in seed.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() == 5 && cells[2].starts_with("Data Engineer") {
            let id = |s: &str| format!("de{}", s.trim_start_matches("Data Engineer ").trim());
            table.insert(cells[1].to_string(), (id(cells[2]), id(cells[3])));
        }
    }
    assert_eq!(table.len(), 5, "the seed's table has five pipelines");
    table
}

#[test]
fn content_matches_the_seed() {
    #[derive(serde::Deserialize)]
    struct Pipelines {
        domains: Vec<serde_yaml::Value>,
        pipelines: Vec<BTreeMap<String, serde_yaml::Value>>,
    }
    let data: Pipelines =
        serde_yaml::from_str(&read(&repo().join("content/pipelines.yaml"))).unwrap();
    // The fields the seed gives (`job`, the orchestrator's names, may be a list).
    let pipelines: Vec<BTreeMap<String, String>> = data
        .pipelines
        .iter()
        .map(|p| {
            p.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect()
        })
        .collect();
    let owners = seed_ownership();
    assert_eq!(pipelines.len(), 5);
    for p in &pipelines {
        let (primary, secondary) = &owners[&p["name"]];
        assert_eq!(&p["primary"], primary, "{}", p["name"]);
        assert_eq!(&p["secondary"], secondary, "{}", p["name"]);
        let investors = p["name"].starts_with("Aggregate");
        assert_eq!(
            p["audience"],
            if investors {
                "investors"
            } else {
                "experiments"
            }
        );
    }
    let ids: Vec<&str> = pipelines.iter().map(|p| p["id"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "unit-level-profit",
            "aggregate-profit",
            "aggregate-growth",
            "daily-growth",
            "aggregate-engagement"
        ]
    );
    assert_eq!(data.domains.len(), 3);

    // Every step, check and risk of the seed appears in the site's content.
    let seed = read(&shared().join("seed/000_27fc38b49ec45e00.txt"));
    let mut content = String::new();
    for entry in walkdir::WalkDir::new(repo().join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            content.push_str(&read(entry.path()));
        }
    }
    let mut checked = 0;
    for line in seed.lines() {
        let t = line.trim();
        let item = if let Some(rest) = t.strip_prefix("- ") {
            rest
        } else if t.len() > 3 && t.as_bytes()[0].is_ascii_digit() && &t[1..3] == ". " {
            &t[3..]
        } else {
            continue;
        };
        if item.starts_with("**") || item.starts_with("Week") {
            continue;
        }
        assert!(
            content.contains(item),
            "the seed's {item:?} is missing from content/"
        );
        checked += 1;
    }
    assert!(
        checked >= 27,
        "only {checked} steps, checks and risks found in the seed"
    );
}

#[test]
fn pipeline_pages_show_owners_runbook_and_failure_modes() {
    let out = built();
    let page = read(&out.path().join("pipelines/aggregate-profit/index.html"));
    assert!(page.contains("<h1>Aggregate profit</h1>"));
    assert!(page.contains("Profit"));
    assert!(page.contains("investors"));
    assert!(
        page.contains(r#"<a href="/engineers/de2/">Data Engineer 2</a>"#),
        "primary linked"
    );
    assert!(
        page.contains(r#"<a href="/engineers/de4/">Data Engineer 4</a>"#),
        "secondary linked"
    );
    assert!(
        page.contains(r#"href="/runbooks/profit/aggregate-profit/""#),
        "runbook linked"
    );
    assert!(page.contains("Incorrect aggregation logic leading to inaccurate reporting."));
    assert!(
        page.contains("Profit Pipeline (Aggregate Profit)</a>, last reviewed 15 Oct 2026"),
        "review date in the header"
    );
    // Once, in the footer (print leaves it out).
    let edit = r#"<a href="https://github.com/example-org/pipebook/edit/main/content/pipelines.yaml">Edit this page</a>"#;
    assert_eq!(page.matches(edit).count(), 1, "{page}");

    // The seed has no runbook of its own for daily growth: the growth runbook answers its
    // alerts and lists it in `pipelines:`, so it shows daily growth's owners too.
    let page = read(&out.path().join("pipelines/daily-growth/index.html"));
    assert!(page.contains(r#"href="/runbooks/growth/aggregate-growth/""#));
    assert!(page.contains("Missing data from external systems."));
}

#[test]
fn engineer_pages_show_ownership_shifts_and_feed() {
    let out = built();
    let page = read(&out.path().join("engineers/de1/index.html"));
    let primary = &page
        [page.find("Primary owner of").unwrap()..page.find("Secondary owner (backup) of").unwrap()];
    assert!(primary.contains("Unit-level profit") && primary.contains("Aggregate engagement"));
    assert!(!primary.contains("Aggregate growth"));
    let secondary = &page[page.find("Secondary owner (backup) of").unwrap()
        ..page.find("Coming on-call shifts").unwrap()];
    assert!(secondary.contains("Aggregate growth"));
    assert!(page.contains("https://pipebook-example.netlify.app/oncall/de1.ics"));
    assert!(page.contains("webcal://pipebook-example.netlify.app/oncall/de1.ics"));
    // Week 48 of the rotation (slot 47 from 2026-01-05) starts Mon 30 Nov and is de4's;
    // de1 has slot 48, from Mon 7 Dec 2026.
    assert!(
        page.contains("Mon 7 Dec 2026, 09:00 EST"),
        "next shift listed"
    );
}

#[test]
fn runbook_pages_have_owners_oncall_toc_and_ids() {
    let out = built();
    let page = read(
        &out.path()
            .join("runbooks/profit/aggregate-profit/index.html"),
    );
    assert!(page.contains(
        r#"<h1 id="profit-pipeline-aggregate-profit">Profit Pipeline (Aggregate Profit)</h1>"#
    ));
    assert!(page.contains(r#"<a href="/pipelines/aggregate-profit/">Aggregate profit</a>"#));
    assert!(page.contains("Data Engineer 2") && page.contains("Data Engineer 4"));
    // The clock is Thanksgiving 2026, whose turn is de4's (the fourth cell of November,
    // src/schedule/turns.rs): de4 holds the week by turn.
    assert!(page.contains("On call now: <strong><a href=\"/engineers/de4/\">Data Engineer 4</a>"));
    assert!(
        page.contains(r##"<a href="#steps">Steps</a>"##),
        "table of contents"
    );
    assert!(page.contains(r#"<h2 id="steps">"#) && page.contains(r#"<h2 id="checks">"#));
    assert!(page.contains(r##"<li id="steps.2">Run data validation checks on raw profit data. <a class="step-link" href="#steps.2" aria-label="Link to step 2">#</a></li>"##));
    assert!(
        page.contains(r#"href="/runbooks/growth/aggregate-growth/#checks""#),
        "relative .md link with anchor rewritten"
    );
    let home = read(&out.path().join("index.html"));
    assert!(
        home.contains("All 3 runbooks"),
        "folder index pages are not counted"
    );
    let index = read(&out.path().join("runbooks/index.html"));
    assert!(index.contains(r#"href="/runbooks/profit/aggregate-profit/""#));
}

#[test]
fn oncall_page_lists_shifts_and_holidays() {
    let out = built();
    let page = read(&out.path().join("oncall/index.html"));
    assert!(page.contains("Shifts: weekly, handed over on Monday at 09:00 (America/New_York)"));
    assert!(page.contains(r#"<tr class="current">"#));
    assert!(page.contains("Thanksgiving Day"));
    assert!(page.contains("webcal://pipebook-example.netlify.app/oncall.ics"));
    assert!(page.contains("https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fpipebook-example.netlify.app%2Foncall.ics"));
    // Four past shifts, the current one, and a year ahead.
    assert!(page.matches("<tr").count() >= 4 + 1 + 52);
}

#[test]
fn two_builds_with_the_same_clock_are_identical() {
    let a = built();
    let b = built();
    assert_eq!(snapshot(a.path()), snapshot(b.path()));
}

#[test]
fn a_holiday_moves_to_the_next_engineer_a_year_later() {
    let out = built();
    let page = read(&out.path().join("oncall/index.html"));
    let table =
        &page[page.find("id=\"holiday-duty\"").unwrap()..page.find("id=\"holidays\"").unwrap()];
    let rows: Vec<(&str, usize, &str)> = table
        .split("<tr><td data-label=\"Engineer\"><a href=\"/engineers/")
        .skip(1)
        .map(|row| {
            let cells: Vec<&str> = row
                .split("</td><td")
                .map(|cell| cell.split_once('>').map_or(cell, |(_, text)| text))
                .collect();
            (&row[..3], cells[1].parse().unwrap(), cells[2])
        })
        .collect();
    assert_eq!(rows.len(), 4, "{table}");
    assert_eq!(
        rows.iter().map(|r| r.1).sum::<usize>(),
        12,
        "the 12 holidays of the next 12 months"
    );
    // Holiday turns go by the date's cell (month, week of the month) and move one engineer
    // along each year: Thanksgiving, the fourth Thursday of November, keeps its cell as its
    // date moves, and goes to the next engineer a year later.
    let holder = |holiday: &str| rows.iter().find(|r| r.2.contains(holiday)).unwrap().0;
    assert_eq!(holder("Thanksgiving Day (26 Nov 2026)"), "de4");
    assert_eq!(holder("Thanksgiving Day (25 Nov 2027)"), "de1");
}

/// What a reader downloads for a runbook page, search excepted (it loads on demand).
/// A runbook page's first load: its bytes as written, and gzipped as hosts send them.
fn page_weight(public: &std::path::Path, page: &str) -> (u64, u64) {
    // Issue 16.8's budget is what a first load transfers, gzipped as hosts send it: the
    // page, its stylesheet and its script. Until session 23 this summed the bytes as
    // written against the same 50,000, and failed at 50,575 when the first load was
    // 15,471 bytes gzipped; the raw bytes still hold the test's growth checks below.
    fn gzipped(bytes: &[u8]) -> u64 {
        use std::io::Write;
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(bytes).unwrap();
        z.finish().unwrap().len() as u64
    }
    let html = read(&public.join(page));
    let (mut raw, mut gz) = (html.len() as u64, gzipped(html.as_bytes()));
    for asset in ["static/style.css", "static/site.js"] {
        assert!(
            html.contains(asset),
            "{page} no longer loads {asset}: update this test"
        );
        let bytes = std::fs::read(public.join(asset)).unwrap();
        raw += bytes.len() as u64;
        gz += gzipped(&bytes);
    }
    (raw, gz)
}

#[test]
fn runbook_pages_are_light_and_do_not_grow_with_the_site() {
    let site = example_site();
    let root = site.path();
    build_ok(root);
    let page = "runbooks/profit/aggregate-profit/index.html";
    let (before, transferred) = page_weight(&root.join("public"), page);
    assert!(
        transferred <= 50_000,
        "a runbook page's first load transfers {transferred} bytes gzipped"
    );
    // Two hundred more runbooks in a new folder: the page's tree gains that folder's
    // link, and nothing of what is in it; two hundred more there, nothing at all.
    let dir = root.join("content/runbooks/more");
    std::fs::create_dir_all(&dir).unwrap();
    let mut after = before;
    for batch in 0..2 {
        for i in 0..200 {
            std::fs::write(
                dir.join(format!("r{batch}-{i}.md")),
                format!("# Extra {i}\n\n1. Step\n"),
            )
            .unwrap();
        }
        build_ok(root);
        let (weight, _) = page_weight(&root.join("public"), page);
        if batch == 0 {
            assert!(weight - before < 150, "{before} -> {weight} bytes");
            after = weight;
        } else {
            assert_eq!(weight, after);
        }
    }
}
