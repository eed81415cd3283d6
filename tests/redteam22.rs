//! A seventeenth adversarial review (session 22): bytes that are not text in a file that
//! is, a link pasted over a link's address, kramdown's attribute lists mid-line, a site's
//! own placeholders in addresses, folders nested past the system's path limit, and a
//! control character in a file's name. Each test builds a small site in a temporary
//! folder; each failed on 1679d38.

mod common;

use common::{pipebook, problems, site_of, stderr};

const SITE: (&str, &str) = (
    "content/site.yaml",
    "title: Ops\nbase_url: https://ops.example/\n",
);

fn check(root: &std::path::Path) -> std::process::Output {
    pipebook(&["check", "--root", root.to_str().unwrap()])
}

/// A NUL byte (U+0000) is valid UTF-8, and went through to the page as a raw NUL
/// (`<p>abc\0def</p>`), which HTML forbids and git and GitHub take for a binary file.
/// It is an error at its line now, the way bytes that are not UTF-8 are.
#[test]
fn a_nul_byte_is_an_error_at_its_line() {
    let site = site_of(&[
        SITE,
        ("content/runbooks/a.md", "# A\n\nabc\0def\n"),
        ("content/runbooks/b.md", "# B\n"),
    ]);
    let out = check(site.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.matches("error: ").count(), 2, "{err}");
    assert!(
        err.starts_with("error: `content/runbooks/a.md` holds a NUL byte (U+0000)"),
        "{err}"
    );
    assert!(err.contains("--> content/runbooks/a.md:3:4\n"), "{err}");
    let build = pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    assert_eq!(build.status.code(), Some(1));
    assert!(!site.path().join("public").exists(), "nothing is written");
}

/// `[the doc]([https://x.example/a](https://x.example/a))`: a Markdown link pasted over a
/// link's address. Read as a relative path, it was reported as the missing file
/// `content/runbooks/[https:/x.example/a](https:/x.example/a)`, a slash lost, with the
/// hint to fix the path. Now the report names the mistake and the address to write.
#[test]
fn a_markdown_link_as_an_address_is_named_as_such() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/a.md",
            "# A\n\nSee [the doc]([https://x.example/a](https://x.example/a)) now.\n",
        ),
    ]);
    let out = check(site.path());
    let err = stderr(&out);
    let found = problems(&err);
    assert_eq!(found.len(), 1, "{err}");
    assert!(
        found[0].starts_with("content/runbooks/a.md:3 link `[https://x.example/a](https://x.example/a)` has a Markdown link as its address"),
        "{found:?}"
    );
    assert!(!err.contains("https:/x"), "{err}");
    assert!(
        err.contains(
            "write the address alone between the parentheses: `[text](https://x.example/a)`"
        ),
        "{err}"
    );
}

/// kramdown's attribute list right after an image (`![logo](logo.png){:width="200px"}`),
/// or MkDocs' after a link (`{:target="_blank" }`), shows as text mid-line on GitHub, GitLab and pipebook alike; a line of its own was
/// reported (session 20), mid-line was not. Once a page, at its place.
#[test]
fn a_kramdown_attribute_list_after_an_image_is_reported() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/a.md",
            "# A\n\nText {: not after an element}.\n\nImage ![logo](logo.png){:width=\"200px\"} here, *b*{: .note} too.\n",
        ),
        ("content/runbooks/logo.png", "png"),
        (
            "content/runbooks/b.md",
            "# B\n\nA set `{:x}` in code, and a dict {:} in text.\n",
        ),
        // MkDocs' attr_list, as PagerDuty's incident response docs write it on 18 pages.
        (
            "content/runbooks/c.md",
            "# C\n\nSee [the blog](https://blog.example/){:target=\"_blank\" }.\n",
        ),
    ]);
    let out = check(site.path());
    let err = stderr(&out);
    let found = problems(&err);
    assert_eq!(found.len(), 2, "{err}");
    assert!(
        found[1]
            .starts_with("content/runbooks/c.md:3 `{:target=\"_blank\" }` is an attribute list"),
        "{found:?}"
    );
    assert!(err.contains("(a link opens in the same tab)"), "{err}");
    assert!(
        found[0].starts_with(
            "content/runbooks/a.md:5 `{:width=\"200px\"}` is an attribute list (kramdown's, or MkDocs' attr_list)"
        ),
        "{found:?}"
    );
}

