//! Synonyms: groups of words and phrases that stand for each other in a query (`full` ↔
//! `filling`), a compiled-in table that a site extends with `search_synonyms` in
//! site.yaml. The browser gets them in `meta.json`, so their size is bounded.

/// The default groups, one a line (see the file's header).
const DEFAULT: &str = include_str!("synonyms.txt");

/// The most groups a site may add: the table is part of every first query's download.
pub const MAX_GROUPS: usize = 200;
/// The most phrases in one group.
pub const MAX_PHRASES: usize = 12;
/// The most words in one phrase, and bytes in one phrase.
pub const MAX_WORDS: usize = 4;
pub const MAX_BYTES: usize = 40;

/// Every group: the default table, then the site's `extra` groups, each phrase lowercased
/// with its white space collapsed. Phrases that [`problems`] reports are left out.
pub fn table(extra: &[Vec<String>]) -> Vec<Vec<String>> {
    let defaults = DEFAULT
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split(',').map(str::to_string).collect::<Vec<_>>());
    defaults
        .chain(extra.iter().take(MAX_GROUPS).cloned())
        .map(|group| {
            let mut out: Vec<String> = Vec::new();
            for p in group.iter().take(MAX_PHRASES) {
                let p = normalize(p);
                if phrase_problem(&p).is_none() && !out.contains(&p) {
                    out.push(p);
                }
            }
            out
        })
        .filter(|g| g.len() >= 2)
        .collect()
}

fn normalize(phrase: &str) -> String {
    phrase
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn phrase_problem(p: &str) -> Option<String> {
    if p.is_empty() {
        return Some("is empty".into());
    }
    if p.len() > MAX_BYTES {
        return Some(format!("is longer than {MAX_BYTES} bytes"));
    }
    if p.split(' ').count() > MAX_WORDS {
        return Some(format!("has more than {MAX_WORDS} words"));
    }
    if super::words(p).is_empty() {
        return Some("holds no word".into());
    }
    None
}

/// What is wrong with a site's `search_synonyms`: `(path, message)`, the path as
/// `search_synonyms[2][1]`, for the site.yaml location of each.
pub fn problems(extra: &[Vec<String>]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if extra.len() > MAX_GROUPS {
        out.push((
            format!("search_synonyms[{MAX_GROUPS}]"),
            format!(
                "search_synonyms has {} groups; at most {MAX_GROUPS} are allowed (the table is downloaded with every first search)",
                extra.len()
            ),
        ));
    }
    for (g, group) in extra.iter().enumerate().take(MAX_GROUPS) {
        if group.len() < 2 {
            out.push((
                format!("search_synonyms[{g}]"),
                "a group of synonyms needs at least two words or phrases".into(),
            ));
        }
        if group.len() > MAX_PHRASES {
            out.push((
                format!("search_synonyms[{g}][{MAX_PHRASES}]"),
                format!("a group of synonyms has at most {MAX_PHRASES} words or phrases"),
            ));
        }
        for (i, p) in group.iter().enumerate().take(MAX_PHRASES) {
            if let Some(why) = phrase_problem(&normalize(p)) {
                out.push((
                    format!("search_synonyms[{g}][{i}]"),
                    format!("synonym `{}` {why}", p.escape_debug()),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_table_has_the_incident_words() {
        let t = table(&[]);
        let group = |w: &str| t.iter().find(|g| g.contains(&w.to_string())).cloned();
        assert!(group("full").unwrap().contains(&"filling".to_string()));
        assert!(group("oom").unwrap().contains(&"out of memory".to_string()));
        assert!(group("late").unwrap().contains(&"stale".to_string()));
        assert!(t.iter().all(|g| g.len() >= 2));
    }

    #[test]
    fn a_site_adds_groups_normalized() {
        let extra = vec![vec!["  Profit   Data ".into(), "PnL".into()]];
        let t = table(&extra);
        assert_eq!(t.last().unwrap(), &["profit data", "pnl"]);
        assert!(problems(&extra).is_empty());
    }

    #[test]
    fn bad_groups_are_reported_at_their_place_and_left_out() {
        let extra = vec![
            vec!["alone".into()],
            vec!["ok".into(), "a b c d e".into(), "".into(), "x".repeat(41)],
        ];
        let found = problems(&extra);
        let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "search_synonyms[0]",
                "search_synonyms[1][1]",
                "search_synonyms[1][2]",
                "search_synonyms[1][3]"
            ]
        );
        let t = table(&extra);
        assert!(!t.iter().any(|g| g.contains(&"ok".to_string())));
    }

    #[test]
    fn too_many_groups_are_refused() {
        let extra = vec![vec!["a".to_string(), "b".to_string()]; MAX_GROUPS + 5];
        let found = problems(&extra);
        assert_eq!(found.len(), 1);
        assert!(found[0].1.contains("at most 200"));
        assert!(table(&extra).len() <= MAX_GROUPS + DEFAULT.lines().count());
    }
}
