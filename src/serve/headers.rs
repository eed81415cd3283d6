//! Netlify's custom headers: the `[[headers]]` tables of `netlify.toml` and a `_headers`
//! file, and which of them apply to a path, so that the local preview sends what Netlify
//! sends (the Content-Security-Policy above all).
//!
//! Parsing and matching follow Netlify's own parser (`@netlify/headers-parser`):
//!
//! - `_headers`: each line is trimmed; blank lines and `#` comments are skipped; a line
//!   starting with `/` begins a rule; any other line is `Name: value` (split at the first
//!   colon) for the rule above it. A name given twice in one rule is one header, its values
//!   joined with `, `.
//! - `netlify.toml`: `for` and every value are trimmed, and the commas of a value
//!   normalised to `, ` (so a multi-line string of comma-ended lines is one value); an
//!   array value is joined with `, `.
//! - `for` patterns: `*` matches anything (a `/*` segment also the folder itself), `:name`
//!   one segment; a trailing slash is optional and letters match in either case. Unlike
//!   Netlify's parser, the rest of a pattern is literal (a `.` is a dot, not any character).
//! - Every matching rule applies, in order: the `_headers` rules, then `netlify.toml`'s.
//!   A header set by several matching rules is sent once with their values joined by `, `
//!   (as HTTP reads repeated fields; a value repeated exactly is given once): for a Content-Security-Policy that is one policy per
//!   rule, all enforced, so a stricter rule for a file is never loosened by `/*`.
//!
//! Paths are compared percent-decoded, so `/a%20b.png` and `/a b.png` are the same rule.
//! The module stands alone (it reads text and answers for paths; no files, no server), so
//! the build can share it.
//! A header whose name is not an HTTP token or whose value holds a control character
//! (a CR or LF above all) is refused with a message naming its line: nothing from these
//! files can split a response.

use std::collections::BTreeMap;

use regex::{Regex, RegexBuilder};
use rustc_hash::FxHashMap;
use serde::Deserialize;

/// A problem in a headers file, with its 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Problem {
    fn new(line: usize, column: usize, message: impl Into<String>) -> Problem {
        Problem {
            line,
            column,
            message: message.into(),
        }
    }
}

/// A rule being read from `_headers`: its path, its line, its headers so far.
type Pending = (String, usize, Vec<(String, String)>);

/// One `for` pattern and the headers it sets, in the order they were written.
#[derive(Debug, Clone)]
struct Rule {
    values: Vec<(String, String)>,
}

/// How a rule's path is matched.
#[derive(Debug, Clone)]
enum Matcher {
    /// No `*` nor `:name`: looked up by its normalised path.
    Exact(String),
    Pattern(Regex),
}

/// Header rules in the order Netlify applies them.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    rules: Vec<Rule>,
    /// Exact paths (lower case, no trailing slash) to the rules naming them, in order.
    exact: FxHashMap<String, Vec<usize>>,
    /// Rules with `*` or `:name`, in order.
    patterns: Vec<(usize, Regex)>,
}

#[derive(Deserialize)]
struct NetlifyToml {
    #[serde(default)]
    headers: Vec<HeaderTable>,
}

