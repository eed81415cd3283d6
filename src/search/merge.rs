//! The merge: the terms of every run numbered across the site, and each term's postings
//! with their BM25 weights, in page order, made for a part of the terms at a time.

use std::ops::Range;

use rayon::prelude::*;

use super::count::{Counts, TermTable};

/// BM25 parameters: term-frequency saturation and length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Every term of the site, numbered, and what its postings are made from.
pub(super) struct Numbered {
    /// The terms' text end to end: term `i` is `arena[term_at[i]..term_at[i + 1]]`.
    pub arena: String,
    pub term_at: Vec<u32>,
    /// Each page's entries, read by [`Placer::place`].
    pub placer: Placer,
}

/// The counted pages, the site's number of each run's terms, and where each page was
/// counted: what [`Placer::place`] makes the postings of any set of terms from.
pub(super) struct Placer {
    runs: Vec<Counts>,
    /// Per run, the site's number of each of its terms.
    site_number: Vec<Vec<u32>>,
    /// Per page, its run and its place there.
    at: Vec<(u32, u32)>,
    /// The average page length, in weighted words.
    avg: f64,
    term_count: usize,
}

/// The text of every term, by number, from [`Numbered`]'s `arena` and `term_at`.
pub(super) fn terms<'a>(arena: &'a str, term_at: &[u32]) -> Vec<&'a str> {
    term_at
        .windows(2)
        .map(|w| &arena[w[0] as usize..w[1] as usize])
        .collect()
}

/// Numbers the terms of every run across the site. Runs may hold any pages, in any order
/// (each page is counted by whichever thread renders it); `pages` is the number of
/// pages, numbered from 0.
pub(super) fn number(mut runs: Vec<Counts>, pages: usize) -> Numbered {
    let mut numbers = TermTable::default();
    let mut arena = String::new();
    let mut term_at: Vec<u32> = Vec::new();
    let mut site_number: Vec<Vec<u32>> = Vec::with_capacity(runs.len());
    for run in &runs {
        let mut map = Vec::with_capacity(run.hashes.len());
        for (local, &hash) in run.hashes.iter().enumerate() {
            let (id, new) = numbers.number(hash);
            if new {
                term_at.push(arena.len() as u32);
                arena.push_str(run.term(local));
            }
            map.push(id);
        }
        site_number.push(map);
    }
    drop(numbers);
    // Before the postings are made, where the index's memory peaks on a large site.
    for run in &mut runs {
        run.drop_dictionary();
    }
    super::release::release_freed();
    term_at.push(arena.len() as u32);
    let term_count = term_at.len() - 1;
    // Integers: the sum is exact in any order.
    let avg = runs
        .iter()
        .flat_map(|r| &r.lengths)
        .map(|&l| f64::from(l))
        .sum::<f64>()
        / pages.max(1) as f64;
    let mut at = vec![(u32::MAX, 0u32); pages];
    for (r, run) in runs.iter().enumerate() {
        for (k, &page) in run.pages.iter().enumerate() {
            if let Some(slot) = at.get_mut(page as usize) {
                *slot = (r as u32, k as u32);
            }
        }
    }
    Numbered {
        arena,
        term_at,
        placer: Placer {
            runs,
            site_number,
            at,
            avg,
            term_count,
        },
    }
}

impl Placer {
    /// Every page's entries, one per term of the page: the postings of all terms.
    pub(super) fn entries(&self) -> usize {
        self.runs.iter().map(|r| r.terms.len()).sum()
    }

    /// Page `doc`'s run, the site's numbers of that run's terms, its entries there and
    /// its length.
    fn page(&self, doc: usize) -> Option<(&Counts, &[u32], Range<usize>, u32)> {
        let (r, k) = *self.at.get(doc)?;
        let run = self.runs.get(r as usize)?;
        let k = k as usize;
        let from = if k == 0 {
            0
        } else {
            run.page_ends[k - 1] as usize
        };
        let range = from..run.page_ends[k] as usize;
        Some((run, &self.site_number[r as usize], range, run.lengths[k]))
    }

