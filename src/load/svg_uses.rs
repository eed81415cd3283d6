//! How many shapes an SVG's `<use>` elements make a browser draw. Each `<use>` draws a
//! copy of what it refers to, `<use>`s inside included: nine levels of ten make 10⁹
//! copies out of 1.8 kB (a "billion laughs" of SVG). As a runbook's image it froze
//! Chromium's page load for over 40 s, for every reader of the runbook.

use std::collections::HashMap;

/// The most copies the `<use>` elements of one image may draw.
pub const MAX_USE_COPIES: u64 = 10_000;

/// The graph of an SVG's ids, fed in document order by the SVG check.
#[derive(Default)]
pub struct Uses {
    /// Open elements' depth, with the id of those that have one and the node they are.
    open: Vec<Option<usize>>,
    /// Per node (0 is the document): what it draws, each a node or an id to look up.
    edges: Vec<Vec<Edge>>,
    ids: HashMap<String, usize>,
}

enum Edge {
    Node(usize),
    Id(String),
}

impl Uses {
    /// The innermost open node (an element with an id, or the document).
    fn current(&self) -> usize {
        self.open.iter().rev().find_map(|n| *n).unwrap_or(0)
    }

    /// An element opens: `id` its id, `use_of` the id a `<use>` refers to (see [`fragment`]).
    pub fn start(&mut self, id: Option<&str>, use_of: Option<&str>, empty: bool) {
        if self.edges.is_empty() {
            self.edges.push(Vec::new());
        }
        let parent = self.current();
        let node = id.map(|id| {
            let node = self.edges.len();
            self.edges.push(Vec::new());
            self.edges[parent].push(Edge::Node(node));
            self.ids.entry(id.to_string()).or_insert(node);
            node
        });
        if let Some(target) = use_of {
            let from = node.unwrap_or(parent);
            self.edges[from].push(Edge::Id(target.to_string()));
        }
        if !empty {
            self.open.push(node);
        }
    }

    /// An element closes.
    pub fn end(&mut self) {
        self.open.pop();
    }

    /// The copies the `<use>`s draw in all, if at most [`MAX_USE_COPIES`]; `Err` when
    /// more, or when a `<use>` draws itself. Each node is counted once (by an explicit
    /// stack: a chain of 100,000 ids must not overflow the thread's).
    pub fn copies(&self) -> Result<u64, ()> {
        if self.edges.is_empty() {
            return Ok(0);
        }
        // None: not seen; Some(None): being counted; Some(Some(n)): n shapes.
        let mut count: Vec<Option<Option<u64>>> = vec![None; self.edges.len()];
        let mut stack = vec![(0usize, 0usize)];
        count[0] = Some(None);
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let target = self.edges[node].get(*next).map(|e| match e {
                Edge::Node(n) => Some(*n),
                Edge::Id(id) => self.ids.get(id).copied(),
            });
            *next += 1;
            match target {
                Some(Some(t)) => match count[t] {
                    None => {
                        count[t] = Some(None);
                        stack.push((t, 0));
                    }
                    Some(None) => return Err(()),
                    Some(Some(_)) => {}
                },
                Some(None) => {}
                None => {
                    let total = self.edges[node].iter().fold(1u64, |sum, e| {
                        let t = match e {
                            Edge::Node(n) => Some(*n),
                            Edge::Id(id) => self.ids.get(id).copied(),
                        };
                        sum.saturating_add(t.and_then(|t| count[t].flatten()).unwrap_or(0))
                    });
                    count[node] = Some(Some(total));
                    stack.pop();
                }
            }
        }
        // What the `<use>`s draw: each a copy of its target, with all it holds. Ids alone
        // draw nothing more (a diagram of 20,000 shapes with ids is no bomb).
        let copies = self
            .edges
            .iter()
            .flatten()
            .filter_map(|e| match e {
                Edge::Id(id) => self.ids.get(id).and_then(|&t| count[t].flatten()),
                Edge::Node(_) => None,
            })
            .fold(0u64, u64::saturating_add);
        if copies > MAX_USE_COPIES {
            return Err(());
        }
        Ok(copies)
    }
}