#[derive(Deserialize)]
struct HeaderTable {
    #[serde(rename = "for")]
    for_: toml::Spanned<String>,
    #[serde(default)]
    values: BTreeMap<String, toml::Spanned<TomlValue>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum TomlValue {
    One(String),
    Many(Vec<String>),
}

impl Rules {
    /// The `[[headers]]` tables of a `netlify.toml`; anything else in it is ignored.
    pub fn from_netlify_toml(text: &str) -> Result<Rules, Problem> {
        let parsed: NetlifyToml = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map_or((1, 1), |span| line_column(text, span.start));
            Problem::new(line, column, e.message().trim().to_string())
        })?;
        let mut rules = Rules::default();
        for table in parsed.headers {
            let (line, column) = line_column(text, table.for_.span().start);
            let mut values = Vec::new();
            for (name, value) in table.values {
                let at = line_column(text, value.span().start);
                let value = match value.into_inner() {
                    TomlValue::One(v) => normalize_commas(v.trim()),
                    TomlValue::Many(vs) => {
                        vs.iter().map(|v| v.trim()).collect::<Vec<_>>().join(", ")
                    }
                };
                let name = name.trim().to_string();
                check_header(&name, &value).map_err(|m| Problem::new(at.0, at.1, m))?;
                values.push((name, value));
            }
            rules
                .push(table.for_.get_ref().trim(), values)
                .map_err(|m| Problem::new(line, column, m))?;
        }
        Ok(rules)
    }

    /// The rules of a `_headers` file. Lines that cannot be read are left out, each with a
    /// problem; the rest apply (as on Netlify, which warns and goes on).
    pub fn from_headers_file(text: &str) -> (Rules, Vec<Problem>) {
        let mut rules = Rules::default();
        let mut problems = Vec::new();
        // The rule being read: its path, where it starts, and its headers.
        let mut current: Option<Pending> = None;
        for (i, raw) in text.split('\n').enumerate() {
            let line = raw.trim();
            let column = raw.len() - raw.trim_start().len() + 1;
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line.starts_with('/') {
                if let Some((path, at, values)) = current.take() {
                    if let Err(m) = rules.push(&path, values) {
                        problems.push(Problem::new(at, 1, m));
                    }
                }
                current = Some((line.to_string(), i + 1, Vec::new()));
                continue;
            }
            let Some((name, value)) = line.split_once(':') else {
                problems.push(Problem::new(
                    i + 1,
                    column,
                    "neither a path (starting with `/`) nor a `Name: value` header; ignored",
                ));
                continue;
            };
            let (name, value) = (name.trim(), value.trim());
            let Some((_, _, values)) = current.as_mut() else {
                problems.push(Problem::new(
                    i + 1,
                    column,
                    format!("header `{name}` comes before any path; ignored"),
                ));
                continue;
            };
            if let Err(m) = check_header(name, value) {
                problems.push(Problem::new(i + 1, column, format!("{m}; ignored")));
                continue;
            }
            match values
                .iter_mut()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                Some((_, v)) => {
                    v.push_str(", ");
                    v.push_str(value);
                }
                None => values.push((name.to_string(), value.to_string())),
            }
        }
        if let Some((path, at, values)) = current {
            if let Err(m) = rules.push(&path, values) {
                problems.push(Problem::new(at, 1, m));
            }
        }
        (rules, problems)
    }

    /// These rules, then `later`'s (Netlify reads `_headers` before `netlify.toml`).
    pub fn then(&self, later: &Rules) -> Rules {
        let mut out = self.clone();
        let offset = out.rules.len();
        out.rules.extend(later.rules.iter().cloned());
        for (key, ids) in &later.exact {
            out.exact
                .entry(key.clone())
                .or_default()
                .extend(ids.iter().map(|i| i + offset));
        }
        out.patterns.extend(
            later
                .patterns
                .iter()
                .map(|(i, re)| (i + offset, re.clone())),
        );
        out
    }

    /// How many rules there are.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The headers Netlify sends for `path` (percent-decoded, without the query): those of
    /// every matching rule in order, a name set twice sent once with the values joined.
    pub fn headers_for(&self, path: &str) -> Vec<(String, String)> {
        let mut matching: Vec<usize> = self
            .exact
            .get(&exact_key(path))
            .cloned()
            .unwrap_or_default();
        matching.extend(
            self.patterns
                .iter()
                .filter(|(_, re)| re.is_match(path))
                .map(|(i, _)| *i),
        );
        matching.sort_unstable();
        // Each name with the values of the rules setting it (one value once).
        let mut out: Vec<(String, Vec<&str>)> = Vec::new();
        for i in matching {
            for (name, value) in &self.rules[i].values {
                match out.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
                    Some((_, values)) if values.contains(&value.as_str()) => {}
                    Some((_, values)) => values.push(value),
                    None => out.push((name.clone(), vec![value])),
                }
            }
        }
        out.into_iter()
            .map(|(name, values)| (name, values.join(", ")))
            .collect()
    }

    fn push(&mut self, for_: &str, values: Vec<(String, String)>) -> Result<(), String> {
        if !for_.starts_with('/') {
            return Err(format!("the path `{for_}` must start with `/`"));
        }
        let matcher = matcher(for_)?;
        let id = self.rules.len();
        self.rules.push(Rule { values });
        match matcher {
            Matcher::Exact(key) => self.exact.entry(key).or_default().push(id),
            Matcher::Pattern(re) => self.patterns.push((id, re)),
        }
        Ok(())
    }
}

/// A path as exact rules are keyed: lower case, one trailing slash dropped.
fn exact_key(path: &str) -> String {
    let path = match path.strip_suffix('/') {
        Some(p) if !p.is_empty() => p,
        _ => path,
    };
    path.to_lowercase()
}

