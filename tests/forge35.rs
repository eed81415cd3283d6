//! Runbook repositories written for GitHub, after session 34's review (session 35):
//! root-relative links on a site served under a base path, and `pipebook init` on alert
//! runbooks whose names differ only in letter case (KubeVirt's, tests/corpora).

mod common;

use common::{build_ok, pipebook, read, site_of, stderr};

/// A site under a base path (`https://x.example/ops/`): `/manual/cdn.html` (GOV.UK's
/// Middleman addresses) is no page of the site with the base path or without it. Without a
/// base path it warned; with one it passed in silence, so a new user heard nothing of
/// hundreds of dead links. It now warns, naming the base path; links the site does serve
/// (under the base path, pipebook's own files, the host's root) do not.
#[test]
fn a_root_link_outside_the_base_path_that_no_page_answers_warns() {
    let links = "# Home\n\nSee [CDN](/manual/cdn.html), [db](/ops/runbooks/db/), \
                 [home](/ops/), [root](/), [css](/static/style.css).\n";
    for base in ["https://x.example/ops/", "https://x.example/"] {
        let yaml = format!("title: Ops\nbase_url: {base}\nrunbooks: .\n");
        let site = site_of(&[
            ("content/site.yaml", &yaml),
            ("index.md", links),
            ("db.md", "# Db\n"),
        ]);
        let err = stderr(&build_ok(site.path()));
        let about = |needle: &str| err.lines().filter(|l| l.contains(needle)).count();
        assert_eq!(about("link `/manual/cdn.html`"), 1, "{base}: {err}");
        if base.ends_with("/ops/") {
            assert!(
                err.contains("served under `/ops/`") && err.contains("`/ops/manual/cdn.html`"),
                "{err}"
            );
            for served in ["/ops/runbooks/db/", "/ops/", "/", "/static/style.css"] {
                assert_eq!(about(&format!("link `{served}`")), 0, "{served}: {err}");
            }
        }
    }
}

/// KubeVirt keeps `deprecated_runbooks/KubeMacPoolDown.md` beside
/// `runbooks/KubemacpoolDown.md`: two alerts to Prometheus, whose names are case-sensitive,
/// but one route, `/alerts/kubemacpooldown/` (routes ignore case; the two pages would be one
/// folder on macOS and Windows), so the build refuses both with the setting. init keeps it
/// commented out, and now says so rather than calling them one alert; one name twice is
/// still one alert.
#[test]
fn init_says_names_apart_in_case_are_two_alerts_with_one_route() {
    let files = [
        ("docs/runbooks/KubemacpoolDown.md", "# KubemacpoolDown\n"),
        ("docs/runbooks/VirtApiDown.md", "# VirtApiDown\n"),
        ("docs/deprecated/KubeMacPoolDown.md", "# KubeMacPoolDown\n"),
        ("docs/deprecated/VirtOldDown.md", "# VirtOldDown\n"),
    ];
    let site = site_of(&files);
    let out = pipebook(&["init", "--root", site.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let yaml = read(&site.path().join("content/site.yaml"));
    assert!(
        yaml.contains("are two alerts")
            && yaml.contains("(`KubeMacPoolDown`, `KubemacpoolDown`)")
            && yaml.contains("/alerts/kubemacpooldown/")
            && !yaml.contains("claim one alert")
            && yaml.contains("\n# alerts_from_file_names: true"),
        "{yaml}"
    );
    // Why it stays off: with it, the build refuses the pair.
    let on = yaml.replace(
        "\n# alerts_from_file_names: true",
        "\nalerts_from_file_names: true",
    );
    std::fs::write(site.path().join("content/site.yaml"), on).unwrap();
    let out = pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("routes ignore case"),
        "{}",
        stderr(&out)
    );

    let same = site_of(&[
        ("a/DiskFullAlert.md", "# A\n"),
        ("a/NodeDownAlert.md", "# B\n"),
        ("b/DiskFullAlert.md", "# C\n"),
    ]);
    let out = pipebook(&["init", "--root", same.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let yaml = read(&same.path().join("content/site.yaml"));
    assert!(
        yaml.contains("`a/DiskFullAlert.md` and `b/DiskFullAlert.md` would claim one alert"),
        "{yaml}"
    );
}
