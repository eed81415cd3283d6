//! Hugo's callout shortcodes, read as the callouts they draw on their sites: Docsy's
//! `{{% alert title="Mind" color="warning" %}}`, the Learn and Relearn themes' `{{% notice
//! tip "Title" %}}` (or `style="tip"`), Hextra's `{{< callout type="warning" >}}`, each on a
//! line of its own over its body and its closing `{{% /alert %}}`. CommonMark shows the
//! markers as text; GitHub does too, but a tree that was a Hugo site means the callout.

/// The shortcodes read, by the name Hugo calls them by.
const NAMES: [&str; 3] = ["alert", "notice", "callout"];

/// The text between `{{%`/`{{<` and `%}}`/`>}}` when `line` is one shortcode alone.
fn inside(line: &str) -> Option<&str> {
    let s = line.trim();
    let (open, close) = if s.starts_with("{{%") {
        ("{{%", "%}}")
    } else {
        ("{{<", ">}}")
    };
    s.strip_prefix(open)?.strip_suffix(close).map(str::trim)
}

/// The name of the callout shortcode `line` opens, and the alert line it is written as
/// (`> [!warning] Mind`).
pub(super) fn opener(line: &str) -> Option<(&'static str, String)> {
    let s = inside(line)?;
    let name_len = s.find(' ').unwrap_or(s.len());
    let name = *NAMES.iter().find(|&&n| n == &s[..name_len])?;
    let (mut kind, mut title) = (None, None);
    let mut positional = Vec::new();
    let mut rest = s[name_len..].trim_start();
    while !rest.is_empty() {
        let (key, after) = match rest.find(['=', ' ', '"']) {
            Some(i) if rest.as_bytes()[i] == b'=' => (Some(&rest[..i]), &rest[i + 1..]),
            _ => (None, rest),
        };
        let (value, after) = match after.strip_prefix('"') {
            Some(q) => {
                let end = q.find('"')?;
                (&q[..end], &q[end + 1..])
            }
            None => after.split_at(after.find(' ').unwrap_or(after.len())),
        };
        match key {
            Some("title") => title = Some(value),
            Some("color" | "style" | "type" | "theme") => kind = Some(value),
            Some(_) => {}
            None => positional.push(value),
        }
        rest = after.trim_start();
    }
    let kind = kind.or(positional.first().copied());
    let title = title.or(positional.get(1).copied()).map(str::trim);
    let (alert, name_of_kind) = match kind.map(|k| (super::alert_of(k), k)) {
        Some((Some(alert), k)) => (alert, k),
        _ => ("note", "note"),
    };
    let title = match title {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => {
            let mut chars = name_of_kind.chars();
            let first = chars.next()?;
            format!("{}{}", first.to_uppercase(), chars.as_str().to_lowercase())
        }
    };
    Some((name, format!("> [!{alert}] {title}\n")))
}

/// Whether `line` closes the shortcode `name` (`{{% /alert %}}`).
pub(super) fn closes(line: &str, name: &str) -> bool {
    inside(line)
        .and_then(|s| s.strip_prefix('/'))
        .is_some_and(|s| s.trim() == name)
}

#[cfg(test)]
mod tests {
    use super::super::rewrite;
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn openers_name_their_alert_and_title() {
        for (line, want) in [
            (
                "{{% alert title=\"TL;DR\" color=\"warning\" %}}\n",
                "> [!warning] TL;DR\n",
            ),
            ("{{< alert >}}", "> [!note] Note\n"),
            ("{{% alert color=\"danger\" %}}", "> [!caution] Danger\n"),
            ("{{% notice tip \"Keep it\" %}}", "> [!tip] Keep it\n"),
            ("{{% notice style=\"info\" %}}", "> [!note] Info\n"),
            ("{{< callout type=warning >}}", "> [!warning] Warning\n"),
        ] {
            assert_eq!(opener(line).map(|o| o.1).as_deref(), Some(want), "{line}");
        }
        for line in [
            "{{< figure src=\"x.png\" >}}",
            "{{% alert title=\"open %}}",
            "text {{% alert %}}",
            "{{% /alert %}}",
        ] {
            assert_eq!(opener(line), None, "{line}");
        }
        assert!(closes("  {{% /alert %}}\n", "alert") && closes("{{< / notice >}}", "notice"));
        assert!(!closes("{{% /alert %}}", "notice"));
    }

    #[test]
    fn a_shortcode_over_its_body_is_a_callout() {
        let md = "Intro.\n{{% alert title=\"Mind\" color=\"warning\" %}}\nBody *here*.\n\n```sh\nrm x\n```\n{{% /alert %}}\nAfter.\n";
        assert_eq!(
            rewrite(md).0,
            "Intro.\n> [!warning] Mind\n> Body *here*.\n>\n> ```sh\n> rm x\n> ```\n\nAfter.\n"
        );
        for md in [
            "{{% alert %}}\nno end\n",
            "```\n{{% alert %}}\nx\n{{% /alert %}}\n```\n",
            "    {{% alert %}}\n    x\n    {{% /alert %}}\n",
        ] {
            assert!(matches!(rewrite(md).0, Cow::Borrowed(_)), "{md}");
        }
    }

    /// Openers without their closing shortcode are looked past once, not once each.
    #[test]
    fn many_unclosed_openers_stay_linear() {
        let md = "{{% alert %}}\ntext\n".repeat(100_000);
        let t = std::time::Instant::now();
        assert!(matches!(rewrite(&md).0, Cow::Borrowed(_)));
        // Linear: under a second in a debug build; quadratic: minutes.
        assert!(t.elapsed().as_secs_f64() < 10.0, "{:?}", t.elapsed());
    }
}