/// Netlify's matching of a `for` path: its non-empty segments, `:name` one segment, a
/// lone `*` anything (the slash before it optional), `*` inside a segment anything.
fn matcher(for_: &str) -> Result<Matcher, String> {
    let parts: Vec<&str> = for_
        .split('/')
        .map(str::trim_end)
        .filter(|p| !p.is_empty())
        .collect();
    if !parts.iter().any(|p| p.starts_with(':') || p.contains('*')) {
        return Ok(Matcher::Exact(exact_key(&decode(&format!(
            "/{}",
            parts.join("/")
        )))));
    }
    let mut pattern = String::from("^/");
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            pattern.push('/');
        }
        if part.starts_with(':') {
            pattern.push_str("[^/]+");
        } else if *part == "*" {
            pattern.push_str("?.*");
        } else {
            let pieces: Vec<String> = part
                .split('*')
                .map(|piece| regex::escape(&decode(piece)))
                .collect();
            pattern.push_str(&pieces.join(".*"));
        }
    }
    pattern.push_str("/?$");
    RegexBuilder::new(&pattern)
        .case_insensitive(true)
        .build()
        .map(Matcher::Pattern)
        .map_err(|e| format!("the path `{for_}` cannot be matched: {e}"))
}

/// A path or part of one, percent-decoded when it decodes to UTF-8 (an encoded `*` is
/// a literal star: the pattern is read before it is decoded).
fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map_or_else(|_| s.to_string(), |d| d.into_owned())
}

/// Netlify's normalisation of a value: the white space around each comma becomes one
/// space after it.
fn normalize_commas(value: &str) -> String {
    value
        .split(',')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Refuses a header that could not be sent as written: a name that is not an HTTP token,
/// a value with a control character (a line break would split the response).
fn check_header(name: &str, value: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("a header without a name".into());
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(*c)))
    {
        return Err(format!(
            "`{}` is not a header name (it holds {c:?}); use letters, digits and `-`",
            name.escape_debug()
        ));
    }
    if value.is_empty() {
        return Err(format!("header `{name}` has no value"));
    }
    if value.chars().any(|c| c.is_control() && c != '\t') {
        return Err(format!(
            "the value of header `{name}` holds a line break or another control character; \
             write it on one line (end each line of a multi-line value with a comma)"
        ));
    }
    Ok(())
}

