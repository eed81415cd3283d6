//! Links as GitHub and GitLab resolve them (issue 14, must-hold 3, 4 and 6): runbook
//! repositories that keep their Markdown in a subfolder, with links to folders, READMEs,
//! files beside the runbook folder and files that are not there, in Markdown and in raw
//! HTML; folder pages; a page beside a folder of the same name.

mod common;

use std::fs;
use std::path::Path;

use common::*;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// The page written for `url_path` (`runbooks/db/`) under `public/`.
fn page(root: &Path, url_path: &str) -> String {
    read(&root.join("public").join(url_path).join("index.html"))
}

/// The runbook text of a page (what the theme puts around it left out).
fn body(html: &str) -> &str {
    let start = html.find("<main").expect("<main>");
    let end = html.rfind("</main>").expect("</main>");
    &html[start..end]
}

/// Every `href` and `src` of a page's text, in order.
fn addresses(html: &str) -> Vec<String> {
    let body = body(html);
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = body;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            found.push(rest[..end].to_string());
        }
    }
    found
}

fn has(html: &str, address: &str) -> bool {
    addresses(html).iter().any(|a| a == address)
}

/// A GitHub repository of a service whose runbooks live in `docs/runbooks`, written as
/// people write them for the repository view.
fn repository(site_yaml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "content/site.yaml", site_yaml);
    write(root, "README.md", "# The service\n");
    write(root, "scripts/cleanup.rb", "puts 1\n");
    write(root, "tools/README.md", "# Tools\n");
    write(
        root,
        "docs/runbooks/README.md",
        "# Operations\n\nStart with [the database](db/) or [the frontend](frontend).\n",
    );
    write(
        root,
        "docs/runbooks/db/README.md",
        "# Database\n\n## Overview\n\nThe runbooks of the database.\n",
    );
    write(
        root,
        "docs/runbooks/db/failover.md",
        concat!(
            "# Failover\n\n",
            "## Steps\n\n",
            "1. Read [the overview](README.md#overview), [the folder](./) and [all runbooks](../README.md).\n",
            "2. Open [the frontend](../frontend/), [its bin](../frontend/bin) and [restore](bin/restore.md).\n",
            "3. Run [the script](../../../scripts/cleanup.rb#L1) from [tools](../../../tools) ([readme](../../../README.md)).\n",
            "4. Not there: [gone](../../../scripts/gone.rb), [secret](../../../../etc/passwd).\n\n",
            "<p align=\"center\">\n  <img src=\"diagram.png\" alt=\"Flow\" width=\"300\">\n</p>\n\n",
            "See <a href=\"bin/restore.md#restore\">restore</a>, <a href=\"#manual\">the manual step</a> and <a href=\"#box\">the box</a>.\n\n",
            "<a name=\"manual\"></a><div id=\"box\">Manual</div>\n\n",
            "[Back to the manual step](#manual), [the box](#box), [a missing anchor](#nowhere).\n",
        ),
    );
    write(root, "docs/runbooks/db/diagram.png", "png");
    write(
        root,
        "docs/runbooks/db/bin/restore.md",
        "# Restore\n\n## Restore\n\nRun it.\n",
    );
    write(
        root,
        "docs/runbooks/frontend/index.md",
        "# Frontend\n\nSee [failover](../db/failover.md#steps).\n",
    );
    write(root, "docs/runbooks/frontend/bin/deploy.md", "# Deploy\n");
    dir
}

fn site_yaml(extra: &str) -> String {
    format!("title: Ops\nrunbooks: docs/runbooks\nbroken_links: warning\n{extra}")
}

