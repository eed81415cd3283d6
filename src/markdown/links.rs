//! Link destinations written in runbooks: resolved against the runbook's folder, checked
//! against the runbooks and assets that exist, and rewritten to page URLs; and Hugo's
//! `ref` shortcodes read as plain relative links.

use pulldown_cmark::CowStr;

use super::MarkdownContext;
use crate::url::encode_path;

/// The anchor a link points at: the runbook page (`None` for this page) and the anchor.
pub(super) type AnchorTarget = Option<(Option<String>, String)>;

/// Rewrites a link destination found in a runbook in folder `dir`, and says which anchor
/// of which runbook page it points at, if any.
pub(super) fn resolve_link<'a>(
    dest: &CowStr<'a>,
    dir: &str,
    targets: &MarkdownContext,
    mut warn: impl FnMut(String, &str, bool),
) -> (CowStr<'a>, AnchorTarget) {
    let raw: &str = dest;
    if let Some(anchor) = raw.strip_prefix('#') {
        let anchor = (!anchor.is_empty()).then(|| (None, percent_decode(anchor)));
        return (dest.clone(), anchor);
    }
    if raw.is_empty() || raw.starts_with('/') || has_scheme(raw) {
        return (dest.clone(), None);
    }
    let (path_part, fragment) = match raw.find('#') {
        Some(i) => (&raw[..i], &raw[i..]),
        None => (raw, ""),
    };
    let anchor_in = |slug: &str| {
        let a = fragment.trim_start_matches('#');
        (!a.is_empty()).then(|| (Some(slug.to_string()), percent_decode(a)))
    };
    let path_part = path_part.split('?').next().unwrap_or(path_part);
    let decoded = percent_decode(path_part);
    let Some(joined) = normalize(dir, &decoded) else {
        warn(
            format!("link `{raw}` leads outside the runbook folder ({})", targets.folder_name()),
            "link only to runbooks and files inside the runbook folder; link to other pages of the site from its root, such as `/pipelines/`",
            true,
        );
        return (dest.clone(), None);
    };
    let base = targets.base_path;
    if joined.ends_with(".md") {
        if let Some(slug) = targets.runbooks.get(joined.as_str()) {
            return (page_url(base, slug, fragment).into(), anchor_in(slug));
        }
        warn(
            format!(
                "link `{raw}` points to `{}{joined}`, which does not exist",
                targets.folder
            ),
            "fix the path (it is relative to this file's folder), or remove the link",
            false,
        );
        return (dest.clone(), None);
    }
    if targets.assets.contains(joined.as_str()) {
        return (
            format!("{base}runbooks/{}{fragment}", encode_path(&joined)).into(),
            None,
        );
    }
    // A link to a page rather than a file, as Hugo sites write them: `../other/`.
    let trimmed = joined.trim_end_matches('/');
    for candidate in [format!("{trimmed}.md"), format!("{trimmed}/_index.md")] {
        if let Some(slug) = targets.runbooks.get(candidate.as_str()) {
            return (page_url(base, slug, fragment).into(), anchor_in(slug));
        }
    }
    warn(
        format!(
            "link `{raw}` points to `{}{joined}`, which does not exist",
            targets.folder
        ),
        "fix the path (it is relative to this file's folder), or add the file",
        false,
    );
    (dest.clone(), None)
}

fn page_url(base: &str, slug: &str, fragment: &str) -> String {
    if slug.is_empty() {
        format!("{base}runbooks/{fragment}")
    } else {
        format!("{base}runbooks/{}/{fragment}", encode_path(slug))
    }
}

fn has_scheme(s: &str) -> bool {
    if s.starts_with("//") {
        return true;
    }
    match s.find(':') {
        Some(i) => {
            let scheme = &s[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
        }
        None => false,
    }
}

/// Joins `rel` onto `dir` and resolves `.` and `..`; `None` if it climbs above the root.
fn normalize(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut joined = parts.join("/");
    if rel.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Turns Hugo's `{{< ref "x.md" >}}` and `{{< relref "x.md" >}}` into `x.md`, in place,
/// so the rest of the file keeps its line numbers.
pub(super) fn replace_hugo_refs(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("{{") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        match parse_ref_shortcode(tail) {
            Some((target, len)) => {
                out.push_str(target);
                rest = &tail[len..];
            }
            None => {
                out.push_str("{{");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// Parses `{{< ref "target" >}}` (or `relref`, or `%` delimiters) at the start of `s`:
/// the target and the shortcode's length.
fn parse_ref_shortcode(s: &str) -> Option<(&str, usize)> {
    let (open, close) = if s.starts_with("{{<") {
        ("{{<", ">}}")
    } else if s.starts_with("{{%") {
        ("{{%", "%}}")
    } else {
        return None;
    };
    let end = s.find(close)?;
    let inner = s[open.len()..end].trim();
    let arg = inner
        .strip_prefix("relref")
        .or_else(|| inner.strip_prefix("ref"))?
        .trim();
    let target = arg
        .strip_prefix('"')
        .and_then(|a| a.strip_suffix('"'))
        .unwrap_or(arg);
    if target.is_empty() || target.contains(char::is_whitespace) {
        return None;
    }
    Some((target, end + close.len()))
}
