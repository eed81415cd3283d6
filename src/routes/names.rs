//! What may name an alert or a job, and what may be an alias, checked before any of them
//! becomes a folder of the output or a line of `_redirects`.
//!
//! Content comes from pull requests, so every name and alias is held to a small alphabet:
//! no `..`, no scheme, no `//host`, nothing Netlify's `_redirects` reads as syntax (`*`
//! splats, `:placeholders`, white space between fields), nothing a file system refuses.

/// The longest alert or job name, in bytes. Prometheus' own alert names stay under 60.
pub const MAX_NAME: usize = 128;

/// The longest alias, in bytes.
pub const MAX_ALIAS: usize = 512;

/// Why `name` cannot be an alert or job name, if it cannot.
///
/// A name holds ASCII letters, digits, `_`, `-`, `.`, `:` and spaces (Grafana titles have
/// spaces), starts with a letter, digit or `_` (so it is never `.` or `..`), and ends
/// without a space.
pub fn name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("is empty".into());
    }
    if name.len() > MAX_NAME {
        return Some(format!(
            "is {} bytes long: a name has at most {MAX_NAME}",
            name.len()
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | ' ')))
    {
        return Some(format!(
            "holds `{}`: a name holds ASCII letters, digits, `_`, `-`, `.`, `:` and spaces",
            shown_char(c)
        ));
    }
    let first = name.as_bytes()[0];
    if !(first.is_ascii_alphanumeric() || first == b'_') {
        return Some("must start with a letter, a digit or `_`".into());
    }
    if name.ends_with(' ') {
        return Some("ends with a space".into());
    }
    None
}

/// A site path as a file system that ignores case and how accented letters are encoded
/// (macOS, Windows) names it: `/Café/` written as NFC and as NFD (`e` and a combining
/// accent) is one folder there, and reads the same to everyone.
pub fn fold(path: &str) -> String {
    if path.is_ascii() {
        return path.to_ascii_lowercase();
    }
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc()
        .normalize(path)
        .to_lowercase()
}

/// How two paths of one [`fold`] differ, for messages: `case`, or how an accented letter
/// is encoded, with both paths' letters past ASCII escaped (they read the same).
pub fn how_alike(a: &str, b: &str) -> String {
    if a.to_lowercase() == b.to_lowercase() {
        return "case".to_string();
    }
    let escaped = |p: &str| -> String {
        p.chars()
            .map(|c| match c {
                c if c.is_ascii() => c.to_string(),
                c => c.escape_unicode().to_string(),
            })
            .collect()
    };
    format!(
        "how an accented letter is encoded (`/{}` and `/{}`)",
        escaped(a),
        escaped(b)
    )
}

