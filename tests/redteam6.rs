//! A sixth adversarial review: what the fifth left open (holiday names and reasons of any
//! length, invisible characters quoted raw, `repository:` with `..`, protocol-relative
//! images, the benchmark sites' repeated titles) and the attacks tried afresh on what
//! landed since. Each test builds a small site in a temporary folder and checks what was
//! written and what was said.

mod common;

use std::fs;
use std::path::Path;

use common::{example_site, pipebook, read, stderr};

/// Runs `pipebook build --root ROOT`. Not timed (a clock fails on a loaded machine):
/// costs are counted by unit tests (`pipebook::work`) and measured in bench/.
fn build(root: &Path) -> std::process::Output {
    pipebook(&["build", "--root", root.to_str().unwrap()])
}

/// Runs `pipebook check --root ROOT`.
fn check(root: &Path) -> std::process::Output {
    pipebook(&["check", "--root", root.to_str().unwrap()])
}

/// Appends `text` to the file `rel` of the site.
fn append(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    let mut all = read(&path);
    all.push_str(text);
    fs::write(path, all).unwrap();
}

/// The 1-based line of the first line of `rel` that contains `needle`.
fn line_of(root: &Path, rel: &str, needle: &str) -> usize {
    read(&root.join(rel))
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{rel} has no {needle:?}"))
        + 1
}

#[test]
fn a_holiday_name_or_a_reason_of_any_length_is_refused_at_its_line() {
    // A holiday's name is on every shift and backup duty of its day, and on the pages of
    // the pipelines whose owner is away: names, ids and contacts were capped at 256
    // bytes, holiday names and the reasons of overrides and time off not at all.
    let long_name = "H".repeat(300);
    let long_reason = "R".repeat(2_000);
    for (text, needle, says) in [
        (
            format!("  - {{ date: 2027-12-31, name: \"{long_name}\" }}\n"),
            "2027-12-31",
            "`holidays[22].name` is 300 bytes long",
        ),
        (
            format!("overrides:\n  - {{ from: \"2027-03-01 09:00\", to: \"2027-03-02 09:00\", engineer: de2, reason: {long_reason} }}\n"),
            "2027-03-01 09:00",
            "`overrides[0].reason` is 2000 bytes long",
        ),
    ] {
        let dir = example_site();
        let root = dir.path();
        let file = "content/oncall.yaml";
        // The example's holidays end the file.
        append(root, file, &text);
        let out = check(root);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        let line = line_of(root, file, needle);
        assert!(err.contains(&format!("{file}:{line}:")), "line {line}: {err}");
        assert!(err.contains(says), "{says}: {err}");
        assert!(err.contains("hint: "), "{err}");
    }
    // Time off in team.yaml, the same.
    let dir = example_site();
    let root = dir.path();
    let team = read(&root.join("content/team.yaml"));
    let edited = team.replacen(
        "engineers:\n",
        &format!("engineers:\n  - id: de9\n    name: Nine\n    contact: {{ email: de9@example.com }}\n    time_off:\n      - {{ from: 2027-01-04, to: 2027-01-08, reason: {long_reason} }}\n"),
        1,
    );
    fs::write(root.join("content/team.yaml"), edited).unwrap();
    let out = check(root);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let line = line_of(root, "content/team.yaml", "reason:");
    assert!(
        err.contains(&format!("content/team.yaml:{line}:"))
            && err.contains("`engineers[0].time_off[0].reason` is 2000 bytes long"),
        "{err}"
    );
}

#[test]
fn a_calendar_holiday_with_a_huge_name_is_refused_before_it_is_copied_to_each_day() {
    // One event of 300 days named by a 1 MB SUMMARY: each of its days became a holiday
    // holding its own copy of the name (300 MB), and every shift and backup duty of those
    // days repeated it.
    let dir = example_site();
    let root = dir.path();
    let summary = "x".repeat(1 << 20);
    let ics = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20270102\r\nSUMMARY:Fine\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTART;VALUE=DATE:20270201\r\nDTEND;VALUE=DATE:20271128\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    );
    fs::create_dir_all(root.join("content/calendars")).unwrap();
    fs::write(root.join("content/calendars/h.ics"), ics).unwrap();
    append(
        root,
        "content/oncall.yaml",
        "calendars:\n  holidays: [calendars/h.ics]\n",
    );
    let out = build(root);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(
        err.contains("content/calendars/h.ics:9:")
            && err.contains("event 2 of `content/calendars/h.ics` has a SUMMARY of 1048576 bytes: pipebook takes at most 256"),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(
        err.len() < 20_000,
        "the name is not printed: {} bytes",
        err.len()
    );
    assert!(!root.join("public").exists(), "nothing written");
}

