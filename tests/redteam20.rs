//! A fifteenth adversarial review (session 20): Hugo's `ref` as Hugo looks it up, wiki
//! links (GitHub's and GitLab's wikis, Obsidian), and what real runbook repositories bring.
//! Each test builds a small site in a temporary folder.

mod common;

use common::{build_ok, problems, read, site_of, stderr};

/// Hugo's `ref` and `relref` take a path with or without `.md`: relative to the page's
/// folder, then from the content folder, then a bare name as the one page of that name.
/// Each leads to its page (anchor kept and checked); a ref that names no page, or two, is
/// reported with the shortcode as written. Before, `"x"` from another folder,
/// `"runbooks/db/x"` and `"/runbooks/db/x"` were broken links reported as
/// `/content/runbooks/db/x`, with a hint about this file's folder.
#[test]
fn hugo_refs_are_looked_up_as_hugo_looks_them_up() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\n",
        ),
        ("content/runbooks/db/x.md", "# X\n\n## Real one\n"),
        ("content/runbooks/net/y.md", "# Y\n"),
        ("content/runbooks/net/dup.md", "# Dup net\n"),
        ("content/runbooks/db/more/dup.md", "# Dup db\n"),
        (
            "content/runbooks/ops/a.md",
            "# A\n\n[1]({{< ref \"runbooks/db/x\" >}}) [2]({{< relref \"/runbooks/db/x#real-one\" >}}) [3]({{< ref \"y\" >}}) [4]({{< ref \"/runbooks/net\" >}})\n\n[5]({{< ref \"/runbooks/db/gone\" >}}) [6]({{< ref \"dup\" >}}) [7]({{< ref \"/runbooks/net/y#nope\" >}})\n",
        ),
    ]);
    let out = build_ok(site.path());
    let page = read(&site.path().join("public/runbooks/ops/a/index.html"));
    for link in [
        "<a href=\"/runbooks/db/x/\">1</a>",
        "<a href=\"/runbooks/db/x/#real-one\">2</a>",
        "<a href=\"/runbooks/net/y/\">3</a>",
        "<a href=\"/runbooks/net/\">4</a>",
    ] {
        assert!(page.contains(link), "{link}: {page}");
    }
    let found = problems(&stderr(&out));
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found[0].starts_with("content/runbooks/ops/a.md:5 Hugo's `{{< ref \"/runbooks/db/gone\" >}}` names no page of the site: not `content/runbooks/db/gone`"),
        "{found:?}"
    );
    assert!(
        found[1].starts_with("content/runbooks/ops/a.md:5 Hugo's `{{< ref \"dup\" >}}` names more than one page: `content/runbooks/db/more/dup.md` and `content/runbooks/net/dup.md`"),
        "{found:?}"
    );
    assert!(
        found[2].starts_with(
            "content/runbooks/ops/a.md:5 link `{{< ref \"/runbooks/net/y#nope\" >}}` points to #nope"
        ),
        "{found:?}"
    );
    let err = stderr(&out);
    assert!(
        !err.contains("relative to this file's folder"),
        "the hint of a relative link: {err}"
    );
}

/// A runbook folder that is Hugo's content folder itself (`runbooks: content`): a ref from
/// the root names a file under it. Before, `/db/x.md` was read from the repository's
/// root and reported as leading to no page.
#[test]
fn hugo_refs_from_the_root_when_the_runbooks_are_the_content_folder() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\nrunbooks: content\n",
        ),
        ("content/db/x.md", "# X\n"),
        (
            "content/a.md",
            "# A\n\n[1]({{< ref \"/db/x.md\" >}}) [2]({{< ref \"/db/x\" >}})\n",
        ),
    ]);
    let out = build_ok(site.path());
    let page = read(&site.path().join("public/runbooks/a/index.html"));
    assert!(page.contains("<a href=\"/runbooks/db/x/\">1</a>"), "{page}");
    assert!(page.contains("<a href=\"/runbooks/db/x/\">2</a>"), "{page}");
    assert!(problems(&stderr(&out)).is_empty(), "{}", stderr(&out));
}

/// Shortcodes left open (`{{< ref x{{% relref ` over and over) are shown as written;
/// each cost a search for its `>}}` to the end of the file (2 MiB took 188 s; the
/// count is in `markdown::links::hugo`'s tests).
#[test]
fn hugo_shortcodes_left_open_are_text() {
    let text = format!("# T\n\n{}\n", "{{< ref x{{% relref ".repeat(2_000));
    let site = site_of(&[("content/runbooks/a.md", &text)]);
    build_ok(site.path());
    let page = read(&site.path().join("public/runbooks/a/index.html"));
    assert_eq!(page.matches("{{&lt; ref x{{% relref").count(), 2_000);
}