#[test]
fn a_github_repository_links_as_github_shows_it() {
    let dir = repository(&site_yaml(
        "repository: https://github.com/org/service\nbranch: main\nedit_url: https://github.com/org/service/edit/main/{path}\n",
    ));
    let root = dir.path();
    let o = build_ok(root);
    let err = stderr(&o);

    let failover = page(root, "runbooks/db/failover");
    for (address, why) in [
        ("/runbooks/db/#overview", "a README is its folder's page"),
        ("/runbooks/db/", "the folder itself (`./`)"),
        ("/runbooks/", "the top README"),
        ("/runbooks/frontend/", "a folder with a trailing slash"),
        ("/runbooks/frontend/bin/", "a folder without one"),
        ("/runbooks/db/bin/restore/", "a page in a folder"),
        (
            "https://github.com/org/service/blob/main/scripts/cleanup.rb#L1",
            "a file beside the runbook folder",
        ),
        (
            "https://github.com/org/service/tree/main/tools",
            "a folder beside the runbook folder",
        ),
        (
            "https://github.com/org/service/blob/main/README.md",
            "the repository's README",
        ),
        (
            "../../../scripts/gone.rb",
            "a file that is not there, as written",
        ),
        (
            "../../../../etc/passwd",
            "outside the repository, as written",
        ),
        ("/runbooks/db/diagram.png", "raw HTML's image"),
        ("/runbooks/db/bin/restore/#restore", "raw HTML's link"),
        ("#manual", "an anchor of raw HTML"),
    ] {
        assert!(
            has(&failover, address),
            "{why}: {address} not in {:?}",
            addresses(&failover)
        );
    }
    assert!(body(&failover).contains("<a name=\"manual\"></a><div id=\"box\">Manual</div>"));
    let top = page(root, "runbooks");
    assert!(
        top.contains("Start with"),
        "the top README is /runbooks/'s text"
    );
    assert!(has(&top, "/runbooks/db/") && has(&top, "/runbooks/frontend/"));

    // Exactly the real problems, each once, as warnings.
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(
        warnings,
        [
            "warning: link `../../../scripts/gone.rb` points to `scripts/gone.rb`, which does not exist",
            "warning: link `../../../../etc/passwd` leads outside the repository",
            "warning: link `#nowhere` points to #nowhere, which is not a heading or step of this page",
        ],
        "{err}"
    );
    assert!(err.contains("docs/runbooks/db/failover.md:8:15"), "{err}");
    assert!(!err.contains("error"), "{err}");

    // A folder's page is one page: in the sitemap, the search index, with the edit link
    // of its README.
    let db = page(root, "runbooks/db");
    assert!(db.contains("https://github.com/org/service/edit/main/docs/runbooks/db/README.md"));
    assert!(db.contains("The runbooks of the database"));
    assert!(
        has(&db, "/runbooks/db/failover/"),
        "the listing is still there"
    );
    assert!(!root.join("public/runbooks/db/README").exists());
    let sitemap = read(&root.join("public/sitemap.xml"));
    assert_eq!(
        sitemap.matches("/runbooks/db/</loc>").count(),
        1,
        "{sitemap}"
    );
    assert!(!sitemap.contains("README"), "{sitemap}");
    let mut urls = Vec::new();
    for entry in fs::read_dir(root.join("public/search/f")).unwrap() {
        let doc = read(&entry.unwrap().path());
        let url = doc
            .split("\"u\":\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        urls.push(url.to_string());
    }
    urls.sort();
    let before = urls.len();
    urls.dedup();
    assert_eq!(
        urls.len(),
        before,
        "each page once in the search index: {urls:?}"
    );
    assert!(urls.contains(&"/runbooks/db/".to_string()));
    assert!(!urls.iter().any(|u| u.contains("README")), "{urls:?}");
}

#[test]
fn without_a_repository_files_beside_the_runbooks_are_warnings_whatever_broken_links_says() {
    let dir = repository(&site_yaml(""));
    let root = dir.path();
    write(
        root,
        "content/site.yaml",
        "title: Ops\nrunbooks: docs/runbooks\nbroken_links: error\n",
    );
    // Only the links that lead nowhere are errors here.
    let err = stderr(&pipebook(&["check", "--root", root.to_str().unwrap()]));
    for line in [
        "warning: link `../../../scripts/cleanup.rb#L1` points to `scripts/cleanup.rb`, a file of the repository that the site does not publish",
        "warning: link `../../../tools` points to `tools`, a folder of the repository that the site does not publish",
        "hint: set `repository` (and `branch`) in content/site.yaml to link to it on GitHub or GitLab",
        "error: link `../../../scripts/gone.rb` points to `scripts/gone.rb`, which does not exist",
        "error: link `../../../../etc/passwd` leads outside the repository",
        "error: link `#nowhere` points to #nowhere",
    ] {
        assert!(err.contains(line), "{line} missing from {err}");
    }
    assert_eq!(
        err.matches("\nerror: link").count() + usize::from(err.starts_with("error: link")),
        3,
        "{err}"
    );

    write(
        root,
        "content/site.yaml",
        "title: Ops\nrunbooks: docs/runbooks\nbroken_links: warning\n",
    );
    let o = build_ok(root);
    let failover = page(root, "runbooks/db/failover");
    assert!(
        has(&failover, "../../../scripts/cleanup.rb#L1"),
        "left as written"
    );
    assert!(!stderr(&o).contains("error"), "{}", stderr(&o));
}

#[test]
fn under_broken_links_warning_no_link_fails_a_build() {
    let dir = repository(&site_yaml(""));
    let root = dir.path();
    write(
        root,
        "content/site.yaml",
        "runbooks: docs/runbooks\nbroken_links: warning\n",
    );
    // Every kind of link problem at once.
    write(
        root,
        "docs/runbooks/bad.md",
        concat!(
            "# Bad\n\n[a](missing.md) [b](missing.md#x) [c](db/failover.md#nowhere) [d](../../../../../x)\n",
            "[e](../../../etc/passwd) [f](../../scripts/cleanup.rb) [g](nofolder/) [h](#nowhere)\n\n",
            "<img src=\"missing.png\"> <a href=\"../../../../x\">i</a> <a href=\"db/README.md#none\">j</a>\n\n",
            "{{< ref \"../../../../../y.md\" >}}\n",
        ),
    );
    for command in ["check", "build"] {
        let o = pipebook(&[command, "--root", root.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "{command}: {err}");
        assert!(
            err.matches("warning: link").count() >= 11,
            "{command}: {err}"
        );
        assert!(!err.contains("error"), "{command}: {err}");
    }
}

#[test]
fn gitlab_addresses_and_the_root_as_runbook_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "content/site.yaml",
        "runbooks: .\nrepository: https://gitlab.example.com/group/ops\nbroken_links: error\n",
    );
    write(
        root,
        "README.md",
        "# Ops\n\n[CI](.gitlab-ci.yml), [hooks](.gitlab/), [site settings](content/site.yaml), [db](db).\n",
    );
    write(root, ".gitlab-ci.yml", "stages: [build]\n");
    write(root, ".gitlab/issue_templates/x.md", "x\n");
    write(
        root,
        "db/README.md",
        "# DB\n\n[up](..) [ci](../.gitlab-ci.yml)\n",
    );
    let o = build_ok(root);
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let top = page(root, "runbooks");
    for address in [
        "https://gitlab.example.com/group/ops/-/blob/HEAD/.gitlab-ci.yml",
        "https://gitlab.example.com/group/ops/-/tree/HEAD/.gitlab",
        "https://gitlab.example.com/group/ops/-/blob/HEAD/content/site.yaml",
        "/runbooks/db/",
    ] {
        assert!(has(&top, address), "{address} not in {:?}", addresses(&top));
    }
    let db = page(root, "runbooks/db");
    assert!(has(&db, "/runbooks/"));
    assert!(has(
        &db,
        "https://gitlab.example.com/group/ops/-/blob/HEAD/.gitlab-ci.yml"
    ));
}

