//! A hostile pull request, session 39: names of pipelines, domains, holidays and alerts
//! that read as instructions, holidays from calendars with stacked marks, and the rest of
//! what sessions 36 to 38 left. Each test builds a small site in a temporary folder.

mod common;

use common::{build_ok, pipebook, problems, site_of, stderr};

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\nalert_rules: [content/rules.yaml]\n",
);
const TEAM: (&str, &str) = (
    "content/team.yaml",
    "engineers:\n  - id: de1\n    name: One\n  - id: de2\n    name: Dana Lee\n",
);

fn pipelines(domain: &str, name: &str) -> String {
    format!("domains:\n  - id: d\n    name: {domain}\npipelines:\n  - id: p\n    name: {name}\n    domain: d\n    audience: ops\n    primary: de1\n    secondary: de2\n")
}

fn oncall(tail: &str) -> String {
    format!("rotation:\n  order: [de1, de2]\n  start: 2024-01-01\n  handoff: {{ weekday: monday, time: \"09:00\" }}\n  timezone: UTC\n{tail}")
}

fn rules(alert: &str) -> String {
    format!("groups:\n  - name: g\n    rules:\n      - alert: {alert}\n        expr: up == 0\n        annotations:\n          runbook_url: https://ops.example/runbooks/r/\n")
}

fn build(files: &[(&str, &str)]) -> (Option<i32>, Vec<String>, bool) {
    let site = site_of(files);
    let out = pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    let written = site.path().join("public").exists();
    (out.status.code(), problems(&stderr(&out)), written)
}

const CALL: &str = "\"No one is on call. Escalate to +1 555 0199\"";

/// An engineer named "No one is on call. Escalate to +1 555 0199" has been refused since
/// session 38; a pipeline, a domain or a holiday named so was shown on its pages (the
/// pipeline's answer card, the home page, the schedule) as it was. On main all three
/// built (exit 0, no word); now each is refused at its line.
#[test]
fn pipelines_domains_and_holidays_named_as_instructions_are_refused() {
    let p = pipelines("\"Nobody on call! Ring Sam\"", CALL);
    let o = oncall(&format!(
        "holidays:\n  - {{ date: 2024-01-15, name: {CALL} }}\n"
    ));
    let (code, found, written) = build(&[
        SITE,
        TEAM,
        ("content/pipelines.yaml", &p),
        ("content/oncall.yaml", &o),
        ("content/rules.yaml", &rules("DiskFull")),
        (
            "content/runbooks/r.md",
            "---\nalerts: [DiskFull]\n---\n# R\n",
        ),
    ]);
    assert_eq!(code, Some(1), "{found:#?}");
    assert!(!written);
    for expected in [
        "content/pipelines.yaml:3 `domains[0].name` holds sentence punctuation: the home page shows it above the domain's pipelines as it is",
        "content/pipelines.yaml:6 `pipelines[0].name` reads as more than one sentence: the pipeline's page and its answer card in the search show it as it is",
        "content/oncall.yaml:7 `holidays[0].name` reads as more than one sentence: the on-call schedule shows it beside each shift of the day as it is",
    ] {
        assert!(found.iter().any(|f| f.starts_with(expected)), "{expected}\n{found:#?}");
    }
}

/// An alert's name comes from rule files outside the pull request, so one that reads as
/// an instruction is warned of, at its line; on main there was no warning.
#[test]
fn an_alert_named_as_an_instruction_is_warned_of() {
    let p = pipelines("D", "P");
    let o = oncall("");
    let r = rules("\"No one is on call. Escalate to 555 0199\"");
    let site = site_of(&[
        SITE,
        TEAM,
        ("content/pipelines.yaml", &p),
        ("content/oncall.yaml", &o),
        ("content/rules.yaml", &r),
        (
            "content/runbooks/r.md",
            "---\nalerts: [\"No one is on call. Escalate to 555 0199\"]\n---\n# R\n",
        ),
    ]);
    let out = build_ok(site.path());
    let found = problems(&stderr(&out));
    let expected =
        "the alert `No one is on call. Escalate to 555 0199` reads as more than one sentence";
    for at in ["content/rules.yaml:4 ", "content/runbooks/r.md:2 "] {
        let want = format!("{at}{expected}");
        assert!(
            found.iter().any(|f| f.starts_with(&want)),
            "{want}\n{found:#?}"
        );
    }
}

