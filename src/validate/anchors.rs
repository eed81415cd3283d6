//! Links to anchors: each must find its anchor on the page it points at, and a broken one
//! gets the nearest anchors as suggestions, within a budget.

use super::*;
use crate::markdown::{label_hint, relative_path, LabelAt};
use anchor_table::AnchorLookup;

/// Links to an anchor reported per page; the rest are counted in one last problem.
const MAX_ANCHOR_REPORTS: usize = 100;

/// Edit-distance work (pairs of characters compared) spent on suggestions per page: with
/// 10,000 anchors and as many broken links, comparing each link with every anchor would
/// take minutes. Past it, hints list anchors instead of guessing.
const SUGGESTION_BUDGET: usize = 20_000_000;

/// Every link to an anchor must find it on the page it points at (or in lower case, with
/// GitHub's `heading_ids`: see [`AnchorLookup::finds`]). Given each runbook
/// page's slug and the links of it still to check, and where the pages' anchors are; runs
/// after rendering, which is when anchors are known.
pub fn check_anchors<'a>(
    pages: impl Iterator<Item = (&'a str, &'a [crate::markdown::AnchorLink])>,
    anchors: &dyn AnchorLookup,
    labels: &HashMap<&str, LabelAt<'_>>,
    files: &HashMap<&str, &str>,
    severity: crate::model::BrokenLinks,
    heading_ids: crate::model::HeadingIds,
    diags: &mut Diagnostics,
) {
    let lower = heading_ids == crate::model::HeadingIds::Github;
    // Each target page's anchors in order, sorted once, when first needed.
    let mut sorted: HashMap<&str, Vec<&str>> = HashMap::new();
    for (slug, links) in pages {
        let mut reported = 0;
        let (mut left_out, mut left_out_error) = (0, false);
        let mut budget = SUGGESTION_BUDGET;
        for link in links {
            if anchors.finds(&link.page, &link.anchor, lower) != Some(false) {
                continue;
            }
            let error = severity == crate::model::BrokenLinks::Error;
            if reported == MAX_ANCHOR_REPORTS {
                left_out += 1;
                left_out_error |= error;
                continue;
            }
            reported += 1;
            let all = sorted
                .entry(link.page.as_str())
                .or_insert_with(|| anchors.sorted(&link.page));
            let hint = match (
                source_lines(&link.written),
                labels.get(link.anchor.as_str()),
            ) {
                (true, _) => SOURCE_LINES_HINT.to_string(),
                (false, Some(at)) => {
                    label_hint(&format!("#{}", link.anchor), at, &link.location.file)
                }
                // A near anchor of the page the link names comes before another page's
                // (cse-playbook's `markdown.md#vs-code-extensions` meant its
                // `#vscode-extensions`, not another page's `#vs-code-extensions`).
                (false, None) => (placeholder_hint(&link.anchor))
                    .or_else(|| punctuation_hint(all, link, heading_ids))
                    .or_else(|| {
                        let text = link.text.as_deref();
                        near_anchor_hint(all, &link.anchor, text, &mut budget)
                    })
                    .or_else(|| elsewhere_hint(link, anchors, files, lower))
                    .unwrap_or_else(|| listing_hint(all)),
            };
            let message = format!(
                "link `{}` points to #{}, which is not a heading or step of {}",
                link.written,
                link.anchor,
                if link.page == slug {
                    "this page"
                } else {
                    "that page"
                }
            );
            diags.broken_link(error, link.location.clone(), message, hint);
        }
        if left_out > 0 {
            let location = links
                .first()
                .map(|l| Location::file(l.location.file.clone()))
                .unwrap_or_else(|| Location::file(slug));
            let message = format!(
                "{left_out} more links of this file point to missing anchors (the first {MAX_ANCHOR_REPORTS} are reported)"
            );
            let hint = "fix the links reported above, then run again to see the rest";
            diags.broken_link(left_out_error, location, message, hint);
        }
    }
}

