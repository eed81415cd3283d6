//! Counting: the weighted terms of every page, numbered across the site, and each
//! term's postings with their BM25 weights.

use xxhash_rust::xxh3::xxh3_64;

use super::scan::{scan_ascii, HIGH, JOINED, ONES, SPLIT, UPPER};
use super::words::{name_parts, separated_parts, stretches, unicode_stretch_words};
use super::Doc;

/// BM25 parameters: term-frequency saturation and length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Field weights: a word in the title counts as six in the body, in a heading as three.
const TITLE_WEIGHT: u32 = 6;
const HEADING_WEIGHT: u32 = 3;

/// Every term of the site and its postings.
pub(super) struct Counted {
    /// The terms' text end to end: term `i` is `arena[term_at[i]..term_at[i + 1]]`.
    pub arena: String,
    pub term_at: Vec<u32>,
    /// Term `i`'s postings are `postings[starts[i]..starts[i + 1]]`, in page order.
    pub starts: Vec<u32>,
    /// `page << 4 | weight`, the weight being the page's BM25 term weight on a 1 to 15
    /// scale.
    pub postings: Vec<u32>,
}

/// The text of every term, by number, from [`Counted`]'s `arena` and `term_at`.
pub(super) fn terms<'a>(arena: &'a str, term_at: &[u32]) -> Vec<&'a str> {
    term_at
        .windows(2)
        .map(|w| &arena[w[0] as usize..w[1] as usize])
        .collect()
}

/// Numbers the terms of every run across the site and lists each term's pages with
/// their weights. Runs may hold any pages, in any order (each page is counted by
/// whichever thread renders it); `pages` is the number of pages, numbered from 0.
pub(super) fn merge(runs: Vec<Counts>, pages: usize) -> Counted {
    let mut numbers = TermTable::default();
    let mut arena = String::new();
    let mut term_at: Vec<u32> = Vec::new();
    let mut pages_of: Vec<u32> = Vec::new();
    // Per run, the site's number of each of its terms.
    let mut site_number: Vec<Vec<u32>> = Vec::with_capacity(runs.len());
    for run in &runs {
        let mut map = Vec::with_capacity(run.hashes.len());
        for (local, &hash) in run.hashes.iter().enumerate() {
            let (id, new) = numbers.number(hash);
            if new {
                term_at.push(arena.len() as u32);
                arena.push_str(run.term(local));
                pages_of.push(0);
            }
            map.push(id);
        }
        for &local in &run.terms {
            pages_of[map[local as usize] as usize] += 1;
        }
        site_number.push(map);
    }
    drop(numbers);
    term_at.push(arena.len() as u32);
    let term_count = term_at.len() - 1;
    let entries: usize = runs.iter().map(|r| r.terms.len()).sum();
    // Integers: the sum is exact in any order.
    let avg = runs
        .iter()
        .flat_map(|r| &r.lengths)
        .map(|&l| f64::from(l))
        .sum::<f64>()
        / pages.max(1) as f64;
    // Where each page was counted: its run and its place there.
    let mut at = vec![(u32::MAX, 0u32); pages];
    for (r, run) in runs.iter().enumerate() {
        for (k, &page) in run.pages.iter().enumerate() {
            if let Some(slot) = at.get_mut(page as usize) {
                *slot = (r as u32, k as u32);
            }
        }
    }

    // Postings of all terms in one array, each term's pages in page order: a counting
    // sort by term number, the pages taken in order. A posting is `page << 4 | weight`,
    // the weight being the page's BM25 term weight on a 1 to 15 scale.
    let mut starts: Vec<u32> = Vec::with_capacity(term_count + 1);
    let mut sum = 0u32;
    starts.push(0);
    for n in &pages_of {
        sum += n;
        starts.push(sum);
    }
    drop(pages_of);
    let mut next = starts.clone();
    let mut postings = vec![0u32; entries];
    for (doc, &(r, k)) in at.iter().enumerate() {
        let Some(run) = runs.get(r as usize) else {
            continue;
        };
        let map = &site_number[r as usize];
        let k = k as usize;
        let from = if k == 0 {
            0
        } else {
            run.page_ends[k - 1] as usize
        };
        let range = from..run.page_ends[k] as usize;
        let norm = K1 * (1.0 - B + B * f64::from(run.lengths[k]) / avg.max(1.0));
        for (&local, &count) in run.terms[range.clone()].iter().zip(&run.counts_of[range]) {
            let id = map[local as usize] as usize;
            let tf = f64::from(count);
            // Rounded half up (`round` is a library call on x86_64's baseline).
            let weight = ((15.0 * tf / (tf + norm) + 0.5) as u32).clamp(1, 15);
            postings[next[id] as usize] = (doc as u32) << 4 | weight;
            next[id] += 1;
        }
    }
    drop((runs, site_number, next, at));
    Counted {
        arena,
        term_at,
        starts,
        postings,
    }
}

