use super::*;
use crate::diagnostics::Diagnostics;

/// A site from files under `content/`, as the fuzz targets load it.
fn site(files: &[(&str, &str)]) -> (Site, Diagnostics) {
    let files: Vec<(&str, &[u8])> = files.iter().map(|(p, t)| (*p, t.as_bytes())).collect();
    let mut diags = Diagnostics::new();
    let (site, _) = crate::load::load_from_memory(&files, &mut diags);
    assert!(!diags.has_errors(), "{diags:?}");
    (site, diags)
}

fn messages(diags: &Diagnostics) -> Vec<String> {
    diags
        .sorted()
        .into_iter()
        .map(|d| format!("{}: {}", d.location, d.message))
        .collect()
}

#[test]
fn alerts_route_to_their_runbook_whatever_the_case() {
    let (site, mut diags) = site(&[
        (
            "runbooks/etcd/members.md",
            "---\nalerts: [EtcdMembersDown, etcdNoLeader]\n---\n# Members\n",
        ),
        ("runbooks/other.md", "# Other\n"),
    ]);
    let routes = Routes::build(&site, &mut diags);
    assert!(diags.is_empty(), "{:?}", messages(&diags));
    for path in [
        "alerts/etcdmembersdown/",
        "/alerts/EtcdMembersDown/",
        "alerts/ETCDMEMBERSDOWN",
        "alerts/etcdnoleader/index.html",
    ] {
        match routes.resolve(path) {
            Some(Target::Alert(a)) => assert_eq!(a.runbook.slug, "etcd/members", "{path}"),
            other => panic!("{path}: {other:?}"),
        }
    }
    assert!(routes.resolve("alerts/nosuchalert/").is_none());
    assert!(matches!(
        routes.resolve("runbooks/etcd/members"),
        Some(Target::Page)
    ));
    assert!(matches!(
        routes.resolve("runbooks/etcd/"),
        Some(Target::Page)
    ));
    assert!(matches!(routes.resolve("alerts/"), Some(Target::Page)));
    assert!(
        routes.resolve("runbooks/etcd/Members/").is_none(),
        "pages keep their case"
    );
    let route = routes.alert("etcdmembersdown").unwrap();
    assert_eq!(
        Routes::alert_paths("etcdmembersdown", route),
        vec!["alerts/etcdmembersdown/", "alerts/EtcdMembersDown/"]
    );
}

#[test]
fn two_runbooks_claiming_one_alert_is_an_error_naming_both() {
    let (site, mut diags) = site(&[
        (
            "runbooks/a.md",
            "---\ntitle: A\nalerts: [EtcdNoLeader]\n---\n",
        ),
        (
            "runbooks/b.md",
            "---\nalerts:\n  - Other\n  - etcdnoleader\n---\n",
        ),
        ("runbooks/c.md", "---\nalerts: [Other]\n---\n"),
    ]);
    let routes = Routes::build(&site, &mut diags);
    let m = messages(&diags);
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(m[0].starts_with("content/runbooks/b.md:4:5: alerts `EtcdNoLeader` and `etcdnoleader` (one route, /alerts/etcdnoleader/: routes ignore case) claimed by two runbooks: content/runbooks/a.md:3 and content/runbooks/b.md"), "{m:?}");
    assert!(m[1].starts_with("content/runbooks/c.md:2:10: alert `Other` claimed by two runbooks: content/runbooks/b.md:3 and content/runbooks/c.md"), "{m:?}");
    // The first claim holds.
    assert_eq!(routes.alert("etcdnoleader").unwrap().runbook.slug, "a");
}