/// Honest names pass: identifiers with digits and colons, holidays with "Jr." and
/// brackets, the example site's data.
#[test]
fn identifiers_and_real_holidays_pass() {
    let p = pipelines(
        "Growth (v2)",
        "ingest:clickstream orders_v2 snapshot_20240101",
    );
    let o = oncall("holidays:\n  - { date: 2024-01-15, name: \"Birthday of Martin Luther King, Jr.\" }\n  - { date: 2024-07-04, name: \"Independence Day (observed)\" }\n");
    let site = site_of(&[
        SITE,
        TEAM,
        ("content/pipelines.yaml", &p),
        ("content/oncall.yaml", &o),
        ("content/rules.yaml", &rules("KafkaLag_p99:5m")),
        (
            "content/runbooks/r.md",
            "---\nalerts: [KafkaLag_p99:5m]\n---\n# R\n",
        ),
    ]);
    let out = build_ok(site.path());
    let err = stderr(&out);
    assert!(
        !err.contains("reads as") && !err.contains("punctuation") && !err.contains("phone"),
        "{err}"
    );
}

/// `n` combining marks, above and below by turns.
fn marks(n: usize) -> String {
    "\u{0300}\u{0316}".repeat(n / 2)
}

/// Holidays and time off written in oncall.yaml and team.yaml have been refused with more
/// than 30 marks on a letter since session 38; those read from an iCalendar file were not:
/// 100 marks on a holiday's letter built (exit 0) and drew over the schedule's rows. Now
/// the event is refused at its line.
#[test]
fn a_calendar_holiday_with_stacked_marks_is_refused() {
    let ics = format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20240101T000000Z\r\nDTSTART;VALUE=DATE:20240115\r\nSUMMARY:Day Z{}ed\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", marks(100));
    let p = pipelines("D", "P");
    let o = oncall("calendars:\n  holidays: [h.ics]\n");
    let site = site_of(&[
        SITE,
        TEAM,
        ("content/pipelines.yaml", &p),
        ("content/oncall.yaml", &o),
        ("content/rules.yaml", &rules("DiskFull")),
        ("content/h.ics", &ics),
        (
            "content/runbooks/r.md",
            "---\nalerts: [DiskFull]\n---\n# R\n",
        ),
    ]);
    let out = pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!site.path().join("public").exists());
    let expected = "error: event 1 of `content/h.ics` has a SUMMARY that stacks more than 30 combining marks on one letter, which browsers draw over the lines above and below it\n  --> content/h.ics:4:1\n";
    assert!(err.contains(expected), "{err}");
}

/// The feeds' text unfolded (RFC 5545 continuation lines joined) and unescaped enough to
/// read: `\n` a line, `\,` a comma.
fn unfolded(ics: &str) -> String {
    ics.replace("\r\n ", "")
        .replace("\\n", "\n")
        .replace("\\,", ",")
}

/// Pages have quoted an override's reason since session 38 ("Override, reason given:
/// “…”"); the feeds said `Override: Dana Lee covers (No one is on call. Escalate to +1 555
/// 0199).`, the reason as the feed's own words. Now they quote it too. The text change
/// keeps each event's `SEQUENCE` (who and when are unchanged; `feeds::revision`).
#[test]
fn feeds_quote_an_overrides_reason() {
    let p = pipelines("D", "P");
    let o = oncall("overrides:\n  - engineer: de2\n    from: \"2026-11-25 09:00\"\n    to: \"2026-11-27 09:00\"\n    reason: No one is on call. Escalate to +1 555 0199\n  - engineer: de1\n    from: \"2026-12-02 09:00\"\n    to: \"2026-12-03 09:00\"\n    reason: \"\"\n");
    let site = site_of(&[
        SITE,
        TEAM,
        ("content/pipelines.yaml", &p),
        ("content/oncall.yaml", &o),
        ("content/rules.yaml", &rules("DiskFull")),
        (
            "content/runbooks/r.md",
            "---\nalerts: [DiskFull]\n---\n# R\n",
        ),
    ]);
    build_ok(site.path());
    for feed in ["oncall.ics", "oncall/de2.ics"] {
        let text = unfolded(&common::read(&site.path().join("public").join(feed)));
        assert!(
            text.contains("\nOverride: Dana Lee covers, reason given: \u{201C}No one is on call. Escalate to +1 555 0199\u{201D}.\n"),
            "{feed}: {text}"
        );
        assert!(!text.contains("covers (No one"), "{feed}");
    }
    let team = unfolded(&common::read(&site.path().join("public/oncall.ics")));
    assert!(team.contains("\nOverride: One covers.\n"), "{team}");
}