#[test]
fn a_domains_failure_modes_are_capped_as_every_pipeline_page_repeats_them() {
    // 2 MB of failure modes in a domain of 10,000 pipelines made 20 GB of pages.
    let dir = example_site();
    let root = dir.path();
    let path = root.join("content/pipelines.yaml");
    let text = read(&path).replacen(
        "    failure_modes:\n",
        &format!("    failure_modes:\n      - {}\n", "f".repeat(9_000)),
        1,
    );
    fs::write(&path, text).unwrap();
    let out = check(root);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/pipelines.yaml:8:")
            && err.contains("the failure modes of domain `profit` are 9115 bytes long"),
        "{err}"
    );
}

#[test]
fn messages_show_invisible_characters_escaped() {
    // `de1` with a zero-width space reads as `de1` in the message and the snippet: the
    // author is told `de1` is unknown, and cannot see why.
    for (invisible, escaped) in [
        ('\u{200B}', "\\u{200b}"),
        ('\u{2060}', "\\u{2060}"),
        ('\u{FEFF}', "\\u{feff}"),
        ('\u{E0041}', "\\u{e0041}"),
        ('\u{00AD}', "\\u{ad}"),
    ] {
        let dir = example_site();
        let root = dir.path();
        let path = root.join("content/pipelines.yaml");
        let text = read(&path).replacen("primary: de1\n", &format!("primary: de1{invisible}\n"), 1);
        fs::write(&path, text).unwrap();
        let out = check(root);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains(&format!("unknown engineer `de1{escaped}`")),
            "{escaped}: {err}"
        );
        assert!(!err.contains(invisible), "{escaped} raw: {err}");
        let json = pipebook(&[
            "check",
            "--root",
            root.to_str().unwrap(),
            "--format",
            "json",
        ]);
        let out = common::stdout(&json) + &stderr(&json);
        assert!(!out.contains(invisible), "{escaped} raw in JSON: {out}");
    }
}