#[test]
fn alert_and_job_names_are_checked() {
    let (site, mut diags) = site(&[
        (
            "runbooks/a.md",
            "---\nalerts: [\"../../index\", \"<script>\", Fine]\n---\n",
        ),
        (
            "pipelines.yaml",
            "pipelines:\n  - {id: p, name: P, domain: d, audience: x, primary: a, secondary: b, job: [ok_dag, \"a/b\"]}\n  - {id: q, name: Q, domain: d, audience: x, primary: a, secondary: b, job: OK_DAG}\n",
        ),
    ]);
    let routes = Routes::build(&site, &mut diags);
    let m = messages(&diags);
    assert_eq!(m.len(), 4, "{m:?}");
    assert!(
        m.iter()
            .any(|x| x.contains("alert name `../../index` holds `/`")),
        "{m:?}"
    );
    assert!(
        m.iter()
            .any(|x| x.contains("alert name `<script>` holds `<`")),
        "{m:?}"
    );
    assert!(
        m.iter()
            .any(|x| x.contains("job name `a/b` of pipeline `p` holds `/`")),
        "{m:?}"
    );
    assert!(
        m.iter().any(|x| x.starts_with("content/pipelines.yaml:3:")
            && x.contains(
                "job `OK_DAG` of pipeline `q` is also job `ok_dag` of pipeline `p` (line 2)"
            )),
        "{m:?}"
    );
    assert_eq!(routes.alerts.len(), 1);
    assert!(
        matches!(routes.resolve("pipelines/by-job/OK_DAG/"), Some(Target::Job(j)) if j.pipeline.id == "p")
    );
}

#[test]
fn file_names_are_alerts_when_site_yaml_says_so() {
    let files = [
        ("runbooks/etcd/etcdNoLeader.md", "# etcdNoLeader\n"),
        ("runbooks/etcd/_index.md", "# etcd\n"),
        ("runbooks/how to.md", "# Notes\n"),
        ("runbooks/both.md", "---\nalerts: [both, Extra]\n---\n"),
    ];
    let (site_without, mut diags) = site(&files);
    assert!(Routes::build(&site_without, &mut diags).alerts.len() == 2);
    let mut with = files.to_vec();
    with.push(("site.yaml", "alerts_from_file_names: true\n"));
    let (site, mut diags) = site(&with);
    let routes = Routes::build(&site, &mut diags);
    assert!(diags.is_empty(), "{:?}", messages(&diags));
    let keys: Vec<&str> = routes.alerts.keys().map(String::as_str).collect();
    assert_eq!(keys, ["both", "etcdnoleader", "extra"]);
}

#[test]
fn aliases_may_not_replace_pages_or_each_other() {
    let (site, mut diags) = site(&[
        (
            "runbooks/profit/new.md",
            "---\naliases: [/runbooks/profit/old/, older, /wiki/Profit.html, /runbooks/other/, /pipelines/x/, /runbooks/profit/chart.png/x/]\n---\n",
        ),
        ("runbooks/profit/chart.png", ""),
        ("runbooks/other.md", "---\naliases: [/runbooks/profit/old]\n---\n"),
        (
            "site.yaml",
            "retired_urls: [/runbooks/gone/, /runbooks/other/, /alerts/OldAlert/]\n",
        ),
    ]);
    let routes = Routes::build(&site, &mut diags);
    let m = messages(&diags);
    assert_eq!(m.len(), 5, "{m:?}");
    assert!(m.iter().any(|x| x.contains("alias `/runbooks/other/` (/runbooks/other/) is the address of a page (content/runbooks/other.md)")), "{m:?}");
    assert!(
        m.iter()
            .any(|x| x.contains("alias `/pipelines/x/` (/pipelines/x/) lies in /pipelines")),
        "{m:?}"
    );
    assert!(m.iter().any(|x| x.contains("would be written over the copied file /runbooks/profit/chart.png")), "{m:?}");
    assert!(m.iter().any(|x| x.starts_with("content/runbooks/profit/new.md:2:11:") && x.contains("alias /runbooks/profit/old/ is claimed twice: by content/runbooks/other.md:2 and by content/runbooks/profit/new.md")), "{m:?}");
    assert!(
        m.iter().any(|x| x.starts_with("content/site.yaml:1:")
            && x.contains("retired URL `/runbooks/other/` is a page or route of this site")),
        "{m:?}"
    );
    let aliases: Vec<&str> = routes.aliases.keys().map(String::as_str).collect();
    assert_eq!(
        aliases,
        [
            "runbooks/profit/old/",
            "runbooks/profit/older/",
            "wiki/Profit.html"
        ]
    );
    assert!(
        matches!(routes.resolve("/runbooks/profit/older"), Some(Target::Alias(a)) if a.runbook.slug == "profit/new")
    );
    assert!(
        matches!(routes.resolve("/runbooks/profit/old/"), Some(Target::Alias(a)) if a.runbook.slug == "other")
    );
    assert!(matches!(
        routes.resolve("/runbooks/gone/"),
        Some(Target::Retired)
    ));
    assert!(matches!(
        routes.resolve("/runbooks/profit/chart.png"),
        Some(Target::File)
    ));
}

