//! Session 31: work and log that grew with the product of two data lists, each within the
//! 10,000 items a list may hold.

mod common;

use std::path::Path;

use common::*;

/// 2026-05-28 20:26:40 UTC: the example's rotation has run for 20 weeks.
const T0: u64 = 1_780_000_000;

fn build(root: &Path) -> std::process::Output {
    build_at(root, T0)
}

/// Puts `n` engineers (`a0`, `a1`, …, named `Away 0`, …) in the example's rotation
/// instead of its four, each away from 2020-01-01 to `to`.
fn rotation_all_away(root: &Path, n: usize, to: &str) {
    let away: String = (0..n)
        .map(|i| {
            format!(
                "  - {{ id: a{i}, name: Away {i}, time_off: [{{ from: 2020-01-01, to: {to} }}] }}\n"
            )
        })
        .collect();
    edit(
        root,
        "content/team.yaml",
        "engineers:\n",
        &format!("engineers:\n{away}"),
    );
    let order: Vec<String> = (0..n).map(|i| format!("a{i}")).collect();
    edit(
        root,
        "content/oncall.yaml",
        "order: [de1, de2, de3, de4]",
        &format!("order: [{}]", order.join(", ")),
    );
}

/// A shift nobody can take named everyone in the rotation with their time off, each
/// found by a scan of the team: 9,990 engineers away all year made 58 errors of 1.8 MB
/// each (108 MB of log, 7 s of CPU). Each error now names ten and counts the rest.
#[test]
fn a_shift_nobody_can_take_names_ten_of_those_away() {
    let site = example_site();
    let root = site.path();
    let n = 2_000;
    rotation_all_away(root, n, "2030-12-31");
    let o = build(root);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let conflicts = err
        .matches("everyone in the rotation is away: Away 0 (2020-01-01 to 2030-12-31), ")
        .count();
    assert!(conflicts > 10, "{}", &err[..2000.min(err.len())]);
    assert_eq!(
        err.matches(&format!("and {} more", n - 10)).count(),
        conflicts,
        "{}",
        &err[..2000.min(err.len())]
    );
    assert!(
        err.len() < 2_000 * conflicts,
        "{} bytes of errors for {conflicts} shifts",
        err.len()
    );
}

/// Each pipeline's domain was found by a scan of the domains, and each domain's pipelines
/// by a scan of the pipelines (pipelines x domains: 9,990 pipelines in the last of 9,990
/// domains with 120-byte ids cost 2.6 s of CPU more). Now looked up: the pages still
/// show each pipeline under its domain, with the domain's name and failure modes.
#[test]
fn pipelines_are_shown_with_their_domain() {
    let site = example_site();
    let root = site.path();
    let n = 300;
    let domains: String = (0..n)
        .map(|i| {
            format!("  - {{ id: d{i}, name: Domain number {i}, failure_modes: [mode of d{i}] }}\n")
        })
        .collect();
    edit(
        root,
        "content/pipelines.yaml",
        "domains:\n",
        &format!("domains:\n{domains}"),
    );
    let pipelines: String = (0..n)
        .map(|i| {
            format!(
                "  - {{ id: q{i}, name: Pipe {i}, domain: d{}, audience: x, primary: de1, secondary: de2 }}\n",
                n - 1 - i
            )
        })
        .collect();
    edit(
        root,
        "content/pipelines.yaml",
        "pipelines:\n",
        &format!("pipelines:\n{pipelines}"),
    );
    let o = build(root);
    assert!(o.status.success(), "{}", stderr(&o));
    for i in [0, 7, n - 1] {
        let page = read(&root.join(format!("public/pipelines/q{i}/index.html")));
        let d = n - 1 - i;
        assert!(page.contains(&format!("mode of d{d}")), "q{i}");
        assert!(page.contains(&format!("Domain number {d}<")), "q{i}");
    }
    let list = read(&root.join("public/pipelines/index.html"));
    let (a, b) = (
        list.find("Domain number 5<").unwrap(),
        list.find("Domain number 6<").unwrap(),
    );
    assert!(list[a..b].contains("Pipe 294<"), "d5 holds q294");
    assert!(!list[a..b].contains("Pipe 293<"), "and not q293");
    let profit = list.find("Domain number 299<").unwrap();
    assert!(list[profit..].contains("Pipe 0<"));
}

