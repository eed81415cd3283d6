//! What runbook repositories written for GitHub and GitLab bring (session 59): the
//! repository's own address of a runbook on its default branch, and footnotes' way back.

mod common;

use common::*;

/// A full address of the repository's own runbook on `main` or `master` (rust-infra-team's
/// meeting notes link `blob/master/docs/hosts/bastion.md#…` on a repository whose branch
/// is `main`, which GitHub redirects) or on `HEAD`, in a site.yaml that names another
/// branch or none. On main each stayed a link to the forge (only the branch site.yaml
/// names, default `HEAD`, was the site's): the reader left the site mid-incident for a
/// page it has, and a dead anchor went unreported. Each is the page now, checked; a tag,
/// a commit, another branch and a file the site does not have keep their address.
#[test]
fn the_repository_s_own_runbook_on_its_default_branch_is_the_site_s_page() {
    let runbook = "# A\n\n\
        [main](https://github.com/acme/ops/blob/main/runbooks/b.md#steps) \
        [master](https://github.com/acme/ops/blob/master/runbooks/b.md) \
        [head](https://github.com/acme/ops/blob/HEAD/runbooks/b.md) \
        [dead](https://github.com/acme/ops/blob/main/runbooks/b.md#nope) \
        [tag](https://github.com/acme/ops/blob/v1.2/runbooks/b.md) \
        [commit](https://github.com/acme/ops/blob/12acabb412c31e94d5ca7d4194c097f66c6d0ec7/runbooks/b.md) \
        [gone](https://github.com/acme/ops/blob/main/runbooks/gone.md)\n";
    for branch in ["", "branch: production\n"] {
        let site = site_of(&[
            (
                "content/site.yaml",
                &format!(
                    "title: Ops\nrunbooks: runbooks\nrepository: https://github.com/acme/ops\n\
                     broken_links: warning\n{branch}"
                ),
            ),
            ("runbooks/a.md", runbook),
            ("runbooks/b.md", "# B\n\n## Steps\n\nDo.\n"),
        ]);
        let out = build_ok(site.path());
        let html = article(site.path(), "a");
        for (text, href) in [
            ("main", "/runbooks/b/#steps"),
            ("master", "/runbooks/b/"),
            ("head", "/runbooks/b/"),
            ("tag", "https://github.com/acme/ops/blob/v1.2/runbooks/b.md"),
            (
                "commit",
                "https://github.com/acme/ops/blob/12acabb412c31e94d5ca7d4194c097f66c6d0ec7/runbooks/b.md",
            ),
            ("gone", "https://github.com/acme/ops/blob/main/runbooks/gone.md"),
        ] {
            assert!(
                html.contains(&format!("<a href=\"{href}\">{text}</a>")),
                "{branch}{text}: {html}"
            );
        }
        let err = stderr(&out);
        assert_eq!(err.matches("warning: ").count(), 1, "{branch}{err}");
        assert!(
            err.contains("warning: link `https://github.com/acme/ops/blob/main/runbooks/b.md#nope` points to #nope")
                && err.contains("runbooks/a.md:3:"),
            "{err}"
        );
    }
}
