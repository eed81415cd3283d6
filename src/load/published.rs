//! The addresses the previous build published, read back from its output folder (as the
//! feeds' revisions are, see `previous`): its pages from `sitemap.xml`, its aliases and
//! routes from `_redirects`. A page that disappears without a redirect breaks every alert,
//! bookmark and chat message that links it; `routes::moved` reports those.

use std::fs;
use std::io::Read;
use std::path::Path;

/// What a previous build published, as site paths (percent-decoded, no leading `/`,
/// folders ending with `/`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Published {
    /// Every page of its sitemap.
    pub pages: Vec<String>,
    /// The source of every redirect (`301`) of its `_redirects`: aliases, alert and job
    /// routes.
    pub redirects: Vec<String>,
    /// The base URL it was built for (its home page's address, as the sitemap has it;
    /// empty without one): production's, or a deploy preview's that built into the
    /// build cache.
    pub base: String,
    /// Whether it was a preview's build (`--preview`: its home page asks search engines
    /// not to index it): another base than this build's is then a deploy preview's, not
    /// production's before a domain move.
    pub preview: bool,
}

/// The largest sitemap or `_redirects` read: a 10,000-runbook site's sitemap is under
/// 1 MB.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// What the site in `output` published, if a pipebook site is there (its marker file and
/// a sitemap). Anything unreadable is taken as nothing published: this only ever adds
/// checks.
pub fn published(output: &Path) -> Option<Published> {
    if !output.join(crate::model::OUTPUT_MARKER).is_file() {
        return None;
    }
    let sitemap = read_limited(&output.join("sitemap.xml"))?;
    let (base, pages) = sitemap_paths(&with_numbered_files(output, sitemap));
    let redirects = read_limited(&output.join("_redirects"))
        .map(|text| redirect_sources(&text))
        .unwrap_or_default();
    Some(Published {
        pages,
        redirects,
        base,
        preview: is_preview(output),
    })
}

/// Whether the site in `output` is a preview's build: its `_headers` ask of every path
/// not to be indexed ([`crate::model::PREVIEW_ROBOTS`], which pipebook writes whatever
/// the theme), or, for an older pipebook's output, its home page does (`base.html`'s
/// robots line).
pub(super) fn is_preview(output: &Path) -> bool {
    headers_say_preview(output) || home_says_preview(output)
}

/// Whether the `/*` rule of `output`'s `_headers` (the first, which pipebook writes
/// before those of the copied files; 64 kB read at most) holds
/// [`crate::model::PREVIEW_ROBOTS`].
fn headers_say_preview(output: &Path) -> bool {
    let Ok(file) = fs::File::open(output.join("_headers")) else {
        return false;
    };
    let mut text = String::new();
    if file.take(64 * 1024).read_to_string(&mut text).is_err() {
        return false;
    }
    let rule = text.lines().skip_while(|l| *l != "/*").skip(1);
    rule.take_while(|l| l.starts_with(' '))
        .any(|l| l.trim() == crate::model::PREVIEW_ROBOTS)
}

/// Whether the home page in `output` asks not to be indexed in its head (the first 64 kB
/// at most; the body, written from content, is not looked at).
fn home_says_preview(output: &Path) -> bool {
    let Ok(file) = fs::File::open(output.join("index.html")) else {
        return false;
    };
    let mut text = String::new();
    if file.take(64 * 1024).read_to_string(&mut text).is_err() {
        return false;
    }
    let head = text.split("</head>").next().unwrap_or_default();
    head.contains("<meta name=\"robots\" content=\"noindex, nofollow\">")
}

/// A sitemap index (a site over the protocol's 50,000 addresses) replaced by the
/// `<urlset>`s of the numbered files it names (`sitemap-N.xml`, read from `output` by
/// that name alone, whatever host its `<loc>` names); a sitemap kept as it is.
fn with_numbered_files(output: &Path, sitemap: String) -> String {
    if !sitemap.contains("<sitemapindex") {
        return sitemap;
    }
    let mut all = String::new();
    for rest in sitemap.split("<loc>").skip(1) {
        let Some((loc, _)) = rest.split_once("</loc>") else {
            continue;
        };
        let name = loc.trim().rsplit('/').next().unwrap_or_default();
        if crate::url::is_sitemap_part(name) {
            all.extend(read_limited(&output.join(name)));
        }
    }
    all
}

