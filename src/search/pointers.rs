//! What `meta.json` tells the browser about pages besides their words: the stubs, which
//! rank below a page of the same name, and the titles of the folders that have their own,
//! by which results say where a page lives.

use std::collections::BTreeMap;

use super::index::Row;

/// The most bytes of folder titles in `meta.json`, which every first query downloads: a
/// site of thousands of titled folders (or of long titles) shows the rest by their names
/// made readable, the shallowest folders (in most results' trails) titled first.
const DIRS_BYTES: usize = 4096;

/// The stubs' page numbers, in order, and the folders with a title of their own: their
/// address -> title.
pub(super) fn pointers(rows: &[Option<Row>]) -> (Vec<u32>, BTreeMap<String, String>) {
    let stubs = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.as_ref().is_some_and(|r| r.stub))
        .map(|(i, _)| i as u32)
        .collect();
    let mut titled: Vec<&Row> = rows.iter().flatten().filter(|r| r.titled_folder).collect();
    titled.sort_by(|a, b| {
        let depth = |r: &Row| r.url.matches('/').count();
        depth(a).cmp(&depth(b)).then_with(|| a.url.cmp(&b.url))
    });
    let mut dirs = BTreeMap::new();
    let mut bytes = 0;
    for row in titled {
        // The quotes, colon and comma of its JSON entry count too.
        bytes += row.url.len() + row.title.len() + 6;
        if bytes > DIRS_BYTES {
            break;
        }
        dirs.insert(row.url.clone(), row.title.clone());
    }
    (stubs, dirs)
}

#[cfg(test)]
mod tests {
    use super::super::Kind;
    use super::*;

    fn row(url: &str, title: &str, stub: bool, titled_folder: bool) -> Option<Row> {
        Some(Row {
            url: url.into(),
            title: title.into(),
            kind: Kind::Runbook,
            names: String::new(),
            lead: String::new(),
            stub,
            titled_folder,
        })
    }

    #[test]
    fn stubs_and_titled_folders_are_listed() {
        let rows = vec![
            row("/runbooks/a/X/", "X", false, false),
            row("/runbooks/b/X/", "X", true, false),
            None,
            row("/runbooks/a/", "Alerts of A", false, true),
            row("/runbooks/b/", "B", false, false),
        ];
        let (stubs, dirs) = pointers(&rows);
        assert_eq!(stubs, [1]);
        assert_eq!(
            dirs.into_iter().collect::<Vec<_>>(),
            [("/runbooks/a/".to_string(), "Alerts of A".to_string())]
        );
    }

    #[test]
    fn folder_titles_are_bounded_shallowest_first() {
        let long = "t".repeat(500);
        let mut rows = vec![row("/runbooks/a/b/c/", "Deep", false, true)];
        rows.extend((0..100).map(|i| row(&format!("/runbooks/f{i}/"), &long, false, true)));
        let (_, dirs) = pointers(&rows);
        let bytes: usize = dirs.iter().map(|(u, t)| u.len() + t.len() + 6).sum();
        assert!(bytes <= DIRS_BYTES && dirs.len() >= 7, "{}", dirs.len());
        assert!(!dirs.contains_key("/runbooks/a/b/c/"));
        assert!(dirs.contains_key("/runbooks/f0/"));
    }
}
