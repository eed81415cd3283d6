//! The text of each loaded file, kept for diagnostics: where each value is.

use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostics::{offset_of, Location};

/// The text of a loaded file and where each of its values starts.
#[derive(Debug, Clone, Default)]
pub struct SourceFile {
    /// Path shown to the user, relative to the root (`content/pipelines.yaml`).
    pub display: String,
    pub text: String,
    /// Byte range of each value, keyed by its path (`pipelines[2].primary`).
    pub spans: Spans,
}

impl SourceFile {
    /// The location of the value at `path`, or of its nearest located parent.
    pub fn locate(&self, path: &str) -> Location {
        let mut p = path;
        loop {
            if let Some(span) = self.spans.get(p) {
                return Location::at(&self.display, &self.text, span);
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => return Location::file(&self.display),
            }
        }
    }

    /// The location of a 1-based line and column, as reported by a parser.
    pub fn at_line_col(&self, line: usize, col: usize) -> Location {
        let start = offset_of(&self.text, line, col);
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i)
            .max(start);
        Location {
            file: self.display.clone(),
            line,
            col,
            span: Some(start..end),
        }
    }
}

/// The data files, by role, for diagnostics.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub site: SourceFile,
    pub team: SourceFile,
    pub pipelines: SourceFile,
    pub oncall: SourceFile,
    /// A committed CODEOWNERS file, if there is one: (path under the root, text).
    pub codeowners: Option<(String, String)>,
}

/// The byte range of each value of a file, by its path (`pipelines[2].primary`), packed:
/// the paths one after the other in one string, in order, and three numbers per value.
/// Each of 100,000 runbooks held a hash map of its front matter's few values (about 450
/// bytes; about 110 so).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spans {
    /// Every path, in the order of `ends`.
    paths: Box<str>,
    /// Per value, sorted by path: where its path ends in `paths` (it begins where the
    /// previous one ends), and the start and end of the value in the file.
    ends: Box<[[u32; 3]]>,
}

impl Spans {
    /// The range of the value at `path`, if it was located.
    pub fn get(&self, path: &str) -> Option<Range<usize>> {
        let (mut low, mut high) = (0, self.ends.len());
        while low < high {
            let mid = low + (high - low) / 2;
            match self.path(mid).cmp(path) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => {
                    let [_, start, end] = self.ends[mid];
                    return Some(start as usize..end as usize);
                }
            }
        }
        None
    }

    /// Whether the value at `path` was located.
    pub fn contains_key(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// Whether no value was located.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Adds the spans of `more`, which win over those of the same paths.
    pub fn extend<S>(&mut self, more: HashMap<String, Range<usize>, S>) {
        let mut all: HashMap<String, Range<usize>> = (0..self.ends.len())
            .map(|i| {
                let [_, start, end] = self.ends[i];
                (self.path(i).to_string(), start as usize..end as usize)
            })
            .collect();
        all.extend(more);
        *self = Spans::from(all);
    }

    /// The path of the `i`-th value.
    fn path(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.ends[i - 1][0] as usize
        };
        &self.paths[start..self.ends[i][0] as usize]
    }
}

impl<S> From<HashMap<String, Range<usize>, S>> for Spans {
    /// Packs `spans`. Files are at most a few MiB (`load::MAX_TEXT_BYTES`), so offsets fit
    /// 32 bits; a value past them would be left out, located at its parent instead.
    fn from(spans: HashMap<String, Range<usize>, S>) -> Self {
        let mut all: Vec<(String, Range<usize>)> = spans.into_iter().collect();
        all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut paths = String::with_capacity(all.iter().map(|(p, _)| p.len()).sum());
        let mut ends = Vec::with_capacity(all.len());
        for (path, span) in all {
            let (Ok(start), Ok(end), Ok(path_end)) = (
                u32::try_from(span.start),
                u32::try_from(span.end),
                u32::try_from(paths.len() + path.len()),
            ) else {
                continue;
            };
            paths.push_str(&path);
            ends.push([path_end, start, end]);
        }
        Spans {
            paths: paths.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_spans_find_every_path_and_no_other() {
        let map: HashMap<String, Range<usize>> = [
            ("title", 7..20),
            ("pipelines", 32..45),
            ("pipelines[0]", 33..38),
            ("pipelines[1]", 40..44),
            ("a", 0..1),
            ("", 0..50),
        ]
        .into_iter()
        .map(|(p, r)| (p.to_string(), r))
        .collect();
        let spans = Spans::from(map.clone());
        for (path, range) in &map {
            assert_eq!(spans.get(path), Some(range.clone()), "{path}");
        }
        for absent in ["pipelines[2]", "titl", "title.x", "b", "pipelines["] {
            assert_eq!(spans.get(absent), None, "{absent}");
        }
        assert!(Spans::default().get("title").is_none() && Spans::default().is_empty());

        let mut more = spans.clone();
        more.extend(HashMap::from([
            ("title".to_string(), 1..2),
            ("z".to_string(), 3..4),
        ]));
        assert_eq!(more.get("title"), Some(1..2));
        assert_eq!(more.get("z"), Some(3..4));
        assert_eq!(more.get("pipelines[1]"), Some(40..44));
    }
}
