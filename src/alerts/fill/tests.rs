use super::*;
use crate::load::alert_rules::parse;
use crate::model::SourceFile;

const BASE: &str = "https://ops.example.com/";

fn file(text: &str, json: bool) -> RuleFile {
    RuleFile {
        source: SourceFile {
            display: "rules.yaml".into(),
            text: text.into(),
            spans: Default::default(),
        },
        json,
        rules: parse::rules(text).unwrap(),
    }
}

/// Fills `text` and checks that every rule now has the URL of its route.
fn filled(text: &str, json: bool) -> (String, Filled) {
    let f = fill(&file(text, json), BASE);
    let new = f
        .text
        .clone()
        .unwrap_or_else(|| panic!("nothing filled: {f:?}"));
    for rule in parse::rules(&new).unwrap() {
        let url = rule.runbook_url.map(|(u, _)| u);
        let expected = format!("{BASE}alerts/{}/", route_key(&rule.name));
        assert!(
            url.as_deref() == Some(&expected) || f.added.iter().all(|(n, _)| *n != rule.name),
            "{}: {url:?}\n{new}",
            rule.name
        );
    }
    (new, f)
}

#[test]
fn block_rules_keep_their_comments_and_layout() {
    let text = "# Pipelines.
groups:
    - name: freshness   # the team's
      rules:
        - alert: AggregateProfitStale
          expr: |
            time() - last_success > 3600

          for: 10m
          labels:
              severity: page
        # The next one already has annotations.
        - alert: DailyGrowthLate
          annotations:
              # Shown in the page.
              summary: Late
        - record: x:y
          expr: z
        - alert: Done
          annotations: {runbook_url: 'https://ops.example.com/runbooks/x/'}";
    let (new, f) = filled(text, false);
    assert_eq!(f.added.len(), 2, "{f:?}");
    assert!(f.skipped.is_empty(), "{f:?}");
    assert_eq!(
        new,
        "# Pipelines.
groups:
    - name: freshness   # the team's
      rules:
        - alert: AggregateProfitStale
          expr: |
            time() - last_success > 3600

          for: 10m
          labels:
              severity: page
          annotations:
              runbook_url: https://ops.example.com/alerts/aggregateprofitstale/
        # The next one already has annotations.
        - alert: DailyGrowthLate
          annotations:
              # Shown in the page.
              runbook_url: https://ops.example.com/alerts/dailygrowthlate/
              summary: Late
        - record: x:y
          expr: z
        - alert: Done
          annotations: {runbook_url: 'https://ops.example.com/runbooks/x/'}"
    );
    let d = diff("rules.yaml", text, &new);
    assert!(
        d.starts_with("--- a/rules.yaml\n+++ b/rules.yaml\n@@"),
        "{d}"
    );
    assert_eq!(
        d.lines()
            .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
            .count(),
        3,
        "{d}"
    );
    assert_eq!(
        d.lines()
            .filter(|l| l.starts_with('-') && !l.starts_with("---"))
            .count(),
        0,
        "{d}"
    );
}

#[test]
fn the_last_rule_of_a_file_without_a_final_line_break() {
    let text = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0";
    let (new, _) = filled(text, false);
    assert_eq!(
        new,
        "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    annotations:\n      runbook_url: https://ops.example.com/alerts/a/\n"
    );
}

#[test]
fn flow_rules_and_manifests() {
    let text = "---\nkind: PrometheusRule\nspec:\n  groups: [{name: g, rules: [{alert: A, expr: x}, {alert: B, annotations: {}}, {alert: C, annotations: {summary: s}}]}]\n";
    let (new, f) = filled(text, false);
    assert_eq!(f.added.len(), 3);
    assert!(new.contains("{annotations: {runbook_url: \"https://ops.example.com/alerts/a/\"}, alert: A, expr: x}"), "{new}");
    assert!(
        new.contains(
            "{alert: B, annotations: {runbook_url: \"https://ops.example.com/alerts/b/\"}}"
        ),
        "{new}"
    );
    assert!(new.contains("{alert: C, annotations: {runbook_url: \"https://ops.example.com/alerts/c/\", summary: s}}"), "{new}");
}

#[test]
fn grafana_json_stays_json() {
    let text = "{\n  \"apiVersion\": 1,\n  \"groups\": [{\"name\": \"g\", \"rules\": [\n    {\"uid\": \"a\", \"title\": \"High lag\"},\n    {\"uid\": \"b\", \"title\": \"Low\", \"annotations\": {\"summary\": \"s\"}}\n  ]}]\n}\n";
    let (new, f) = filled(text, true);
    assert_eq!(f.added.len(), 2);
    serde_json::from_str::<serde_json::Value>(&new).expect("still JSON");
    assert!(new.contains("{\"annotations\": {\"runbook_url\": \"https://ops.example.com/alerts/high-lag/\"}, \"uid\": \"a\", \"title\": \"High lag\"}"), "{new}");
    assert!(new.contains("\"annotations\": {\"runbook_url\": \"https://ops.example.com/alerts/low/\", \"summary\": \"s\"}"), "{new}");
}

#[test]
fn what_cannot_be_filled_safely_is_left_and_said() {
    // A name that is no route, and annotations that are not a mapping.
    let text = "groups:\n- name: g\n  rules:\n  - alert: Überlast\n  - alert: Empty\n    annotations:\n  - alert: Fine\n";
    let f = fill(&file(text, false), BASE);
    let why: Vec<&str> = f.skipped.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(why, ["Überlast", "Empty"], "{f:?}");
    assert_eq!(f.added.len(), 1);
    // A block scalar that keeps its trailing lines (`|+`) would lose them to the new
    // key: the data read back differs, so nothing is written.
    let text = "groups:\n- name: g\n  rules:\n  - alert: Keep\n    expr: |+\n      up\n\n";
    let f = fill(&file(text, false), BASE);
    assert!(f.text.is_none(), "{f:?}");
    assert!(
        f.skipped[0].2.contains("would change more than that"),
        "{f:?}"
    );
}

#[test]
fn crlf_files_keep_their_line_ends() {
    let text = "# written on Windows\r\ngroups:\r\n  - name: a\r\n    rules:\r\n      - alert: A   # a comment\r\n        expr: x\r\n        annotations:\r\n          summary: s\r\n      - alert: B\r\n        expr: y\r\n";
    let (new, _) = filled(text, false);
    assert_eq!(
        new,
        "# written on Windows\r\ngroups:\r\n  - name: a\r\n    rules:\r\n      - alert: A   # a comment\r\n        expr: x\r\n        annotations:\r\n          runbook_url: https://ops.example.com/alerts/a/\r\n          summary: s\r\n      - alert: B\r\n        expr: y\r\n        annotations:\r\n          runbook_url: https://ops.example.com/alerts/b/\r\n"
    );
    assert_eq!(new.matches('\n').count(), new.matches("\r\n").count());
}
