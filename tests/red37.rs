//! A hostile pull request, session 37: leftovers of session 36 and what it did not try.
//! Each test builds a small site in a temporary folder; each failed on main 1904dff.

mod common;

use std::path::Path;

use common::{article, build_ok, pipebook, problems, site_of, stderr};

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\nrepository: https://github.com/org/ops\n",
);

fn build(root: &Path) -> std::process::Output {
    pipebook(&["build", "--root", root.to_str().unwrap()])
}

/// An image of a file above the runbook folder (`../../.env`, the repository's README)
/// was written as the file's page on the forge, `<img src="https://github.com/…/blob/HEAD/
/// .env">`: an HTML page, so a broken image, without a word. Now a warning at its place,
/// and its description with a note instead of an image; a link to the file still leads
/// to its page on the forge, as GitHub's own view of the runbook would.
#[test]
fn an_image_of_a_file_outside_the_runbook_folder_is_told_and_not_linked() {
    let site = site_of(&[
        SITE,
        (".env", "SECRET=1\n"),
        ("README.md", "# Ops\n"),
        (
            "content/runbooks/r.md",
            "# R\n\n![the env](../../.env)\n\n<img src=\"../../README.md\" alt=\"readme\">\n\nSee [the README](../../README.md).\n",
        ),
    ]);
    let root = site.path();
    let out = build_ok(root);
    let found = problems(&stderr(&out));
    let about = |line: &str, dest: &str, path: &str| {
        format!("content/runbooks/r.md:{line} image or media `{dest}` is `{path}`, a file of the repository outside the runbook folder: the site does not publish it, and its page on the forge is no image, so it is not shown")
    };
    assert!(
        found.contains(&about("3", "../../.env", ".env")),
        "{found:#?}"
    );
    assert!(
        found.contains(&about("5", "../../README.md", "README.md")),
        "{found:#?}"
    );
    let html = article(root, "r");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("blob/HEAD/.env"), "{html}");
    assert!(
        html.contains("the env <small class=\"image-left-out\">(image .env not shown: the site publishes only the runbook folder)</small>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"https://github.com/org/ops/blob/HEAD/README.md\">the README</a>"),
        "{html}"
    );
}