#[test]
#[cfg(unix)]
fn a_symbolic_link_out_of_the_repository_reveals_nothing() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.txt", "x\n");
    let dir = repository(&site_yaml(""));
    let root = dir.path();
    write(
        root,
        "content/site.yaml",
        "runbooks: docs/runbooks\nrepository: https://github.com/org/service\n",
    );
    std::os::unix::fs::symlink(outside.path(), root.join("linked")).unwrap();
    write(
        root,
        "docs/runbooks/leak.md",
        "# Leak\n\n[a](../../linked/secret.txt) [b](../../linked/nothing.txt)\n",
    );
    let o = build_ok(root);
    let err = stderr(&o);
    // Both read alike: neither is looked at outside the repository.
    for name in ["secret.txt", "nothing.txt"] {
        assert!(
            err.contains(&format!("points to `linked/{name}`, which does not exist")),
            "{name}: {err}"
        );
    }
    let leak = page(root, "runbooks/leak");
    assert!(
        !leak.contains("github.com/org/service/blob/HEAD/linked"),
        "{leak}"
    );
}

#[test]
fn folder_pages_take_the_strongest_name_and_say_which() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "content/site.yaml", "broken_links: error\n");
    let rb = "content/runbooks";
    write(root, &format!("{rb}/a/README.md"), "# From README\n");
    write(root, &format!("{rb}/a/index.md"), "# From index\n");
    write(
        root,
        &format!("{rb}/a/_index.md"),
        "# From the underscore index\n",
    );
    write(
        root,
        &format!("{rb}/b.md"),
        "# Bee\n\n[a](a/) [readme](a/README.md) [index](a/index.md) [c](c.md) [c folder](c/) [x](c/x.md)\n",
    );
    // A page beside a folder of the same name is the folder's page.
    write(root, &format!("{rb}/c.md"), "# Sea\n\nThe text of c.\n");
    write(
        root,
        &format!("{rb}/c/x.md"),
        "# Ex\n\n[up](../c.md) [folder](..)\n",
    );
    let o = build_ok(root);
    let err = stderr(&o);
    assert_eq!(
        err.matches("warning:").count(),
        2,
        "one warning per file that lost: {err}"
    );
    assert!(err.contains("warning: `content/runbooks/a/_index.md` and `content/runbooks/a/README.md` are both pages of the folder `a`: `content/runbooks/a/_index.md` is its page, and `content/runbooks/a/README.md` a page of its own"), "{err}");
    assert!(
        err.contains("`content/runbooks/a/index.md` a page of its own"),
        "{err}"
    );
    assert!(page(root, "runbooks/a").contains("From the underscore index"));
    assert!(page(root, "runbooks/a/README").contains("From README"));
    assert!(page(root, "runbooks/a/index").contains("From index"));
    let b = page(root, "runbooks/b");
    for address in [
        "/runbooks/a/",
        "/runbooks/a/README/",
        "/runbooks/a/index/",
        "/runbooks/c/",
        "/runbooks/c/x/",
    ] {
        assert!(has(&b, address), "{address} not in {:?}", addresses(&b));
    }
    let c = page(root, "runbooks/c");
    assert!(
        c.contains("The text of c.") && has(&c, "/runbooks/c/x/"),
        "text and listing: {c}"
    );
    assert!(has(&page(root, "runbooks/c/x"), "/runbooks/c/"));

    // Byte-identical run to run.
    let first = snapshot(&root.join("public"));
    build_ok(root);
    assert_eq!(snapshot(&root.join("public")), first);
}