/// Pages whose paths differ only in case (`Ops/`, `ops/`, `OPS/` folders) and an alias
/// in another case of them: the error names the same page on every run. Before, the one
/// named followed the iteration of a map seeded per process (and per map).
#[test]
fn a_case_clash_names_the_same_page_every_time() {
    let files = [
        ("runbooks/ops/a.md", "# A\n"),
        ("runbooks/Ops/b.md", "# B\n"),
        ("runbooks/oPs/c.md", "# C\n"),
        (
            "runbooks/z.md",
            "---\naliases: [/runbooks/OPS/]\n---\n# Z\n",
        ),
    ];
    let (site, _) = site(&files);
    let named: std::collections::BTreeSet<Vec<String>> = (0..24)
        .map(|_| {
            let mut diags = Diagnostics::new();
            Routes::build(&site, &mut diags);
            messages(&diags)
        })
        .collect();
    assert_eq!(named.len(), 1, "{named:?}");
    let message = named.first().unwrap().join("\n");
    assert!(
        message.contains("differs only in case from /runbooks/Ops/"),
        "{message}"
    );
}

#[test]
fn retired_urls_may_not_name_pipebooks_own_files() {
    // red36: `/sw.js` retired wrote `/sw.js /404.html 410`, which the host never applies
    // (the file is there), while an alias at the same path is refused.
    let (site, mut diags) = site(&[(
        "site.yaml",
        "retired_urls: [/sw.js, /static/site.js, /search/meta.json, /oncall.json, /_nav/x/, /engineers/gone/, /alerts/OldAlert/, /pipelines/old/]\n",
    )]);
    let routes = Routes::build(&site, &mut diags);
    let m = messages(&diags);
    let own = [
        "`/sw.js` is /sw.js, one of pipebook's own files",
        "`/static/site.js` lies in /static/, where pipebook writes its own files",
        "`/search/meta.json` lies in /search/, where",
        "`/oncall.json` is /oncall.json, one of",
        "`/_nav/x/` lies in /_nav/, where",
    ];
    for own in own {
        assert!(
            m.iter()
                .any(|x| x.starts_with("content/site.yaml:1:") && x.contains(own)),
            "{own}: {m:?}"
        );
    }
    assert_eq!(m.len(), 5, "{m:?}");
    for gone in ["/engineers/gone/", "/alerts/OldAlert/", "/pipelines/old/"] {
        assert!(
            matches!(routes.resolve(gone), Some(Target::Retired)),
            "{gone}"
        );
    }
}

#[test]
fn retired_urls_may_not_name_an_engineer_s_feed() {
    // `/oncall/de1.ics` passed: "oncall" is a folder of pages, retirable, and
    // `resolve` knows no feed; the site still wrote de1's feed there.
    let (site, mut diags) = site(&[
        (
            "team.yaml",
            "engineers:\n  - id: de1\n    name: A\n    contact: {email: a@x.example}\n",
        ),
        (
            "site.yaml",
            "retired_urls: [/oncall/de1.ics, /oncall/DE1.ICS, /oncall/gone.ics]\n",
        ),
    ]);
    Routes::build(&site, &mut diags);
    let m = messages(&diags);
    for url in ["/oncall/de1.ics", "/oncall/DE1.ICS"] {
        assert!(
            m.iter().any(|x| x.contains(&format!(
                "retired URL `{url}` is the calendar feed of engineer `de1`"
            ))),
            "{url}: {m:?}"
        );
    }
    assert_eq!(m.len(), 2, "{m:?}");
}
