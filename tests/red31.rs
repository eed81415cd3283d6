//! Hostile and foreign content found in session 31's review. Each test failed on main
//! b9f18c9.

mod common;

use common::{pipebook, site_of, stderr};

/// Content a message shows outside backticks was printed whole: a front matter of one
/// string of a megabyte printed serde's `invalid type: string "…"` with all of it (1 MB of
/// build log from a 1 MB file), and so did a link's missing anchor (`points to #…`) and
/// the hint naming a heading's class to remove. Each is cut now, as quotations were.
#[test]
fn content_outside_quotes_is_shown_shortly_in_messages_and_hints() {
    let long = "a".repeat(100_000);
    let front = format!("---\n\"{long}\"\n---\nbody\n");
    let links = format!("# A\n\n[z](#{long})\n\n## C {{.{long}}}\n");
    let front_site = site_of(&[
        ("content/site.yaml", "title: Ops\n"),
        ("content/runbooks/front.md", &front),
    ]);
    let out = pipebook(&["check", "--root", front_site.path().to_str().unwrap()]);
    let err = stderr(&out);
    let shown = &err[..err.len().min(3000)];
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(err.contains("invalid type: string \"aaaa"), "{shown}");
    assert!(err.contains("content/runbooks/front.md:2"), "{shown}");
    assert!(err.len() < 2_000, "{} bytes: {shown}", err.len());
    let links_site = site_of(&[
        ("content/site.yaml", "title: Ops\n"),
        ("content/runbooks/links.md", &links),
    ]);
    let out = common::build_ok(links_site.path());
    let err = stderr(&out);
    let shown = &err[..err.len().min(3000)];
    assert!(err.contains("points to #aaaa"), "{shown}");
    assert!(err.contains("remove `.aaaa"), "{shown}");
    assert!(err.len() < 4_000, "{} bytes: {shown}", err.len());
}

/// An address whose part before `@` reads as a host
/// (`https://grafana.example.com@evil.example/`) shows the trusted host first and leads to
/// the other: a browser takes the part before `@` for a user name. The check of a link's
/// text against its target read the host after the `@` on both sides and passed it, as a
/// Markdown link, an autolink and a raw `<a href>`. Each is warned now, and
/// `--deny-warnings` fails the build; `git@` and a bare user name stay quiet.
#[test]
fn an_address_whose_user_part_reads_as_a_host_is_warned() {
    let site = site_of(&[
        ("content/site.yaml", "title: Ops\n"),
        (
            "content/runbooks/login.md",
            "# Log in\n\n\
             Open <https://grafana.ops.example@evil.example/login>.\n\n\
             Or [the dashboard](https://grafana.ops.example:443@evil.example/d).\n\n\
             Or <a href=\"//grafana.ops.example@evil.example/\">Grafana</a>.\n\n\
             Clone ssh://git@gitlab.com/ops/runbooks.git, or <https://oauth2@gitlab.com/ops>.\n",
        ),
    ]);
    let out = common::build_ok(site.path());
    let problems = common::problems(&stderr(&out));
    let told = |line: usize, user: &str| {
        problems.iter().any(|p| {
            p.starts_with(&format!("content/runbooks/login.md:{line} "))
                && p.contains(&format!("shows `{user}` before an `@`"))
                && p.contains("leads to `evil.example`")
        })
    };
    assert!(told(3, "grafana.ops.example"), "{problems:#?}");
    assert!(told(5, "grafana.ops.example:443"), "{problems:#?}");
    assert!(told(7, "grafana.ops.example"), "{problems:#?}");
    assert_eq!(problems.len(), 3, "{problems:#?}");
    let denied = pipebook(&[
        "build",
        "--deny-warnings",
        "--root",
        site.path().to_str().unwrap(),
    ]);
    assert_eq!(denied.status.code(), Some(1), "{}", stderr(&denied));
}

/// A runbook whose lines end in a carriage return alone (classic Mac OS, some exporters),
/// which CommonMark, GitHub and GitLab read as line ends, was one line to pipebook's own
/// readers: the front matter was not read (shown as a rule and a heading `title: …`), a
/// page without it took its whole text as its title (`<h1>` of every word, nothing
/// below), and no link, heading id or raw tag of it was checked. A `site.yaml` so written
/// was one comment: its title was silently the default. Such line ends are read as line
/// ends now, and problems are reported at their lines.
#[test]
fn lines_ended_by_a_carriage_return_alone_are_lines() {
    let site = site_of(&[
        ("content/site.yaml", "# The team's site\rtitle: Ops\r"),
        (
            "content/runbooks/old-mac.md",
            "---\rtitle: Restart the loader\r---\r\r## Check {#check}\r\rSee [the guide](missing.md).\r\r<b onclick=\"x()\">bold</b>\r",
        ),
        (
            "content/runbooks/no-front.md",
            "# Disk full\r\rFree space.\r\r[back](old-mac.md#check)\r",
        ),
    ]);
    let out = common::build_ok(site.path());
    let problems = common::problems(&stderr(&out));
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("content/runbooks/old-mac.md:7 ") && p.contains("missing.md")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("content/runbooks/old-mac.md:9 ") && p.contains("onclick")),
        "{problems:#?}"
    );
    assert_eq!(problems.len(), 2, "{problems:#?}");
    let page = common::article(site.path(), "old-mac");
    // GitHub's id for "Check {#check}", and the id written by hand beside it.
    assert!(page.contains("<h2 id=\"check-check\">Check</h2>"), "{page}");
    assert!(page.contains("<span id=\"check\"></span>"), "{page}");
    assert!(!page.contains("title:"), "{page}");
    let html = common::read(&site.path().join("public/runbooks/old-mac/index.html"));
    assert!(
        html.contains("<title>Restart the loader · Ops</title>"),
        "{html}"
    );
    let other = common::read(&site.path().join("public/runbooks/no-front/index.html"));
    assert!(other.contains("<title>Disk full · Ops</title>"), "{other}");
    assert!(other.contains("Free space."), "{other}");
}

