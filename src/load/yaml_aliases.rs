//! How much YAML's aliases repeat, weighed before `serde_yaml` reads a file: it copies an
//! anchored value at every `*alias` that uses it, so 300,000 aliases of a 1 MB string (a
//! 1.9 MB front matter) took 17 GB before the build was killed, and nested anchors
//! ("billion laughs") grow as a power of their nesting.
//!
//! Weighed in the one pass over yaml-rust2's events that also finds where each value is
//! written (`yaml::scan`); the events name aliases without copying them. Each node
//! weighs its bytes plus [`NODE`], an anchor what its node weighs with the aliases in it,
//! and the aliases of a file may repeat at most [`FACTOR`] times its size, plus
//! [`ALLOWANCE`]. Anchors as people write them (shared owners, `<<: *defaults`) repeat a
//! fraction of that.

use yaml_rust2::parser::Event;

/// What a node costs beyond its text once read: a `String` or a collection's header.
const NODE: u64 = 32;

/// How many times its own size a file's aliases may repeat.
pub const FACTOR: u64 = 16;

/// What any file's aliases may repeat beyond [`FACTOR`] times its size, in bytes.
pub const ALLOWANCE: u64 = 1 << 20;

/// Weighs the aliases of one YAML text as the span scan (`yaml::scan`) reads its events:
/// the file is parsed once for both.
pub(crate) struct Weigher {
    budget: u64,
    /// What the aliases read so far repeat.
    repeated: u64,
    /// Open collections: their anchor id and what they weigh so far.
    open: Vec<(usize, u64)>,
    /// What each anchor's node weighs, by anchor id (yaml-rust2 counts them from 1).
    anchors: Vec<u64>,
    /// Where the aliases went past the budget.
    past: Option<usize>,
}

impl Weigher {
    /// A weigher for `text`, or `None` when it has no `*` and so no alias.
    pub(crate) fn for_text(text: &str) -> Option<Self> {
        memchr::memchr(b'*', text.as_bytes())?;
        Some(Weigher {
            budget: FACTOR
                .saturating_mul(text.len() as u64)
                .saturating_add(ALLOWANCE),
            repeated: 0,
            open: Vec::new(),
            anchors: Vec::new(),
            past: None,
        })
    }

    /// The byte offset of the alias that took the aliases past what they may repeat (see
    /// the module's doc), if one did.
    pub(crate) fn past(&self) -> Option<usize> {
        self.past
    }

    /// A node read whole: added to its collection, and kept when anchored.
    fn node(&mut self, anchor: usize, weight: u64) {
        if let Some((_, open)) = self.open.last_mut() {
            *open = open.saturating_add(weight);
        }
        if anchor > 0 {
            if self.anchors.len() < anchor {
                self.anchors.resize(anchor, 0);
            }
            self.anchors[anchor - 1] = weight;
        }
    }

    /// Weighs the event that starts at byte `at` of the text. A syntax error stops the
    /// parse, and `serde_yaml` then reports it.
    pub(crate) fn event(&mut self, ev: &Event, at: usize) {
        if self.past.is_some() {
            return;
        }
        match *ev {
            Event::Scalar(ref value, _, anchor, _) => {
                self.node(anchor, NODE.saturating_add(value.len() as u64));
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                self.open.push((anchor, NODE));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((anchor, weight)) = self.open.pop() {
                    self.node(anchor, weight);
                }
            }
            Event::Alias(id) => {
                let weight = id
                    .checked_sub(1)
                    .and_then(|i| self.anchors.get(i))
                    .copied()
                    .unwrap_or(NODE);
                self.repeated = self.repeated.saturating_add(weight);
                if self.repeated > self.budget {
                    self.past = Some(at);
                }
                self.node(0, weight);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yaml_rust2::parser::{MarkedEventReceiver, Parser};
    use yaml_rust2::scanner::Marker;

    /// The weigher alone over `text`: where the aliases went past the budget.
    fn too_repeated(text: &str) -> Option<usize> {
        struct Alone<'t>(Weigher, super::super::yaml::CharOffsets<'t>);
        impl MarkedEventReceiver for Alone<'_> {
            fn on_event(&mut self, ev: Event, mark: Marker) {
                let at = self.1.byte(mark.index());
                self.0.event(&ev, at);
            }
        }
        let mut alone = Alone(
            Weigher::for_text(text)?,
            super::super::yaml::CharOffsets::new(text),
        );
        let _ = Parser::new_from_str(text).load(&mut alone, false);
        alone.0.past()
    }

    #[test]
    fn anchors_as_people_use_them_pass() {
        let text = "owners: &team [de1, de2]\npipelines:\n  - {id: a, owners: *team}\n  - {id: b, owners: *team}\ndefaults: &d {retries: 3, timeout: 60}\njob:\n  <<: *d\n  name: x\n";
        assert_eq!(too_repeated(text), None);
        assert_eq!(too_repeated("no aliases: [a, b]\n"), None);
    }

    #[test]
    fn aliases_repeating_more_than_the_file_are_refused_at_the_alias() {
        let big = "x".repeat(100_000);
        let text = format!("s: &s \"{big}\"\nl: [{}]\n", vec!["*s"; 200].join(", "));
        let at = too_repeated(&text).expect("refused");
        assert_eq!(&text[at..at + 2], "*s");
        // The first use past 16 times the file plus 1 MiB (26 here).
        let budget = FACTOR * text.len() as u64 + ALLOWANCE;
        let first = text.find("*s").unwrap();
        assert_eq!(((at - first) / 4) as u64, budget / (NODE + 100_000));
    }

    #[test]
    fn nested_anchors_are_weighed_as_they_expand() {
        let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 9].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let at = too_repeated(&text).expect("refused");
        // Past the budget within a few levels, not at the end.
        assert!(at < text.find("a8:").unwrap(), "{at}");
    }
}