/// Numbers for terms, from their 64-bit hash: open addressing by the hash's low bits (the
/// hash is already uniform), at most half full. For the site's dictionary it takes half
/// the time of a general hash map.
#[derive(Default)]
struct TermTable {
    /// `(hash, 1 + number)`; `(_, 0)` when free.
    slots: Vec<(u64, u32)>,
    len: u32,
}

impl TermTable {
    /// The number of `hash`, and whether it is new: numbers go in order of arrival.
    #[inline(always)]
    fn number(&mut self, hash: u64) -> (u32, bool) {
        if self.slots.is_empty() {
            self.slots = vec![(0, 0); 1024];
        }
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let (h, n) = self.slots[i];
            if n == 0 {
                break;
            }
            if h == hash {
                return (n - 1, false);
            }
            i = (i + 1) & mask;
        }
        self.len += 1;
        self.slots[i] = (hash, self.len);
        if self.len as usize * 2 > self.slots.len() {
            self.grow();
        }
        (self.len - 1, true)
    }

    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![(0, 0); size]);
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|s| s.1 != 0) {
            let mut i = slot.0 as usize & mask;
            while self.slots[i].1 != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
    }
}

/// The terms of a run of pages counted by one thread, one after the other.
///
/// Terms are told apart by a 64-bit hash of their text ([`term_hash`]), within a run and
/// across the site: two different words share a hash with odds of about 1 in 10^7 for a
/// site with a million distinct words, and the cost of that would be one word finding
/// the other's pages.
pub(super) struct Counts {
    /// Per page counted: its number, where its entries end in `terms`, and its length
    /// in weighted words.
    pages: Vec<u32>,
    page_ends: Vec<u32>,
    lengths: Vec<u32>,
    /// The terms of each page and their weighted counts, the run's pages in order: two
    /// arrays, since a count fits in 16 bits (6 bytes an entry instead of 8; at
    /// 100,000 pages, 30 million entries).
    terms: Vec<u32>,
    counts_of: Vec<u16>,
    /// The run's terms, numbered in order of first use: hash, and text end to end.
    table: TermTable,
    hashes: Vec<u64>,
    text: String,
    text_at: Vec<u32>,
    /// The page being counted: count per term (0 when not on the page yet) and its
    /// terms in order of first use.
    counts: Vec<u32>,
    on_page: Vec<u32>,
    length: u32,
}

impl Counts {
    pub(super) fn new() -> Self {
        Counts {
            pages: Vec::new(),
            page_ends: Vec::new(),
            lengths: Vec::new(),
            terms: Vec::new(),
            counts_of: Vec::new(),
            table: TermTable::default(),
            hashes: Vec::new(),
            text: String::new(),
            text_at: vec![0],
            counts: Vec::new(),
            on_page: Vec::new(),
            length: 0,
        }
    }

    /// The text of the run's term `n`.
    fn term(&self, n: usize) -> &str {
        &self.text[self.text_at[n] as usize..self.text_at[n + 1] as usize]
    }