/// Words that mark an anchor as a placeholder its author meant to fill in.
const PLACEHOLDER_WORDS: [&str; 5] = ["todo", "tbd", "fixme", "xxx", "placeholder"];

/// Said of a link to an anchor named as a placeholder (`#TODO-link-to-actual-resource`,
/// 92 links of Counteractive's plan template): broken on the forges too, and no heading
/// was meant, so suggesting one would mislead.
fn placeholder_hint(anchor: &str) -> Option<String> {
    let word = anchor
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| PLACEHOLDER_WORDS.iter().any(|p| w.eq_ignore_ascii_case(p)))?;
    Some(format!(
        "`{word}` marks a placeholder left to fill in: write the address it stands for, or the text without a link until that exists"
    ))
}

/// Said of a link whose anchor holds characters heading ids leave out, when the anchor
/// without them is one of the page's (`#step-3-(optional)` for `## Step 3 (optional)`,
/// `#javascript-+-nodejs` for `### JavaScript + NodeJS`): the heading it means, which
/// characters its id lacks, and the link that works. `all` is the page's anchors, sorted.
/// Linear in the anchor's length, and a binary search.
fn punctuation_hint(
    all: &[&str],
    link: &crate::markdown::AnchorLink,
    rule: crate::model::HeadingIds,
) -> Option<String> {
    let anchor = link.anchor.as_str();
    let mut dropped: Vec<char> = Vec::new();
    for c in anchor.chars() {
        if c != ' ' && !crate::markdown::id_keeps(rule, c) && !dropped.contains(&c) {
            if dropped.len() == 8 {
                break;
            }
            dropped.push(c);
        }
    }
    if dropped.is_empty() {
        return None;
    }
    let id = crate::markdown::heading_slug(rule, anchor);
    if id.is_empty() || all.binary_search(&id.as_str()).is_err() {
        return None;
    }
    let chars: Vec<String> = dropped.iter().map(|c| format!("`{c}`")).collect();
    let forge = match rule {
        crate::model::HeadingIds::Github => "GitHub",
        crate::model::HeadingIds::Gitlab => "GitLab",
    };
    let written = link
        .written
        .rfind('#')
        .map_or(link.written.as_str(), |i| &link.written[..i]);
    Some(format!(
        "the heading it means has the id #{id}: {forge}, as this site, leaves {} out of a heading's id, so the link is broken there too; link to `{written}#{id}`",
        chars.join(", ")
    ))
}

/// Said of a link whose anchor is not on the page it names but is the id of one other
/// page's heading (a section moved to a page of its own, or a heading of the page that
/// lists them): that page's file and the link that works. `files` is each page's source
/// file by slug. An id on several pages (`symptoms`, `steps.3`) tells nothing: `None`.
fn elsewhere_hint(
    link: &crate::markdown::AnchorLink,
    anchors: &dyn AnchorLookup,
    files: &HashMap<&str, &str>,
    lower: bool,
) -> Option<String> {
    let mut id = link.anchor.clone();
    let mut held = anchors.holders(&id);
    if held.count == 0 && lower {
        id = id.to_lowercase();
        held = anchors.holders(&id);
    }
    let file = *files.get(held.first.filter(|_| held.count == 1)?)?;
    let path = relative_path(&link.location.file, file);
    Some(if path.is_empty() {
        format!("#{id} is a heading or step of this page, not of the page the link names: link to `#{id}`")
    } else {
        format!(
            "#{id} is a heading or step of another page, {file} (the only page with that id); if it is the one meant, link to `{path}#{id}`"
        )
    })
}

/// Said of a broken `x.md?plain=1#L3`: the forge's source view with its lines marked, which
/// a site without a forge cannot open (with one, the link goes there: `links::source_view`).
const SOURCE_LINES_HINT: &str = "`#L…` (or `?plain=1#L…`) is the file's source on GitHub or GitLab with those lines marked, which the page has not: set site.yaml's `repository` to the GitHub or GitLab repository's address (https://github.com/org/ops) so that such links open it there";

