//! What runbook repositories written for GitHub and GitLab bring (session 63): math
//! written as the forges write it, and links to lines of a file.

mod common;

use common::*;

/// `` $`a^2`$ `` (GitLab's and GitHub's inline math) and a paragraph that is one
/// `$$ … $$` block: on main the dollars showed around the code (`$<code>a^2</code>$`) and
/// the block's TeX was read as Markdown (`\\` became `\`, `d_2*` lost its star to
/// emphasis). Now each is its TeX as code, without the dollars, and nothing draws it (no
/// script); said once a page, as before. A Makefile's `$$HOME`, `$` around spaced code
/// and an escaped `\$` stay as written.
#[test]
fn math_written_for_the_forges_is_its_tex_as_code() {
    let site = site_of(&[
        ("content/site.yaml", "title: Ops\n"),
        (
            "content/runbooks/a.md",
            "# A\n\nArea $`a^2+b^2`$ and $`c`$ here, \\$`x`$ and $ `y` $ stay.\n\n\
             $$\n\\frac{a}{b} \\\\ c_1 * d_2*\n$$\n\n\
             ```makefile\nall:\n\techo $$HOME\n```\n",
        ),
    ]);
    let out = build_ok(site.path());
    let html = article(site.path(), "a");
    assert!(
        html.contains("<p>Area <code>a^2+b^2</code> and <code>c</code> here, $<code>x</code>$ and $ <code>y</code> $ stay.</p>"),
        "{html}"
    );
    assert!(
        html.contains(
            "<pre><code class=\"language-math\">\\frac{a}{b} \\\\ c_1 * d_2*\n</code></pre>"
        ),
        "{html}"
    );
    assert!(!html.contains("<p>$$"), "{html}");
    assert!(html.contains("$$</span>HOME"), "{html}");
    let err = stderr(&out);
    assert_eq!(err.matches("warning: ").count(), 1, "{err}");
    assert!(
        err.contains("its TeX shows as code") && err.contains("content/runbooks/a.md:5:"),
        "{err}"
    );
}

/// `b.md#L10-L20`, GitLab's `b.md#L10-20` and `run.sh#L10`: the forges show the file's
/// source with those lines marked. On main each `.md` one was a warning that `#L10-L20`
/// is no heading of the page, and the script's led to the copied file. Now, with a
/// repository, they open the source on the forge (a runbook's with `?plain=1`); without
/// one, a runbook's is still a missing anchor, now with the hint to set `repository` (as
/// `x.md?plain=1#L3` had), and a script's the copy. A heading's anchor is as before.
#[test]
fn links_to_lines_of_a_file_open_its_source_on_the_forge() {
    let page = "# A\n\n[lines](b.md#L10-L20) [gl](b.md#L10-20) [script](run.sh#L10) \
                [heading](b.md#step) [not lines](b.md#L10x)\n";
    let files = |site_yaml: &'static str| {
        site_of(&[
            ("content/site.yaml", site_yaml),
            ("docs/a.md", page),
            ("docs/b.md", "# B\n\n## Step\n\ntext\n"),
            ("docs/run.sh", "echo\n"),
        ])
    };
    let gitlab = files(
        "title: Ops\nrunbooks: docs\nrepository: https://gitlab.com/acme/ops\n\
         broken_links: warning\n",
    );
    let out = build_ok(gitlab.path());
    let html = article(gitlab.path(), "a");
    for link in [
        "<a href=\"https://gitlab.com/acme/ops/-/blob/HEAD/docs/b.md?plain=1#L10-L20\">lines</a>",
        "<a href=\"https://gitlab.com/acme/ops/-/blob/HEAD/docs/b.md?plain=1#L10-20\">gl</a>",
        "<a href=\"https://gitlab.com/acme/ops/-/blob/HEAD/docs/run.sh#L10\">script</a>",
        "<a href=\"/runbooks/b/#step\">heading</a>",
        "<a href=\"/runbooks/b/#L10x\">not lines</a>",
    ] {
        assert!(html.contains(link), "{link}\n{html}");
    }
    let err = stderr(&out);
    assert_eq!(err.matches("warning: ").count(), 1, "{err}");
    assert!(err.contains("link `b.md#L10x` points to #L10x"), "{err}");

    let no_forge = files("title: Ops\nrunbooks: docs\nbroken_links: warning\n");
    let out = build_ok(no_forge.path());
    let html = article(no_forge.path(), "a");
    assert!(
        html.contains("<a href=\"/runbooks/run.sh#L10\">script</a>"),
        "{html}"
    );
    let err = stderr(&out);
    assert_eq!(err.matches("warning: ").count(), 3, "{err}");
    assert_eq!(
        err.matches("set site.yaml's `repository`").count(),
        2,
        "{err}"
    );
}
