//! Session 39, after red39: the names of pipelines, domains, holidays and alerts that a
//! data-engineering team writes (dates, counts, times) pass the rule against names that
//! read as an instruction, which still refuses phone numbers; holidays read from
//! iCalendar files are held to it; time-off reasons are quoted. Each test builds a small
//! site in a temporary folder.

mod common;

use common::{pipebook, problems, site_of, stderr};

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\nalert_rules: [content/rules.yaml]\n",
);
const TEAM: (&str, &str) = (
    "content/team.yaml",
    "engineers:\n  - id: de1\n    name: One\n  - id: de2\n    name: Dana Lee\n",
);

/// A pipelines.yaml with one domain and one pipeline per name, each named by it.
fn pipelines(names: &[&str]) -> String {
    let mut y = String::from("domains:\n");
    for (i, n) in names.iter().enumerate() {
        y += &format!("  - id: d{i}\n    name: \"{n}\"\n");
    }
    y += "pipelines:\n";
    for (i, n) in names.iter().enumerate() {
        y += &format!("  - id: p{i}\n    name: \"{n}\"\n    domain: d{i}\n    audience: ops\n    primary: de1\n    secondary: de2\n");
    }
    y
}

/// An oncall.yaml with one holiday per name, on days in a row from 2024-03-01.
fn oncall(names: &[&str], tail: &str) -> String {
    let mut y = String::from("rotation:\n  order: [de1, de2]\n  start: 2024-01-01\n  handoff: { weekday: monday, time: \"09:00\" }\n  timezone: UTC\nholidays:\n");
    for (i, n) in names.iter().enumerate() {
        y += &format!("  - {{ date: 2024-03-{:02}, name: \"{n}\" }}\n", i + 1);
    }
    y + tail
}

/// A rule file with one alert per name, and the runbook they link to, which claims them.
fn rules(names: &[&str]) -> [(&'static str, String); 2] {
    let mut y = String::from("groups:\n  - name: g\n    rules:\n");
    for n in names {
        y += &format!("      - alert: \"{n}\"\n        expr: up == 0\n        annotations:\n          runbook_url: https://ops.example/runbooks/r/\n");
    }
    let claims: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    let runbook = format!("---\nalerts: [{}]\n---\n# R\n", claims.join(", "));
    [
        ("content/rules.yaml", y),
        ("content/runbooks/r.md", runbook),
    ]
}

/// What a data-engineering team names its pipelines, domains, holidays and alerts. On
/// main's binary 5 of these 14 (the three dated ones, the year range and the grouped
/// count) were refused as phone numbers: the build failed (exit 1) with 15 errors and 10
/// warnings, for names no reader takes for a number to ring.
const HONEST: [&str; 14] = [
    "Backfill 2024-01-01",
    "Migration 2024-01-15 to 2024-02-01",
    "Q3 2025 close",
    "ISO 8601 export",
    "Load 10 000 000 rows",
    "SLA 99.9%",
    "v2.3.1 rollout",
    "Batch 02:00-04:00 UTC",
    "Boxing Day (UK)",
    "Día de los Muertos",
    "Tết Nguyên Đán",
    "St. Patrick's Day",
    "Holiday: 2025-12-25",
    "FY 2024-2025",
];

#[test]
fn dates_counts_and_times_in_names_pass() {
    // Alert names hold ASCII letters, digits, `_`, `-`, `.`, `:` and spaces only.
    let alerts: Vec<&str> = (HONEST.iter().copied())
        .filter(|n| (n.chars()).all(|c| c.is_ascii_alphanumeric() || "_-.: ".contains(c)))
        .collect();
    assert_eq!(alerts.len(), 9);
    let r = rules(&alerts);
    let site = site_of(&[
        SITE,
        TEAM,
        ("content/pipelines.yaml", &pipelines(&HONEST)),
        ("content/oncall.yaml", &oncall(&HONEST, "")),
        (r[0].0, &r[0].1),
        (r[1].0, &r[1].1),
    ]);
    let out = pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    for word in ["phone", "sentence", "punctuation"] {
        assert!(!err.contains(word), "{word}: {err}");
    }
}

/// Phone numbers stay refused however they are written around the dates and counts that
/// now pass. On main the last (dashes between the digits) built without a word.
#[test]
fn phone_numbers_stay_refused_beside_dates() {
    let bad = [
        "Escalate to +1 555 0199",
        "call 0800 123 4567",
        "555-0199 ext 12",
        "Backfill 2024-01-01, call 555 000 0199",
        "call 555–0199–333",
    ];
    let r = rules(&["DiskFull"]);
    let site = site_of(&[
        SITE,
        TEAM,
        ("content/pipelines.yaml", &pipelines(&bad)),
        ("content/oncall.yaml", &oncall(&bad, "")),
        (r[0].0, &r[0].1),
        (r[1].0, &r[1].1),
    ]);
    let out = pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    let found = problems(&stderr(&out));
    assert_eq!(out.status.code(), Some(1), "{found:#?}");
    assert!(!site.path().join("public").exists());
    for (i, _) in bad.iter().enumerate() {
        for (file, path) in [
            ("pipelines.yaml", format!("pipelines[{i}].name")),
            ("pipelines.yaml", format!("domains[{i}].name")),
            ("oncall.yaml", format!("holidays[{i}].name")),
        ] {
            let want = format!("`{path}` holds what reads as a phone number");
            assert!(
                found
                    .iter()
                    .any(|f| f.starts_with(&format!("content/{file}:")) && f.contains(&want)),
                "{want}\n{found:#?}"
            );
        }
    }
}

/// A holiday read from an iCalendar file was not held to the rule oncall.yaml's are: on
/// main "No one is on call. Escalate to +1 555 0199" from `h.ics` built (exit 0) and the
/// schedule showed it beside each shift of its day. Now the event is refused at its line;
/// an honest one beside it passes.
#[test]
fn a_calendar_holiday_named_as_an_instruction_is_refused() {
    let event = |n: usize, summary: &str| {
        format!("BEGIN:VEVENT\r\nUID:{n}\r\nDTSTAMP:20240101T000000Z\r\nDTSTART;VALUE=DATE:2024011{n}\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\n")
    };
    let ics = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n{}{}END:VCALENDAR\r\n",
        event(1, "Holiday: 2024-01-11"),
        event(5, "No one is on call. Escalate to +1 555 0199"),
    );
    let r = rules(&["DiskFull"]);
    let site = site_of(&[
        SITE,
        TEAM,
        ("content/pipelines.yaml", &pipelines(&["P"])),
        (
            "content/oncall.yaml",
            &oncall(&["Boxing Day (UK)"], "calendars:\n  holidays: [h.ics]\n"),
        ),
        (r[0].0, &r[0].1),
        (r[1].0, &r[1].1),
        ("content/h.ics", &ics),
    ]);
    let out = pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!site.path().join("public").exists());
    let expected = "error: event 2 of `content/h.ics` has a SUMMARY that reads as more than one sentence: the on-call schedule shows it beside each shift of the day as it is, where readers take it for pipebook's own words\n  --> content/h.ics:10:1\n";
    assert!(err.contains(expected), "{err}");
    assert!(err.contains("error: 1 error;"), "{err}");
}

