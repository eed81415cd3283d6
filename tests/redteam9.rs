//! A ninth adversarial review (session 14): what session 13 left (a step's link alone
//! after a code block, files skipped without a word, a `##` heading that opens a page,
//! `init` on Hugo's and GitBook's layouts), and hostile input tried against main. Each
//! test builds a small site in a temporary folder.

mod common;

use std::fs;

use common::{build_ok, example_site, read, stderr};

/// The HTML of `<li id="ID">` up to the end of its own first line of content: where the
/// step's link to itself must be, beside the step's words.
fn step_html<'h>(page: &'h str, id: &str) -> &'h str {
    let open = format!("<li id=\"{id}\">");
    let at = page.find(&open).unwrap_or_else(|| panic!("no step {id}"));
    let rest = &page[at..];
    &rest[..rest.find("</li>").unwrap()]
}

/// A step's link to itself follows the step's first line of text (the end of its first
/// paragraph, or its text before a code block, nested list or quote), never alone on a
/// line after the step's code block or nested steps.
#[test]
fn a_steps_link_follows_its_words_not_its_code_block() {
    let site = example_site();
    let runbooks = site.path().join("content/runbooks/profit");
    fs::write(
        runbooks.join("steps.md"),
        "---\ntitle: Steps\n---\n\n## Loose\n\n1. Restart the thing:\n\n   ```sh\n   kubectl rollout restart deploy/x\n   ```\n\n2. Check it.\n\n   More.\n\n## Tight\n\n1. Restart:\n   ```sh\n   echo x\n   ```\n2. Parent\n   1. Child\n3. Quote\n   > quoted\n4. Plain\n5. ```sh\n   echo only code\n   ```\n",
    )
    .unwrap();
    build_ok(site.path());
    let page = read(&site.path().join("public/runbooks/profit/steps/index.html"));
    let link = |id: &str, n: &str| {
        format!(" <a class=\"step-link\" href=\"#{id}\" aria-label=\"Link to step {n}\">#</a>")
    };
    for (id, n, before) in [
        ("loose.1", "1", "<p>Restart the thing:"),
        ("loose.2", "2", "<p>Check it."),
        ("tight.1", "1", "Restart:"),
        ("tight.2", "2", "Parent"),
        ("tight.3", "3", "Quote"),
    ] {
        let html = step_html(&page, id);
        let expected = format!("{before}{}", link(id, n));
        assert!(html.contains(&expected), "{id}: {expected:?} in {html}");
        assert_eq!(page.matches(&link(id, n)).count(), 1, "{id}");
    }
    // The nested step keeps its own link, after its words.
    assert!(page.contains(&format!("Child{}</li>", link("tight.2.1", "2.1"))));
    // A step of one line, and one of code alone, keep theirs at the end.
    assert!(page.contains(&format!("Plain{}</li>", link("tight.4", "4"))));
    assert!(page.contains(&format!("</code></pre>\n{}</li>", link("tight.5", "5"))));
}

