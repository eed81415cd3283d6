//! Issue 20, must-hold 1: `cargo install --locked --path .` gives one binary that needs
//! nothing beside it. It is installed into a temporary folder (through this build's own
//! target folder, so that after `cargo build --release` it only copies the binary) and
//! builds, from a folder that is not the repository, a site that has only a runbook and
//! `content/site.yaml`: the theme, client scripts and schemas all come from the binary.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// The target folder this test was built in (`…/target/debug/deps/install-…`).
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.ancestors()
        .nth(3)
        .expect("the test binary lies in target/<profile>/deps")
        .to_path_buf()
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    files.sort();
    files
}

#[test]
fn cargo_install_gives_a_binary_that_builds_a_site_on_its_own() {
    let prefix = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let o = Command::new(env!("CARGO"))
        .args(["install", "--locked", "--offline", "--path"])
        .arg(repo())
        .arg("--root")
        .arg(prefix.path())
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .expect("run cargo install");
    assert!(o.status.success(), "cargo install failed:\n{}", stderr(&o));
    eprintln!(
        "cargo install took {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let bin = prefix
        .path()
        .join("bin")
        .join(format!("pipebook{}", std::env::consts::EXE_SUFFIX));
    // One binary and cargo's own records, nothing else.
    let installed = files_under(prefix.path());
    assert!(
        installed
            .iter()
            .all(|p| p.starts_with("bin") || p.to_str().is_some_and(|s| s.starts_with(".crates"))),
        "{installed:?}"
    );
    assert!(bin.is_file(), "{installed:?}");

    // The binary does not name the repository: nothing in it reads the repository's
    // theme or schemas at run time by their absolute path.
    let bytes = fs::read(&bin).unwrap();
    let here = repo().canonicalize().unwrap();
    let here = here.to_str().unwrap().as_bytes();
    assert!(
        !bytes.windows(here.len()).any(|w| w == here),
        "the installed binary holds the repository's path {}",
        String::from_utf8_lossy(here)
    );

    // A repository with one runbook and a site.yaml, built from inside it: the working
    // folder holds no themes/ or schemas/.
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    fs::create_dir_all(root.join("content/runbooks/storage")).unwrap();
    fs::write(root.join("content/site.yaml"), "title: Storage runbooks\n").unwrap();
    fs::write(
        root.join("content/runbooks/storage/disk-full.md"),
        "# Disk full\n\n## Steps\n\n1. Free space: `du -sh /var/log/*`.\n",
    )
    .unwrap();
    let version = Command::new(&bin).arg("--version").output().unwrap();
    assert_eq!(
        stdout(&version).trim(),
        format!("pipebook {}", env!("CARGO_PKG_VERSION"))
    );
    let o = Command::new(&bin)
        .arg("build")
        .current_dir(root)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    let public = root.join("public");
    let page = read(&public.join("runbooks/storage/disk-full/index.html"));
    assert!(page.contains("Disk full") && page.contains("du -sh /var/log/*"));
    assert!(page.contains("<title>") && page.contains("/static/style.css"));
    assert!(page.contains("<style>") && page.contains("<script>"));
    // Every file of the default theme's static/ is published byte for byte, from the
    // binary (the site has no themes/), but the two that every page carries inline.
    assert!(!root.join("themes").exists());
    theme_static_is_published(&public);
    // The schemas, from the types compiled in, and the search client.
    let schemas = files_under(&public.join("schema"));
    assert!(
        schemas.iter().any(|p| p.ends_with("site.schema.json")),
        "{schemas:?}"
    );
    let schema = read(&public.join("schema/site.schema.json"));
    assert!(schema.contains("\"title\""), "{schema}");
    assert!(public.join("search").is_dir());

    init_then_build(&bin);
}

/// Every file of the default theme's `static/` is published in `public` byte for byte
/// (minified as served), but the two that every page carries inline; the search client's
/// parts joined and minified as `static/search.js`.
fn theme_static_is_published(public: &Path) {
    let theme_static = repo().join("themes/default/static");
    // The search client's parts (static/search/) are served joined, as static/search.js.
    let parts = [
        "fetch", "words", "lookup", "preview", "query", "rank", "results", "header", "answers",
    ];
    let joined: String = parts
        .iter()
        .map(|p| fs::read_to_string(theme_static.join(format!("search/{p}.js"))).unwrap())
        .collect();
    // Served minified (themes/default/search.min.js, made from these parts by terser, its
    // first line the SHA-256 of the parts joined): under half their size, and every first
    // search downloads it.
    let min = fs::read_to_string(repo().join("themes/default/search.min.js")).unwrap();
    let (first, body) = min.split_once('\n').unwrap();
    let sum = sha256_hex(joined.as_bytes());
    assert!(
        first.starts_with(&format!("// sha256 {sum}: ")),
        "themes/default/search.min.js was not made from the parts as they are: run tools/minify/run.sh"
    );
    let served = pipebook::render::inline::served("search.js", body.as_bytes()).into_owned();
    assert!(
        served.len() * 2 < joined.len(),
        "search.js is served as written: {} bytes of {}",
        served.len(),
        joined.len()
    );
    assert_eq!(
        fs::read(public.join("static/search.js")).unwrap(),
        served,
        "static/search.js is not the repository's search/*.js minified"
    );
    assert!(!public.join("static/search").exists());
    assert_eq!(files_under(&theme_static.join("search")).len(), parts.len());
    for rel in files_under(&theme_static) {
        if rel.starts_with("search") {
            continue;
        }
        if rel == Path::new("critical.css") || rel == Path::new("head.js") {
            assert!(!public.join("static").join(&rel).exists());
            continue;
        }
        let mut want = fs::read(theme_static.join(&rel)).unwrap();
        // site.js, offline.js and search-inflate.js are served as terser made them
        // (themes/default/site.min.js, offline.min.js, search-inflate.min.js), from the
        // files as they are.
        if ["site.js", "offline.js", "search-inflate.js"]
            .iter()
            .any(|name| rel == Path::new(name))
        {
            let stem = rel.file_stem().unwrap().to_string_lossy();
            let min =
                fs::read_to_string(repo().join(format!("themes/default/{stem}.min.js"))).unwrap();
            let (first, body) = min.split_once('\n').unwrap();
            assert!(
                first.starts_with(&format!("// sha256 {}: ", sha256_hex(&want))),
                "themes/default/{stem}.min.js was not made from {stem}.js as it is: run tools/minify/run.sh"
            );
            want = body.as_bytes().to_vec();
        }
        // Every script and stylesheet is served minified (render::inline::served).
        let want = pipebook::render::inline::served(&rel.to_string_lossy(), &want).into_owned();
        assert_eq!(
            fs::read(public.join("static").join(&rel)).unwrap(),
            want,
            "static/{} differs from the repository's theme",
            rel.display()
        );
    }
}

/// `pipebook init` with the binary `bin`, in a folder of Markdown, then a build.
fn init_then_build(bin: &Path) {
    let tree = tempfile::tempdir().unwrap();
    fs::write(
        tree.path().join("failover.md"),
        "# Failover\n\n1. Promote.\n",
    )
    .unwrap();
    let o = Command::new(bin)
        .args(["init"])
        .current_dir(tree.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = Command::new(bin)
        .args(["build"])
        .current_dir(tree.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(tree
        .path()
        .join("public/runbooks/failover/index.html")
        .is_file());
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
