//! Every page reachable: output folders carry the file system's real names, and every URL
//! the site writes (links, assets, canonical and edit links, the sitemap, search results,
//! feeds, oncall.json) is their percent-encoding, so that a server that percent-decodes
//! request paths serves them. Checked on the files and through `python3 -m http.server`.

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use common::*;

const BASE: &str = "https://pipebook-example.netlify.app/";

/// Runbook files with names a URL must encode, and where their pages must be written.
const NAMES: [(&str, &str); 8] = [
    ("x+y.md", "runbooks/x+y/index.html"),
    ("a b.md", "runbooks/a b/index.html"),
    ("hash#tag.md", "runbooks/hash#tag/index.html"),
    ("why?.md", "runbooks/why?/index.html"),
    ("50%.md", "runbooks/50%/index.html"),
    ("größe.md", "runbooks/größe/index.html"),
    ("日本/手順.md", "runbooks/日本/手順/index.html"),
    ("odd & 'quoted'.md", "runbooks/odd & 'quoted'/index.html"),
];

/// The example site plus runbooks with odd names that link to each other (as Markdown
/// writes such links: percent-encoded or in angle brackets) and to a file beside them.
fn odd_site() -> tempfile::TempDir {
    let site = example_site();
    let dir = site.path().join("content/runbooks/odd");
    std::fs::create_dir_all(dir.join("日本")).unwrap();
    let links = |up: &str| {
        format!(
            "\n[plus]({up}x+y.md) [space](<{up}a b.md>) [hash]({up}hash%23tag.md#steps) \
             [question]({up}why%3F.md) [percent]({up}50%25.md) [umlaut]({up}größe.md) \
             [kanji]({up}日本/手順.md) [quoted](<{up}odd & 'quoted'.md>) \
             [file](<{up}notes file %231.txt>)\n\n## Steps\n\n1. Look.\n"
        )
    };
    for (name, _) in NAMES {
        let body = links(if name.contains('/') { "../" } else { "" });
        std::fs::write(
            dir.join(name),
            format!("---\npipelines: [aggregate-profit]\n---\n# {name}\n{body}"),
        )
        .unwrap();
    }
    std::fs::write(dir.join("notes file #1.txt"), "notes\n").unwrap();
    build_ok(site.path());
    site
}

/// Replaces the entities Tera's escaping writes in attribute values.
fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The values of `attr="..."` in `html`.
fn attributes(html: &str, attr: &str) -> Vec<String> {
    let open = format!(" {attr}=\"");
    html.match_indices(&open)
        .filter_map(|(i, _)| {
            let rest = &html[i + open.len()..];
            rest.find('"').map(|end| unescape(&rest[..end]))
        })
        .collect()
}

/// Every URL of the site's own pages and files that the output holds, as written.
fn site_urls(public: &Path) -> BTreeSet<String> {
    let mut urls = BTreeSet::new();
    for (path, bytes) in snapshot(public) {
        let name = path.to_string_lossy().into_owned();
        let text = String::from_utf8_lossy(&bytes).replace("\r\n ", "");
        if name.ends_with(".html") {
            urls.extend(attributes(&text, "href"));
            urls.extend(attributes(&text, "src"));
        } else if name == "sitemap.xml" {
            for part in text.split("<loc>").skip(1) {
                urls.insert(unescape(&part[..part.find("</loc>").unwrap()]));
            }
        } else if name.starts_with("search/f/") {
            let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
            urls.insert(doc["u"].as_str().unwrap().to_string());
        } else if name.ends_with(".ics") {
            for line in text.lines() {
                if let Some(url) = line.strip_prefix("URL:") {
                    urls.insert(url.to_string());
                }
            }
        } else if name == "oncall.json" {
            let json: serde_json::Value = serde_json::from_str(&text).unwrap();
            urls.insert(json["schedule"].as_str().unwrap().to_string());
            for e in json["engineers"].as_array().unwrap() {
                urls.insert(e["url"].as_str().unwrap().to_string());
            }
        }
    }
    // Only this site's addresses: root-relative, or absolute on the base URL (webcal too).
    urls.into_iter()
        .filter_map(|u| {
            let u = u.replacen("webcal://", "https://", 1);
            if let Some(rest) = u.strip_prefix(BASE) {
                Some(format!("/{rest}"))
            } else if u.starts_with('/') && !u.starts_with("//") {
                Some(u)
            } else {
                None
            }
        })
        .collect()
}

/// The file a URL path names: query and fragment cut, percent-decoded as UTF-8, a folder
/// to its `index.html`.
fn file_of(public: &Path, url: &str) -> std::path::PathBuf {
    let path = url.split(['?', '#']).next().unwrap();
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .unwrap_or_else(|e| panic!("{url}: {e}"));
    let mut file = public.join(decoded.trim_start_matches('/'));
    if decoded.ends_with('/') {
        file.push("index.html");
    }
    file
}

#[test]
fn pages_are_written_under_their_real_names() {
    let site = odd_site();
    let public = site.path().join("public");
    for (name, page) in NAMES {
        let page = page.replacen("runbooks/", "runbooks/odd/", 1);
        assert!(
            public.join(&page).is_file(),
            "{name}: no {page}; runbooks/: {:?}",
            std::fs::read_dir(public.join("runbooks/odd"))
                .map(|d| d.map(|e| e.unwrap().file_name()).collect::<Vec<_>>())
        );
    }
    assert!(public.join("runbooks/odd/notes file #1.txt").is_file());
    assert!(
        !public.join("runbooks/odd/x%2By").exists(),
        "no encoded folder"
    );
    // The edit link names the source file, encoded.
    let page = read(&public.join("runbooks/odd/hash#tag/index.html"));
    assert!(
        page.contains("href=\"https://github.com/example-org/pipebook/edit/main/content/runbooks/odd/hash%23tag.md\""),
        "edit link encoded"
    );
    assert!(page.contains(
        "<link rel=\"canonical\" href=\"https://pipebook-example.netlify.app/runbooks/odd/hash%23tag/\">"
    ));
}