#[test]
fn a_repository_address_that_climbs_or_swallows_paths_is_refused() {
    // `repository` is the start of every link to a file outside the runbook folder:
    // `https://github.com/example-org/pipebook/../../evil/x/blob/HEAD/...` opened the
    // evil organisation's repository, under the name of the real one.
    for (repository, says) in [
        (
            "https://github.com/example-org/pipebook/../../evil/x",
            "`..`",
        ),
        (
            "https://github.com/example-org/pipebook/%2E%2e/%2e%2E/evil/x",
            "`..`",
        ),
        ("https://github.com/example-org/./pipebook", "`..`"),
        (
            "https://github.com/example-org/pipebook?x=",
            "query or fragment",
        ),
        (
            "https://github.com/example-org/pipebook#",
            "query or fragment",
        ),
        ("https://github.com//evil.example/x", "empty path segment"),
    ] {
        let dir = example_site();
        let root = dir.path();
        common::edit(
            root,
            "content/site.yaml",
            "repository: https://github.com/example-org/pipebook\n",
            &format!("repository: \"{repository}\"\n"),
        );
        let out = check(root);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{repository}: {err}");
        let line = line_of(root, "content/site.yaml", "repository:");
        assert!(
            err.contains(&format!("content/site.yaml:{line}:")) && err.contains(says),
            "{repository}: {err}"
        );
    }
    // The edit links too.
    let dir = example_site();
    let root = dir.path();
    common::edit(
        root,
        "content/site.yaml",
        "edit_url: https://github.com/example-org/pipebook/edit/main/{path}",
        "edit_url: https://github.com/example-org/pipebook/edit/main/../../../../evil/x/edit/main/{path}",
    );
    let out = check(root);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("edit_url `") && err.contains("`..`"), "{err}");
    // A trailing slash is fine.
    let dir = example_site();
    common::edit(
        dir.path(),
        "content/site.yaml",
        "repository: https://github.com/example-org/pipebook\n",
        "repository: https://github.com/example-org/pipebook/\n",
    );
    let out = check(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn protocol_relative_images_and_links_are_external_ones_written_out() {
    // `//evil.example/x.png` loads from another host as any `https://` image does, but
    // passed for a path of the site: no host check saw it, and `/\evil.example/` or a tab
    // between the slashes (raw HTML decodes `&#9;`) got through as "site paths".
    let dir = example_site();
    let root = dir.path();
    fs::write(
        root.join("content/runbooks/pr.md"),
        "# Protocol relative\n\n\
         ![chart](//evil.example/a.png)\n\n\
         <img src=\"/\\evil.example/b.png\" alt=\"b\">\n\n\
         <img src=\"/&#9;/evil.example/c.png\" alt=\"c\">\n\n\
         [https://grafana.example.com/](//evil.example/login)\n\n\
         [status](//p\u{0430}ypal.com/)\n\n\
         [home](/oncall/) and [page](profit/aggregate-profit.md)\n",
    )
    .unwrap();
    let out = build(root);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let html = read(&root.join("public/runbooks/pr/index.html"));
    for want in [
        "src=\"https://evil.example/a.png\"",
        "src=\"https://evil.example/b.png\"",
        "src=\"https://evil.example/c.png\"",
        "href=\"https://evil.example/login\"",
        "href=\"/oncall/\"",
        "href=\"/runbooks/profit/aggregate-profit/\"",
    ] {
        assert!(html.contains(want), "{want}: {html}");
    }
    for gone in ["\"//evil", "/\\evil", "&#9;/evil", "\"/\t/evil"] {
        assert!(!html.contains(gone), "{gone}: {html}");
    }
    let md = "content/runbooks/pr.md";
    assert!(
        err.contains(&format!("{md}:9:1"))
            && err.contains("the link's text shows the host `grafana.example.com`, but the link leads to `evil.example`"),
        "{err}"
    );
    assert!(
        err.contains(&format!("{md}:11:1")) && err.contains("mixes letters of several scripts"),
        "{err}"
    );
}

#[test]
fn generated_benchmark_sites_have_no_repeated_titles() {
    // gen_site.py gave 1,664 runbooks of a 10,000-runbook site a title another page had,
    // which the lookalike check (rightly) warns about: the benchmark measured warnings.
    let dir = tempfile::tempdir().unwrap();
    let gen = common::repo().join("bench/gen_site.py");
    for _ in 0..2 {
        let _ = fs::remove_dir_all(dir.path().join("content"));
        let status = std::process::Command::new("python3")
            .arg(&gen)
            .arg(dir.path())
            .args(["--runbooks", "3000"])
            .status()
            .expect("python3 runs");
        assert!(status.success());
    }
    let out = check(dir.path());
    let err = stderr(&out);
    assert!(out.status.success(), "{}", &err[..err.len().min(3000)]);
    assert!(!err.contains("warning"), "{}", &err[..err.len().min(3000)]);
}

#[test]
fn file_names_that_reorder_or_hide_characters_are_refused() {
    // `report<U+202E>fdp.exe.md` was a page whose name reads "reportexe.pdf" wherever it is
    // shown by name; `restart<U+200B>etcd.md` another page than `restartetcd.md` at an
    // address that reads the same; a control character in a name went into messages.
    for (name, says) in [
        (
            "report\u{202E}fdp.exe.md",
            "the bidirectional control \\u{202e}",
        ),
        (
            "restart\u{200B}etcd.md",
            "the invisible character \\u{200b}",
        ),
        ("ops\u{2060}/notes.png", "the invisible character \\u{2060}"),
        ("ctl\u{1b}[31mred.md", "the control character \\u{1b}"),
    ] {
        let dir = example_site();
        let root = dir.path();
        let path = root.join("content/runbooks").join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, "# A page\n").unwrap();
        let out = check(root);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{name:?}: {err}");
        assert!(
            err.contains("has a name that reads otherwise than it is") && err.contains(says),
            "{name:?}: {err}"
        );
        assert!(
            !err.contains(['\u{202E}', '\u{200B}', '\u{2060}', '\u{1b}']),
            "{name:?} printed raw: {err}"
        );
    }
}
