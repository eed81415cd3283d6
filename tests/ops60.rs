//! What runbook repositories written for GitHub and GitLab bring (session 60): the
//! repository's web view of its root folder and of the runbook folder, written without
//! the trailing slash.

mod common;

use common::*;

/// `tree/main` (the repository's root folder, where `runbooks: .`) and
/// `tree/main/runbooks` (the runbook folder), as the forge's address bar shows them: no
/// trailing slash, or GitLab's `?ref_type=heads`. On main each stayed a link to the forge
/// while the same address with a `/` was the site's page (`/runbooks/`): a reader left the
/// site for a listing it has, and a dead anchor on it went unreported. Each is the site's
/// page now, checked; the repository's address alone stays the repository's (readers
/// follow it to clone it, to file an issue), as do a folder the site does not publish and
/// a branch whose name only begins like the site's.
#[test]
fn the_root_and_runbook_folders_on_the_forge_are_the_site_s_folder_pages() {
    let links = "[root](https://github.com/acme/ops/tree/main) \
        [slash](https://github.com/acme/ops/tree/main/) \
        [book](https://github.com/acme/ops/tree/main/runbooks) \
        [heads](https://github.com/acme/ops/tree/main/runbooks?ref_type=heads) \
        [anchor](https://github.com/acme/ops/tree/main/runbooks#nope) \
        [repo](https://github.com/acme/ops) \
        [scripts](https://github.com/acme/ops/tree/main/scripts) \
        [other](https://github.com/acme/ops/tree/mainline) \
        [near](https://github.com/acme/ops/tree/main/runbooks-old)\n";
    // The runbook folder is a folder of the repository.
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nrunbooks: runbooks\nrepository: https://github.com/acme/ops\n\
             broken_links: warning\n",
        ),
        ("runbooks/a.md", &format!("# A\n\n{links}")),
        ("runbooks/README.md", "# Runbooks\n"),
        ("scripts/x.sh", "echo\n"),
    ]);
    let out = build_ok(site.path());
    let html = article(site.path(), "a");
    for (text, href) in [
        ("root", "https://github.com/acme/ops/tree/main"),
        ("slash", "https://github.com/acme/ops/tree/main/"),
        ("book", "/runbooks/"),
        ("heads", "/runbooks/"),
        ("anchor", "/runbooks/#nope"),
        ("repo", "https://github.com/acme/ops"),
        ("scripts", "https://github.com/acme/ops/tree/main/scripts"),
        ("other", "https://github.com/acme/ops/tree/mainline"),
        ("near", "https://github.com/acme/ops/tree/main/runbooks-old"),
    ] {
        assert!(
            html.contains(&format!("<a href=\"{href}\">{text}</a>")),
            "{text}: {html}"
        );
    }
    // `check` reports the dead anchor as `build` does.
    let checked = pipebook(&["check", "--root", site.path().to_str().unwrap()]);
    for err in [stderr(&out), stderr(&checked)] {
        assert_eq!(err.matches("warning: ").count(), 1, "{err}");
        assert!(
            err.contains("warning: link `https://github.com/acme/ops/tree/main/runbooks#nope` points to #nope")
                && err.contains("runbooks/a.md:3:"),
            "{err}"
        );
    }
    // The runbook folder is the repository's root: `tree/main`, slash or not, is its page.
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nrunbooks: .\nrepository: https://gitlab.com/acme/ops\n",
        ),
        (
            "a.md",
            "# A\n\n[root](https://gitlab.com/acme/ops/-/tree/main) \
             [heads](https://gitlab.com/acme/ops/-/tree/main?ref_type=heads#readme) \
             [repo](https://gitlab.com/acme/ops)\n",
        ),
        ("README.md", "# Ops\n"),
    ]);
    build_ok(site.path());
    let html = article(site.path(), "a");
    for (text, href) in [
        ("root", "/runbooks/"),
        ("heads", "/runbooks/#readme"),
        ("repo", "https://gitlab.com/acme/ops"),
    ] {
        assert!(
            html.contains(&format!("<a href=\"{href}\">{text}</a>")),
            "{text}: {html}"
        );
    }
}