/// An alert's page named every pipeline its runbook covers: 4,990 alerts answered by a
/// runbook covering 4,990 other pipelines made pages of 58 kB, 354 MB in all. It names
/// five and counts the rest, as `pipebook check`'s warning does.
#[test]
fn an_alert_page_names_five_of_the_pipelines_its_runbook_covers() {
    let site = example_site();
    let root = site.path();
    let n = 200;
    let pipelines: String = (0..n)
        .flat_map(|i| {
            ["p", "q"].map(|c| {
                format!("  - {{ id: {c}{i}, name: Pipe {c}{i}, domain: profit, audience: x, primary: de1, secondary: de2 }}\n")
            })
        })
        .collect();
    edit(
        root,
        "content/pipelines.yaml",
        "pipelines:\n",
        &format!("pipelines:\n{pipelines}"),
    );
    let covered: Vec<String> = (0..n).map(|i| format!("p{i}")).collect();
    let alerts: Vec<String> = (0..n).map(|i| format!("Q{i}Down")).collect();
    std::fs::write(
        root.join("content/runbooks/big.md"),
        format!(
            "---\ntitle: Big\npipelines: [{}]\nalerts: [{}]\n---\n# Big\n\nSteps.\n",
            covered.join(", "),
            alerts.join(", ")
        ),
    )
    .unwrap();
    let rules: String = (0..n)
        .map(|i| {
            format!(
                "      - alert: Q{i}Down\n        expr: up == 0\n        labels: {{ pipeline: q{i} }}\n        annotations: {{ runbook_url: https://pipebook-example.netlify.app/alerts/q{i}down/ }}\n"
            )
        })
        .collect();
    std::fs::write(
        root.join("content/rules/big.yaml"),
        format!("groups:\n  - name: big\n    rules:\n{rules}"),
    )
    .unwrap();
    let o = build(root);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = read(&root.join("public/alerts/q7down/index.html"));
    assert!(
        page.contains("Pipe p0, Pipe p1, Pipe p2, Pipe p3, Pipe p4 and 195 more"),
        "{page}"
    );
    assert!(!page.contains("Pipe p5,"), "{page}");
}

/// Every shift nobody can take kept everyone away, and each was an error: a rotation of
/// 9,990 engineers away for 20 years in daily shifts (890 kB of YAML) held 3.5 GB in
/// 7,281 conflicts and wrote 5.2 MB of errors. A conflict keeps ten and counts the rest;
/// the first 1,000 are errors of their own, the others one error that counts them.
#[test]
fn shifts_nobody_can_take_past_a_thousand_are_counted() {
    let site = example_site();
    let root = site.path();
    let n = 200;
    rotation_all_away(root, n, "2040-12-31");
    edit(root, "content/oncall.yaml", "shift: weekly", "shift: daily");
    edit(
        root,
        "content/oncall.yaml",
        "\nrotation:\n",
        "\nhorizon: { past_weeks: 4, future_weeks: 520 }\nrotation:\n",
    );
    let o = build(root);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(
        err.matches("error: nobody can be on call from").count(),
        1_000
    );
    let rest = err
        .lines()
        .find(|l| l.contains("more shifts nobody can take, from"))
        .unwrap_or_else(|| panic!("{}", &err[..2000.min(err.len())]));
    let more: usize = rest
        .trim_start_matches("error: and ")
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    // 4 weeks back (the rotation began 20 weeks before) and 520 ahead, a shift a day.
    assert!((3_600..3_700).contains(&(1_000 + more)), "{rest}");
    // Each of them names ten away and counts the other 190.
    assert_eq!(err.matches(&format!("and {} more", n - 10)).count(), 1_000);
}
