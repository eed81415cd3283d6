//! The fix each kind of sanitizer warning needs, and the hint for a link to an image
//! outside the repository: see [`super`].

use super::shown;

/// The fix for a link or image address of a scheme cleaning removes: drop a prefix
/// before a real address (`link:https://…`), mend a typo of `https` (`hhttps`), or else
/// say which addresses stay.
pub(super) fn scheme_hint(url: &str) -> String {
    let trimmed = url.trim();
    let Some(colon) = trimmed.find(':') else {
        return ALLOWED.to_string();
    };
    let (scheme, rest) = (&trimmed[..colon], &trimmed[colon + 1..]);
    let lower = scheme.to_ascii_lowercase();
    for real in ["https://", "http://", "mailto:"] {
        if rest.to_ascii_lowercase().starts_with(real) {
            return format!(
                "drop `{}:`: the address is `{}`",
                shown(scheme),
                shown(rest)
            );
        }
    }
    if lower == "https" || lower == "http" {
        // Not a scheme's fault: the rest does not parse (`https://console.<<tenant()>>.x`).
        return "the address is not valid as written (a template's placeholder in its host?): write it in full, as a browser opens it".into();
    }
    if rest.starts_with("//") {
        for real in ["https", "http"] {
            if close_to(&lower, real) {
                return format!("`{}` -> `{real}`: a typo of the scheme", shown(scheme));
            }
        }
    }
    ALLOWED.to_string()
}

const ALLOWED: &str = "write an `https://` address, or a relative link to a file of the repository; `javascript:`, `data:`, `file:` and unknown schemes are removed";

/// Whether `a` is `b` with one or two letters added, dropped or changed (`hhttps`,
/// `htps`, `htttp`): both are short, so the quadratic table is a few dozen cells.
fn close_to(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() > 12 || a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()] <= 2
}

/// The hint for something cleaning removes (`what` as `sanitize::Review` names it): the
/// fix that fits its kind, and for real HTML the general one.
pub(in crate::markdown) fn removal_hint(what: &str) -> String {
    if let Some(address) = what
        .strip_prefix("the address `")
        .and_then(|s| s.strip_suffix('`'))
    {
        return scheme_hint(address);
    }
    if what.ends_with(" of `<img>`") && what.contains("`style`") {
        return "give the image `width=\"…\"` (and `height=\"…\"`), which are kept, instead of `style`".to_string();
    }
    if let Some(url) = what
        .strip_prefix("`src=\"")
        .or_else(|| what.strip_prefix("`href=\""))
        .and_then(|s| s.split('"').next())
    {
        return scheme_hint(url);
    }
    GENERAL.to_string()
}

const GENERAL: &str = "write it in Markdown, or remove it; text that only looks like a tag goes in backticks; only a site whose every author is trusted should set `sanitize_html: false` in site.yaml (see the README's threat model)";

/// The hint for a link to no page of the site (`validate::site_links`) that fits an image:
/// `/uploads/…` is where GitLab keeps files attached to issues and comments, outside the
/// repository (gitlab-runbooks' `ci-runner-networking` diagrams), and no page links it.
pub(crate) fn site_link_hint(path: &str) -> Option<&'static str> {
    if path.contains(crate::markdown::links::ENCODED_SLASH) {
        return Some(
            "`%2F` is a `/` that browsers send as part of a name, not between folders: write `/`",
        );
    }
    if path.starts_with("uploads/") || path.contains("/uploads/") {
        return Some("`/uploads/…` is a file GitLab attached to an issue or comment, outside the repository: download it, commit it beside the runbook and write its path (`![diagram](diagram.png)`)");
    }
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"]
        .iter()
        .any(|x| lower.ends_with(x))
        .then_some("an image starting with `/` is looked for at the site's root: commit it beside the runbook and write its relative path (`![diagram](diagram.png)`)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_hints_fit_the_mistake() {
        assert!(scheme_hint("link:https://access.redhat.com").starts_with("drop `link:`"));
        assert!(scheme_hint("hhttps://gitlab.com/x").starts_with("`hhttps` -> `https`"));
        assert_eq!(scheme_hint("javascript:alert(1)"), ALLOWED);
        assert!(scheme_hint("https://console.<<tenant()>>.x.io")
            .starts_with("the address is not valid"));
    }
}