/// The route key of a valid name: lower case (routes are found whatever the case of the
/// address), with spaces and `:` as `-`. One path segment of `[a-z0-9_.-]`, never `.` or
/// `..`.
pub fn route_key(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            ' ' | ':' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The name as written, when it can be a folder of its own beside the key (`EtcdNoLeader`
/// beside `etcdnoleader`): on a static host without redirect rules, an address written
/// with the alert's own spelling still finds its page.
pub fn as_written_segment(name: &str) -> Option<&str> {
    let plain = name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    (plain && route_key(name) != name).then_some(name)
}

/// An alias as a site path, or why it cannot be one.
///
/// `folder` is the site folder of the runbook's file (`runbooks/profit/`): an alias
/// without a leading `/` is relative to it, as in Hugo. The result has no leading `/`; a
/// folder address ends with `/` (its page is written as `index.html` in it), an address
/// ending in `.html` or `.htm` is that file.
pub fn alias_path(alias: &str, folder: &str) -> Result<String, String> {
    let trimmed = alias.trim();
    if trimmed.is_empty() {
        return Err("is empty".into());
    }
    if trimmed.len() > MAX_ALIAS {
        return Err(format!(
            "is {} bytes long: an alias has at most {MAX_ALIAS}",
            trimmed.len()
        ));
    }
    if let Some(c) = trimmed.chars().find(|c| {
        c.is_control()
            || c.is_whitespace()
            || matches!(
                c,
                '\\' | '?'
                    | '#'
                    | '%'
                    | ':'
                    | '*'
                    | '"'
                    | '\''
                    | '<'
                    | '>'
                    | '`'
                    | '{'
                    | '}'
                    | '|'
                    | '^'
            )
    }) {
        return Err(format!(
            "holds `{}`: an alias is a path of this site, such as `/runbooks/old-name/`, written as it reads (not percent-encoded), without a scheme, host, query or fragment",
            shown_char(c)
        ));
    }
    if trimmed.starts_with("//") {
        return Err("starts with `//`, which browsers read as another host".into());
    }
    let (base, rest) = match trimmed.strip_prefix('/') {
        Some(rest) => ("", rest),
        None => (folder, trimmed),
    };
    if rest.contains("//") {
        return Err("has an empty path segment (`//`)".into());
    }
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in rest.split('/') {
        match part {
            "" => {}
            "." | ".." => {
                return Err(format!(
                    "holds a `{part}` segment: write the whole path from the site's root, such as `/runbooks/old-name/`"
                ))
            }
            // No page is published at a hidden path; the host's and the web's are
            // there (`/.well-known/change-password`, `/.netlify/functions/`), and an
            // alias is a forced redirect on Netlify.
            p if p.starts_with('.') => {
                return Err(format!(
                    "has a segment starting with `.` (`{p}`): hidden paths such as `/.well-known/` and `/.netlify/` are the host's and the web's, never a page's earlier address"
                ))
            }
            p => parts.push(p),
        }
    }
    // `x/index.html` is the page of the folder `x/`: one address, written once.
    if parts
        .last()
        .is_some_and(|p| p.eq_ignore_ascii_case("index.html"))
    {
        parts.pop();
    }
    if parts.is_empty() {
        return Err("is the site's home page".into());
    }
    if let Some(long) = parts.iter().find(|p| p.len() > 255) {
        return Err(format!(
            "has a segment of {} bytes: file systems take at most 255",
            long.len()
        ));
    }
    let mut path = parts.join("/");
    let last = parts[parts.len() - 1].to_ascii_lowercase();
    if !(last.ends_with(".html") || last.ends_with(".htm")) {
        path.push('/');
    }
    Ok(path)
}

/// The first segment of site paths that pipebook writes itself, in any case; an alias may
/// not lie there (it would replace a page, a feed or a file of the theme). A test builds
/// the example and checks that every name at the top of its output is here.
pub const RESERVED: [&str; 23] = [
    "alerts",
    "pipelines",
    "engineers",
    "oncall",
    "oncall.ics",
    "oncall.json",
    "coverage",
    "search",
    "static",
    "schema",
    "sitemap.xml",
    "404.html",
    "index.html",
    "_headers",
    "_redirects",
    ".pipebook-output",
    // Offline reading: the offline page, its list, the folder tree, the worker, the
    // manifest.
    "offline",
    "offline.json",
    "_nav",
    "sw.js",
    "manifest.webmanifest",
    // What browsers and crawlers ask every site for.
    "favicon.ico",
    "robots.txt",
];

/// `c` as an error shows it between backticks: itself, or escaped when it cannot be seen
/// (a control character, a space other than ` `): `escape_default` wrote `\` and `'` with a backslash before.
fn shown_char(c: char) -> String {
    if c.is_control() || (c.is_whitespace() && c != ' ') {
        c.escape_default().to_string()
    } else {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_hold_a_small_alphabet() {
        for ok in [
            "EtcdMembersDown",
            "etcdNoLeader",
            "KubeAPIErrorBudgetBurn",
            "High CPU usage",
            "job:failed",
            "x.y-z_1",
            "_private",
        ] {
            assert_eq!(name_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "..",
            ".hidden",
            "-x",
            "a/b",
            "a\\b",
            "a\nb",
            "trailing ",
            "ünïcode",
            "a*b",
            "a%2e",
            "<script>",
        ] {
            assert!(name_problem(bad).is_some(), "{bad:?}");
        }
        assert!(name_problem(&"a".repeat(MAX_NAME + 1)).is_some());
        assert_eq!(name_problem(&"a".repeat(MAX_NAME)), None);
    }

    #[test]
    fn paths_fold_case_and_encoding() {
        assert_eq!(fold("Runbooks/Ops/"), "runbooks/ops/");
        assert_eq!(fold("Caf\u{E9}/"), fold("cafe\u{301}/"));
        assert_ne!(fold("cafe/"), fold("caf\u{E9}/"));
        assert_eq!(how_alike("Ops/", "ops/"), "case");
        assert_eq!(
            how_alike("caf\u{E9}/", "Cafe\u{301}/"),
            "how an accented letter is encoded (`/caf\\u{e9}/` and `/Cafe\\u{301}/`)"
        );
    }

    #[test]
    fn route_keys_fold_case_and_separators() {
        assert_eq!(route_key("EtcdMembersDown"), "etcdmembersdown");
        assert_eq!(route_key("High CPU usage"), "high-cpu-usage");
        assert_eq!(route_key("job:failed"), "job-failed");
        assert_eq!(
            as_written_segment("EtcdMembersDown"),
            Some("EtcdMembersDown")
        );
        assert_eq!(as_written_segment("lower"), None);
        assert_eq!(as_written_segment("High CPU"), None);
    }

    #[test]
    fn aliases_are_site_paths_only() {
        assert_eq!(
            alias_path("/runbooks/old-name/", "runbooks/profit/").as_deref(),
            Ok("runbooks/old-name/")
        );
        assert_eq!(
            alias_path("/runbooks/old-name", "runbooks/profit/").as_deref(),
            Ok("runbooks/old-name/")
        );
        assert_eq!(
            alias_path("old-name", "runbooks/profit/").as_deref(),
            Ok("runbooks/profit/old-name/")
        );
        assert_eq!(
            alias_path("/wiki/Profit.html", "runbooks/").as_deref(),
            Ok("wiki/Profit.html")
        );
        assert_eq!(
            alias_path("/old/index.html", "runbooks/").as_deref(),
            alias_path("/old/", "runbooks/").as_deref(),
            "a folder's page is the folder"
        );
        assert!(alias_path("/index.html", "runbooks/").is_err());
        assert!(alias_path("/a b/", "").unwrap_err().contains("holds ` `"));
        for hidden in [
            "/.well-known/change-password",
            "/.netlify/functions/x/",
            "/runbooks/.git/config",
            ".hidden",
        ] {
            let why = alias_path(hidden, "runbooks/").unwrap_err();
            assert!(why.contains("starting with `.`"), "{hidden}: {why}");
        }
        assert!(alias_path("/runbooks/a.b/", "").is_ok());
        for bad in [
            "https://evil.example/",
            "//evil.example/x",
            "/\\evil.example",
            "javascript:alert(1)",
            "/runbooks/../index.html",
            "../x",
            "./x",
            "/a//b",
            "/",
            "",
            "/x?y",
            "/x#y",
            "/x%2F..",
            "/x/*",
            "/x/:splat",
            "/x 200!",
            "/x\n/y",
            "/x\"><script>",
        ] {
            assert!(alias_path(bad, "runbooks/").is_err(), "{bad:?}");
        }
        assert_eq!(
            alias_path("/größe/", "").as_deref(),
            Ok("größe/"),
            "non-ASCII letters are encoded where written"
        );
    }

    /// The character an alias may not hold is shown as written, or escaped when it
    /// cannot be seen: `/\host` was reported as holding `\\`.
    #[test]
    fn the_refused_character_is_shown_as_written() {
        let why = |alias: &str| alias_path(alias, "").unwrap_err();
        assert!(
            why("/\\host").starts_with("holds `\\`:"),
            "{}",
            why("/\\host")
        );
        assert!(why("/it's").starts_with("holds `'`:"), "{}", why("/it's"));
        assert!(why("/a\tb").starts_with("holds `\\t`:"), "{}", why("/a\tb"));
        assert!(why("/a\u{a0}b").starts_with("holds `\\u{a0}`:"));
    }
}
