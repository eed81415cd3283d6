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
    assert_eq!(r.expr.as_deref(), Some("time() - last_success > 3600"));
    assert_eq!(found[1].expr.as_deref(), Some("x"));
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

#[test]
fn ruler_api_answers_and_single_groups() {
    // Grafana's ruler API: groups by folder, each rule's title in `grafana_alert` and its
    // annotations beside it (which is where --fill adds a runbook_url).
    let ruler = r#"{
  "Data engineering": [
    {"name": "freshness", "interval": "1m", "rules": [
      {"expr": "", "for": "5m",
       "annotations": {"summary": "late", "runbook_url": "https://ops.example.com/alerts/x/"},
       "labels": {"pipeline": "aggregate-profit"},
       "grafana_alert": {"id": 2, "orgId": 1, "title": "AggregateProfitStale", "condition": "C",
                         "data": [{"refId": "A", "model": {"title": "not a rule"}}]}},
      {"expr": "", "grafana_alert": {"title": "DailyGrowthStale"}}
    ]}
  ],
  "Other folder": []
}"#;
    let found = rules(ruler).unwrap();
    assert_eq!(
        found.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["AggregateProfitStale", "DailyGrowthStale"]
    );
    assert_eq!(found[0].kind, Kind::Grafana);
    assert_eq!(at(ruler, &found[0].name_span), "\"AggregateProfitStale\"");
    assert_eq!(
        found[0].runbook_url.as_ref().unwrap().0,
        "https://ops.example.com/alerts/x/"
    );
    assert_eq!(found[0].pipeline.as_ref().unwrap().0, "aggregate-profit");
    assert!(found[1].place.flow && found[1].place.annotations.is_none());
    // Mimir's (Cortex's, Loki's) ruler: Prometheus groups by namespace, in YAML.
    let mimir = "pipelines:
  - name: freshness
    rules:
      - alert: A
        expr: x
  - name: sla
    rules:
      - alert: B
        expr: y
other-namespace:
  - name: g
    rules: []
";
    assert_eq!(rules_names(mimir), ["A", "B"]);
    // One group, as the provisioning and ruler APIs answer for a group.
    let group = r#"{"title": "freshness", "folderUid": "f", "interval": 60, "rules": [{"title": "C", "annotations": {}}]}"#;
    assert_eq!(rules_names(group), ["C"]);
    let group = "name: g
interval: 1m
rules:
  - grafana_alert: {title: D}
";
    assert_eq!(rules_names(group), ["D"]);
    // A file of lists that are no groups of rules is still no rule file.
    for other in [
        "data: [1, 2]\n",
        "a: [{name: x}]\nb: []\n",
        "items: [{kind: ConfigMap}]\n",
    ] {
        let p = rules(other).unwrap_err();
        assert!(
            p.message.starts_with("is not an alert rule file"),
            "{other}: {p:?}"
        );
    }
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
    // Expanded, the labels would be 10^30 scalars; walked, each event is counted once.
    let (names, visited) = crate::work::count(|| rules_names(&text));
    assert_eq!(names, ["A"]);
    assert!(
        visited <= 2 * text.len() as u64,
        "{visited} for {}",
        text.len()
    );
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

/// Reads and fills `n` Grafana rules written on one line; the bytes visited, and the size.
fn minified_export(n: usize) -> (u64, usize) {
    let rule = r#"{"uid":"x","title":"Ti","data":[1,2,3,4,5,6,7,8,9,10],"labels":{"a":"b"},"annotations":{"summary":"s"}}"#;
    let text = format!(
        "{{\"groups\":[{{\"name\":\"g\",\"rules\":[{}]}}]}}",
        vec![rule; n].join(",")
    );
    let (filled, visited) = crate::work::count(|| {
        let found = rules(&text).unwrap();
        assert_eq!(found.len(), n);
        let file = crate::alerts::RuleFile {
            source: crate::model::SourceFile {
                display: "r.json".into(),
                text: text.clone(),
                spans: Default::default(),
            },
            json: true,
            rules: found,
        };
        crate::alerts::fill::fill(&file, "https://x.example/")
    });
    assert_eq!(filled.added.len(), n);
    assert!(filled.text.is_some());
    (visited, text.len())
}

#[test]
fn a_minified_export_costs_one_pass() {
    // Grafana rules on one line, each with plain scalars and keys to locate: every
    // position is found walking forward, and filling builds the new text once. A pass
    // over the line per key (a column counted from the line's start) visits about
    // 10^10 bytes at 9,000 rules. Counted, not timed: the count is the same under load.
    let (small, small_len) = minified_export(2_250);
    let (large, large_len) = minified_export(9_000);
    assert!(
        large <= 4 * large_len as u64,
        "{large} bytes visited for {large_len}"
    );
    // Four times the rules, about four times the work (not sixteen).
    assert!(
        large * 10 <= small * 45,
        "{small} bytes visited for {small_len}, {large} for {large_len}"
    );
}