    /// The postings of the terms `part` holds (`None`: every term), in page order, with
    /// their BM25 weights: term `i`'s are `postings[starts[i]..starts[i + 1]]` (none for
    /// a term outside `part`). `part` is `(rank, range)`: term `i` is in it when
    /// `rank[i]` is in `range`.
    ///
    /// A counting sort by term number, the pages taken in order: in parallel, each job
    /// taking a block of consecutive pages, whose postings go to the places after those
    /// of the blocks before it (at 100,000 runbooks, 30 million postings written to
    /// random places, which one thread took most of a second for).
    pub(super) fn place(&self, part: Option<(&[u32], Range<u32>)>) -> (Vec<u32>, Vec<u32>) {
        let (pages, term_count) = (self.at.len(), self.term_count);
        let wanted = |id: u32| match &part {
            None => true,
            Some((rank, range)) => range.contains(&rank[id as usize]),
        };
        // As many blocks as threads: each block counts its terms in an array of the
        // site's terms (at 100,000 runbooks, 6 MB), as many as one thread's merge held.
        let blocks = rayon::current_num_threads().clamp(1, 16);
        let block_len = pages.div_ceil(blocks).max(1);
        let block = |b: usize| (b * block_len).min(pages)..((b + 1) * block_len).min(pages);
        // Per block, how many of its pages hold each term...
        let mut next: Vec<Vec<u32>> = (0..blocks)
            .into_par_iter()
            .map(|b| {
                let mut held = vec![0u32; term_count];
                for (run, map, range, _) in block(b).filter_map(|d| self.page(d)) {
                    for &local in &run.terms[range] {
                        let id = map[local as usize];
                        if wanted(id) {
                            held[id as usize] += 1;
                        }
                    }
                }
                held
            })
            .collect();
        // ...then where its first posting of each term goes.
        let mut starts: Vec<u32> = Vec::with_capacity(term_count + 1);
        let mut sum = 0u32;
        starts.push(0);
        for t in 0..term_count {
            for held in next.iter_mut() {
                let n = held[t];
                held[t] = sum;
                sum += n;
            }
            starts.push(sum);
        }
        let mut postings = vec![0u32; sum as usize];
        let places = Places(postings.as_mut_ptr(), postings.len());
        let avg = self.avg;
        next.par_iter_mut().enumerate().for_each(|(b, next)| {
            for doc in block(b) {
                let Some((run, map, range, length)) = self.page(doc) else {
                    continue;
                };
                let norm = K1 * (1.0 - B + B * f64::from(length) / avg.max(1.0));
                for (&local, &count) in run.terms[range.clone()].iter().zip(&run.counts_of[range]) {
                    let id = map[local as usize];
                    if !wanted(id) {
                        continue;
                    }
                    let id = id as usize;
                    let tf = f64::from(count);
                    // Rounded half up (`round` is a library call on x86_64's baseline).
                    let weight = ((15.0 * tf / (tf + norm) + 0.5) as u32).clamp(1, 15);
                    places.put(next[id] as usize, (doc as u32) << 4 | weight);
                    next[id] += 1;
                }
            }
        });
        (starts, postings)
    }
}

/// The postings being written by [`Placer::place`]'s blocks, each to places of its own.
struct Places(*mut u32, usize);

// SAFETY: the blocks write to disjoint places (each term's places are split between
// the blocks by their counts), and nothing reads them before every block is done.
unsafe impl Sync for Places {}

impl Places {
    #[inline(always)]
    fn put(&self, at: usize, posting: u32) {
        assert!(at < self.1);
        // SAFETY: `at` is within the postings (checked), and no other block writes it
        // (see the `Sync` above).
        unsafe { *self.0.add(at) = posting };
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::testing::doc;
    use super::*;

    #[test]
    fn postings_are_in_page_order_whatever_run_counted_a_page() {
        // 103 pages (blocks of uneven length) over three runs, taken in a scrambled order.
        let texts: Vec<String> = (0..103)
            .map(|i| {
                format!(
                    "w{} x{} common{}",
                    i % 5,
                    i % 17,
                    if i % 2 == 0 { " even" } else { "" }
                )
            })
            .collect();
        let docs: Vec<_> = texts.iter().map(|t| doc("T", &[("", t)])).collect();
        let mut runs = vec![Counts::new(), Counts::new(), Counts::new()];
        for k in 0..docs.len() {
            let page = (k * 37) % docs.len();
            runs[page % 3].page(page as u32, &docs[page]);
        }
        let numbered = number(runs, docs.len());
        let terms = terms(&numbered.arena, &numbered.term_at);
        let (starts, postings) = numbered.placer.place(None);
        // A part of the terms: the same postings for each of them, none for the others.
        let rank: Vec<u32> = (0..terms.len() as u32).map(|i| i * 7 % 3).collect();
        let (part_starts, part_postings) = numbered.placer.place(Some((&rank, 1..2)));
        for i in 0..terms.len() {
            let of = |s: &[u32], p: &[u32]| p[s[i] as usize..s[i + 1] as usize].to_vec();
            let want = if rank[i] == 1 {
                of(&starts, &postings)
            } else {
                Vec::new()
            };
            assert_eq!(of(&part_starts, &part_postings), want, "{}", terms[i]);
        }
        let mut expected: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (page, text) in texts.iter().enumerate() {
            let words: std::collections::BTreeSet<String> =
                super::super::words(&format!("t {text}"))
                    .into_iter()
                    .collect();
            for w in words {
                expected.entry(w).or_default().push(page as u32);
            }
        }
        let got: BTreeMap<String, Vec<u32>> = terms
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let postings = &postings[starts[i] as usize..starts[i + 1] as usize];
                assert!(postings.iter().all(|p| (1..=15).contains(&(p & 15))), "{t}");
                (t.to_string(), postings.iter().map(|p| p >> 4).collect())
            })
            .collect();
        assert_eq!(got, expected);
    }
}