/// A time off's reason (shown when `publish_time_off_reasons` is on) stood in brackets
/// after "is away", as an aside the site might have written: on main the schedule read
/// "Covering for One, who is away (No one is on call. Escalate to +1 555 0199)". It is
/// quoted now, as an override's reason is, on the schedule, the pipeline's page and the
/// feed.
#[test]
fn time_off_reasons_are_quoted_as_given() {
    const REASON: &str = "No one is on call. Escalate to +1 555 0199";
    let team = format!("engineers:\n  - id: de1\n    name: One\n    time_off:\n      - {{ from: 2026-12-08, to: 2026-12-10, reason: \"{REASON}\" }}\n  - id: de2\n    name: Dana Lee\n  - id: de3\n    name: Sam Roe\n");
    let oncall = "rotation:\n  order: [de1, de2, de3]\n  start: 2024-01-01\n  handoff: { weekday: monday, time: \"09:00\" }\n  timezone: UTC\n";
    let r = rules(&["DiskFull"]);
    let site = site_of(&[
        (
            SITE.0,
            &format!("{}publish_time_off_reasons: true\n", SITE.1),
        ),
        ("content/team.yaml", &team),
        ("content/pipelines.yaml", &pipelines(&["P"])),
        ("content/oncall.yaml", oncall),
        (r[0].0, &r[0].1),
        (r[1].0, &r[1].1),
    ]);
    let out = pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let public = site.path().join("public");
    let read = |p: &str| std::fs::read_to_string(public.join(p)).unwrap();
    let quoted = format!("is away, reason given: \u{201C}{REASON}\u{201D}");
    for page in ["oncall/index.html", "pipelines/p0/index.html"] {
        let html = read(page);
        assert!(html.contains(&quoted), "{page}");
        assert!(!html.contains(&format!("({REASON})")), "{page}");
    }
    let feed = read("oncall.ics").replace("\r\n ", "");
    let escaped = format!("is away\\, reason given: \u{201C}{REASON}\u{201D}");
    assert!(feed.contains(&escaped), "{feed}");
}