/// The id a `<use>`'s reference names, read as a browser reads it: as a URL (tabs and
/// newlines dropped, spaces and controls trimmed) whose fragment is percent-decoded
/// (`#%6C1` is `l1`). `None` for a reference to another file: it could not be counted
/// here, and a browser takes `bomb.svg#x` inside bomb.svg for `#x` (so it is refused).
pub fn fragment(reference: &str) -> Option<String> {
    let url: String = reference
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let id = url.strip_prefix('#')?;
    Some(
        percent_encoding::percent_decode_str(id)
            .decode_utf8_lossy()
            .into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uses(elements: &[(i32, Option<&str>, Option<&str>)]) -> Result<u64, ()> {
        // (depth change: 1 opens, 0 an empty element, -1 closes), id, use of.
        let mut u = Uses::default();
        for &(kind, id, of) in elements {
            match kind {
                -1 => u.end(),
                k => u.start(id, of.and_then(fragment).as_deref(), k == 0),
            }
        }
        u.copies()
    }

    #[test]
    fn copies_multiply_through_nested_uses() {
        // `<g id=a><path/></g>` used three times: a few shapes.
        let flat = uses(&[
            (1, Some("a"), None),
            (0, None, None),
            (-1, None, None),
            (0, None, Some("#a")),
            (0, None, Some("#a")),
            (0, None, Some("#a")),
        ]);
        assert!(flat.is_ok_and(|n| n < 10), "{flat:?}");
        // Levels of ten uses of the level below: 10^k.
        let mut bomb = vec![(0, Some("l0"), None)];
        for level in 1..=5 {
            let below = format!("#l{}", level - 1);
            let id = format!("l{level}");
            bomb.push((1, Some(Box::leak(id.into_boxed_str()) as &str), None));
            for _ in 0..10 {
                bomb.push((
                    0,
                    None,
                    Some(Box::leak(below.clone().into_boxed_str()) as &str),
                ));
            }
            bomb.push((-1, None, None));
        }
        assert_eq!(
            uses(&bomb[..1 + 3 * 12]),
            Ok(10 + 110 + 1110),
            "three levels pass"
        );
        assert_eq!(uses(&bomb), Err(()));
        // A use of itself, or of an id nowhere, or no use at all.
        assert_eq!(
            uses(&[
                (1, Some("a"), None),
                (0, None, Some("#a")),
                (-1, None, None)
            ]),
            Err(())
        );
        assert!(uses(&[(0, None, Some("#nowhere"))]).is_ok());
        assert_eq!(uses(&[]), Ok(0));
        // Many ids and no use: nothing is copied.
        let ids: Vec<String> = (0..20_000).map(|i| format!("s{i}")).collect();
        let mut u = Uses::default();
        for id in &ids {
            u.start(Some(id), None, true);
        }
        assert_eq!(u.copies(), Ok(0));
    }

    #[test]
    fn references_are_read_as_urls() {
        assert_eq!(fragment("#a").as_deref(), Some("a"));
        assert_eq!(fragment(" #%6C\t1 \n").as_deref(), Some("l1"));
        assert_eq!(fragment("#caf%C3%A9").as_deref(), Some("café"));
        assert_eq!(fragment("#"), Some(String::new()));
        assert_eq!(fragment("bomb.svg#l8"), None);
        assert_eq!(fragment("./x.svg"), None);
    }

    #[test]
    fn a_long_chain_does_not_overflow() {
        let mut u = Uses::default();
        for i in 0..100_000 {
            u.start(Some(&format!("n{i}")), Some(&format!("n{}", i + 1)), true);
        }
        assert!(u.copies().is_err(), "100,000 copies in a chain");
    }
}
