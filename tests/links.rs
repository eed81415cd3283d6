//! Links to anchors are checked once every page is known; whether a broken link is an
//! error or a warning is the site's choice (`broken_links` in site.yaml).

mod common;

use common::*;

#[test]
fn broken_anchor_in_own_content_is_an_error_with_a_suggestion() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/runbooks/profit/aggregate-profit.md",
        "(../growth/aggregate-growth.md#checks)",
        "(../growth/aggregate-growth.md#chekcs)",
    );
    let o = pipebook(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("error: link `../growth/aggregate-growth.md#chekcs` points to #chekcs, which is not a heading or step of that page"), "{err}");
    assert!(err.contains("hint: did you mean #checks?"), "{err}");
    assert!(
        err.contains("content/runbooks/profit/aggregate-profit.md:34:14"),
        "{err}"
    );
}

#[test]
fn anchors_to_steps_and_on_the_same_page_resolve() {
    let site = example_site();
    let root = site.path();
    let path = root.join("content/runbooks/profit/aggregate-profit.md");
    let text = read(&path) + "\nSee [step 3](#steps.3), [their step 2](../growth/aggregate-growth.md#steps.2) and [nothing](#step-9).\n";
    std::fs::write(&path, text).unwrap();
    let o = pipebook(&["check", "--root", root.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "link `#step-9` points to #step-9, which is not a heading or step of this page"
        ),
        "{err}"
    );
    assert!(err.contains("did you mean #steps?"), "{err}");
    assert_eq!(
        err.matches("error: link").count(),
        1,
        "the two good links pass: {err}"
    );
}

#[test]
fn imported_trees_only_warn() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/site.yaml",
        "broken_links: error",
        "broken_links: warning",
    );
    std::fs::write(
        root.join("content/runbooks/x.md"),
        "# X\n\n[a](#nowhere) [b](missing.md)\n",
    )
    .unwrap();
    let o = pipebook(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stderr(&o).matches("warning: link").count(),
        2,
        "{}",
        stderr(&o)
    );
}

/// Links between folders are checked whichever folder is rendered first: a link found on a
/// page rendered before passes at once, the rest are checked once every page is known.
#[test]
fn anchors_across_many_folders_are_all_checked() {
    let site = example_site();
    let root = site.path();
    let folders = 24;
    for f in 0..folders {
        let dir = root.join(format!("content/runbooks/many/f{f}"));
        std::fs::create_dir_all(&dir).unwrap();
        let (next, prev) = ((f + 1) % folders, (f + folders - 1) % folders);
        for p in 0..3 {
            let text = format!(
                "# Page {f} {p}\n\n## Checks {f} {p}\n\nText.\n\n## Steps\n\n1. first\n2. second\n\n\
                 [next](../f{next}/p{p}.md#checks-{next}-{p}) \
                 [prev step](../f{prev}/p{p}.md#steps.2) \
                 [folder](../f{next}/_index.md#about-{next}) \
                 [broken](../f{prev}/p{p}.md#checks-{f}-{p}) \
                 [own](#checks-{f}-{p})\n"
            );
            std::fs::write(dir.join(format!("p{p}.md")), text).unwrap();
        }
        std::fs::write(
            dir.join("_index.md"),
            format!("# Folder {f}\n\n## About {f}\n\nText.\n"),
        )
        .unwrap();
    }
    let o = pipebook(&["check", "--root", root.to_str().unwrap()]);
    let err = stderr(&o);
    // Only `broken` leads nowhere (its anchor is the linking page's own heading).
    assert_eq!(
        err.matches("which is not a heading or step of that page")
            .count(),
        folders * 3,
        "{err}"
    );
    for f in [0, 7, folders - 1] {
        let prev = (f + folders - 1) % folders;
        assert!(
            err.contains(&format!(
                "link `../f{prev}/p1.md#checks-{f}-1` points to #checks-{f}-1"
            )),
            "{err}"
        );
    }
    assert_eq!(
        err.matches("points to #").count(),
        folders * 3,
        "the good links pass: {err}"
    );
}

/// A text fragment (`#claims:~:text=groups`) takes the reader to the element before `:~:`
/// and marks the text after it: the element is checked, the directive kept. Before, each
/// such link was a warning that `#claims:~:text=groups` is no heading of the page.
#[test]
fn text_fragments_check_their_element_and_keep_the_directive() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\nbroken_links: warning\n",
        ),
        (
            "content/runbooks/ref.md",
            "# Reference\n\n## Claims\n\nThe groups claim.\n",
        ),
        (
            "content/runbooks/a.md",
            concat!(
                "# A\n\n## Steps\n\n",
                "[groups](ref.md#claims:~:text=groups) [top](ref.md#:~:text=groups) ",
                "[here](#steps:~:text=A) [there](#:~:text=A) [gone](ref.md#nope:~:text=x)\n",
            ),
        ),
    ]);
    let root = site.path();
    let err = stderr(&build_ok(root));
    let warned: Vec<&str> = err.lines().filter(|l| l.starts_with("warning")).collect();
    assert_eq!(
        warned,
        ["warning: link `ref.md#nope:~:text=x` points to #nope, which is not a heading or step of that page"],
        "{err}"
    );
    let page = article(root, "a");
    for href in [
        "/runbooks/ref/#claims:~:text=groups",
        "/runbooks/ref/#:~:text=groups",
        "#steps:~:text=A",
        "#:~:text=A",
    ] {
        assert!(page.contains(&format!("href=\"{href}\"")), "{href}: {page}");
    }
}

/// A problem with a text fragment's link names the link as the author wrote it. Before, a
/// missing file was reported as `link `../../themes#``, a link the page does not hold.
#[test]
fn a_text_fragment_s_problem_names_the_link_as_written() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\nbroken_links: warning\n",
        ),
        (
            "content/runbooks/a/b.md",
            concat!(
                "# B\n\n[themes](../../themes#:~:text=x) [gone](gone.md#top:~:text=y) ",
                "[out](../../../../x#:~:text=z)\n",
            ),
        ),
    ]);
    let err = stderr(&build_ok(site.path()));
    let warned: Vec<&str> = err.lines().filter(|l| l.starts_with("warning")).collect();
    assert_eq!(warned.len(), 3, "{err}");
    for written in [
        "../../themes#:~:text=x",
        "gone.md#top:~:text=y",
        "../../../../x#:~:text=z",
    ] {
        assert!(
            warned
                .iter()
                .any(|w| w.contains(&format!("link `{written}`"))),
            "{written}: {err}"
        );
    }
}
