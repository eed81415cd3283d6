//! A hostile pull request, session 36: what earlier reviews did not try. Each test builds a
//! small site in a temporary folder; each failed on main 5f96bfc.

mod common;

use std::path::Path;

use common::{pipebook, problems, site_of, snapshot, stderr};

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\n",
);

fn build(root: &Path) -> std::process::Output {
    pipebook(&["build", "--root", root.to_str().unwrap()])
}

/// Writes a chain of `depth` folders `a/a/…` under the runbook folder, one short runbook
/// in each.
fn chain(root: &Path, depth: usize) {
    let mut dir = root.join("content/runbooks");
    for level in 1..=depth {
        dir.push("a");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("r.md"), format!("# Level {level}\n\ntext\n")).unwrap();
    }
}

/// Every page links each folder above it by its address (breadcrumbs), and each folder's
/// tree fragment lists every level above it: the site grew with the cube of the depth. On
/// main a chain of 1,000 folders of one 30-byte runbook each (30 kB) wrote 1.46 GB in
/// 17 s (500: 218 MB; 250: 42 MB). A folder deeper than 32 is one error now, at that
/// folder, and nothing under it is read.
#[test]
fn folders_nested_past_the_depth_limit_are_one_error() {
    let site = site_of(&[SITE, ("content/runbooks/top.md", "# Top\n")]);
    let root = site.path();
    chain(root, 32);
    let out = build(root);
    assert!(out.status.success(), "{}", stderr(&out));
    let deepest = root.join(format!("public/runbooks/{}r/index.html", "a/".repeat(32)));
    assert!(deepest.is_file());

    chain(root, 40);
    let before = snapshot(&root.join("public"));
    let out = build(root);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let folder = format!("content/runbooks/{}a", "a/".repeat(32));
    assert_eq!(err.matches("error: `").count(), 1, "{err}");
    assert!(
        err.contains(&format!(
            "error: `{folder}` is a folder 33 deep in the runbook folder, and pipebook takes at most 32: nothing in it is published\n  --> {folder}:1:1\n"
        )),
        "{err}"
    );
    assert_eq!(snapshot(&root.join("public")), before, "output changed");
}

/// A raw `<a>` was read for its text and its own title only. Its `aria-label` (the name
/// screen readers and voice control give the link in place of its text), the `alt` of an
/// image in it (what it reads as when the image does not load, as a Markdown link's image
/// is read) and the `title` or `aria-label` of an element inside it could name another
/// host than it leads to, without a word; on main none of these six was told.
#[test]
fn what_a_raw_links_images_and_labels_name_is_read_against_its_host() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/links.md",
            concat!(
                "# Links\n",
                "\n",
                "<a href=\"https://evil.example/a\" aria-label=\"https://grafana.example.com/\">Dashboard</a>\n",
                "\n",
                "<a href=\"https://evil.example/b\"><img src=\"x.png\" alt=\"https://grafana.example.com/\"></a>\n",
                "\n",
                "<a href=\"https://evil.example/c\">\n",
                "  <img src=\"x.png\" alt=\"https://grafana.example.com/\">\n",
                "</a>\n",
                "\n",
                "<a href=\"https://evil.example/d\"><span aria-label=\"https://grafana.example.com/\">Dashboard</span></a>\n",
                "\n",
                "<a href=\"https://evil.example/e\"><span title=\"https://grafana.example.com/\">Dashboard</span></a>\n",
                "\n",
                "[Dashboard <span aria-label=\"https://grafana.example.com/\">f</span>](https://evil.example/f)\n",
                "\n",
                "Honest: <a href=\"https://grafana.example.com/d/1\" aria-label=\"Grafana dashboard\">G</a>\n",
                "<a href=\"https://grafana.example.com/\"><img src=\"x.png\" alt=\"https://grafana.example.com/\"></a>\n",
                "<span aria-label=\"https://grafana.example.com/\">outside</span> [ok](https://evil.example/g)\n",
                "<img src=\"x.png\" alt=\"https://grafana.example.com/\">\n",
            ),
        ),
        ("content/runbooks/x.png", ""),
    ]);
    let out = build(site.path());
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let at = "content/runbooks/links.md";
    let label = "the link's label (its name for screen readers) shows the host `grafana.example.com`, but the link leads to `evil.example`";
    let text = "the link's text shows the host `grafana.example.com`, but the link leads to `evil.example`";
    let title = "the link's title (its tooltip) shows the host `grafana.example.com`, but the link leads to `evil.example`";
    let found: Vec<String> = problems(&err)
        .into_iter()
        .filter(|p| p.contains("grafana"))
        .collect();
    assert_eq!(
        found,
        [
            format!("{at}:3 {label}"),
            format!("{at}:5 {text}"),
            format!("{at}:7 {text}"),
            format!("{at}:11 {label}"),
            format!("{at}:13 {title}"),
            format!("{at}:15 {label}"),
        ],
        "{err}"
    );
}
