//! Session 44's hostile pull request: what YAML about owners and pipelines shows beside
//! the site's own words (numbers taken by right-to-left names, domains named alike,
//! contacts and site links that are not what they show), and what search reads of a site
//! whose HTML is not cleaned. Each test builds a site in a temporary folder and reads the
//! written pages or the messages.

mod common;

use common::{build_edited, build_ok, edit, example_site, read, search_entry};

/// Whether `c` is a letter written right to left (Hebrew, Arabic and their kin).
fn right_to_left(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Elements that start a line of their own (a paragraph to Unicode's bidi algorithm).
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dd",
    "dt",
    "dl",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "tr",
    "table",
    "section",
    "nav",
    "header",
    "footer",
    "details",
    "summary",
    "br",
    "main",
    "article",
    "figure",
    "figcaption",
    "title",
    "head",
    "option",
    "pre",
    "body",
];

const VOID: &[&str] = &["br", "img", "input", "meta", "link", "hr", "wbr", "source"];

/// Each place in `html` where a number comes after a right-to-left letter with nothing
/// but spaces and punctuation between, in one line of text and outside any element that
/// isolates its content (`<bdi>`, or any with a `dir`): there Unicode's bidi algorithm
/// lays the number out right to left with the letters, away from the words it belongs to
/// (`דנה · +972 3 555 0100` shows as `0100 555 3 972+ · דנה`). Scripts and styles are
/// skipped. An isolated element is read as a line of its own, and as one neutral
/// character where it stands.
fn numbers_taken_by_names(html: &str) -> Vec<String> {
    // Open elements: name, and whether it isolates (its text then goes to a line of
    // its own, `lines` top).
    let mut open: Vec<(String, bool)> = Vec::new();
    let mut lines: Vec<String> = vec![String::new()];
    let mut done: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        lines.last_mut().unwrap().push_str(&rest[..lt]);
        let tag_end = rest[lt..].find('>').map_or(rest.len(), |i| lt + i + 1);
        let tag = &rest[lt + 1..tag_end.saturating_sub(1).max(lt + 1)];
        rest = &rest[tag_end..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        if !closing && matches!(name.as_str(), "script" | "style") {
            let end = format!("</{name}");
            rest = rest.find(&end).map_or("", |i| &rest[i..]);
            continue;
        }
        if BLOCKS.contains(&name.as_str()) {
            lines.last_mut().unwrap().push('\n');
        }
        if closing {
            let Some(at) = open.iter().rposition(|(n, _)| *n == name) else {
                continue;
            };
            for (_, isolates) in open.drain(at..).rev() {
                if isolates && lines.len() > 1 {
                    done.push(lines.pop().unwrap());
                    lines.last_mut().unwrap().push('\u{FFFC}');
                }
            }
        } else if !VOID.contains(&name.as_str()) && !tag.ends_with('/') {
            let isolates = name == "bdi" || name == "bdo" || tag.contains(" dir=");
            if isolates {
                lines.push(String::new());
            }
            open.push((name, isolates));
        }
    }
    done.extend(lines);
    let mut found = Vec::new();
    for text in &done {
        let chars: Vec<char> = text.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if !right_to_left(c) {
                continue;
            }
            let after = chars[i + 1..]
                .iter()
                .position(|c| c.is_alphabetic() || *c == '\n' || c.is_ascii_digit());
            if let Some(j) = after.filter(|&j| chars[i + 1 + j].is_ascii_digit()) {
                let from = i.saturating_sub(20);
                let to = (i + j + 20).min(chars.len());
                found.push(chars[from..to].iter().collect());
            }
        }
    }
    found
}

#[test]
fn the_checker_tells_isolated_numbers_from_taken_ones() {
    let taken =
        "<dd><a href=\"/e/\">דנה לוי</a> · Slack @דנה · <a href=\"tel:1\">+972 3 555 0100</a></dd>";
    assert_eq!(numbers_taken_by_names(taken).len(), 1, "{taken}");
    for fine in [
        "<dd><a dir=\"auto\" href=\"/e/\">דנה לוי</a> · Slack <bdi>@דנה</bdi> · <a dir=\"ltr\" href=\"tel:1\">+972 3 555 0100</a></dd>",
        "<p>דנה לוי</p><p>3 dates</p>",
        "<p>דנה backs up 3 dates</p>",
        "<script>var a = \"דנה 1\";</script>",
    ] {
        assert_eq!(numbers_taken_by_names(fine), Vec::<String>::new(), "{fine}");
    }
}