#[test]
fn every_url_is_encoded_and_leads_to_a_file() {
    let site = odd_site();
    let public = site.path().join("public");
    let urls = site_urls(&public);
    for (name, _) in NAMES {
        let page = name.trim_end_matches(".md");
        let encoded = format!(
            "/runbooks/odd/{}/",
            percent_encoding::utf8_percent_encode(page, percent_encoding::NON_ALPHANUMERIC)
                .to_string()
                .replace("%2F", "/")
                .replace("%2E", ".")
        );
        assert!(urls.contains(&encoded), "{encoded} linked: {urls:#?}");
    }
    let mut missing = Vec::new();
    for url in &urls {
        // One encoding everywhere: nothing a server could read two ways.
        assert!(
            url.bytes()
                .all(|b| b.is_ascii_graphic() && !b"\"'<>\\^`{|}".contains(&b)),
            "{url} is not encoded"
        );
        if !file_of(&public, url).is_file() {
            missing.push(url.clone());
        }
    }
    assert!(missing.is_empty(), "URLs that lead nowhere: {missing:#?}");
    assert!(urls.len() > 40, "{} URLs checked", urls.len());
}

/// `python3 -m http.server` on a free port of 127.0.0.1, stopped when dropped.
struct PythonServer {
    child: Child,
    port: u16,
}

impl PythonServer {
    fn start(dir: &Path) -> Self {
        let mut child = Command::new("python3")
            .args([
                "-u",
                "-m",
                "http.server",
                "0",
                "--bind",
                "127.0.0.1",
                "--directory",
            ])
            .arg(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 must be installed to run this test (CI has it; see the README)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        // "Serving HTTP on 127.0.0.1 port 40123 (http://127.0.0.1:40123/) ..."
        let port = line
            .split(" port ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        PythonServer { child, port }
    }

    /// The status code of `GET path`.
    fn status(&self, path: &str) -> u16 {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let head = String::from_utf8_lossy(&response[..response.len().min(64)]).into_owned();
        head.split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{path}: {head:?}"))
    }
}

impl Drop for PythonServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn python_http_server_serves_every_url() {
    let site = odd_site();
    let public = site.path().join("public");
    let server = PythonServer::start(&public);
    let urls = site_urls(&public);
    let failed: Vec<(String, u16)> = urls
        .iter()
        .map(|u| (u.clone(), server.status(u)))
        .filter(|(_, status)| *status != 200)
        .collect();
    assert!(failed.is_empty(), "not served: {failed:#?}");
    // The server does answer 404: the check above can fail.
    assert_eq!(server.status("/runbooks/odd/x%252By/"), 404);
    assert!(urls.contains("/runbooks/odd/x%2By/"));
}

/// The URLs written in site.yaml: a link from every page must be a web address, and what
/// a URL cannot hold (a space, a line break that would start a line of a calendar feed)
/// is encoded.
#[test]
fn site_yaml_urls_are_web_addresses_and_encoded() {
    let site = example_site();
    let root = site.path();
    let r = root.to_str().unwrap();
    edit(
        root,
        "content/site.yaml",
        "repository: https://github.com/example-org/pipebook",
        "repository: \"javascript:alert(document.domain)\"",
    );
    let o = pipebook(&["check", "--root", r]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("content/site.yaml:7:"), "{err}");
    assert!(err.contains("repository `javascript:"), "{err}");
    edit(
        root,
        "content/site.yaml",
        "repository: \"javascript:alert(document.domain)\"",
        "repository: https://github.com/example-org/pipebook",
    );
    // A line break cannot reach the feeds: it is refused at its place.
    edit(
        root,
        "content/site.yaml",
        "base_url: https://pipebook-example.netlify.app/",
        "base_url: \"https://pipebook-example.netlify.app/ops\\r\\nX-INJECTED:1/\"",
    );
    let o = pipebook(&["build", "--root", r]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("content/site.yaml:6:11"), "{err}");
    assert!(err.contains("control character"), "{err}");
    assert!(!root.join("public").exists());
    // What a URL may hold but must be encoded is encoded, once, everywhere.
    edit(
        root,
        "content/site.yaml",
        "base_url: \"https://pipebook-example.netlify.app/ops\\r\\nX-INJECTED:1/\"",
        "base_url: \"https://pipebook-example.netlify.app/öps|docs/\"",
    );
    // The alert rules link the site where it was: not checked here.
    edit(
        root,
        "content/site.yaml",
        "alert_rules: [content/rules/*.yaml]",
        "",
    );
    build_ok(root);
    let feed = read(&root.join("public/oncall.ics")).replace("\r\n ", "");
    assert!(
        feed.contains("URL:https://pipebook-example.netlify.app/%C3%B6ps%7Cdocs/oncall/"),
        "{feed}"
    );
    let page = read(&root.join("public/index.html"));
    assert!(page.contains("href=\"/%C3%B6ps%7Cdocs/oncall/\""));
}