fn read_limited(path: &Path) -> Option<String> {
    let file = fs::File::open(path).ok()?;
    let mut text = String::new();
    file.take(MAX_BYTES).read_to_string(&mut text).ok()?;
    Some(text)
}

/// The site paths of a sitemap's `<loc>`s. The sitemap holds absolute URLs under the
/// base URL of its build, which may differ from this one (a preview's): the home page,
/// whose `<loc>` is that base URL itself and a prefix of every other, gives it. That
/// base, and the paths.
fn sitemap_paths(xml: &str) -> (String, Vec<String>) {
    let locs: Vec<String> = xml
        .split("<loc>")
        .skip(1)
        .filter_map(|rest| {
            rest.split_once("</loc>")
                .map(|(loc, _)| unescape_entities(loc.trim()))
        })
        .collect();
    let Some(base) = locs
        .iter()
        .filter(|l| l.ends_with('/'))
        .min_by_key(|l| l.len())
        .filter(|b| locs.iter().all(|l| l.starts_with(b.as_str())))
        .cloned()
    else {
        return (String::new(), Vec::new());
    };
    let paths = locs
        .iter()
        .map(|l| percent_decode(&l[base.len()..]))
        .collect();
    (base, paths)
}

/// The source paths of the `301` rules of a `_redirects` file, as pipebook writes it
/// (`/from /to 301!`).
fn redirect_sources(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let from = fields.next()?;
            let _to = fields.next()?;
            let status = fields.next()?;
            (from.starts_with('/') && status.starts_with("301"))
                .then(|| percent_decode(from.trim_start_matches('/')))
        })
        .collect()
}