/// A named pipe, and a file named `.md`, among the runbooks: neither is published, and
/// the build says so, naming each (before, both were skipped without a word).
#[cfg(unix)]
#[test]
fn a_pipe_and_a_nameless_md_are_reported_not_skipped_silently() {
    let site = example_site();
    let runbooks = site.path().join("content/runbooks/profit");
    fs::write(runbooks.join(".md"), "# Nameless\n").unwrap();
    let pipe = runbooks.join("pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let out = build_ok(site.path());
    let err = stderr(&out);
    assert!(
        err.contains("content/runbooks/profit/pipe.md") && err.contains("not a regular file"),
        "{err}"
    );
    assert!(
        err.contains("content/runbooks/profit/.md") && err.contains("no name before `.md`"),
        "{err}"
    );
    let check = common::pipebook(&[
        "check",
        "--root",
        site.path().to_str().unwrap(),
        "--deny-warnings",
    ]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
}

/// A page that opens with a heading underlined with `---` (GuardDuty's
/// `Backdoor:EC2/Spambot`), and has no `#` heading nor another of its level, is titled by
/// it, as a `#` heading titles its page; the body does not repeat it. A `## Steps` written
/// with `#`s, a page of several such sections, one with a title in its front matter, or
/// one whose heading holds raw HTML (a template's `<Type of Incident>`), keeps its
/// sections.
#[test]
fn a_page_opened_by_its_only_level_two_heading_takes_it_as_title() {
    let site = example_site();
    let runbooks = site.path().join("content/runbooks/profit");
    let cases = [
        (
            "spambot.md",
            "Backdoor:EC2/Spambot\n--------------------\n\n### An EC2 instance talks to port 25.\n\n**Default severity: Medium**\n",
            Some("Backdoor:EC2/Spambot"),
        ),
        (
            "setext.md",
            "Disk *full*\n---\n\nText.\n\n### Why\n\nMore.\n",
            Some("Disk full"),
        ),
        // Written with `#`s, a page's only `##` section is no title.
        ("atx.md", "## Steps\n\n1. Do.\n\n### Why\n\nMore.\n", None),
        ("sections.md", "Overview\n---\n\nText.\n\nSteps\n---\n\n1. Do.\n", None),
        (
            "front.md",
            "---\ntitle: From front matter\n---\n\nOnly\n----\n\nText.\n",
            None,
        ),
        ("late-h1.md", "First\n---\n\nText.\n\n# Real title\n", None),
        // A template's placeholder: no HTML element, so it is text (session 24: the forges
        // hide it, pipebook shows it as written), and the heading is the page's title.
        (
            "template.md",
            "Playbook: <Type of Incident>\n---\n\n### MITRE\n\nText.\n",
            Some("Playbook: &lt;Type of Incident&gt;"),
        ),
    ];
    for (file, text, _) in &cases {
        fs::write(runbooks.join(file), text).unwrap();
    }
    build_ok(site.path());
    for (file, _, title) in cases {
        let slug = file.trim_end_matches(".md");
        let page = read(
            &site
                .path()
                .join(format!("public/runbooks/profit/{slug}/index.html")),
        );
        match title {
            Some(title) => {
                assert!(
                    page.contains(&format!("<title>{title} ·")),
                    "{file}: {page}"
                );
                assert_eq!(page.matches("<h1").count(), 1, "{file}");
                assert!(
                    !page.contains("<h2 id"),
                    "{file}: the title is not repeated as a section"
                );
            }
            None => assert!(page.contains("<h2 id"), "{file}: sections are kept"),
        }
    }
    let front = read(&site.path().join("public/runbooks/profit/front/index.html"));
    assert!(front.contains("<title>From front matter ·"));
    let late = read(
        &site
            .path()
            .join("public/runbooks/profit/late-h1/index.html"),
    );
    assert!(late.contains("<h2 id=\"first\">"), "{late}");
}

/// `pipebook init` in a Hugo site takes its `contentDir` (default `content`), in an mdBook
/// its `src`, in a HonKit book its `book.json` root, and beside a bare GitBook's
/// `SUMMARY.md` in one folder that folder; the site then builds without the tool's files.
#[test]
fn init_takes_the_folder_of_hugo_mdbook_honkit_and_a_bare_summary() {
    let layouts: &[(&[(&str, &str)], &str)] = &[
        (
            &[
                (
                    "hugo.toml",
                    "baseURL = 'https://x.example/'\ntitle = 'Ops'\n",
                ),
                ("content/_index.md", "+++\ntitle = 'Ops'\n+++\n\n# Ops\n"),
                ("content/db/restore.md", "# Restore\n"),
                ("layouts/index.html", "<html></html>\n"),
            ],
            "content",
        ),
        (
            &[
                ("config.toml", "title = \"Ops\"\ncontentDir = \"pages\"\n"),
                ("archetypes/default.md", "---\n---\n"),
                ("pages/db.md", "# DB\n"),
            ],
            "pages",
        ),
        (
            &[
                (
                    "hugo.json",
                    "{\n  \"title\": \"Ops\",\n  \"contentDir\": \"site\"\n}\n",
                ),
                ("site/a.md", "# A\n"),
            ],
            "site",
        ),
        (
            &[
                ("book.toml", "[book]\ntitle = \"Ops\"\n"),
                ("src/SUMMARY.md", "- [Intro](intro.md)\n"),
                ("src/intro.md", "# Intro\n"),
            ],
            "src",
        ),
        (
            &[
                (
                    "book.json",
                    "{\n  \"root\": \"./manual\",\n  \"plugins\": []\n}\n",
                ),
                ("manual/README.md", "# Manual\n"),
            ],
            "manual",
        ),
        (
            &[
                ("handbook/SUMMARY.md", "* [Ops](README.md)\n"),
                ("handbook/README.md", "# Ops\n"),
                ("scripts/run.md", "# Not docs\n"),
            ],
            "handbook",
        ),
    ];
    for (files, expected) in layouts {
        let site = common::init_chooses(files, expected);
        let public = site.path().join("public");
        assert!(!public.join("runbooks/Dockerfile").exists(), "{expected}");
        assert!(!public.join("runbooks/hugo.toml").exists(), "{expected}");
        assert!(!public.join("runbooks/site.yaml").exists(), "{expected}");
    }
}

/// The ids of `html` that occur more than once.
fn ids_twice(html: &str) -> Vec<String> {
    let mut ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    ids.sort_unstable();
    let mut twice: Vec<String> = ids
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0].to_string())
        .collect();
    twice.dedup();
    twice
}

