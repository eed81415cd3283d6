use super::*;

fn at<'t>(text: &'t str, span: &Range<usize>) -> &'t str {
    &text[span.clone()]
}

const PROMETHEUS: &str = "# Freshness of the pipelines.
groups:
  - name: freshness
    rules:
      - record: job:lag:max
        expr: max(lag)
      # Stale data reaches the investors.
      - alert: AggregateProfitStale
        expr: time() - last_success > 3600
        labels:
          severity: page
          pipeline: aggregate-profit
        annotations:
          summary: \"Stale\"
          runbook_url: https://ops.example.com/alerts/aggregateprofitstale/
      - alert: 'DailyGrowthLate'
        expr: x
";

#[test]
fn prometheus_rule_files() {
    let found = rules(PROMETHEUS).unwrap();
    assert_eq!(found.len(), 2, "the recording rule is left out");
    let r = &found[0];
    assert_eq!(r.kind, Kind::Prometheus);
    assert_eq!(r.name, "AggregateProfitStale");
    assert_eq!(at(PROMETHEUS, &r.name_span), "AggregateProfitStale");
    let (url, span) = r.runbook_url.clone().unwrap();
    assert_eq!(url, "https://ops.example.com/alerts/aggregateprofitstale/");
    assert_eq!(at(PROMETHEUS, &span), url);
    assert_eq!(r.pipeline.as_ref().unwrap().0, "aggregate-profit");
    assert_eq!(r.place.step, Some(2));
    assert!(PROMETHEUS[r.place.start..].starts_with("alert: AggregateProfitStale"));
    assert!(
        PROMETHEUS[..r.place.end].ends_with("aggregateprofitstale/\n      "),
        "{:?}",
        &PROMETHEUS[r.place.end..]
    );
    assert!(!r.place.flow);
    match r.place.annotations {
        Some(Annotations::Map {
            flow: false,
            first_key: Some(k),
            ..
        }) => assert!(PROMETHEUS[k..].starts_with("summary:")),
        ref other => panic!("{other:?}"),
    }
    let r = &found[1];
    assert_eq!(r.name, "DailyGrowthLate");
    assert_eq!(at(PROMETHEUS, &r.name_span), "'DailyGrowthLate'");
    assert!(r.runbook_url.is_none() && r.place.annotations.is_none());
    assert!(
        PROMETHEUS[r.place.start..].starts_with("alert: 'DailyGrowthLate'"),
        "{:?}",
        &PROMETHEUS[r.place.start..]
    );
    assert_eq!(r.place.end, PROMETHEUS.len());
}

#[test]
fn prometheus_rule_manifests_among_other_documents() {
    let text = "apiVersion: v1
kind: ConfigMap
data:
  groups: not rules
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: etcd}
spec:
  groups:
  - name: etcd
    rules:
    - alert: etcdMembersDown
      annotations: {description: x, runbook_url: 'https://r.example/etcd/etcdmembersdown'}
---
apiVersion: v1
kind: List
items:
  - kind: PrometheusRule
    spec:
      groups: [{name: g, rules: [{alert: Flow, expr: up == 0}]}]
";
    let found = rules(text).unwrap();
    let names: Vec<&str> = found.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["etcdMembersDown", "Flow"]);
    assert_eq!(
        found[0].runbook_url.as_ref().unwrap().0,
        "https://r.example/etcd/etcdmembersdown"
    );
    assert!(matches!(
        found[0].place.annotations,
        Some(Annotations::Map { flow: true, .. })
    ));
    assert!(found[1].place.flow);
    assert_eq!(&text[found[1].place.start..found[1].place.start + 1], "{");
    assert_eq!(&text[found[1].place.end..found[1].place.end + 1], "}");
}

#[test]
fn grafana_exports_in_yaml_and_json() {
    let yaml = "apiVersion: 1
groups:
    - orgId: 1
      name: pipelines
      folder: Data
      rules:
        - uid: a1
          title: High lag
          condition: C
          data:
            - refId: A
              model: {expr: 'lag > 5'}
          annotations:
            runbook_url: https://ops.example.com/alerts/high-lag/
";
    let found = rules(yaml).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, Kind::Grafana);
    assert_eq!(found[0].name, "High lag");
    assert_eq!(found[0].place.step, Some(2));
    // Grafana's JSON export, indented with tabs.
    let json = "{\n\t\"apiVersion\": 1,\n\t\"groups\": [\n\t\t{\n\t\t\t\"name\": \"g\",\n\t\t\t\"rules\": [\n\t\t\t\t{\n\t\t\t\t\t\"uid\": \"x\",\n\t\t\t\t\t\"title\": \"AggregateGrowthStale\",\n\t\t\t\t\t\"annotations\": {\n\t\t\t\t\t\t\"summary\": \"s\"\n\t\t\t\t\t}\n\t\t\t\t}\n\t\t\t]\n\t\t}\n\t]\n}\n";
    let found = rules(json).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(at(json, &found[0].name_span), "\"AggregateGrowthStale\"");
    assert!(found[0].runbook_url.is_none());
    // The API's list of rules.
    let list = "[{\"title\": \"A\", \"annotations\": {}}, {\"title\": \"B\"}]";
    let names: Vec<String> = rules_names(list);
    assert_eq!(names, ["A", "B"]);
}

fn rules_names(text: &str) -> Vec<String> {
    rules(text).unwrap().into_iter().map(|r| r.name).collect()
}

#[test]
fn other_files_and_broken_files_are_problems_with_a_place() {
    let p = rules("title: not rules\nitems: [1, 2]\n").unwrap_err();
    assert!(p.message.starts_with("is not an alert rule file"), "{p:?}");
    let text = "groups:\n  - name: x\n    rules: [\n";
    let p = rules(text).unwrap_err();
    assert!(p.message.starts_with("is not valid YAML or JSON"), "{p:?}");
    assert!(p.at <= text.len());
    let deep = format!("groups: {}{}\n", "[".repeat(70), "]".repeat(70));
    assert!(rules(&deep).unwrap_err().message.contains("brackets deep"));
    let mut block = String::from("groups:\n");
    for depth in 0..80 {
        block.push_str(&" ".repeat(depth * 2 + 2));
        block.push_str("- a:\n");
    }
    let p = rules(&block).unwrap_err();
    assert!(p.message.contains("levels deep"), "{p:?}");
}

#[test]
fn aliases_are_not_expanded() {
    // A "billion laughs": each level refers to the one before ten times.
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..30 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    text.push_str("groups:\n  - name: g\n    rules:\n      - alert: A\n        labels: *a29\n");
    let started = std::time::Instant::now();
    assert_eq!(rules_names(&text), ["A"]);
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
}

#[test]
fn positions_are_bytes_after_other_letters() {
    // The parser counts characters; spans are bytes of the text.
    let text = "# Überwachung — Daten\ngroups:\n- name: größe\n  rules:\n  - alert: Ä1\n    annotations: {runbook_url: \"https://x/ü/\"}\n";
    let found = rules(text).unwrap();
    assert_eq!(at(text, &found[0].name_span), "Ä1");
    assert_eq!(
        at(text, &found[0].runbook_url.as_ref().unwrap().1),
        "\"https://x/ü/\""
    );
    assert!(text[found[0].place.start..].starts_with("alert: Ä1"));
}