/// 1-based line and column (in characters) of byte `at` of `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPO_NETLIFY_TOML: &str = include_str!("../../netlify.toml");

    fn names(h: &[(String, String)]) -> Vec<&str> {
        h.iter().map(|(n, _)| n.as_str()).collect()
    }

    fn get<'a>(h: &'a [(String, String)], name: &str) -> Option<&'a str> {
        h.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn the_repositorys_netlify_toml() {
        let rules = Rules::from_netlify_toml(REPO_NETLIFY_TOML).unwrap();
        assert_eq!(rules.len(), 3);
        let page = rules.headers_for("/runbooks/profit/aggregate-profit/");
        // The policy is in the `_headers` the build writes (it names the hashes of the
        // inline CSS and script); netlify.toml has the rest.
        assert_eq!(get(&page, "Content-Security-Policy"), None);
        assert_eq!(get(&page, "X-Content-Type-Options"), Some("nosniff"));
        assert_eq!(get(&page, "Content-Type"), None);
        for feed in ["/oncall.ics", "/oncall/de1.ics", "/ONCALL.ics"] {
            let h = rules.headers_for(feed);
            assert_eq!(
                get(&h, "Content-Type"),
                Some("text/calendar; charset=utf-8"),
                "{feed}"
            );
            assert_eq!(get(&h, "X-Content-Type-Options"), Some("nosniff"), "{feed}");
        }
        // `.` in a pattern is a dot.
        assert_eq!(
            get(&rules.headers_for("/oncall/de1xics"), "Content-Type"),
            None
        );
    }

    #[test]
    fn headers_file_syntax() {
        let text = "# comment\n\
                    /runbooks/a%20b.png\n  \
                      Content-Security-Policy: sandbox; default-src 'none'\n  \
                      X-Content-Type-Options: nosniff\r\n\
                    \n\
                    /static/*\n  \
                      Cache-Control: max-age=0\n  \
                      cache-control: no-store\n\
                    /blog/:slug/x\n  \
                      X-Slug: yes\n";
        let (rules, problems) = Rules::from_headers_file(text);
        assert_eq!(problems, vec![]);
        assert_eq!(rules.len(), 3);
        let asset = rules.headers_for("/runbooks/a b.png");
        assert_eq!(
            asset,
            vec![
                (
                    "Content-Security-Policy".to_string(),
                    "sandbox; default-src 'none'".to_string()
                ),
                ("X-Content-Type-Options".to_string(), "nosniff".to_string()),
            ]
        );
        assert!(rules.headers_for("/runbooks/a b.pngx").is_empty());
        // An encoded star is a star, not a splat.
        let (star, _) = Rules::from_headers_file("/x%2A.png\n  X: 1\n/y/%2A*\n  Y: 1\n");
        assert_eq!(names(&star.headers_for("/x*.png")), vec!["X"]);
        assert!(star.headers_for("/xa.png").is_empty());
        assert_eq!(names(&star.headers_for("/y/*z")), vec!["Y"]);
        assert!(star.headers_for("/y/z").is_empty());
        assert_eq!(
            get(&rules.headers_for("/static/x/y.css"), "Cache-Control"),
            Some("max-age=0, no-store")
        );
        // A lone `*` also matches the folder itself, as on Netlify.
        assert_eq!(names(&rules.headers_for("/static")), vec!["Cache-Control"]);
        assert_eq!(names(&rules.headers_for("/blog/one/x/")), vec!["X-Slug"]);
        assert!(rules.headers_for("/blog/one/two/x").is_empty());
    }

    #[test]
    fn every_matching_rule_applies_in_order() {
        let (file, _) = Rules::from_headers_file(
            "/files/*\n  Content-Security-Policy: sandbox; default-src 'none'\n",
        );
        let toml = Rules::from_netlify_toml(
            "[[headers]]\nfor = \"/*\"\n[headers.values]\nContent-Security-Policy = \"default-src 'self'\"\nX-A = '''\n  one,\n  two\n'''\nX-B = [\"1\", \" 2 \"]\n",
        )
        .unwrap();
        let all = file.then(&toml);
        let h = all.headers_for("/files/evil.html");
        assert_eq!(
            get(&h, "Content-Security-Policy"),
            Some("sandbox; default-src 'none', default-src 'self'")
        );
        assert_eq!(get(&h, "X-A"), Some("one, two"));
        assert_eq!(get(&h, "X-B"), Some("1, 2"));
        assert_eq!(
            get(&all.headers_for("/page/"), "Content-Security-Policy"),
            Some("default-src 'self'")
        );
    }

    #[test]
    fn nothing_can_split_a_response() {
        let (rules, problems) = Rules::from_headers_file(
            "X-Early: 1\n/a\n  X-Ok: 1\n  Bad Name: 1\n  X-Empty:\n  no colon here\n/b\n  X-C: a\u{b}b\n",
        );
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![1, 4, 5, 6, 8], "{problems:#?}");
        assert_eq!(names(&rules.headers_for("/a")), vec!["X-Ok"]);
        assert!(rules.headers_for("/b").is_empty());

        let err = Rules::from_netlify_toml(
            "[[headers]]\nfor = \"/*\"\n[headers.values]\nX-Split = \"a\\r\\nSet-Cookie: x=1\"\n",
        )
        .unwrap_err();
        assert_eq!((err.line, err.column), (4, 11), "{err:?}");
        assert!(err.message.contains("control character"), "{err:?}");
        let err = Rules::from_netlify_toml("[[headers]]\nfor = 3\n").unwrap_err();
        assert_eq!(err.line, 2, "{err:?}");
        let err = Rules::from_netlify_toml("[[headers]]\nfor = \"x\"\n").unwrap_err();
        assert!(err.message.contains("must start with `/`"), "{err:?}");
    }

    #[test]
    fn many_exact_rules_are_looked_up_not_scanned() {
        let text: String = (0..20_000)
            .map(|i| format!("/runbooks/f{i}.png\n  X-N: {i}\n"))
            .collect();
        let (rules, problems) = Rules::from_headers_file(&text);
        assert!(problems.is_empty());
        assert_eq!(rules.patterns.len(), 0);
        assert_eq!(
            rules.headers_for("/runbooks/f19999.png"),
            vec![("X-N".to_string(), "19999".to_string())]
        );
    }
}