/// Whether a link as written (`x.md?plain=1#L3`, `x.md#L10-L20`) asks for a file's
/// source view, or its lines.
fn source_lines(written: &str) -> bool {
    let (before, fragment) = written.split_once('#').unwrap_or((written, ""));
    let lines = fragment.strip_prefix('L').is_some_and(|n| {
        n.starts_with(|c: char| c.is_ascii_digit())
            && n.bytes()
                .all(|b| b.is_ascii_digit() || b == b'-' || b == b'L')
    });
    lines
        || before
            .split_once('?')
            .is_some_and(|(_, query)| query.split('&').any(|p| p == "plain=1"))
}

/// The anchors near `anchor` (at most two edits away), while `budget` lasts; else the
/// first few anchors of the page.
pub(crate) fn anchor_hint(all: &[&str], anchor: &str, budget: &mut usize) -> String {
    named_anchor_hint(all, anchor, None, budget)
}

/// [`anchor_hint`] for a link whose text is `text`: the heading named by that text comes
/// before the anchors spelled like the missing one (`[Determine your Go version](#step-1)`
/// meant `#1-determine-your-go-version`, not `#step-2`), and alone, since following a
/// wrong suggestion sends readers to the wrong step without a word.
fn named_anchor_hint(all: &[&str], anchor: &str, text: Option<&str>, budget: &mut usize) -> String {
    near_anchor_hint(all, anchor, text, budget).unwrap_or_else(|| listing_hint(all))
}

/// The suggestion of [`named_anchor_hint`], if one of the page's anchors is named like
/// the link's text or spelled like its anchor.
fn near_anchor_hint(
    all: &[&str],
    anchor: &str,
    text: Option<&str>,
    budget: &mut usize,
) -> Option<String> {
    if let Some(id) = text.and_then(|text| heading_named(all, text, budget)) {
        return Some(format!(
            "did you mean #{id}, the heading named like the link's text?"
        ));
    }
    let len = anchor.chars().count();
    let mut near = Vec::new();
    for id in all {
        // Ids whose length differs by more than two characters (eight bytes at most)
        // cannot be two edits away.
        if id.len().abs_diff(anchor.len()) > 8 {
            continue;
        }
        let cost = len.saturating_mul(id.len());
        if *budget < cost {
            near.clear();
            break;
        }
        *budget -= cost;
        let d = edit_distance(id, anchor);
        if d <= 2 {
            near.push((d, *id));
        }
    }
    // The closest first, at most eight.
    near.sort_by_key(|&(d, _)| d);
    let near: Vec<&str> = near.into_iter().take(8).map(|(_, id)| id).collect();
    (!near.is_empty()).then(|| format!("did you mean #{}?", near.join(", #")))
}

/// Said of a link to an anchor the page lacks when nothing like it is found: the page's
/// anchors, the first few.
fn listing_hint(all: &[&str]) -> String {
    if all.is_empty() {
        "the page has no headings or numbered steps to link to: link to the page itself".into()
    } else {
        let shown: Vec<&str> = all.iter().copied().take(8).collect();
        format!(
            "link to a heading or numbered step of the page; its anchors include #{}",
            shown.join(", #")
        )
    }
}

/// The anchor whose words are `text`'s (lowercased, punctuation aside), or end with them
/// (`#1-determine-your-go-version`, `#step-1-determine-your-go-version` for "Determine your
/// Go version"): the exact one first, else the shortest. Each id compared costs its length
/// of `budget`.
fn heading_named<'a>(all: &[&'a str], text: &str, budget: &mut usize) -> Option<&'a str> {
    let text = words(text);
    if text.is_empty() {
        return None;
    }
    // The id and the length of its words.
    let mut best: Option<(&str, usize)> = None;
    for id in all {
        if *budget < id.len() {
            break;
        }
        *budget -= id.len();
        let words = words(id);
        let named = words == text
            || words
                .strip_suffix(text.as_str())
                .is_some_and(|before| before.ends_with('-'));
        if named && best.is_none_or(|(_, len)| words.len() < len) {
            best = Some((id, words.len()));
        }
    }
    best.map(|(id, _)| id)
}

