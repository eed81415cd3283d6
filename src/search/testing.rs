//! Helpers for the index's unit tests: small pages, an index built in memory, and its
//! shards decoded.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Read;

use super::{build, Doc, Kind, Section};
use crate::write::{OutputFile, Sink};

pub fn doc(title: &str, sections: &[(&str, &str)]) -> Doc<'static> {
    Doc {
        url: format!("/{}/", title.to_lowercase()),
        title: title.to_string(),
        kind: Kind::Runbook,
        domains: vec!["Profit".into()],
        audiences: vec!["investors".into()],
        owners: vec!["Data Engineer 1".into()],
        intro: String::new(),
        names: String::new(),
        summary: None,
        listing: false,
        bare: false,
        draft: false,
        stub: false,
        titled_folder: false,
        sections: sections
            .iter()
            .map(|(h, t)| Section {
                parents: String::new(),
                anchor: (!h.is_empty()).then(|| Cow::Owned(h.to_lowercase())),
                heading: Cow::Owned(h.to_string()),
                text: Cow::Owned(t.to_string()),
            })
            .collect(),
    }
}

pub fn build_files(docs: &[Doc]) -> Vec<OutputFile> {
    let sink = Sink::memory();
    build(docs, &sink);
    sink.into_files()
}

/// `meta.json`'s bounds, as the browser reads them.
pub fn front_decoded(coded: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in coded.split('\n') {
        let mut chars = line.chars();
        let shared = chars.next().unwrap() as usize - '0' as usize;
        let before: String = out
            .last()
            .map_or(String::new(), |b| b.chars().take(shared).collect());
        out.push(before + chars.as_str());
    }
    out
}

/// Every shard decoded: term -> [(page, weight)], checking the record framing.
pub type Decoded = (Vec<String>, BTreeMap<String, Vec<(u64, u64)>>);

pub fn decode(files: &[OutputFile]) -> Decoded {
    let meta = files.iter().find(|f| f.path == "search/meta.json").unwrap();
    let meta: serde_json::Value = serde_json::from_slice(&meta.bytes).unwrap();
    let firsts: Vec<String> = front_decoded(meta["shards"].as_str().unwrap());
    let mut all: BTreeMap<String, Vec<(u64, u64)>> = BTreeMap::new();
    for (i, first) in firsts.iter().enumerate() {
        let f = files
            .iter()
            .find(|f| f.path == format!("search/s/{i}.bin"))
            .unwrap();
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(&f.bytes[..])
            .read_to_end(&mut raw)
            .unwrap();
        let mut at = 0;
        let read = |raw: &[u8], at: &mut usize| {
            let (mut n, mut shift) = (0u64, 0);
            loop {
                let b = raw[*at];
                *at += 1;
                n |= u64::from(b & 0x7f) << shift;
                shift += 7;
                if b < 0x80 {
                    return n;
                }
            }
        };
        let mut seen_first = false;
        while at < raw.len() {
            let len = read(&raw, &mut at) as usize;
            let term = String::from_utf8(raw[at..at + len].to_vec()).unwrap();
            at += len;
            if term.is_empty() {
                // The shard's build (`output::id_record`), before its first term.
                assert!(!seen_first, "the build opens the shard");
                assert_eq!(read(&raw, &mut at), 0);
                let bytes = read(&raw, &mut at) as usize;
                at += bytes;
                continue;
            }
            if !seen_first {
                // Meta names each shard by a prefix of its first term, above every term
                // of the shard before.
                assert!(term.starts_with(first.as_str()), "{term} under {first}");
                if let Some(before) = all.keys().next_back() {
                    assert!(first.as_str() > before.as_str(), "{first} after {before}");
                }
                seen_first = true;
            }
            let pages = read(&raw, &mut at);
            let bytes = read(&raw, &mut at) as usize;
            let end = at + bytes;
            let mut list = Vec::new();
            let mut page = 0;
            while at < end {
                let v = read(&raw, &mut at);
                page += v >> 4;
                list.push((page, v & 15));
            }
            assert_eq!(list.len() as u64, pages);
            all.insert(term, list);
        }
    }
    (firsts, all)
}