/// A team of short ids (`ml`, `jo`, `de1`): a job `m1` or `del` read like `ml` and `de1`
/// through ASCII lookalikes alone and was refused (exit 1 on main), though the answer card
/// tells them apart (short words and digits must be typed exactly). Now a warning; a
/// lookalike from another script (`dе1`, Cyrillic `е`) and the id itself stay refused.
#[test]
fn short_ids_alike_by_chance_are_warned_of_not_refused() {
    let team = "engineers:\n  - id: ml\n    name: One\n  - id: de1\n    name: Dana Lee\n";
    let o = "rotation:\n  order: [ml, de1]\n  start: 2024-01-01\n  handoff: { weekday: monday, time: \"09:00\" }\n  timezone: UTC\n";
    let site_with = |jobs: &str| {
        let p = pipelines("D", "P").replace(
            "primary: de1\n    secondary: de2\n",
            "primary: ml\n    secondary: de1\n",
        ) + &format!("    job: [{jobs}]\n");
        site_of(&[
            SITE,
            ("content/team.yaml", team),
            ("content/pipelines.yaml", &p),
            ("content/oncall.yaml", o),
            ("content/rules.yaml", &rules("DiskFull")),
            (
                "content/runbooks/r.md",
                "---\nalerts: [DiskFull]\n---\n# R\n",
            ),
        ])
    };
    let site = site_with("m1, del");
    let found = problems(&stderr(&build_ok(site.path())));
    for expected in [
        "content/pipelines.yaml:11 the job `m1` of pipeline `p` reads like the id of engineer `ml` (content/team.yaml:2): readers may take the one for the other",
        "content/pipelines.yaml:11 the job `del` of pipeline `p` reads like the id of engineer `de1` (content/team.yaml:4): readers may take the one for the other",
    ] {
        assert!(found.iter().any(|f| f == expected), "{expected}\n{found:#?}");
    }
    for refused in ["d\u{0435}1", "ml"] {
        let site = site_with(refused);
        let out = pipebook(&["build", "--root", site.path().to_str().unwrap()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{refused}: {err}");
        assert!(
            err.contains(&format!("error: the job `{refused}` of pipeline `p`")),
            "{err}"
        );
    }
}

/// IIS and Azure App Service read a `web.config` in every folder they serve: one beside
/// the runbooks, copied to /runbooks/, could redirect every page there to another site or
/// drop the Content-Security-Policy. On main it was published (in any letter case); now
/// it is left out with a warning naming it.
#[test]
fn a_web_config_beside_the_runbooks_is_not_published() {
    let config = "<?xml version=\"1.0\"?><configuration><system.webServer><httpRedirect enabled=\"true\" destination=\"https://evil.example\"/></system.webServer></configuration>";
    let p = pipelines("D", "P");
    let o = oncall("");
    let site = site_of(&[
        SITE,
        TEAM,
        ("content/pipelines.yaml", &p),
        ("content/oncall.yaml", &o),
        ("content/rules.yaml", &rules("DiskFull")),
        (
            "content/runbooks/r.md",
            "---\nalerts: [DiskFull]\n---\n# R\n",
        ),
        ("content/runbooks/web.config", config),
        ("content/runbooks/sub/Web.Config", config),
        ("content/runbooks/sub/s.md", "# S\n"),
    ]);
    let err = stderr(&build_ok(site.path()));
    for file in [
        "content/runbooks/web.config",
        "content/runbooks/sub/Web.Config",
    ] {
        let expected = format!("warning: `{file}` is a web server's configuration (IIS reads one in every folder, with redirects and headers for the pages there): it is not published");
        assert!(err.contains(&expected), "{expected}\n{err}");
    }
    let public = site.path().join("public/runbooks");
    assert!(public.join("sub/s/index.html").exists());
    assert!(!public.join("web.config").exists() && !public.join("sub/Web.Config").exists());
}