/// Two messages about the runbook folder read garbled: an output that is the runbook
/// folder set in site.yaml was "the site's the runbook folder folder", and a lone
/// Markdown file elsewhere "1 Markdown file lie under".
#[test]
fn messages_about_the_runbook_folder_read_as_sentences() {
    let site = site_of(&[
        ("content/site.yaml", "title: Ops\nrunbooks: docs\n"),
        ("docs/a.md", "# A\n"),
    ]);
    let root = site.path().to_str().unwrap();
    let docs = site.path().join("docs");
    let out = pipebook(&["build", "--root", root, "--output", docs.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(") is the site's runbook folder ("), "{err}");
    let site = site_of(&[
        ("content/site.yaml", "title: Ops\nrunbooks: docs\n"),
        ("docs/.keep", ""),
        ("notes/a.md", "# A\n"),
    ]);
    let out = pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&out);
    assert!(
        err.contains("but 1 Markdown file lies under `notes/`"),
        "{err}"
    );
}

/// YAML's readers (both of pipebook's, as YAML 1.1 says) end a line at a Unicode line or
/// paragraph separator (U+2028, U+2029), where editors, `git diff` and GitHub show one
/// line: `title: Ops<U+2028>base_url: https://evil.example/` in site.yaml read as a title
/// and moved every canonical address, feed and sitemap to another host, and a runbook's
/// `title: Safe<U+2028>aliases: [/evil/]` added a redirect nobody saw. So did the C1 next
/// line (U+0085) after a comment, where no value held it to be refused. Each is an error
/// at its place now.
#[test]
fn a_unicode_line_break_in_yaml_is_an_error_at_its_place() {
    for (file, text, line) in [
        (
            "content/site.yaml",
            "title: Ops\u{2028}base_url: https://evil.example/\n",
            1,
        ),
        (
            "content/runbooks/a.md",
            "---\ntitle: Safe\u{2029}aliases: [/evil/]\n---\nbody\n",
            2,
        ),
        (
            "content/runbooks/a.md",
            "---\ntitle: Safe # note\u{85}aliases: [/evil/]\n---\nbody\n",
            2,
        ),
    ] {
        let mut files = vec![("content/runbooks/b.md", "# B\n"), (file, text)];
        if file != "content/site.yaml" {
            files.push(("content/site.yaml", "title: Ops\n"));
        }
        let site = site_of(&files);
        let out = pipebook(&["build", "--root", site.path().to_str().unwrap()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        let problems = common::problems(&err);
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with(&format!("{file}:{line} "))
                    && p.contains("a Unicode line break (\\u{")),
            "{problems:#?}"
        );
        assert!(!site.path().join("public").exists(), "{err}");
    }
}

/// `pipebook init` in a repository whose `content` is a symbolic link out of it wrote
/// `content/site.yaml` into the folder it names (anywhere the link pointed); so did
/// `--github` through a linked `.github`. `new runbook` refuses such links since session
/// 30; `init` refuses them now, naming the link, and writes nothing anywhere.
#[cfg(unix)]
#[test]
fn init_writes_nothing_through_a_folder_linked_out_of_the_repository() {
    for (link, flags) in [("content", &[][..]), (".github", &["--github"][..])] {
        let outside = tempfile::tempdir().unwrap();
        let site = site_of(&[("docs/disk-full.md", "# Disk full\n\nFree space.\n")]);
        std::os::unix::fs::symlink(outside.path(), site.path().join(link)).unwrap();
        let mut args = vec!["init", "--root", site.path().to_str().unwrap()];
        args.extend_from_slice(flags);
        let out = pipebook(&args);
        let err = stderr(&out);
        assert_ne!(out.status.code(), Some(0), "{err}");
        assert!(
            err.contains(&format!(
                "`{link}` is a symbolic link outside the repository"
            )),
            "{err}"
        );
        let written: Vec<_> = std::fs::read_dir(outside.path()).unwrap().collect();
        assert!(written.is_empty(), "{written:?}");
        assert!(!site.path().join(".pipebook").exists(), "{err}");
    }
}
