//! Link destinations that open with a template's expression (Jekyll's Liquid
//! `{{ site.baseurl }}/docs/x.png`, `{{ site.url }}{{ site.baseurl }}/…`), which a Jekyll
//! site fills in with its address and GitHub, GitLab and pipebook leave as written. Read
//! as a relative path, such a link was reported as a file missing under this file's
//! folder (`docs/a/{{site.baseurl}}/docs/x.png`), with the hint to fix the path relative
//! to it: true, but it named neither the expression nor the path to write. Now the
//! report says both: the path after the expression, from the repository's root (where a
//! Jekyll site's source usually is), written from this file's folder.

use super::{normalize, percent_decode, relative, MarkdownContext, Problem};

/// The most leading `{{ … }}` expressions taken off a link's destination.
const MAX_EXPRESSIONS: usize = 3;

/// Reports `raw`, a link destination in folder `dir` (under the runbook folder) that
/// opens with `{{`, as a link that leads nowhere.
pub(super) fn report_template_link(
    raw: &str,
    dir: &str,
    targets: &MarkdownContext,
    report: &mut impl FnMut(String, &str, Problem),
) {
    let mut rest = raw;
    let mut taken = 0;
    while taken < MAX_EXPRESSIONS && rest.starts_with("{{") {
        let Some(end) = rest.find("}}") else {
            break;
        };
        rest = &rest[end + 2..];
        taken += 1;
    }
    let expression = &raw[..raw.len() - rest.len()];
    let path = rest
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .trim_start_matches('/');
    let folder = targets.folder.trim_end_matches('/');
    let here = match (folder, dir) {
        ("", d) => d.to_string(),
        (f, "") => f.to_string(),
        (f, d) => format!("{f}/{d}"),
    };
    let suggestion = (rest.starts_with('/') && !path.is_empty())
        .then(|| normalize("", &percent_decode(path)))
        .flatten()
        .map(|to| relative(&here, &to));
    let hint = match suggestion {
        // `[{{logDNA-name}}]({{logDNA-link}})`: a placeholder for a whole address, which
        // no path from this file's folder replaces.
        None if rest.is_empty() => "write the address itself: pipebook, GitHub and GitLab fill in no placeholder, a site's own (`{{logDNA-link}}`) or Liquid's".to_string(),
        Some(s) => format!("write the path from this file's folder, which GitHub, GitLab and pipebook read: `{s}` if the site's source was the repository's root"),
        None => "write the path from this file's folder, which GitHub, GitLab and pipebook read".to_string(),
    };
    let expression = if expression.is_empty() {
        raw
    } else {
        expression
    };
    let inner = expression.trim_start_matches('{').trim_start();
    let kind = if super::foreign::LIQUID_OBJECTS
        .iter()
        .any(|o| inner.starts_with(o))
    {
        "Jekyll's Liquid"
    } else {
        // `{{logDNA-link}}`: a site's own placeholder, filled in by a tool of its own.
        "a placeholder"
    };
    report(
        format!("link `{raw}` opens with the template expression `{expression}` ({kind}), which pipebook, GitHub and GitLab do not fill in: it leads nowhere"),
        &hint,
        Problem::Broken,
    );
}
