//! Hostile and foreign content found in session 32's review. Each test failed on main
//! b611eb5 (tests/browser/test_red32.py holds what needs a browser).

mod common;

use common::{build_ok, pipebook, problems, site_of, stderr};

/// A character that shows nothing inside code (a zero-width space, a soft hyphen, a word
/// joiner, a joiner after an ASCII letter) is copied with the command and makes it run
/// otherwise than it reads: `[ "$ENV" = "pro\u{200B}d" ]` never holds. Nothing was said;
/// now one warning a page names the first, at its line, and counts the rest, and
/// `--deny-warnings` fails the build. Emoji's joiners and a reference written in code (which
/// shows as written) stay quiet, and so does prose.
#[test]
fn an_invisible_character_in_code_is_warned_at_its_line() {
    let site = site_of(&[
        ("content/site.yaml", "title: Ops\n"),
        (
            "content/runbooks/guard.md",
            "# Guard\n\nIn prose a soft\u{00AD}hyphen is fine.\n\n\
             ```bash\n\
             echo ok\n\
             [ \"$ENV\" = \"pro\u{200B}d\" ] && exit 1\n\
             ```\n\n\
             Then `kubectl delete ns stag\u{00AD}ing` and `a\u{200D}b`.\n",
        ),
        (
            "content/runbooks/emoji.md",
            "# Emoji\n\n```\necho '👩\u{200D}💻 ❤\u{FE0F}' &#x200B;\n```\n",
        ),
    ]);
    let out = build_ok(site.path());
    let err = stderr(&out);
    let found = problems(&err);
    let hidden: Vec<&String> = found
        .iter()
        .filter(|p| p.contains("invisible character"))
        .collect();
    assert_eq!(hidden.len(), 1, "{err}");
    assert!(
        hidden[0]
            .starts_with("content/runbooks/guard.md:7 an invisible character (\\u{200b}) in code"),
        "{err}"
    );
    assert!(
        hidden[0].ends_with("; 2 more are in this page's code"),
        "{err}"
    );
    let strict = pipebook(&[
        "build",
        "--root",
        site.path().to_str().unwrap(),
        "--deny-warnings",
    ]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
}
