//! Real runbooks written by others (shared/corpora) build into a site.

mod common;

use std::fs;

use common::*;

/// The corpus as published, in a site of its own.
fn corpus_as_published() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = shared().join("corpora/prometheus-operator-runbooks/content/runbooks");
    assert!(from.is_dir(), "corpus missing at {}", from.display());
    copy_dir(&from, &dir.path().join("content/runbooks"));
    dir
}

/// A stray copy of a runbook without `.md`, which the corpus has beside the runbook.
const STRAY: &str = "content/runbooks/prometheus-operator/PrometheusOperatorSyncFailed";

/// The corpus with its one real problem fixed (see `a_stray_copy_of_a_runbook_is_an_error`).
fn corpus_site() -> tempfile::TempDir {
    let dir = corpus_as_published();
    fs::remove_file(dir.path().join(STRAY)).unwrap();
    dir
}

#[test]
fn a_stray_copy_of_a_runbook_is_an_error() {
    // The file would be copied to where the runbook's page folder goes: neither may replace
    // the other, and the error names both.
    let site = corpus_as_published();
    let o = pipebook(&["check", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "error: `{STRAY}` and `{STRAY}.md` would be written to the same place in the site"
        )),
        "{err}"
    );
    assert_eq!(
        err.matches("error: ").count(),
        2,
        "one error and the summary: {err}"
    );
}

#[test]
fn prometheus_operator_runbooks_build() {
    let site = corpus_site();
    let root = site.path();
    // An unresolvable link is a warning with file and line, not a failure.
    fs::write(
        root.join("content/runbooks/general/Broken.md"),
        "# Broken\n\nSee [the missing page](./NoSuchAlert.md).\n",
    )
    .unwrap();
    let o = build_ok(root);
    let err = stderr(&o);
    assert!(err.contains("warning: link `./NoSuchAlert.md` points to `content/runbooks/general/NoSuchAlert.md`, which does not exist"), "{err}");
    assert!(
        err.contains("content/runbooks/general/Broken.md:3:5"),
        "{err}"
    );
    assert!(
        stdout(&o).contains("warning"),
        "the summary counts warnings: {}",
        stdout(&o)
    );

    // Every .md is a page; `_index.md` is its folder's page.
    let public = root.join("public");
    let mut count = 0;
    for entry in walkdir::WalkDir::new(root.join("content/runbooks")) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(root.join("content/runbooks"))
            .unwrap();
        let rel = rel.to_str().unwrap();
        let Some(stem) = rel.strip_suffix(".md") else {
            continue;
        };
        let page = match stem.strip_suffix("_index") {
            Some(folder) => public.join("runbooks").join(folder).join("index.html"),
            None => public.join("runbooks").join(stem).join("index.html"),
        };
        assert!(page.is_file(), "no page for {rel} at {}", page.display());
        count += 1;
    }
    assert!(count > 100, "only {count} runbooks");

    // The H1 (the alert name) is the title, as on GitHub, over front matter's `title`; on
    // the page it may break between the name's words (`<wbr>`, see `render::wbr`).
    let page = read(&public.join("runbooks/alertmanager/AlertmanagerClusterDown/index.html"));
    assert!(
        page.contains(r#"<h1 id="alertmanagerclusterdown">Alertmanager<wbr>Cluster<wbr>Down</h1>"#),
        "title from the heading"
    );
    assert!(page.contains("<title>AlertmanagerClusterDown"));
    assert!(page.contains(r#"<h2 id="meaning">"#));
    assert!(page.contains("<code class=\"language-shell\">"));
    // Without front matter the title is the first H1, and Hugo refs resolve.
    let page = read(&public.join("runbooks/general/Broken/index.html"));
    assert!(page.contains(r#"<h1 id="broken">Broken</h1>"#));
    let page = read(&public.join("runbooks/node/NodeRAIDDiskFailure/index.html"));
    assert!(
        page.contains(r#"href="/runbooks/node/NodeRAIDDegraded/""#),
        "Hugo ref resolved"
    );
    // Folder index pages list their runbooks.
    let index = read(&public.join("runbooks/etcd/index.html"));
    assert!(index.contains(r#"href="/runbooks/etcd/etcdNoLeader/""#));
    // No feeds without a rotation, and no error about it.
    assert!(!public.join("oncall.ics").exists());
    assert!(read(&public.join("oncall/index.html"))
        .contains("This site publishes no on-call rotation."));
}

#[test]
fn title_falls_back_to_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let rb = dir.path().join("content/runbooks/deep/er");
    fs::create_dir_all(&rb).unwrap();
    fs::write(
        rb.join("disk-full.md"),
        "---\nunknown_key: 3\nweight: 2\n---\nJust text.\n",
    )
    .unwrap();
    fs::write(rb.join("flow.png"), b"\x89PNG\r\n").unwrap();
    fs::write(rb.join("with-image.md"), "# Image\n\n![flow](flow.png)\n").unwrap();
    build_ok(dir.path());
    let public = dir.path().join("public");
    let page = read(&public.join("runbooks/deep/er/disk-full/index.html"));
    assert!(page.contains("<h1>Disk full</h1>"), "{page}");
    // Assets are copied beside their page and image links point at the copy.
    assert_eq!(
        fs::read(public.join("runbooks/deep/er/flow.png")).unwrap(),
        b"\x89PNG\r\n"
    );
    let page = read(&public.join("runbooks/deep/er/with-image/index.html"));
    assert!(
        page.contains(r#"src="/runbooks/deep/er/flow.png""#),
        "{page}"
    );
    // Folders without `_index.md` still get a listing page, up to /runbooks/.
    assert!(read(&public.join("runbooks/deep/index.html")).contains(r#"href="/runbooks/deep/er/""#));
    assert!(read(&public.join("runbooks/index.html")).contains(r#"href="/runbooks/deep/""#));
}