/// `s`'s words, lowercased, joined by `-`: a heading's id and its text read the same.
fn words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Levenshtein distance, for suggesting the anchor that was probably meant.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("checks", "chekcs"), 2);
        assert_eq!(edit_distance("steps-2", "step-2"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn placeholders_are_told_as_such() {
        let hint = placeholder_hint("TODO-link-to-actual-resource").unwrap();
        assert!(hint.starts_with("`TODO` marks a placeholder"), "{hint}");
        assert!(placeholder_hint("step-tbd").is_some());
        // A word is whole: `todos` and `xxxl` are words of their own.
        assert_eq!(placeholder_hint("list-of-todos"), None);
        assert_eq!(placeholder_hint("size-xxxl"), None);
        assert_eq!(placeholder_hint("symptoms"), None);
    }

    #[test]
    fn paths_in_hints_are_links_as_written() {
        assert_eq!(relative_path("a/x.md", "a/x.md"), "");
        assert_eq!(relative_path("a/b/x.md", "a/c/y.md"), "../c/y.md");
        // A space would end the link's destination.
        assert_eq!(
            relative_path(
                "r/01. Investigate/IOCs.md",
                "r/01. Investigate/Collect Leads.md"
            ),
            "Collect%20Leads.md"
        );
    }

    #[test]
    fn a_page_without_anchors_says_so() {
        let hint = anchor_hint(&[], "topology", &mut 100);
        assert!(hint.starts_with("the page has no headings"), "{hint}");
    }

    #[test]
    fn the_heading_named_by_the_link_text_is_suggested_alone() {
        let all = ["1-determine-your-go-version", "step-1-check", "step-2"];
        let text = Some("Determine your **Go** version");
        let hint = named_anchor_hint(&all, "step-1", text, &mut 1000);
        assert_eq!(
            hint,
            "did you mean #1-determine-your-go-version, the heading named like the link's text?"
        );
        // Without a heading of that name, the anchors spelled alike.
        let hint = named_anchor_hint(&all, "step-1", Some("Elsewhere"), &mut 1000);
        assert!(hint.starts_with("did you mean #step-2"), "{hint}");
        // A word's end is no word: "version" does not name "...-subversion".
        let hint = named_anchor_hint(&["use-subversion"], "x", Some("version"), &mut 1000);
        assert!(!hint.starts_with("did you mean"), "{hint}");
    }

    #[test]
    fn the_exact_name_wins_over_a_longer_one() {
        let all = ["2-restart-the-job", "restart-the-job"];
        assert_eq!(
            heading_named(&all, "Restart the job", &mut 1000),
            Some("restart-the-job")
        );
        assert_eq!(heading_named(&all, "Restart the job", &mut 5), None);
        assert_eq!(heading_named(&all, "`--`", &mut 1000), None);
    }

    #[test]
    fn anchor_hints_stay_within_their_budget() {
        let ids: Vec<String> = (0..1000).map(|i| format!("step-{i}")).collect();
        let all: Vec<&str> = ids.iter().map(String::as_str).collect();
        let mut budget = SUGGESTION_BUDGET;
        let hint = anchor_hint(&all, "stepp-7", &mut budget);
        assert!(hint.starts_with("did you mean #step-7, "), "{hint}");
        assert_eq!(hint.matches('#').count(), 8, "{hint}");
        let mut budget = 10;
        let hint = anchor_hint(&all, "stepp-7", &mut budget);
        assert!(hint.starts_with("link to a heading"), "{hint}");
    }
}
