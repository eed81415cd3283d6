//! A host named among the words of a link's text: `[Open grafana.ops.example](https://grafana.evil.example)`.
//!
//! Texts that are an address are read whole (see `host_in_text`); one among words is
//! read only where it passes for the target. Any host among the words that the link does
//! not lead to would be told on 170 honest links of the corpora (`[Fix the migration on
//! sourcegraph.com](https://github.com/…)`, `[GOV.UK Chat](https://github.com/…)`,
//! `[Refresh data on staging.gitlab.com](https://ops.gitlab.net/…)`): a runbook names
//! the machine it acts on and links the tool it acts with. One passes for the target
//! when:
//! - the words tell the reader to go there: the text opens with `Open`, `Visit`, `Go to`,
//!   `Sign in at`… and the host;
//! - the target wears it as its left part (`grafana.ops.example.evil.example`);
//! - both hosts have three labels or more and the same first one, under other domains:
//!   the same service elsewhere (`grafana.ops.example`, `grafana.evil.example`).
//!
//! None of these was met by a link of the corpora.

/// The words before a host that send the reader to it, lower case.
const GO_TO: &[&str] = &[
    "open",
    "visit",
    "go to",
    "browse to",
    "navigate to",
    "head to",
    "sign in at",
    "sign in to",
    "log in at",
    "log in to",
    "login at",
    "login to",
];

/// Endings of a file's name (beside `FILE_ENDINGS`) that a runbook's sentence opens:
/// `Open main.tf`, `Visit nginx.service`.
const MORE_FILE_ENDINGS: &[&str] = &[
    "tf",
    "tfvars",
    "hcl",
    "rb",
    "js",
    "ts",
    "erb",
    "tpl",
    "tmpl",
    "gotmpl",
    "j2",
    "ini",
    "cfg",
    "xml",
    "proto",
    "lock",
    "jsonnet",
    "libsonnet",
    "pdf",
    "zip",
    "gz",
    "tgz",
    "ps1",
    "bat",
    "java",
    "kt",
    "php",
    "pl",
    "lua",
    "env",
    "service",
    "timer",
    "socket",
    "rules",
    "template",
    "sample",
    "bak",
    "orig",
    "diff",
    "patch",
    "ipynb",
    "dockerfile",
];

/// The host named among the words of `text` (a link's text as read) that passes for
/// `target` (the host the link leads to, as `normalize` writes it) without being it or
/// related to it, if one does. `text` is at most a link's shown text (512 bytes).
pub(super) fn passing_host(text: &str, target: &str) -> Option<String> {
    let lower = text.trim().to_lowercase();
    let after_verb = GO_TO.iter().find_map(|verb| {
        let rest = lower.strip_prefix(verb)?.strip_prefix(' ')?;
        Some(rest.strip_prefix("the ").unwrap_or(rest))
    });
    let first_after_verb = after_verb.and_then(|rest| rest.split_whitespace().next());
    lower.split_whitespace().find_map(|word| {
        let shown = host_of_word(word)?;
        let related = shown == target
            || shown.ends_with(&format!(".{target}"))
            || target.ends_with(&format!(".{shown}"));
        if related {
            return None;
        }
        let sent_there = first_after_verb.is_some_and(|w| w.as_ptr() == word.as_ptr());
        let worn = target.starts_with(&format!("{shown}."));
        let (mut a, mut b) = (shown.split('.'), target.split('.'));
        let same_service =
            shown.split('.').count() >= 3 && target.split('.').count() >= 3 && a.next() == b.next();
        (sent_there || worn || same_service).then_some(shown)
    })
}

/// The host `word` (lower case) is, with the punctuation a sentence puts around it and a
/// path or port after it taken off: two labels or more of letters, digits and hyphens,
/// the last of letters and not a file's ending. Without `www.`, in punycode.
fn host_of_word(word: &str) -> Option<String> {
    let word = word.trim_start_matches(['(', '[', '<', '"', '\'', '*', '_']);
    if word.contains('@') || word.contains("://") {
        return None;
    }
    let host = word.split(['/', ':', '?', '#']).next().unwrap_or("");
    let host = host.trim_end_matches(['.', ',', ';', '!', '?', ')', ']', '>', '"', '\'', '*', '_']);
    let (_, tld) = host.rsplit_once('.')?;
    let shaped = (2..=24).contains(&tld.len())
        && tld.chars().all(char::is_alphabetic)
        && !super::FILE_ENDINGS.contains(&tld)
        && !MORE_FILE_ENDINGS.contains(&tld)
        && host.split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    shaped.then(|| super::normalize(host))
}

#[cfg(test)]
mod tests {
    use super::passing_host;

    #[test]
    fn a_host_among_words_passing_for_the_target_is_found() {
        for (text, target, shown) in [
            (
                "Open grafana.ops.example",
                "grafana.evil.example",
                "grafana.ops.example",
            ),
            (
                "Open the grafana.ops.example dashboard",
                "evil.example",
                "grafana.ops.example",
            ),
            (
                "Sign in at sso.ops.example.",
                "evil.example",
                "sso.ops.example",
            ),
            ("Go to WWW.Ops.Example/login", "evil.example", "ops.example"),
            (
                "The dashboard (grafana.ops.example)",
                "grafana.evil.example",
                "grafana.ops.example",
            ),
            (
                "Status of ops.example",
                "ops.example.evil.example",
                "ops.example",
            ),
        ] {
            assert_eq!(passing_host(text, target).as_deref(), Some(shown), "{text}");
        }
    }

    /// Links of the corpora, and the same host or a subdomain: no warning.
    #[test]
    fn honest_texts_naming_a_host_pass() {
        for (text, target) in [
            ("see docs.ops.example for the steps", "docs.ops.example"),
            ("see ops.example for the steps", "docs.ops.example"),
            ("Open grafana.ops.example", "ops.example"),
            (
                "Fix failed database migration on sourcegraph.com",
                "github.com",
            ),
            ("Refresh data on staging.gitlab.com", "ops.gitlab.net"),
            (
                "Sourcegraph.com traffic analytics board",
                "sourcegraph.looker.com",
            ),
            ("GitLab.com Firewall Overview", "dash.cloudflare.com"),
            ("gitlab.rb.template", "gitlab.com"),
            ("gitlab.sidekiq.pods", "gitlab.com"),
            ("Open notes.md", "evil.example"),
            ("Open main.tf", "gitlab.com"),
            ("Visit nginx.service docs", "freedesktop.org"),
            ("Open the runbook", "evil.example"),
            ("Node.js Documentation", "nodejs.org"),
            (
                "data.gov.uk app requests dashboard",
                "grafana.eks.production.govuk.digital",
            ),
        ] {
            assert_eq!(passing_host(text, target), None, "{text}");
        }
    }
}