/// A heading `## fn-a` beside a footnote `[^a]`, a label with a space, and a label
/// defined twice: every id of the page is unique, the footnote's link reaches the
/// footnote, no id holds a space, and the second definition is reported.
#[test]
fn footnote_ids_never_meet_a_headings_nor_each_other() {
    let site = example_site();
    fs::write(
        site.path().join("content/runbooks/profit/notes.md"),
        "# Notes\n\n## fn-a\n\nSee[^a] and[^a b].\n\n[^a]: First.\n[^a b]: Spaced.\n[^a]: Again.\n",
    )
    .unwrap();
    let out = build_ok(site.path());
    let html = read(&site.path().join("public/runbooks/profit/notes/index.html"));
    assert!(ids_twice(&html).is_empty(), "{:?}", ids_twice(&html));
    assert!(
        html.contains("<h2 id=\"fn-a\">"),
        "the heading keeps GitHub's id"
    );
    let note = html.find(">First.").unwrap();
    let href = html[html.find("See<sup").unwrap()..]
        .split("href=\"#")
        .nth(1)
        .map(|r| &r[..r.find('"').unwrap()])
        .unwrap();
    let def = html.find(&format!("id=\"{href}\"")).unwrap();
    assert!(
        def < note && html[def..note].contains("footnote-definition-label"),
        "{href}"
    );
    assert!(!html.contains("id=\"fn-a b\""), "{html}");
    let err = stderr(&out);
    assert!(
        err.contains("notes.md:9") && err.contains("defined twice"),
        "{err}"
    );
}

/// Front matter with YAML tags pipebook does not read (`!include`, `!!binary`, a
/// CloudFormation `!Ref`): the build goes on with the value as written, and says so at
/// the tag's line instead of silently titling the page `/etc/passwd`.
#[test]
fn yaml_tags_that_ask_for_more_are_reported() {
    let site = example_site();
    fs::write(
        site.path().join("content/runbooks/profit/tags.md"),
        "---\ntitle: !include /etc/passwd\ndescription: !!binary aGVsbG8=\nplain: !!str fine\nref: !Ref Bucket\n---\n\nText.\n",
    )
    .unwrap();
    let out = build_ok(site.path());
    let err = stderr(&out);
    for (line, tag) in [(2, "!include"), (3, "!!binary"), (5, "!Ref")] {
        assert!(
            err.lines().any(|l| l.contains(&format!("tags.md:{line}:")))
                && err.contains(&format!("YAML tag `{tag}`")),
            "{tag}: {err}"
        );
    }
    assert!(!err.contains("`!!str`"), "{err}");
}

/// A runbook named as its alert, `KubeletServerCertificateExpiration`, gets break
/// opportunities between the name's words in its `<h1>` and in the tree (a phone broke
/// it as "KubeletServerCertificat / eExpiration"), and nowhere else: its `<title>`, its
/// search entry and its address keep the name whole.
#[test]
fn long_joined_names_break_between_words_in_the_heading_and_the_tree() {
    let site = example_site();
    let runbooks = site.path().join("content/runbooks/profit");
    fs::write(
        runbooks.join("KubeletServerCertificateExpiration.md"),
        "Text.\n",
    )
    .unwrap();
    fs::write(
        runbooks.join("heading.md"),
        "# etcdBackendQuotaLowSpace `AlertmanagerClusterDown`\n\nText.\n",
    )
    .unwrap();
    build_ok(site.path());
    let public = site.path().join("public");
    let page = read(&public.join("runbooks/profit/KubeletServerCertificateExpiration/index.html"));
    let broken = "Kubelet<wbr>Server<wbr>Certificate<wbr>Expiration";
    assert!(page.contains(&format!("<h1>{broken}</h1>")), "{page}");
    assert!(page.contains("<title>KubeletServerCertificateExpiration ·"));
    let heading = read(&public.join("runbooks/profit/heading/index.html"));
    assert!(
        heading.contains(">etcd<wbr>Backend<wbr>Quota<wbr>Low<wbr>Space <code>Alertmanager<wbr>Cluster<wbr>Down</code></h1>"),
        "{heading}"
    );
    let tree = read(&public.join("_nav/profit/tree.html"));
    assert!(tree.contains(&format!(">{broken}</a>")), "{tree}");
    assert!(!tree.contains("Runbooks in Kubelet<wbr>"), "{tree}");
    // Search, feeds, the sitemap: every file but the pages holds the name whole.
    for entry in walkdir::WalkDir::new(&public).into_iter().flatten() {
        let p = entry.path();
        if entry.file_type().is_file() && p.extension().is_none_or(|e| e != "html") {
            let bytes = fs::read(p).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("<wbr>"),
                "{}",
                p.display()
            );
        }
    }
}
