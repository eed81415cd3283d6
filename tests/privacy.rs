//! Nothing private by default: a time-off reason and a phone number given in team.yaml
//! reach no output file (pages, feeds, oncall.json, sitemap, the search index with its
//! gzip-compressed shards) unless site.yaml opts in, and contact details never reach the
//! search index.

mod common;

use std::io::Read;
use std::path::Path;

use common::*;

/// A reason and a phone number that appear nowhere else, as words the search index
/// keeps whole (it lower-cases and splits on punctuation).
const REASON: &str = "Zanzibarquux surgery";
const PHONE: &str = "+1 555 8675309";
const PHONE_DIGITS: &str = "8675309";
const EMAIL: &str = "quuxmail@example.org";

/// The example site, with Data Engineer 1 away (during a shift of theirs, and as the
/// primary owner of two pipelines) for a private reason, with a phone and an e-mail.
fn site_with_secrets(site_yaml_extra: &str) -> tempfile::TempDir {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/team.yaml",
        "    contact: { email: de1@example.com, slack: \"@de1\" }\n",
        &format!(
            "    contact: {{ email: {EMAIL}, slack: \"@de1\", phone: \"{PHONE}\" }}\n    time_off:\n      - {{ from: 2026-12-08, to: 2026-12-10, reason: \"{REASON}\" }}\n"
        ),
    );
    let site_yaml = root.join("content/site.yaml");
    let text = read(&site_yaml);
    std::fs::write(&site_yaml, format!("{text}{site_yaml_extra}")).unwrap();
    build_ok(root);
    site
}

/// Every output file as text: calendar lines unfolded, gzip (the index's shards and
/// anything else gzip-compressed) decompressed. (path under the output, text)
fn output_texts(public: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut gzipped = 0;
    for (path, bytes) in snapshot(public) {
        let name = path.to_string_lossy().into_owned();
        let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
            gzipped += 1;
            let mut raw = Vec::new();
            flate2::read::MultiGzDecoder::new(bytes.as_slice())
                .read_to_end(&mut raw)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            raw
        } else {
            bytes
        };
        let text = String::from_utf8_lossy(&bytes).replace("\r\n ", "");
        out.push((name, text));
    }
    assert!(out.len() > 50, "a whole site: {} files", out.len());
    assert!(
        gzipped > 0,
        "the index's shards were found and decompressed"
    );
    out
}

/// The files whose lower-cased text holds `needle` (lower case).
fn files_holding<'a>(files: &'a [(String, String)], needle: &str) -> Vec<&'a str> {
    files
        .iter()
        .filter(|(_, text)| text.to_lowercase().contains(needle))
        .map(|(name, _)| name.as_str())
        .collect()
}

#[test]
fn reasons_and_phones_are_private_by_default() {
    let site = site_with_secrets("");
    let public = site.path().join("public");
    let files = output_texts(&public);
    let kinds = |f: &str| {
        files
            .iter()
            .any(|(n, _)| n.starts_with(f) || n.ends_with(f))
    };
    // Every kind of output file is there to be searched.
    for kind in [
        "index.html",
        ".ics",
        "oncall.json",
        "sitemap.xml",
        "search/s/",
        "search/f/",
        "search/meta.json",
    ] {
        assert!(kinds(kind), "the build wrote no {kind}");
    }
    for word in ["zanzibarquux", PHONE_DIGITS] {
        let leaks = files_holding(&files, word);
        assert!(leaks.is_empty(), "{word} published in {leaks:?}");
    }
    // The time off still shapes the schedule, and readers see that de1 is away.
    let oncall = read(&public.join("oncall/index.html"));
    assert!(oncall.contains("Data Engineer 1 is away"), "absence shown");
    let feed = read(&public.join("oncall.ics")).replace("\r\n ", "");
    assert!(
        feed.contains("Covering for Data Engineer 1\\, who is away"),
        "cover in the feed"
    );
    let backups = read(&public.join("pipelines/unit-level-profit/index.html"));
    assert!(
        backups.contains("Data Engineer 1 is away"),
        "backup duty shown"
    );
    // E-mail and chat handle are published by default, on pages, never in the index.
    let engineer = read(&public.join("engineers/de1/index.html"));
    assert!(
        engineer.contains(&format!("href=\"mailto:{EMAIL}\"")),
        "e-mail shown"
    );
    assert!(engineer.contains("@de1"), "chat handle shown");
    let search: Vec<_> = files
        .iter()
        .filter(|(n, _)| n.starts_with("search/"))
        .cloned()
        .collect();
    for word in [EMAIL, "quuxmail", "@de1"] {
        let leaks = files_holding(&search, word);
        assert!(leaks.is_empty(), "{word} in the search index: {leaks:?}");
    }
    // The search was a real one: the shards decompress to the index's terms.
    assert!(
        search
            .iter()
            .any(|(n, text)| n.starts_with("search/s/") && text.contains("aggregate")),
        "a shard holds the term `aggregate`"
    );
}

#[test]
fn reasons_and_phones_are_published_when_site_yaml_says_so() {
    let site = site_with_secrets(
        "publish_time_off_reasons: true\npublish_contacts: [slack, email, phone]\n",
    );
    let public = site.path().join("public");
    let files = output_texts(&public);
    let with_reason = files_holding(&files, "zanzibarquux");
    for file in [
        "oncall/index.html",
        "oncall.ics",
        // The feed of Data Engineer 3, who covers the shift.
        "oncall/de3.ics",
        "pipelines/unit-level-profit/index.html",
    ] {
        assert!(with_reason.contains(&file), "{file} not in {with_reason:?}");
    }
    let engineer = read(&public.join("engineers/de1/index.html"));
    assert!(engineer.contains(PHONE), "phone shown when asked");
    assert!(engineer.contains("href=\"tel:+15558675309\""), "{engineer}");
    // Contact details stay out of the search index whatever the setting.
    let search: Vec<_> = files
        .iter()
        .filter(|(n, _)| n.starts_with("search/"))
        .cloned()
        .collect();
    for word in [PHONE_DIGITS, "quuxmail", "@de1"] {
        let leaks = files_holding(&search, word);
        assert!(leaks.is_empty(), "{word} in the search index: {leaks:?}");
    }
}

#[test]
fn publish_contacts_chooses_the_fields() {
    let site = site_with_secrets("publish_contacts: [phone]\n");
    let public = site.path().join("public");
    let engineer = read(&public.join("engineers/de1/index.html"));
    assert!(engineer.contains(PHONE));
    assert!(!engineer.contains(EMAIL), "e-mail left out");
    let files = output_texts(&public);
    for word in ["quuxmail", "\"@de1\"", "slack @de1"] {
        let leaks = files_holding(&files, word);
        assert!(leaks.is_empty(), "{word} published in {leaks:?}");
    }
    let json = read(&public.join("oncall.json"));
    assert!(
        !json.contains("slack"),
        "no chat handle in oncall.json: {json}"
    );

    // An unknown field is an error at its line.
    edit(
        site.path(),
        "content/site.yaml",
        "publish_contacts: [phone]",
        "publish_contacts: [phone, fax]",
    );
    let o = pipebook(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("content/site.yaml:"), "{err}");
    assert!(err.contains("fax"), "{err}");
}