    /// Counts page `number` into the run.
    pub(super) fn page(&mut self, number: u32, doc: &Doc) {
        self.length = 0;
        self.scan(&doc.title, TITLE_WEIGHT);
        self.scan(&doc.names, TITLE_WEIGHT);
        for (i, s) in doc.sections.iter().enumerate() {
            self.scan(&s.heading, HEADING_WEIGHT);
            if i == 0 {
                self.scan(&doc.intro, 1);
            }
            self.scan(&s.text, 1);
        }
        for &n in &self.on_page {
            self.terms.push(n);
            // Kept at 65,535 past it: only a page of megabytes gets there, where the
            // weight is 15 or close to it either way.
            self.counts_of
                .push(self.counts[n as usize].min(u32::from(u16::MAX)) as u16);
            self.counts[n as usize] = 0;
        }
        self.on_page.clear();
        self.pages.push(number);
        self.page_ends.push(self.terms.len() as u32);
        self.lengths.push(self.length);
    }

    /// Adds one occurrence of the word `text[start..end]`, lowercase already unless
    /// `upper` (ASCII capitals then).
    #[inline]
    fn add(&mut self, text: &str, start: usize, end: usize, upper: bool, weight: u32) {
        let hash = term_hash(text.as_bytes(), start, end, upper);
        let (n, new) = self.table.number(hash);
        if new {
            let at = self.text.len();
            self.text.push_str(&text[start..end]);
            if upper {
                self.text[at..].make_ascii_lowercase();
            }
            self.text_at.push(self.text.len() as u32);
            self.hashes.push(hash);
            self.counts.push(0);
        }
        let count = &mut self.counts[n as usize];
        if *count == 0 {
            self.on_page.push(n);
        }
        *count += weight;
    }

    fn scan(&mut self, text: &str, weight: u32) {
        if text.is_ascii() {
            self.scan_ascii(text, weight);
            return;
        }
        for (stretch, ascii) in stretches(text) {
            if ascii {
                self.scan_ascii(stretch, weight);
                continue;
            }
            let mut words = Vec::new();
            unicode_stretch_words(stretch, &mut |w, part| words.push((w, part)));
            for (w, part) in words {
                if !part {
                    self.length += weight;
                }
                self.add(&w, 0, w.len(), false, weight);
            }
        }
    }

    fn scan_ascii(&mut self, text: &str, weight: u32) {
        scan_ascii(text.as_bytes(), |start, end, flags| {
            if end - start > 80 {
                return;
            }
            self.length += weight;
            let upper = flags & UPPER != 0;
            if flags & SPLIT != 0 {
                name_parts(&text[start..end], |part| {
                    self.add(text, start + part.start, start + part.end, upper, weight);
                });
            } else if flags & JOINED != 0 {
                for part in separated_parts(&text.as_bytes()[start..end]) {
                    self.add(text, start + part.start, start + part.end, upper, weight);
                }
            }
            self.add(text, start, end, upper, weight);
        });
    }
}

/// The 64-bit identity of the term `bytes[start..end]`, with ASCII capitals folded to
/// lowercase when `upper` is set, so a word is hashed where it stands, without a copy.
///
/// Terms of up to 8 bytes are their bytes (no term has a zero byte), mixed by a bijection:
/// no two of them collide. Up to 16 bytes: the first and last 8, folded by a 128-bit
/// multiply and mixed. Longer: xxh3 of the lowercase term.
#[inline]
fn term_hash(bytes: &[u8], start: usize, end: usize, upper: bool) -> u64 {
    let len = end - start;
    let fold = |x: u64| if upper { ascii_lower8(x) } else { x };
    if len <= 8 {
        let x = match len {
            0 => 0,
            _ => load8(bytes, start) & (u64::MAX >> (64 - 8 * len)),
        };
        fmix64(fold(x))
    } else if len <= 16 {
        let a = fold(load8(bytes, start));
        let b = fold(load8(bytes, end - 8));
        let m = u128::from(a ^ 0x243f_6a88_85a3_08d3)
            .wrapping_mul(u128::from(b ^ 0x1319_8a2e_0370_7344));
        fmix64((m as u64) ^ ((m >> 64) as u64) ^ len as u64)
    } else if upper {
        let mut lower = [0u8; 80];
        let lower = &mut lower[..len.min(80)];
        lower.copy_from_slice(&bytes[start..start + lower.len()]);
        lower.make_ascii_lowercase();
        xxh3_64(lower)
    } else {
        xxh3_64(&bytes[start..end])
    }
}