/// The example site with two engineers named in Hebrew, one with a Hebrew chat handle,
/// both with phone numbers, which the site publishes.
fn hebrew_owners() -> tempfile::TempDir {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/team.yaml",
        "name: Data Engineer 1\n    contact: { email: de1@example.com, slack: \"@de1\" }",
        "name: דנה לוי\n    contact: { slack: \"@דנה\", phone: \"+972 3 555 0100\" }",
    );
    edit(
        root,
        "content/team.yaml",
        "name: Data Engineer 3\n    contact: { email: de3@example.com, slack: \"@de3\" }",
        "name: נועם כהן\n    contact: { phone: \"+972 3 555 0199\" }",
    );
    let site_yaml = root.join("content/site.yaml");
    let text = read(&site_yaml);
    std::fs::write(
        &site_yaml,
        format!("{text}publish_contacts: [slack, email, phone]\n"),
    )
    .unwrap();
    build_ok(root);
    site
}

/// Owners named in Hebrew (an honest team in Tel Aviv, or a pull request's handle `@א`):
/// on main, the owners' line of every page of their pipelines and runbooks showed their
/// phone numbers turned around (`+972 3 555 0199` as `0199 555 3 972+`, which a reader
/// dials), and a pipeline's backups took the count after the name (`נועם כהן backs up
/// דנה לוי · 11 dates` showed `… backs up 11 · דנה לוי dates`). Each name and chat handle
/// is now isolated, and a phone number laid out left to right.
#[test]
fn numbers_beside_right_to_left_names_keep_their_place() {
    let site = hebrew_owners();
    let public = site.path().join("public");
    let pages = [
        "pipelines/unit-level-profit/index.html",
        "pipelines/aggregate-growth/index.html",
        "runbooks/profit/aggregate-profit/index.html",
        "runbooks/growth/aggregate-growth/index.html",
        "alerts/unitlevelprofitstale/index.html",
    ];
    let mut seen_phone = 0;
    for page in pages {
        let path = public.join(page);
        if !path.exists() {
            continue;
        }
        let html = read(&path);
        seen_phone += usize::from(html.contains("555 0199"));
        let taken = numbers_taken_by_names(&html);
        assert!(taken.is_empty(), "{page}: {taken:#?}");
    }
    assert!(seen_phone >= 3, "the phone numbers are shown: {seen_phone}");
    let pipeline = read(&public.join("pipelines/unit-level-profit/index.html"));
    assert!(pipeline.contains("backs up"), "a backup group: {pipeline}");
    assert!(
        pipeline.contains("<a dir=\"ltr\" href=\"tel:+97235550199\">+972 3 555 0199</a>"),
        "{pipeline}"
    );
}

/// Every other page of the site: no number beside a name from content is taken by it.
#[test]
fn no_page_lets_a_name_take_a_number() {
    let site = hebrew_owners();
    let mut pages = 0;
    for (path, bytes) in common::snapshot(&site.path().join("public")) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8_lossy(&bytes);
        let taken = numbers_taken_by_names(&html);
        assert!(taken.is_empty(), "{}: {taken:#?}", path.display());
    }
    assert!(pages > 20, "{pages}");
}

/// A domain named like another: on main, a pull request's domain `Prоfit` (a Cyrillic
/// `о`), or a second `Growth`, built without a word, while the engineers' and pipelines'
/// names are held to it. The home page then heads two groups of pipelines alike, and each
/// pipeline's page shows its domain's failure modes under the other's name. Now a
/// warning at the second name, naming the first.
#[test]
fn domains_named_alike_are_warned_of() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/pipelines.yaml",
        "  - id: engagement\n    name: Engagement\n",
        "  - id: engagement\n    name: Pr\u{043E}fit\n",
    );
    edit(
        root,
        "content/pipelines.yaml",
        "  - id: growth\n    name: Growth\n",
        "  - id: growth\n    name: profit\n",
    );
    let err = common::stderr(&build_ok(root));
    let warned: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("of domain `") && l.contains("`profit`"))
        .collect();
    assert_eq!(warned.len(), 2, "{err}");
    assert!(warned.iter().any(|l| l.contains("`growth`")), "{warned:#?}");
    assert!(
        warned.iter().any(|l| l.contains("`engagement`")),
        "{warned:#?}"
    );
}