/// Wiki links (`[[Page Name]]`, Obsidian's `[[Page|text]]`, GitHub wikis'
/// `[[text|Page]]`, `[[Page#Heading]]`) that name one runbook, by its file's name in any
/// case with spaces for dashes, become links to it; one warning a page says what to write
/// (and one more for those left as written: no runbook, two, an embed). Before, every
/// one showed as written, in silence.
#[test]
fn wiki_links_are_named_and_linked_when_they_name_one_runbook() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: W\nbase_url: https://w.example/\n",
        ),
        ("content/runbooks/db/disk-full.md", "# Disk full\n\n## Free space\n"),
        ("content/runbooks/db/dup.md", "# Dup in db\n"),
        ("content/runbooks/net/dup.md", "# Dup in net\n"),
        (
            "content/runbooks/net/a.md",
            "# A\n\nSee [[Disk Full]], [[disk-full#Free space|space]] and [[the disk|Disk Full]].\n\nThen [[Nope]], [[dup]], ![[x.png]], `[[code]]` and [[1, 2]].\n\n```sh\n[[ -z $x ]]\n```\n",
        ),
    ]);
    let out = build_ok(site.path());
    let page = read(&site.path().join("public/runbooks/net/a/index.html"));
    assert!(
        page.contains("<p>See <a href=\"/runbooks/db/disk-full/\">Disk Full</a>, <a href=\"/runbooks/db/disk-full/#free-space\">space</a> and <a href=\"/runbooks/db/disk-full/\">the disk</a>.</p>"),
        "{page}"
    );
    assert!(
        page.contains("Then [[Nope]], [[dup]], ![[x.png]], <code>[[code]]</code> and [[1, 2]]."),
        "{page}"
    );
    let found = problems(&stderr(&out));
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("content/runbooks/net/a.md:3 wiki link `[[Disk Full]]` is not Markdown: GitHub and GitLab show it as written; pipebook links it to content/runbooks/db/disk-full.md"),
        "{found:?}"
    );
    assert!(
        found[1].starts_with("content/runbooks/net/a.md:5 wiki link `[[Nope]]` is not Markdown, and names no runbook"),
        "{found:?}"
    );
    assert!(
        stderr(&out).contains("`[Disk Full](../db/disk-full.md)`"),
        "{}",
        stderr(&out)
    );
}

/// Include directives and attribute lists of other tools (Jekyll's `{% include %}`,
/// kramdown's `{:toc}` after `* TOC` in a tight list, MkDocs' `--8<--`, `!include`) show as
/// written and include nothing: one warning a page, at the first, says so. Before, none
/// was said.
#[test]
fn include_directives_of_other_tools_are_named_once_a_page() {
    let site = site_of(&[
        (
            "content/runbooks/a.md",
            "# A\n\n* TOC\n{:toc}\n\n{% include warning.html %}\n\n--8<-- \"snippets/common.md\"\n",
        ),
        (
            "content/runbooks/b.md",
            "# B\n\nText.\n\n!include other.md\n\n```\n{% not read in code %}\n```\n",
        ),
    ]);
    let out = build_ok(site.path());
    let found = problems(&stderr(&out));
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("content/runbooks/a.md:4 `{:toc}` is kramdown's (Jekyll's) syntax"),
        "{found:?}"
    );
    assert!(
        found[1].starts_with(
            "content/runbooks/b.md:5 `!include other.md` is markdown-include's syntax"
        ),
        "{found:?}"
    );
}

/// `{% … %}` is Jinja's as often as Liquid's: MkDocs sites with the macros plugin write
/// `{% set x = … %}` and `{% include 'partial.md' %}`. Before, the warning called it
/// Jekyll's Liquid on a page that no Jekyll reads (nais/doc, 56 warnings).
#[test]
fn a_template_tag_is_named_for_liquid_and_jinja() {
    let site = site_of(&[(
        "content/runbooks/a.md",
        "# A\n\n{% set endpoint = 'NAIS_TOKEN_ENDPOINT' %}\n\nText.\n",
    )]);
    let found = problems(&stderr(&build_ok(site.path())));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("content/runbooks/a.md:3 `{% set` is Liquid's (Jekyll) or Jinja's (MkDocs macros) template syntax, which pipebook, GitHub and GitLab do not read"),
        "{found:?}"
    );
}