/// `s` with the five entities of XML and HTML escaping turned back to their characters:
/// `&lt;`, `&gt;`, `&quot;`, `&amp;`, and the apostrophe as XML writes it (`&apos;`) or as
/// HTML escapers do (`&#39;`, ours, and `&#x27;`). Any other entity is left as it is. One
/// function for the sitemap read back here and the pages' text compared in
/// `render::lead`, so that the two cannot drift apart on which apostrophe they know.
///
/// One pass: an entity runs from its `&` to its `;` with no other `&` in it, so two can
/// never overlap, and `&amp;lt;` is `&lt;`, as replacing `&amp;` last would give.
pub fn unescape_entities(s: &str) -> String {
    const ENTITIES: [(&str, char); 7] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&amp;", '&'),
        ("&apos;", '\''),
        ("&#39;", '\''),
        ("&#x27;", '\''),
    ];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
            Some((e, c)) => {
                out.push(*c);
                rest = &rest[e.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `%XX` decoded as UTF-8 (invalid sequences kept as `\u{FFFD}`).
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_unescaped_once_and_unknown_ones_left() {
        assert_eq!(
            unescape_entities("a&lt;b&gt;&quot;c&quot; &apos;d&#39; &#x27;e&amp;f"),
            "a<b>\"c\" 'd' 'e&f"
        );
        // `&amp;` gives a literal `&`, never the start of another entity.
        assert_eq!(unescape_entities("&amp;lt; &amp;amp;"), "&lt; &amp;");
        assert_eq!(
            unescape_entities("&nbsp;&&;&lt&#40;é&"),
            "&nbsp;&&;&lt&#40;é&"
        );
        // The same as the replacements each reader made before, `&amp;` last.
        for s in ["x&amp;quot;y", "&&lt;;", "&#3&#39;9;", "&apos&amp;apos;;"] {
            let replaced = s
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&#39;", "'")
                .replace("&#x27;", "'")
                .replace("&amp;", "&");
            assert_eq!(unescape_entities(s), replaced, "{s}");
        }
    }

    #[test]
    fn a_sitemap_index_is_read_through_its_numbered_files() {
        let dir = std::env::temp_dir().join(format!("pipebook-published-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join(crate::model::OUTPUT_MARKER), "").unwrap();
        fs::write(
            dir.join("sitemap.xml"),
            "<?xml version=\"1.0\"?>\n<sitemapindex>\n  <sitemap><loc>https://x.example/sitemap-1.xml</loc></sitemap>\n  <sitemap><loc>https://x.example/sitemap-2.xml</loc></sitemap>\n  <sitemap><loc>https://x.example/../../etc/passwd</loc></sitemap>\n</sitemapindex>\n",
        )
        .unwrap();
        fs::write(
            dir.join("sitemap-1.xml"),
            "<urlset>\n  <url><loc>https://x.example/</loc></url>\n  <url><loc>https://x.example/runbooks/a/</loc></url>\n</urlset>\n",
        )
        .unwrap();
        fs::write(
            dir.join("sitemap-2.xml"),
            "<urlset>\n  <url><loc>https://x.example/runbooks/b/</loc></url>\n</urlset>\n",
        )
        .unwrap();
        let found = published(&dir).unwrap();
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found.pages, ["", "runbooks/a/", "runbooks/b/"]);
    }

    #[test]
    fn sitemap_paths_are_relative_to_the_home_page() {
        let xml = "<?xml version=\"1.0\"?>\n<urlset>\n  <url><loc>https://x.example/docs/</loc></url>\n  <url><loc>https://x.example/docs/runbooks/a%20b/</loc></url>\n  <url><loc>https://x.example/docs/runbooks/q&amp;a/</loc></url>\n</urlset>\n";
        assert_eq!(
            sitemap_paths(xml),
            (
                "https://x.example/docs/".to_string(),
                vec![
                    String::new(),
                    "runbooks/a b/".into(),
                    "runbooks/q&a/".into()
                ]
            )
        );
        // Without the home page there is no base to read paths against.
        let (base, paths) = sitemap_paths("<loc>https://x/a/</loc><loc>https://y/b/</loc>");
        assert!(base.is_empty() && paths.is_empty());
    }

    #[test]
    fn redirect_sources_are_the_301_rules() {
        let text = "# comment\n/runbooks/old/ /runbooks/new/ 301!\n/alerts/x/ /runbooks/x/ 301!\n/gone/ /404.html 410\n\n";
        assert_eq!(redirect_sources(text), vec!["runbooks/old/", "alerts/x/"]);
    }

    #[test]
    fn only_a_pipebook_site_is_read() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("sitemap.xml"), "<loc>https://x/</loc>").unwrap();
        assert_eq!(published(dir.path()), None);
        fs::write(dir.path().join(crate::model::OUTPUT_MARKER), "x").unwrap();
        assert_eq!(
            published(dir.path()),
            Some(Published {
                pages: vec![String::new()],
                redirects: vec![],
                base: "https://x/".into(),
                preview: false,
            })
        );
        let noindex = "<head><meta name=\"robots\" content=\"noindex, nofollow\"></head>";
        fs::write(dir.path().join("index.html"), noindex).unwrap();
        assert!(published(dir.path()).unwrap().preview);
        let body = format!("<head></head><body>{noindex}</body>");
        fs::write(dir.path().join("index.html"), body).unwrap();
        assert!(!published(dir.path()).unwrap().preview);
        // Said by `_headers` (under `/*` only), whatever the home page.
        let headers = |preview, assets: &[&str]| {
            let h = crate::render::headers::netlify_headers("x", preview, assets.iter().copied());
            fs::write(dir.path().join("_headers"), h).unwrap();
            published(dir.path()).unwrap().preview
        };
        assert!(headers(true, &["a.png"]));
        assert!(!headers(false, &["a.png"]));
        fs::write(
            dir.path().join("_headers"),
            "/*\n  X-Frame-Options: DENY\n/a\n  X-Robots-Tag: noindex, nofollow\n",
        )
        .unwrap();
        assert!(!published(dir.path()).unwrap().preview);
    }
}
