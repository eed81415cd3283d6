//! Collections migrated from Hugo, Jekyll and Docusaurus, as session 25's review built
//! them (look25 defects 1, 3, 8, 10, 11): drafts published without a word, Hugo's
//! `summary` ignored, a tree with its Markdown elsewhere built empty with exit 0, and
//! `init` blind to alert-named files and to the README's title. Each test failed on main
//! (239d118).

mod common;

use std::fs;

use common::{build_ok, pipebook, problems, read, site_of, stderr};

const SITE: (&str, &str) = ("content/site.yaml", "title: Ops\n");

/// The page built for `runbooks/<slug>`.
fn page(root: &std::path::Path, slug: &str) -> String {
    read(&root.join(format!("public/runbooks/{slug}/index.html")))
}

/// The page numbers `meta.json` lists as drafts (rank 2 of `low`), each with its
/// fragment's text.
fn search_drafts(root: &std::path::Path) -> Vec<String> {
    let meta: serde_json::Value =
        serde_json::from_str(&read(&root.join("public/search/meta.json"))).unwrap();
    meta["low"][1]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|n| read(&root.join(format!("public/search/f/{}.json", n.as_u64().unwrap()))))
                .collect()
        })
        .unwrap_or_default()
}

/// Hugo's and Docusaurus' `draft: true`, Jekyll's `published: false`: each warned at its
/// key with how to leave it out, badged on its page and in its folder's list, left out
/// of the counts, and listed in the index as a draft (the client ranks those last).
#[test]
fn drafts_are_warned_marked_uncounted_and_ranked_last() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/k8s/oom-killed.md",
            "---\ntitle: OOMKilled\ndraft: true\n---\n\nThis issue happens when...\n",
        ),
        (
            "content/runbooks/k8s/old.md",
            "---\ntitle: Old\npublished: false\n---\n\nOOMKilled, once.\n",
        ),
        (
            "content/runbooks/k8s/crashloop.md",
            "---\ntitle: CrashLoopBackOff\ndraft: false\n---\n\nA container OOMKilled restarts.\n",
        ),
        (
            "content/runbooks/k8s/quoted.md",
            "---\ntitle: Quoted\ndraft: \"no\"\npublished: true\n---\n\nText.\n",
        ),
    ]);
    let out = build_ok(site.path());
    let err = stderr(&out);
    let found = problems(&err);
    let drafts: Vec<&String> = found.iter().filter(|p| p.contains("publishes")).collect();
    assert_eq!(drafts.len(), 2, "{err}");
    assert!(
        drafts[0].starts_with("content/runbooks/k8s/old.md:3 `published: false`")
            && drafts[1].starts_with("content/runbooks/k8s/oom-killed.md:3 `draft: true`"),
        "{drafts:?}"
    );
    assert!(
        err.contains("delete the file or move it out of the runbook folder"),
        "{err}"
    );

    for (slug, draft) in [
        ("k8s/oom-killed", true),
        ("k8s/old", true),
        ("k8s/crashloop", false),
        ("k8s/quoted", false),
    ] {
        let html = page(site.path(), slug);
        assert_eq!(
            html.contains("<p class=\"draft\">"),
            draft,
            "{slug}: {html}"
        );
    }
    let folder = read(&site.path().join("public/runbooks/k8s/index.html"));
    assert_eq!(folder.matches("badge due\">draft<").count(), 2, "{folder}");
    let top = read(&site.path().join("public/runbooks/index.html"));
    assert!(top.contains("2 runbooks"), "{top}");
    let home = read(&site.path().join("public/index.html"));
    assert!(home.contains("All 2 runbooks"), "{home}");

    let listed = search_drafts(site.path());
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(listed
        .iter()
        .any(|f| f.contains("/runbooks/k8s/oom-killed/")));
    assert!(listed.iter().any(|f| f.contains("/runbooks/k8s/old/")));
}

/// Hugo's `summary:` is the page's description when it has none: the folder's list and
/// the search index show it instead of the start of the text; `description` still wins,
/// and a hostile summary is text.
#[test]
fn hugo_summary_is_the_description() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/dns.md",
            "---\ntitle: DNS\nsummary: \"When DNS fails you <script>alert(1)</script>\"\n---\n\nFirst paragraph of dns.\n",
        ),
        (
            "content/runbooks/both.md",
            "---\ntitle: Both\nsummary: Summary here\ndescription: The real one\n---\n\nFirst paragraph of both.\n",
        ),
    ]);
    build_ok(site.path());
    let list = read(&site.path().join("public/runbooks/index.html"));
    assert!(
        list.contains("When DNS fails you &lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || list.contains("When DNS fails you &lt;script&gt;alert(1)&lt;/script&gt;"),
        "{list}"
    );
    assert!(!list.contains("<script>alert(1)"), "{list}");
    assert!(!list.contains("First paragraph of dns"), "{list}");
    assert!(
        list.contains("The real one") && !list.contains("Summary here"),
        "{list}"
    );
    let dns = page(site.path(), "dns");
    assert!(
        dns.contains("class=\"lead\">When DNS fails you &lt;script"),
        "{dns}"
    );
}