#[test]
fn a_page_beside_a_folder_that_has_its_own_page_is_an_error_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "content/site.yaml", "broken_links: warning\n");
    write(root, "content/runbooks/d.md", "# D page\n");
    write(root, "content/runbooks/d/README.md", "# D folder\n");
    write(root, "content/runbooks/d/y.md", "# Y\n");
    let o = pipebook(&["build", "--root", root.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: `content/runbooks/d/README.md` and `content/runbooks/d.md` would both be the page /runbooks/d/"),
        "{err}"
    );
    assert!(!root.join("public").exists());
}

#[test]
fn a_pipeline_names_a_folder_page_by_its_file_or_its_folder() {
    let site = example_site();
    let root = site.path();
    fs::rename(
        root.join("content/runbooks/profit/aggregate-profit.md"),
        root.join("content/runbooks/profit/README.md"),
    )
    .unwrap();
    edit(
        root,
        "content/pipelines.yaml",
        "runbook: profit/aggregate-profit",
        "runbook: profit/README",
    );
    // Links into the renamed file are the example's own: point them at the folder.
    for file in [
        "content/runbooks/growth/aggregate-growth.md",
        "content/runbooks/engagement/aggregate-engagement.md",
        "content/runbooks/_index.md",
    ] {
        let text = read(&root.join(file)).replace("aggregate-profit.md", "README.md");
        fs::write(root.join(file), text).unwrap();
    }
    let o = build_ok(root);
    assert!(!stderr(&o).contains("error"), "{}", stderr(&o));
    let pipeline = read(&root.join("public/pipelines/aggregate-profit/index.html"));
    assert!(
        pipeline.contains("href=\"/runbooks/profit/\""),
        "{pipeline}"
    );
    let profit = page(root, "runbooks/profit");
    assert!(
        profit.contains(
            "https://github.com/example-org/pipebook/edit/main/content/runbooks/profit/README.md"
        ),
        "the edit link names the README"
    );
    // Its owners own the file.
    let r = root.to_str().unwrap();
    assert!(pipebook(&["codeowners", "--root", r]).status.success());
    let owners = read(&root.join(".github/CODEOWNERS"));
    assert!(
        owners.contains(
            "\n/content/runbooks/profit/README.md @example-de1 @example-de3 @example-de2 @example-de4\n"
        ),
        "{owners}"
    );
    // Named by its folder, too.
    edit(
        root,
        "content/pipelines.yaml",
        "runbook: profit/README",
        "runbook: profit",
    );
    let o = pipebook(&["check", "--root", r]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