/// Eight bytes from `at`, little-endian; past the end of `bytes` they are zero.
#[inline]
fn load8(bytes: &[u8], at: usize) -> u64 {
    if let Some(chunk) = bytes.get(at..).and_then(|b| b.first_chunk::<8>()) {
        return u64::from_le_bytes(*chunk);
    }
    if bytes.len() >= 8 {
        // The last eight bytes, shifted so that `at` comes first.
        let last = u64::from_le_bytes(
            *bytes[bytes.len() - 8..]
                .first_chunk::<8>()
                .unwrap_or(&[0; 8]),
        );
        return last >> (8 * (at + 8 - bytes.len()) as u32);
    }
    let mut x = 0u64;
    for (i, &b) in bytes[at.min(bytes.len())..].iter().enumerate() {
        x |= u64::from(b) << (8 * i);
    }
    x
}

/// ASCII capitals in the eight bytes of `x` made lowercase; other bytes unchanged.
#[inline]
fn ascii_lower8(x: u64) -> u64 {
    // Per byte, bit 7 of `x + 0x80 - c` is set when the byte is at least `c` (the bytes'
    // own bit 7 cleared first so nothing carries between bytes).
    let low = x & (0x7f * ONES);
    let at_least_a = low + (0x80 - u64::from(b'A')) * ONES;
    let above_z = low + (0x80 - u64::from(b'Z') - 1) * ONES;
    let capital = at_least_a & !above_z & !x & HIGH;
    x | (capital >> 2)
}

/// The finaliser of MurmurHash3: a bijection of 64-bit values that spreads every bit.
#[inline]
fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_terms_are_the_words() {
        let text = "KubeletPlegDurationHigh fact_orders.daily x509 HTTPServer __init__ v1.2 \
                    Zürich_Stadt ZürichStadt kube_podStatus";
        let page = super::super::testing::doc("T", &[("", text)]);
        let mut counts = Counts::new();
        counts.page(0, &page);
        let counted: std::collections::BTreeSet<String> = (0..counts.hashes.len())
            .map(|n| counts.term(n).to_string())
            .collect();
        let mut expected: std::collections::BTreeSet<String> =
            super::super::words(text).into_iter().collect();
        expected.insert("t".into());
        assert_eq!(counted, expected);
    }

    proptest::proptest! {
        #[test]
        fn terms_hash_the_same_wherever_they_stand_and_in_any_case(
            before in "[a-z _]{0,12}",
            word in "[a-zA-Z0-9]{1,30}",
            after in "[a-z _]{0,12}",
        ) {
            let text = format!("{before}{word}{after}");
            let lower = word.to_ascii_lowercase();
            let (start, end) = (before.len(), before.len() + word.len());
            let upper = word.bytes().any(|b| b.is_ascii_uppercase());
            proptest::prop_assert_eq!(
                term_hash(text.as_bytes(), start, end, upper),
                term_hash(lower.as_bytes(), 0, lower.len(), false)
            );
        }

        #[test]
        fn eight_bytes_lowercase_as_one(x in proptest::num::u64::ANY) {
            let mut bytes = x.to_le_bytes();
            bytes.make_ascii_lowercase();
            proptest::prop_assert_eq!(ascii_lower8(x), u64::from_le_bytes(bytes));
        }
    }

    #[test]
    fn short_terms_never_collide() {
        // Up to 8 bytes a term's hash is a bijection of its bytes.
        let mut seen = std::collections::HashSet::new();
        let letters = b"abcdefghijklmnopqrstuvwxyz0123456789";
        for &a in letters {
            for &b in letters {
                for len in 1..=8 {
                    let t: Vec<u8> = (0..len).map(|i| if i % 2 == 0 { a } else { b }).collect();
                    seen.insert((term_hash(&t, 0, t.len(), false), t));
                }
            }
        }
        let hashes: std::collections::HashSet<u64> = seen.iter().map(|(h, _)| *h).collect();
        assert_eq!(hashes.len(), seen.len());
        assert_eq!(load8(b"abc", 1), u64::from_le_bytes(*b"bc\0\0\0\0\0\0"));
        assert_eq!(load8(b"0123456789", 5), u64::from_le_bytes(*b"56789\0\0\0"));
    }
}