/// A site whose every author is trusted (`sanitize_html: false`) keeps SVG, MathML and
/// HTML elements bearing their names, and a browser shows their text: on main, search
/// read none of it (the words of a diagram's labels, a formula, `<text>` written in a
/// paragraph), as if cleaning had removed them (session 43 left this). What no browser
/// shows stays out: a drawing's title and loose text, scripts, styles, templates.
#[test]
fn an_uncleaned_site_searches_the_drawings_words() {
    let md = "# Restart\n\nIntro.\n\n\
        <svg width=\"200\" height=\"20\"><text x=\"1\" y=\"10\">quokkasvg</text><title>quokkatitle</title><g>quokkaloose</g></svg>\n\n\
        Inline <text>quokkainline</text> and <math><mi>quokkamath</mi></math>.\n\n\
        <template>quokkatemplate</template>\n\n<div><script>quokkascript</script></div>\n";
    let site = common::site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\nsanitize_html: false\n",
        ),
        ("content/runbooks/a.md", md),
    ]);
    build_ok(site.path());
    let page = common::article(site.path(), "a");
    let entry = search_entry(site.path(), "/runbooks/a/");
    for word in ["quokkasvg", "quokkainline", "quokkamath"] {
        assert!(page.contains(word), "{word} not on the page: {page}");
        assert!(entry.contains(word), "{word} not searched: {entry}");
    }
    for word in [
        "quokkatitle",
        "quokkaloose",
        "quokkatemplate",
        "quokkascript",
    ] {
        assert!(!entry.contains(word), "{word} searched: {entry}");
    }
}

/// `repository` and `edit_url` with a lookalike host (`gіthub.com`, a Cyrillic `і`, which
/// a pull request's diff shows as the line it replaces): on main the site built, and every
/// page's "Edit this page" and "Repository" led to that host, which can ask each reader
/// for their GitHub login. Now an error at each line.
#[test]
fn site_links_to_a_lookalike_host_are_refused() {
    let (code, err) = build_edited(&[
        (
            "content/site.yaml",
            "repository: https://github.com/",
            "repository: https://g\u{0456}thub.com/",
        ),
        (
            "content/site.yaml",
            "edit_url: https://github.com/",
            "edit_url: https://xn--gthub-n2e.com/",
        ),
    ]);
    assert_eq!(code, Some(1), "{err}");
    for key in ["repository", "edit_url"] {
        assert!(
            err.lines()
                .any(|l| l.starts_with(&format!("error: {key} `"))
                    && l.contains("mixes letters of several scripts")),
            "{key}: {err}"
        );
    }
    assert!(err.contains("content/site.yaml:7:"), "{err}");
}

/// An engineer's e-mail address with a lookalike domain (`de1@exаmple.com`) or a
/// zero-width space, or a Slack handle mixing scripts (`@dе3`): on main each built
/// without a word (no other engineer's contact read like it), and every page of their
/// pipelines showed the address it copies while mail went to another host. Now errors at
/// their lines. Addresses and handles in one script per word pass.
#[test]
fn contacts_that_are_not_what_they_show_are_refused() {
    let (code, err) = build_edited(&[
        (
            "content/team.yaml",
            "email: de1@example.com",
            "email: de1@ex\u{0430}mple.com",
        ),
        (
            "content/team.yaml",
            "email: de2@example.com",
            "email: \"de2@example.com\u{200B}\"",
        ),
        (
            "content/team.yaml",
            "slack: \"@de3\"",
            "slack: \"@d\u{0435}3\"",
        ),
    ]);
    assert_eq!(code, Some(1), "{err}");
    for (field, line) in [("email", 8), ("email", 12), ("slack", 16)] {
        let at = format!("content/team.yaml:{line}:");
        assert!(err.contains(&at), "{field} at {at}: {err}");
    }
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error: the ")).count(),
        3,
        "{err}"
    );
    let (code, err) = build_edited(&[
        (
            "content/team.yaml",
            "email: de1@example.com",
            "email: \u{0438}\u{0432}\u{0430}\u{043D}@\u{043F}\u{0440}\u{0438}\u{043C}\u{0435}\u{0440}.\u{0440}\u{0444}",
        ),
        (
            "content/team.yaml",
            "slack: \"@de2\"",
            "slack: \"@\u{0438}\u{0432}\u{0430}\u{043D}.ivanov\"",
        ),
    ]);
    assert_eq!(code, Some(0), "{err}");
}
