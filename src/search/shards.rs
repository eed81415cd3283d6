//! Shards: the records of every term, in term order, cut into gzip-compressed files of
//! similar size, so a query word needs one of them.

use flate2::{Compress, Compression, FlushCompress, Status};
use rayon::prelude::*;

/// Uncompressed bytes of postings and terms per shard.
const SHARD_TARGET: usize = 24 * 1024;

/// The records of the terms in `order` (a record: `varint(term length) term
/// varint(pages) varint(bytes) postings`, each posting `varint(page delta << 4 |
/// weight)`), cut into shards of about [`SHARD_TARGET`] bytes, with each shard's first
/// term. Term `i`'s postings are `postings[starts[i]..starts[i + 1]]`.
pub(super) fn cut<'t>(
    terms: &[&'t str],
    order: &[u32],
    starts: &[u32],
    postings: &[u32],
) -> (Vec<&'t str>, Vec<Vec<u8>>) {
    let mut shard_bytes: Vec<Vec<u8>> = Vec::new();
    let mut firsts: Vec<&str> = Vec::new();
    let mut current: Vec<u8> = Vec::with_capacity(SHARD_TARGET + 1024);
    let mut record = Vec::with_capacity(1024);
    let mut list = Vec::with_capacity(1024);
    for &i in order {
        let term = terms[i as usize];
        let pages = &postings[starts[i as usize] as usize..starts[i as usize + 1] as usize];
        list.clear();
        let mut last = 0u32;
        for &p in pages {
            let doc = p >> 4;
            varint(&mut list, u64::from((doc - last) << 4 | (p & 15)));
            last = doc;
        }
        record.clear();
        varint(&mut record, term.len() as u64);
        record.extend_from_slice(term.as_bytes());
        varint(&mut record, pages.len() as u64);
        varint(&mut record, list.len() as u64);
        record.extend_from_slice(&list);
        if !current.is_empty() && current.len() + record.len() > SHARD_TARGET {
            shard_bytes.push(std::mem::replace(
                &mut current,
                Vec::with_capacity(SHARD_TARGET + 1024),
            ));
        }
        if current.is_empty() {
            firsts.push(term);
        }
        current.extend_from_slice(&record);
    }
    if !current.is_empty() || shard_bytes.is_empty() {
        if current.is_empty() {
            firsts.push("");
        }
        shard_bytes.push(current);
    }
    (firsts, shard_bytes)
}

/// Every shard gzip-compressed, in parallel.
pub(super) fn compress(shard_bytes: &[Vec<u8>]) -> Vec<Vec<u8>> {
    shard_bytes
        .par_iter()
        .map_init(
            // Level 2: zlib-rs's level 1 has fixed Huffman codes only, which make the
            // shards a quarter larger (see Cargo.toml).
            || Compress::new_gzip(Compression::new(2), 15),
            |c, raw| gzip(c, raw),
        )
        .collect()
}

/// `raw` gzip-compressed by `compressor`, which is reset first: one per thread, since a
/// fresh one zeroes a few hundred kilobytes of tables, as much work as compressing a
/// shard.
fn gzip(compressor: &mut Compress, raw: &[u8]) -> Vec<u8> {
    compressor.reset();
    // Deflate's worst case: 5 bytes per 16 kB stored block, and the gzip frame.
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 1000 + 64);
    let mut read = 0;
    loop {
        let before = compressor.total_in();
        let status = compressor.compress_vec(&raw[read..], &mut out, FlushCompress::Finish);
        read += (compressor.total_in() - before) as usize;
        match status {
            Ok(Status::StreamEnd) => return out,
            Ok(_) => out.reserve(out.capacity().max(4096)),
            // Compressing memory into memory does not fail; were it to, the shard would
            // be empty and its words found nowhere, as with any missing shard.
            Err(_) => return Vec::new(),
        }
    }
}

/// LEB128: seven bits a byte, low bits first.
fn varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::Doc;
    use super::*;

    #[test]
    fn shards_are_sorted_and_bounded() {
        let docs: Vec<Doc> = (0..3000)
            .map(|i| {
                doc(
                    &format!("Doc{i}"),
                    &[(
                        "",
                        &format!("word{i} wordy{} other{} zeta{i} common text", i % 7, i % 13),
                    )],
                )
            })
            .collect();
        let files = build_files(&docs);
        let (firsts, terms) = decode(&files);
        assert!(firsts.len() >= 3, "{} shards", firsts.len());
        assert!(firsts.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(terms["common"].len(), 3000);
        assert_eq!(terms["wordy3"].len(), 3000 / 7 + 1);
        for f in files.iter().filter(|f| f.path.ends_with(".bin")) {
            assert!(
                f.bytes.len() < SHARD_TARGET,
                "{} is {} bytes",
                f.path,
                f.bytes.len()
            );
        }
    }
}
