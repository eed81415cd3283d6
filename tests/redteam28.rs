//! A twenty-third adversarial review (session 28): a hostile pull request's author trying
//! ways not tried before. Each test builds a small site in a temporary folder; each failed
//! on 53a4b3b.

mod common;

use common::{site_of, stderr, OPS_SITE as SITE};

/// Nine levels of ten `<use>`s of the level below (10⁹ copies), each `<use>` written by
/// `use_of(level below)` and each group's id by `id(level)`.
fn bomb(svg_attrs: &str, id: impl Fn(u32) -> String, use_of: impl Fn(u32) -> String) -> String {
    let mut bomb = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" {svg_attrs} width=\"9\" height=\"9\"><defs><path {} d=\"M0 0 L1 1\"/>",
        id(0)
    );
    for level in 1..10 {
        bomb.push_str(&format!("<g {}>", id(level)));
        for _ in 0..10 {
            bomb.push_str(&use_of(level - 1));
        }
        bomb.push_str("</g>");
    }
    bomb.push_str(&format!("</defs>{}</svg>", use_of(9)));
    bomb
}

const XLINK: &str = "xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns:x=\"urn:other\"";

/// `<use>` bombs the count did not see: a browser takes `href` over `xlink:href` and
/// ignores `href` or `id` in another namespace; reads ids and references with character
/// references decoded; reads a reference as a URL (tabs and newlines dropped, `%6C` is
/// `l`); and takes `bomb.svg#l8` inside bomb.svg for a reference within the file. Each
/// was copied into the site; each is refused now, and honest references still pass.
#[test]
fn use_bombs_written_the_ways_a_browser_reads_are_refused() {
    let plain_id = |l: u32| format!("id=\"l{l}\"");
    let bombs = [
        bomb(XLINK, plain_id, |l| {
            format!("<use href=\"#l{l}\" xlink:href=\"#none\"/>")
        }),
        bomb(XLINK, plain_id, |l| {
            format!("<use href=\"#l{l}\" x:href=\"#none\"/>")
        }),
        bomb(
            XLINK,
            |l| format!("id=\"l{l}\" x:id=\"other{l}\""),
            |l| format!("<use href=\"#l{l}\"/>"),
        ),
        bomb(
            XLINK,
            |l| format!("id=\"&#108;{l}\""),
            |l| format!("<use href=\"#l{l}\"/>"),
        ),
        bomb(XLINK, plain_id, |l| format!("<use href=\"#%6C{l}\"/>")),
        bomb(XLINK, plain_id, |l| format!("<use href=\"#l&#9;{l}\"/>")),
        bomb(XLINK, plain_id, |l| {
            format!("<use href=\"bomb5.svg#l{l}\"/>")
        }),
    ];
    let fine = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\
                <defs><circle id=\"c\" r=\"1\"/></defs>\
                <use xlink:href=\"#c\"/><use href=\"#c\" xlink:href=\"#c\" x=\"3\"/><use href=\" #%63 \"/></svg>";
    let mut files: Vec<(String, String)> = bombs
        .iter()
        .enumerate()
        .map(|(i, b)| (format!("content/runbooks/bomb{i}.svg"), b.clone()))
        .collect();
    files.push(("content/runbooks/fine.svg".into(), fine.into()));
    let images: String = (0..bombs.len())
        .map(|i| format!("![b](bomb{i}.svg) "))
        .collect();
    files.push((
        "content/runbooks/a.md".into(),
        format!("# A\n\n{images}![dot](fine.svg)\n"),
    ));
    let mut all: Vec<(&str, &str)> = vec![SITE];
    all.extend(files.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let site = site_of(&all);
    let out = common::pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let published: Vec<usize> = (0..bombs.len())
        .filter(|i| {
            !err.contains(&format!("`content/runbooks/bomb{i}.svg` is not published"))
                || site
                    .path()
                    .join(format!("public/runbooks/bomb{i}.svg"))
                    .exists()
        })
        .collect();
    assert!(published.is_empty(), "published: {published:?}\n{err}");
    assert!(
        site.path().join("public/runbooks/fine.svg").exists(),
        "{err}"
    );
    assert!(!err.contains("fine.svg` is not published"), "{err}");
}

/// A runbook's body holding terminal escapes (raw, or as `&#27;`/`&#x9b;` references that
/// the Markdown parser and browsers decode) put them on the page and in the search index
/// without a word: copied into a terminal, `ESC[201~` ends bracketed paste. They are left
/// out of every page and feed now, with one warning at the first, saying what went.
#[test]
fn control_characters_in_a_body_are_left_out_with_one_warning() {
    let md = "# A\n\nRun it:\n\n\u{1b}[31mred\u{1b}[0m and &#27;[1m and &#x9b;2J and \u{9b} \u{7} bell\n\n```\n\u{1b}[32mok\u{1b}[0m\n```\n";
    let site = site_of(&[SITE, ("content/runbooks/a.md", md)]);
    let out = common::pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let found = common::problems(&err);
    let controls: Vec<_> = found
        .iter()
        .filter(|p| p.contains("control characters"))
        .collect();
    assert_eq!(controls.len(), 1, "{found:#?}");
    assert!(
        controls[0].starts_with("content/runbooks/a.md:5 control characters (ESC (U+001B), CSI (U+009B), BEL (U+0007)) and the terminal colour codes"),
        "{found:#?}"
    );
    for entry in walkdir::WalkDir::new(site.path().join("public")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned();
        let bad = text.chars().any(|c| {
            matches!(c, '\u{1}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
        }) || text.contains("&#27;")
            || text.contains("&#x9b;")
            || text.contains("\\u001b")
            || text.contains("\\u009b");
        assert!(
            !bad || entry.path().extension().is_some_and(|e| e == "bin"),
            "{}",
            entry.path().display()
        );
    }
    let page = std::fs::read_to_string(site.path().join("public/runbooks/a/index.html")).unwrap();
    assert!(page.contains("red and [1m and 2J and"), "{page}");
    assert!(page.contains("ok"), "{page}");
}

/// An alert named `Disk\u{202e}Full` (or with a zero-width space, or an `expr` holding an
/// isolate or an escape) was built without a word: its name shows otherwise than the one
/// Alertmanager routes, and its page shows an `expr` that reads otherwise than it runs.
/// Each is an error at the rule now; a multi-line `expr` is not.
#[test]
fn alert_names_and_exprs_holding_hidden_characters_are_errors() {
    let rules = "groups:\n  - name: g\n    rules:\n      - alert: DiskFull\n        expr: |\n          up\n            == 0\n        annotations:\n          runbook_url: https://ops.example/runbooks/disk/\n      - alert: \"Disk\\u202eFull\"\n        expr: up == 0\n        annotations:\n          runbook_url: https://ops.example/runbooks/disk/\n      - alert: \"Disk\\u200bFull2\"\n        expr: up == 0\n        annotations:\n          runbook_url: https://ops.example/runbooks/disk/\n      - alert: DiskFull3\n        expr: \"up\\u2066 == 0\\u001b[2J\"\n        annotations:\n          runbook_url: https://ops.example/runbooks/disk/\n";
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\nalert_rules: [content/rules/*.yaml]\n",
        ),
        (
            "content/runbooks/disk.md",
            "---\nalerts: [DiskFull]\n---\n# Disk\n\nfix\n",
        ),
        ("content/rules/r.yaml", rules),
    ]);
    let out = common::pipebook(&["build", "--root", site.path().to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let found = common::problems(&err);
    for (line, says) in [
        (10, "its name holds the bidirectional control \\u{202e}"),
        (14, "its name holds the invisible character \\u{200b}"),
        (18, "its `expr` holds the bidirectional control \\u{2066}"),
    ] {
        let at = format!("content/rules/r.yaml:{line} alert `");
        assert!(
            found.iter().any(|p| p.starts_with(&at) && p.contains(says)),
            "{line}: {found:#?}"
        );
    }
    assert!(!found.iter().any(|p| p.contains("DiskFull`")), "{found:#?}");
}