/// `[{{logDNA-name}}]({{logDNA-link}})`: placeholders a site's own tooling fills in. The
/// link was called Jekyll's Liquid, with the hint to write a path from this file's
/// folder, which no placeholder for a whole address is.
#[test]
fn a_placeholder_for_an_address_is_named_as_one() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/a.md",
            "# A\n\nGo to [{{logDNA-name}}]({{logDNA-link}}) and [x]({{site.baseurl}}/docs/x.png).\n",
        ),
    ]);
    let out = check(site.path());
    let err = stderr(&out);
    let found = problems(&err);
    assert_eq!(found.len(), 2, "{err}");
    assert!(
        found[0].starts_with("content/runbooks/a.md:3 link `{{logDNA-link}}` opens with the template expression `{{logDNA-link}}` (a placeholder)"),
        "{found:?}"
    );
    assert!(
        found[1].contains("`{{site.baseurl}}` (Jekyll's Liquid)"),
        "{found:?}"
    );
    assert!(err.contains("hint: write the address itself"), "{err}");
}

/// Folders nested past the system's path limit (4,096 bytes on Linux): the error named
/// the path twice, once in walkdir's own message, 12 kB for 3,000 folders. The message
/// holds the system's error alone now, and the hint names nesting.
#[cfg(unix)]
#[test]
fn folders_nested_past_the_path_limit_get_one_short_error() {
    let site = site_of(&[SITE, ("content/runbooks/a.md", "# A\n")]);
    let made = std::process::Command::new("sh")
        .arg("-c")
        // Two chains of 10 folders of 250-byte names, each made with a path under the
        // limit, the second moved to the end of the first: 21 folders (fewer than
        // pipebook's depth limit, which stopped a chain of 3,001 short names before the
        // system did), a path of over 5,000 bytes.
        .arg("cd \"$1\" && n=$(printf 'd%.0s' $(seq 250)) && p=$(printf \"$n/%.0s\" $(seq 10)) && mkdir -p \"a/$p\" \"b/$p\" && mv \"b/$n\" \"a/$p\"")
        .arg("sh")
        .arg(site.path().join("content/runbooks"))
        .status()
        .unwrap();
    assert!(made.success());
    let out = check(site.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let line = err
        .lines()
        .find(|l| l.starts_with("error: cannot read"))
        .unwrap_or_else(|| panic!("{}", &err[..err.len().min(2000)]));
    assert!(line.len() < 400, "{} bytes: {}", line.len(), &line[..400]);
    assert!(line.ends_with("File name too long (os error 36)"), "{line}");
    assert!(err.contains("folders nested too deep"));
}

/// A line break in a file's name is an error (session 13); the same file got a second
/// message, a warning that Windows reserves the name, which listed `<>:"|?*` and not the
/// character at fault (nor did it for a tab, which reads as a space and is only that
/// warning).
#[cfg(unix)]
#[test]
fn a_control_character_in_a_file_name_is_reported_once() {
    let site = site_of(&[
        SITE,
        ("content/runbooks/a.md", "# A\n"),
        ("content/runbooks/new\nline.md", "# N\n"),
        ("content/runbooks/con.md", "# Con\n"),
        ("content/runbooks/a\tb.md", "# Tab\n"),
    ]);
    let out = check(site.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(
        err.matches("reads otherwise than it is").count(),
        1,
        "{err}"
    );
    assert!(err.contains("the control character \\u{a}"), "{err}");
    // Still said of the names Windows reserves, `con.md` and the tab's.
    assert_eq!(err.matches("Windows reserves").count(), 2, "{err}");
    assert!(
        err.contains("`con.md` is a file name Windows reserves"),
        "{err}"
    );
    assert!(
        err.contains("b.md` is a file name Windows reserves (a device such as CON, NUL, AUX, COM1 or LPT1 with any extension, a trailing dot or space, a control character such as a tab,"),
        "{err}"
    );
}

/// An isolate (U+2067) a heading leaves open turns around what follows the heading
/// wherever it is shown: `<title>\u{2067}x · Ops</title>`, the table of contents, search
/// results. The same title in front matter is an error; in a heading it was a warning.
/// It is an error now; an isolate the heading closes, or one in prose, stays a warning.
#[test]
fn a_heading_that_leaves_a_bidi_isolate_open_is_an_error() {
    let site = site_of(&[
        SITE,
        (
            "content/runbooks/a.md",
            "# Restart \u{2067}the cache\n\n## Closed \u{2067}שלום\u{2069} here\n\nProse \u{2067}left open.\n",
        ),
        (
            "content/runbooks/b.md",
            "# B\n\n## Reference &#x2067;x\n",
        ),
    ]);
    let out = check(site.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let found = problems(&err);
    let errors: Vec<_> = found
        .iter()
        .filter(|p| p.contains("in a heading that does not close it"))
        .collect();
    assert_eq!(errors.len(), 2, "{found:?}");
    assert!(
        errors[0].starts_with("content/runbooks/a.md:1 "),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with("content/runbooks/b.md:3 "),
        "{errors:?}"
    );
    // The closed one and the one in prose: warnings, as before.
    assert_eq!(
        err.matches("warning: a Unicode bidi isolate").count(),
        3,
        "{err}"
    );
}

/// A symbolic link to a folder of the site (`alias -> x`, a loop `x/loop -> ..`) is not
/// followed; it was passed over without a word, its pages missing under its name.
#[cfg(unix)]
#[test]
fn a_link_to_a_folder_is_said_to_be_passed_over() {
    let site = site_of(&[
        SITE,
        ("content/runbooks/a.md", "# A\n"),
        ("content/runbooks/x/p.md", "# P\n"),
    ]);
    let runbooks = site.path().join("content/runbooks");
    std::os::unix::fs::symlink("x", runbooks.join("alias")).unwrap();
    std::os::unix::fs::symlink("..", runbooks.join("x/loop")).unwrap();
    let out = check(site.path());
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    for name in ["alias", "x/loop"] {
        assert!(
            err.contains(&format!("warning: `content/runbooks/{name}` is a symbolic link to a folder, which pipebook does not follow")),
            "{name}: {err}"
        );
    }
    assert_eq!(err.matches("warning: ").count(), 2, "{err}");
    // The runbook folder itself may be a link (`runbooks: docs`, `docs -> real`): it is
    // followed, and nothing is said.
    let linked = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\nrunbooks: docs\n",
        ),
        ("real/r.md", "# R\n"),
    ]);
    std::os::unix::fs::symlink("real", linked.path().join("docs")).unwrap();
    let out = common::build_ok(linked.path());
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    assert!(linked.path().join("public/runbooks/r/index.html").is_file());
}

/// Two runbooks whose names differ only in how an accented letter is encoded (`café.md`
/// as one letter, NFC, and as `e` and an accent, NFD): the error said "`café.md` and
/// `café.md`", which named neither. Each name is followed by its code points now; names
/// that differ in letter case read apart and are shown as before.
#[cfg(target_os = "linux")]
#[test]
fn names_that_differ_in_encoding_only_are_told_apart() {
    let site = site_of(&[
        SITE,
        ("content/runbooks/caf\u{e9}.md", "# One\n"),
        ("content/runbooks/cafe\u{301}.md", "# Two\n"),
        ("content/runbooks/Ops.md", "# Ops\n"),
        ("content/runbooks/ops.md", "# ops\n"),
    ]);
    let out = check(site.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: `content/runbooks/cafe\u{301}.md` (`content/runbooks/cafe\\u{301}.md`) and `content/runbooks/caf\u{e9}.md` (`content/runbooks/caf\\u{e9}.md`) would be the pages"),
        "{err}"
    );
    assert!(
        err.contains(
            "error: `content/runbooks/Ops.md` and `content/runbooks/ops.md` would be the pages"
        ),
        "{err}"
    );
}