mod random {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of rule files, in any order: most inputs are broken YAML, some are rules.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "groups:",
            "spec:",
            "rules:",
            "- ",
            "alert: ",
            "title: ",
            "record: ",
            "annotations:",
            "labels:",
            "runbook_url: ",
            "pipeline: ",
            "A",
            "é9",
            "{",
            "}",
            "[",
            "]",
            ", ",
            ": ",
            "\n",
            "  ",
            "    ",
            "\"",
            "'",
            "#c",
            "&a ",
            "*a",
            "---\n",
            "|+\n",
            "\t",
            "x",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        /// Whatever the input, reading it ends with rules whose places lie on character
        /// boundaries of the text, or with a problem inside it; filling never panics and
        /// only ever returns text that reads back as rules.
        #[test]
        fn any_input_is_read_or_refused_at_a_place(
            start in prop::sample::select(vec!["", "groups:\n- rules:\n  - alert: A\n    ", "{\"groups\": [{\"rules\": [{\"title\": \"é\", "]),
            pieces in prop::collection::vec(piece(), 0..60),
        ) {
            let text = format!("{start}{}", pieces.concat());
            match rules(&text) {
                Err(p) => prop_assert!(p.at <= text.len() && text.is_char_boundary(p.at)),
                Ok(found) => {
                    for r in &found {
                        for span in [Some(&r.name_span), r.runbook_url.as_ref().map(|u| &u.1)].into_iter().flatten() {
                            prop_assert!(span.end <= text.len(), "{span:?} in {text:?}");
                            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                        }
                        prop_assert!(text.is_char_boundary(r.place.start) && text.is_char_boundary(r.place.end));
                    }
                    let file = crate::alerts::RuleFile {
                        source: crate::model::SourceFile { display: "r.yaml".into(), text: text.clone(), spans: Default::default() },
                        json: false,
                        rules: found,
                    };
                    let filled = crate::alerts::fill::fill(&file, "https://x.example/");
                    if let Some(new) = filled.text {
                        prop_assert!(rules(&new).is_ok(), "{new:?}");
                    }
                }
            }
        }
    }
}

mod layouts {
    use super::*;
    use proptest::prelude::*;

    /// One rule in one of the layouts rule files are written in.
    fn rule() -> impl Strategy<Value = String> {
        (
            prop::sample::select(vec!["A", "Stale", "é", "High lag", "'Q'"]),
            any::<bool>(),
            prop::sample::select(vec![
                "up == 0",
                "|\n      up\n",
                "|+\n      up\n\n",
                "'a: b'",
            ]),
            prop::sample::select(vec![
                "",
                "{}",
                "{summary: s}",
                "\n      summary: s",
                "\n      # c\n      summary: s",
                "~",
            ]),
            any::<bool>(),
            prop::sample::select(vec!["", "\n", "    # trailing\n", "\n  # next\n"]),
        )
            .prop_map(|(name, flow, expr, annotations, labels, after)| {
                if flow {
                    let ann = if annotations.starts_with('{') {
                        format!(", annotations: {annotations}")
                    } else {
                        String::new()
                    };
                    return format!("  - {{alert: {name}, expr: x{ann}}}\n{after}");
                }
                let mut r = format!("  - alert: {name}\n    expr: {expr}");
                if !expr.ends_with('\n') {
                    r.push('\n');
                }
                if labels {
                    r.push_str("    labels:\n      severity: page\n");
                }
                if !annotations.is_empty() {
                    r.push_str(&format!("    annotations: {annotations}\n"));
                }
                r.push_str(after);
                r
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// Filling rules of any layout either writes a file where every rule it names
        /// has its route and every other rule is as it was, or leaves the file alone.
        #[test]
        fn fill_never_corrupts_a_rule_file(rules_text in prop::collection::vec(rule(), 1..6)) {
            let text = format!("# rules\ngroups:\n- name: g\n  rules:\n{}", rules_text.concat());
            let found = rules(&text).expect(&text);
            let names: Vec<String> = found.iter().map(|r| r.name.clone()).collect();
            let file = crate::alerts::RuleFile {
                source: crate::model::SourceFile { display: "r.yaml".into(), text: text.clone(), spans: Default::default() },
                json: false,
                rules: found,
            };
            let filled = crate::alerts::fill::fill(&file, "https://x.example/");
            prop_assert_eq!(filled.added.len() + filled.skipped.len(), file.rules.iter().filter(|r| r.runbook_url.is_none()).count());
            let Some(new) = filled.text else { return Ok(()); };
            let again = rules(&new).expect(&new);
            prop_assert_eq!(again.iter().map(|r| r.name.clone()).collect::<Vec<_>>(), names);
            for (name, url) in &filled.added {
                prop_assert!(again.iter().any(|r| &r.name == name && r.runbook_url.as_ref().map(|u| &u.0) == Some(url)), "{name} in {new}");
            }
            prop_assert!(new.starts_with("# rules\n"));
        }
    }
}

#[test]
fn a_runbook_named_for_another_tool_is_noted() {
    let text = "groups:
  - name: g
    rules:
      - alert: A
        expr: x
        annotations: {summary: s, runbook: 'https://github.com/o/r/blob/main/sop.md', runbookURL: other}
      - alert: B
        expr: x
        annotations:
          sop_url: https://wiki.example/b
      - alert: C
        expr: x
        annotations:
          runbook_url: https://ops.example.com/alerts/c/
          playbook: https://wiki.example/c
      - alert: D
        expr: x
        annotations:
          runbooks_owner: team-x
          description: see the runbook
";
    let found = rules(text).unwrap();
    let elsewhere: Vec<Option<(&str, &str)>> = (found.iter())
        .map(|r| (r.runbook_elsewhere.as_ref()).map(|(k, v)| (k.as_str(), v.as_str())))
        .collect();
    assert_eq!(
        elsewhere,
        [
            Some(("runbook", "https://github.com/o/r/blob/main/sop.md")),
            Some(("sop_url", "https://wiki.example/b")),
            Some(("playbook", "https://wiki.example/c")),
            None,
        ]
    );
    assert!(found[2].runbook_url.is_some());
    for key in [
        "runbook",
        "Runbook-URL",
        "runbook_link",
        "playbookUrl",
        "SOP",
        "sop_href",
    ] {
        assert!(names_a_runbook(key), "{key}");
    }
    for key in [
        "runbook_url_old",
        "runbooks",
        "description",
        "soprano",
        "summary",
    ] {
        assert!(!names_a_runbook(key), "{key}");
    }
}