/// A Hugo tree without site.yaml: the Markdown under `content/posts/` is no runbook, and
/// the build used to write an empty site with exit 0. Now it fails, naming the folder,
/// the `runbooks:` line and `pipebook init`; a site with data of its own builds, warned.
#[test]
fn markdown_outside_the_runbook_folder_is_reported() {
    let hugo = site_of(&[
        ("config.toml", "title = \"Runbooks\"\n"),
        ("content/_index.md", "---\ntitle: Runbooks\n---\n\nHello.\n"),
        ("content/posts/go/nil-map.md", "# Nil map\n\nText.\n"),
        ("content/posts/k8s/oom.md", "# OOM\n\nText.\n"),
        ("README.md", "# Repo\n"),
    ]);
    let root = hugo.path().to_str().unwrap();
    let out = pipebook(&["build", "--root", root]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("3 Markdown files lie under `content/`")
            && err.contains("`runbooks: content`")
            && err.contains("pipebook init"),
        "{err}"
    );
    assert!(!hugo.path().join("public").exists());

    // With data files, the same tree is a site of its own: a warning, naming site.yaml.
    fs::write(hugo.path().join("content/site.yaml"), "title: Ops\n").unwrap();
    fs::write(
        hugo.path().join("content/team.yaml"),
        "engineers:\n  - id: ann\n    name: Ann\n    contact: {email: ann@example.com}\n",
    )
    .unwrap();
    let out = pipebook(&["build", "--root", root]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("warning: no runbooks")
            && err.contains("add `runbooks: content` to content/site.yaml"),
        "{err}"
    );

    // No content folder at all: the hint says how to make one.
    let kv = site_of(&[("docs/runbooks/VirtApiDown.md", "# VirtApiDown\n")]);
    let out = pipebook(&["build", "--root", kv.path().to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("`pipebook init` writes `content/site.yaml`"),
        "{err}"
    );
    assert!(err.contains("`runbooks: docs/runbooks`"), "{err}");
}

/// `init` on a tree of alert-named runbooks under a README titled otherwise than its
/// folder: the site takes the README's title (which every breadcrumb starts with) and
/// `alerts_from_file_names`, and the alert routes are built.
#[test]
fn init_takes_the_readme_title_and_alert_file_names() {
    let site = site_of(&[
        ("README.md", "# KubeVirt Monitoring\n\nRunbooks.\n"),
        ("runbooks/VirtApiDown.md", "# VirtApiDown\n\nText.\n"),
        (
            "runbooks/VirtControllerDown.md",
            "# VirtControllerDown\n\nText.\n",
        ),
        (
            "runbooks/KubeVirtVMIExcessiveMigrations.md",
            "# X\n\nText.\n",
        ),
        ("metrics.md", "# Metrics\n"),
    ]);
    let root = site.path().to_str().unwrap();
    let out = pipebook(&["init", "--root", root]);
    assert!(out.status.success(), "{}", stderr(&out));
    let yaml = read(&site.path().join("content/site.yaml"));
    assert!(yaml.contains("title: KubeVirt Monitoring\n"), "{yaml}");
    assert!(yaml.contains("\nalerts_from_file_names: true"), "{yaml}");
    build_ok(site.path());
    let route = site.path().join("public/alerts/VirtApiDown/index.html");
    assert!(
        route.is_file()
            || read(&site.path().join("public/_redirects")).contains("/alerts/VirtApiDown/")
    );
    let home = read(&site.path().join("public/index.html"));
    assert!(home.contains("<title>KubeVirt Monitoring"), "{home}");
}

/// A tree that keeps deprecated copies under another letter case would stop the build
/// with `alerts_from_file_names`: init writes it commented out, naming both files; and
/// a tree of page names does not get it at all.
#[test]
fn init_leaves_alert_names_out_when_they_clash_or_do_not_fit() {
    let clash = site_of(&[
        ("docs/runbooks/KubemacpoolDown.md", "# KubemacpoolDown\n"),
        ("docs/runbooks/VirtApiDown.md", "# VirtApiDown\n"),
        ("docs/deprecated/KubeMacPoolDown.md", "# KubeMacPoolDown\n"),
        ("docs/deprecated/VirtOldDown.md", "# VirtOldDown\n"),
    ]);
    let out = pipebook(&["init", "--root", clash.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let yaml = read(&clash.path().join("content/site.yaml"));
    assert!(
        yaml.contains("# alerts_from_file_names: true")
            && !yaml.contains("\nalerts_from_file_names")
            && yaml.contains(
                "`docs/deprecated/KubeMacPoolDown.md` and `docs/runbooks/KubemacpoolDown.md`"
            ),
        "{yaml}"
    );
    build_ok(clash.path());

    let pages = site_of(&[
        ("runbooks/disk-full.md", "# Disk full\n"),
        ("runbooks/restart.md", "# Restart\n"),
        ("runbooks/VirtApiDown.md", "# VirtApiDown\n"),
        ("runbooks/NodeDown.md", "# NodeDown\n"),
    ]);
    let out = pipebook(&["init", "--root", pages.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let yaml = read(&pages.path().join("content/site.yaml"));
    assert!(!yaml.contains("alerts_from_file_names"), "{yaml}");
}

/// A folder of a Hugo `_index.md` holding a title alone: its page says it is empty, and
/// the tree lists it as a leaf, without an expander that opens nothing.
#[test]
fn a_folder_of_a_title_alone_is_neither_blank_nor_expandable() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/general/_index.md",
            "---\ntitle: General\n---\n",
        ),
        ("content/runbooks/k8s/oom.md", "# OOM\n\nText.\n"),
    ]);
    build_ok(site.path());
    let general = page(site.path(), "general");
    assert!(
        general.contains("This folder has no runbooks yet."),
        "{general}"
    );
    let tree = read(&site.path().join("public/_nav/general/tree.html"));
    assert!(
        tree.contains("<li class=\"folder") && tree.contains("/runbooks/k8s/"),
        "{tree}"
    );
    let at = tree
        .find("/runbooks/general/")
        .expect("general in the tree");
    let li = tree[..at].rfind("<li").unwrap();
    assert!(!tree[li..at].contains("folder"), "{}", &tree[li..at + 40]);
}
