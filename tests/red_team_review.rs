//! Red-team review of session 7: a pull request's author attacks the site through
//! `content/` (and its symbolic links) only. Each test is an attack that worked on main
//! before its fix, kept as a regression.

mod common;

use std::fs;
use std::path::Path;

use common::*;

const TOKEN: &str = "ghs_Zq9TOKENxyzzy";

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn build(root: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    pipebook(&args)
}

/// Every file under `dir` that holds `needle`.
fn holding(dir: &Path, needle: &str) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| fs::read(e.path()).is_ok_and(|b| String::from_utf8_lossy(&b).contains(needle)))
        .map(|e| e.path().display().to_string())
        .collect()
}

/// A symbolic link inside the root was taken as the file it names: `.git/config` (where CI
/// checkouts keep their token) or team.yaml (phone numbers, time-off reasons; here the
/// token in a comment stands for them) was copied
/// to the site under the link's name, and a rule file linked to `.git/config` was read and
/// quoted in the build log.
#[cfg(unix)]
#[test]
fn links_to_hidden_files_or_the_data_files_are_refused() {
    use std::os::unix::fs::symlink;
    let site = example_site();
    let root = site.path();
    write(
        root,
        ".git/config",
        &format!("[http]\n\textraheader = AUTHORIZATION: basic {TOKEN}\n"),
    );
    write(root, ".env", &format!("NETLIFY_AUTH_TOKEN={TOKEN}\n"));
    edit(
        root,
        "content/team.yaml",
        "slack: \"@de1\" }",
        &format!("slack: \"@de1\" }}  # {TOKEN}"),
    );
    let dir = root.join("content/runbooks/profit");
    symlink("../../../.git/config", dir.join("config.txt")).unwrap();
    symlink("../../../.env", dir.join("env.txt")).unwrap();
    symlink("../../team.yaml", dir.join("team.txt")).unwrap();
    symlink("../../../.git/config", dir.join("leak.md")).unwrap();
    symlink("../../.git/config", root.join("content/rules/git.yaml")).unwrap();

    let out = build(root, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for (name, what) in [
        ("content/runbooks/profit/config.txt", "a hidden file"),
        ("content/runbooks/profit/env.txt", "a hidden file"),
        ("content/runbooks/profit/leak.md", "a hidden file"),
        (
            "content/runbooks/profit/team.txt",
            "one of the site's data files",
        ),
        ("content/rules/git.yaml", "a hidden file"),
    ] {
        assert!(
            err.contains(&format!("`{name}` is a symbolic link to {what}")),
            "{name}: {err}"
        );
    }
    assert!(
        !err.contains(TOKEN),
        "the build log quotes the token: {err}"
    );
    assert!(!root.join("public").exists());

    // Named directly by alert_rules, `.git/config` is refused where site.yaml names it.
    for link in ["config.txt", "env.txt", "team.txt", "leak.md"] {
        fs::remove_file(dir.join(link)).unwrap();
    }
    fs::remove_file(root.join("content/rules/git.yaml")).unwrap();
    edit(
        root,
        "content/site.yaml",
        "alert_rules: [content/rules/*.yaml]",
        "alert_rules: [content/rules/*.yaml, .git/config]",
    );
    let out = build(root, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("alert_rules `.git/config` names a hidden file or folder")
            && err.contains("content/site.yaml:"),
        "{err}"
    );
    assert!(!err.contains(TOKEN), "{err}");
}

/// `runbooks: content` in a pull request's site.yaml made its preview copy team.yaml (and
/// the other data files) to the site as files beside the runbooks.
#[test]
fn a_runbook_folder_holding_the_data_files_does_not_publish_them() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/team.yaml",
        "slack: \"@de1\" }",
        &format!("slack: \"@de1\" }}  # {TOKEN}"),
    );
    let site_yaml = read(&root.join("content/site.yaml"));
    write(
        root,
        "content/site.yaml",
        &format!("{site_yaml}runbooks: content\n"),
    );
    let pipelines = read(&root.join("content/pipelines.yaml"));
    let moved = ["profit/", "growth/", "engagement/"]
        .iter()
        .fold(pipelines, |text, folder| {
            text.replace(
                &format!("runbook: {folder}"),
                &format!("runbook: runbooks/{folder}"),
            )
        });
    write(root, "content/pipelines.yaml", &moved);
    let out = build(
        root,
        &[
            "--preview",
            "--base-url",
            "https://deploy-preview-1--x.netlify.app/",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let public = root.join("public");
    assert!(public
        .join("runbooks/runbooks/profit/aggregate-profit/index.html")
        .is_file());
    for data in ["site.yaml", "team.yaml", "pipelines.yaml", "oncall.yaml"] {
        assert!(
            !public.join("runbooks").join(data).exists(),
            "{data} published"
        );
    }
    assert_eq!(holding(&public, TOKEN), Vec::<String>::new());
}

/// The theme's classes were the author's to use: a runbook drew a block that read as the
/// page's own "On call now" (with its own number to call) or a preview banner, or hid
/// text from sight with `visually-hidden`, through raw HTML or a heading's `{.class}`.
#[test]
fn the_themes_classes_are_not_the_authors() {
    let site = example_site();
    let root = site.path();
    write(
        root,
        "content/runbooks/profit/fake.md",
        concat!(
            "---\ntitle: Fake\n---\n\n# Fake\n\n",
            "<div class=\"oncall-now\"><p class=\"now\">On call now: <a href=\"tel:+19005550100\">Mallory</a></p></div>\n\n",
            "<p class=\"preview-banner warn\">Sign in again</p>\n\n",
            "## Not a banner {.preview-banner #not-a-banner}\n\n",
            "> [!NOTE]\n> Kept.\n\n",
            "```console\n$ kubectl get pods\n```\n",
        ),
    );
    let out = build(root, &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    for (line, class) in [(7, "oncall-now"), (7, "now"), (9, "preview-banner warn")] {
        assert!(
            err.contains(&format!("class `{class}` of `<"))
                && err.contains(&format!("content/runbooks/profit/fake.md:{line}:")),
            "{class}: {err}"
        );
    }
    let page = read(&root.join("public/runbooks/profit/fake/index.html"));
    let start = page.find("<article class=\"runbook\"").unwrap();
    let article = &page[start..start + page[start..].find("</article>").unwrap()];
    // Not as a class: the heading's own id is GitHub's, made of the text it shows,
    // `{.preview-banner #not-a-banner}` included (session 56), and the id written by hand
    // an anchor beside it.
    let classes: Vec<&str> = article
        .split("class=\"")
        .skip(1)
        .map(|c| &c[..c.find('"').unwrap()])
        .collect();
    for theirs in ["oncall-now", "now", "preview-banner", "warn"] {
        assert!(
            !classes
                .iter()
                .any(|c| c.split(' ').any(|one| one == theirs)),
            "{theirs} in {article}"
        );
    }
    assert!(!article.contains("class=\"now\""), "{article}");
    assert!(
        article.contains("<span id=\"not-a-banner\"></span>"),
        "{article}"
    );
    assert!(
        article.contains("<h2 id=\"not-a-banner-preview-banner-not-a-banner\">"),
        "{article}"
    );
    // pipebook's own classes on the same (cleaned) page stay.
    for ours in [
        "class=\"markdown-alert markdown-alert-note\"",
        "class=\"markdown-alert-title\"",
        "class=\"language-console\"",
        "class=\"gp\"",
        "class=\"cmd\"",
        "class=\"anchor\"",
    ] {
        assert!(article.contains(ours), "{ours} in {article}");
    }
}

/// A bidirectional override in a name or title (`Mallory \u{202e}gnp.exe` reads as
/// "Mallory exe.png") was published as written on every page and in the calendars.
#[test]
fn bidirectional_overrides_in_names_and_titles_are_errors() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/team.yaml",
        "name: Data Engineer 2",
        "name: \"Data Engineer \u{202e}2 rotcerid\"",
    );
    edit(
        root,
        "content/runbooks/profit/aggregate-profit.md",
        "title: Aggregate profit",
        "title: \"Aggregate \u{2067}profit\"",
    );
    let out = build(root, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for at in [
        "content/team.yaml:",
        "content/runbooks/profit/aggregate-profit.md:2:",
    ] {
        assert!(err.contains(at), "{at}: {err}");
    }
    assert_eq!(
        err.matches("holds the bidirectional control").count(),
        2,
        "{err}"
    );
    assert!(
        !err.contains('\u{202e}'),
        "the log carries the override itself: {err}"
    );
}
