//! Where a build may put the site. A build replaces its output folder whole, so a wrong
//! `--output` (the root, `content/`, a folder of someone's files) would delete what
//! pipebook never wrote. Every output pipebook writes holds a marker file ([`MARKER`]);
//! anything else is refused before a single file is touched.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Name of the marker file at the top of every output folder pipebook writes. It is
/// published with the site; its text ([`MARKER_TEXT`]) says only what the folder is.
pub const MARKER: &str = crate::model::OUTPUT_MARKER;

/// Contents of the marker file.
pub const MARKER_TEXT: &str =
    "This folder was written by pipebook, which replaces it whole on every build.\n";

/// An output folder that must not be written: a usage error, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// What is wrong, naming the folder.
    pub message: String,
    /// What to do instead.
    pub hint: String,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n  = hint: {}", self.message, self.hint)
    }
}

/// A folder of the site's sources that no output may lie in or contain.
pub struct Source<'a> {
    /// How the message names it (`content/`).
    pub name: &'a str,
    pub path: PathBuf,
}

/// `path` made absolute, with symbolic links, `.` and `..` resolved: the nearest existing
/// ancestor canonicalised, and the rest (which does not exist, so holds no link) appended
/// with its `..` applied. Two spellings of one folder resolve alike, so that they share
/// a lock and are compared truthfully.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    resolve_within(path, 0)
}

/// [`resolve`], `links` links deep: a link that leads nowhere yet is followed to where
/// it leads, as the kernel would when the folder is made through it.
fn resolve_within(path: &Path, links: usize) -> io::Result<PathBuf> {
    const MAX_LINKS: usize = 40;
    let absolute = std::path::absolute(path)?;
    let components: Vec<Component> = absolute.components().collect();
    for existing in (1..=components.len()).rev() {
        let prefix: PathBuf = components[..existing].iter().collect();
        if let Some(target) = fs::read_link(&prefix).ok().filter(|_| !prefix.exists()) {
            if links >= MAX_LINKS {
                return Err(io::Error::other(format!(
                    "too many symbolic links at `{}`",
                    prefix.display()
                )));
            }
            let mut followed = prefix.parent().unwrap_or(Path::new("/")).join(target);
            followed.extend(&components[existing..]);
            return resolve_within(&followed, links + 1);
        }
        match prefix.canonicalize() {
            Ok(mut resolved) => {
                for c in &components[existing..] {
                    match c {
                        Component::ParentDir => {
                            resolved.pop();
                        }
                        Component::Normal(name) => resolved.push(name),
                        _ => {}
                    }
                }
                return Ok(resolved);
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) => {}
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::NotFound,
        format!("no part of `{}` exists", path.display()),
    ))
}

/// Where the site may be built, as resolved by [`resolve`], or why not. `given` is the
/// output as the user wrote it, for the messages. Refused: the root, a folder holding the
/// root or one of `sources`, a folder inside one of `sources`, a file (or a path through
/// one), and, unless `force`, an existing folder holding files but no [`MARKER`].
pub fn check_output(
    root: &Path,
    given: &Path,
    sources: &[Source],
    force: bool,
) -> Result<PathBuf, Refused> {
    let output = check_place(root, given, sources, "--output")?;
    if output.is_dir()
        && !force
        && !is_empty(&output)
        && !has_marker(&output)
        && !written_before_the_marker(&output)
    {
        return Err(Refused {
            message: format!(
                "--output `{}` is a folder of files that pipebook did not write (it has no `{MARKER}` file); a build would replace it whole",
                given.display()
            ),
            hint: "pass an empty or new folder; or, if everything in it may be deleted, add --force once (later builds find the marker)".into(),
        });
    }
    Ok(output)
}

/// That `--root` names a folder: a usage error otherwise, said before anything is read
/// (a missing root read as a site without `content/` was a content error, exit 1, and
/// `schema` created it), for every command.
pub fn check_root(root: &Path) -> Result<(), Refused> {
    let hint = "pass the folder that holds `content/`".to_string();
    match fs::metadata(root) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(Refused {
            message: format!("--root `{}` is a file, not a folder", root.display()),
            hint,
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(Refused {
            message: format!("--root `{}` does not exist", root.display()),
            hint: format!("{hint}, or create it first"),
        }),
        Err(e) => Err(Refused {
            message: format!("--root `{}` cannot be read: {e}", root.display()),
            hint,
        }),
    }
}

/// The checks of [`check_output`] that depend only on where `given` is, for commands that
/// add files to a folder rather than replace it (`schema --output`).
pub fn check_place(
    root: &Path,
    given: &Path,
    sources: &[Source],
    flag: &str,
) -> Result<PathBuf, Refused> {
    let shown = given.display();
    let unresolvable = |e: io::Error| Refused {
        message: format!("{flag} `{shown}` cannot be resolved: {e}"),
        hint: "pass a folder whose parent folders exist and can be read".into(),
    };
    let output = resolve(given).map_err(unresolvable)?;
    let root = resolve(root).map_err(|e| Refused {
        message: format!("--root `{}` cannot be resolved: {e}", root.display()),
        hint: "pass the folder that holds `content/`".into(),
    })?;
    // Said of the root itself, not of the output that would lie under it.
    check_root(&root)?;
    let elsewhere = "pass a folder of its own, such as ROOT/public (the default)";
    if output == root {
        return Err(Refused {
            message: format!("{flag} `{shown}` is the site's root folder ({}); writing there would replace content/ and themes/", root.display()),
            hint: elsewhere.into(),
        });
    }
    if root.starts_with(&output) {
        return Err(Refused {
            message: format!(
                "{flag} `{shown}` ({}) holds the site's root folder ({}); writing there would replace it",
                output.display(),
                root.display()
            ),
            hint: elsewhere.into(),
        });
    }
    for source in sources {
        let Ok(path) = resolve(&source.path) else {
            continue;
        };
        if output.starts_with(&path) {
            let place = if output == path { "is" } else { "lies inside" };
            return Err(Refused {
                message: format!(
                    "{flag} `{shown}` ({}) {place} the site's {} folder ({}); the output would replace or mix with the sources",
                    output.display(),
                    source.name,
                    path.display()
                ),
                hint: format!("{elsewhere}, outside content/ and themes/"),
            });
        }
        if path.starts_with(&output) {
            return Err(Refused {
                message: format!(
                    "{flag} `{shown}` ({}) holds the site's {} folder ({}); writing there would replace it",
                    output.display(),
                    source.name,
                    path.display()
                ),
                hint: format!("{elsewhere}, outside content/ and themes/"),
            });
        }
    }
    // The nearest existing part of the path must be a folder: the output itself, or the
    // folder it will be made in.
    if let Some(file) = output
        .ancestors()
        .find(|a| a.exists())
        .filter(|a| !a.is_dir())
    {
        let what = if file == output {
            "is a file".to_string()
        } else {
            format!("lies under `{}`, which is a file", file.display())
        };
        return Err(Refused {
            message: format!("{flag} `{shown}` {what}, not a folder"),
            hint: "pass a folder (new or empty, or one pipebook wrote before)".into(),
        });
    }
    Ok(output)
}

/// Whether `dir` holds the marker of a pipebook output (a regular file, not a link).
pub fn has_marker(dir: &Path) -> bool {
    fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// Whether `dir` is a site of a pipebook from before the marker (such as the `public/`
/// that Netlify's build cache restores): a pipebook team feed at `oncall.ics`, and nothing
/// at the top that pipebook does not write. A folder of someone's files (where a feed was
/// downloaded, say) holds other names too.
fn written_before_the_marker(dir: &Path) -> bool {
    // With Netlify's `_headers` and `_redirects`, which a later pipebook may write, and
    // what offline reading adds (the offline page, its list, the worker, the manifest).
    const NAMES: [&str; 22] = [
        "404.html",
        "_headers",
        "_nav",
        "_redirects",
        "alerts",
        "coverage",
        "engineers",
        "index.html",
        "manifest.webmanifest",
        "offline",
        "offline.json",
        "oncall",
        "oncall.ics",
        "oncall.json",
        "pipelines",
        "robots.txt",
        "runbooks",
        "schema",
        "search",
        "sitemap.xml",
        "static",
        "sw.js",
    ];
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    let only_its_names = entries
        .into_iter()
        .all(|e| e.is_ok_and(|e| e.file_name().to_str().is_some_and(|n| NAMES.contains(&n))));
    let mut head = [0u8; 200];
    let feed = fs::File::open(dir.join("oncall.ics"))
        .and_then(|mut f| io::Read::read(&mut f, &mut head))
        .map(|n| String::from_utf8_lossy(&head[..n]).into_owned())
        .unwrap_or_default();
    only_its_names
        && feed.starts_with("BEGIN:VCALENDAR\r\n")
        && feed.contains("\r\nPRODID:-//pipebook//")
}

/// Whether `dir` is a folder without entries.
pub fn is_empty(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for d in ["content/runbooks", "themes/default"] {
            fs::create_dir_all(dir.path().join(d)).unwrap();
        }
        dir
    }

    fn sources(root: &Path) -> Vec<Source<'static>> {
        vec![
            Source {
                name: "content/",
                path: root.join("content"),
            },
            Source {
                name: "themes/",
                path: root.join("themes"),
            },
        ]
    }

    fn check(root: &Path, output: &Path, force: bool) -> Result<PathBuf, Refused> {
        check_output(root, output, &sources(root), force)
    }

    #[test]
    fn resolve_spells_one_folder_one_way() {
        let dir = site();
        let root = dir.path().canonicalize().unwrap();
        let want = root.join("public");
        for spelling in [
            root.join("public"),
            root.join("content/../public"),
            root.join("./content/./../public"),
            root.join("new/deeper/../../public"),
        ] {
            assert_eq!(resolve(&spelling).unwrap(), want, "{}", spelling.display());
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("content"), root.join("link")).unwrap();
            assert_eq!(
                resolve(&root.join("link/out")).unwrap(),
                root.join("content/out")
            );
            // A link to a folder not made yet leads there; a loop of links is an error.
            std::os::unix::fs::symlink("content/new", root.join("ahead")).unwrap();
            assert_eq!(
                resolve(&root.join("ahead/x")).unwrap(),
                root.join("content/new/x")
            );
            std::os::unix::fs::symlink("loop", root.join("loop")).unwrap();
            assert!(resolve(&root.join("loop/x")).is_err());
        }
    }

    #[test]
    fn refuses_the_root_its_ancestors_and_the_sources() {
        let dir = site();
        let root = dir.path();
        for bad in [
            root.to_path_buf(),
            root.join("content/.."),
            root.parent().unwrap().to_path_buf(),
            PathBuf::from("/"),
            root.join("content"),
            root.join("content/runbooks/out"),
            root.join("themes/default/new"),
        ] {
            let refused = check(root, &bad, true).unwrap_err();
            assert!(refused.message.contains("--output"), "{refused}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("content"), root.join("public")).unwrap();
            let refused = check(root, &root.join("public"), true).unwrap_err();
            assert!(refused.message.contains("content/ folder"), "{refused}");
        }
    }

    #[test]
    fn refuses_a_folder_holding_a_linked_source() {
        let dir = site();
        let elsewhere = tempfile::tempdir().unwrap();
        let real = elsewhere.path().join("content");
        fs::create_dir_all(&real).unwrap();
        let root = dir.path();
        let sources = [Source {
            name: "content/",
            path: real.clone(),
        }];
        let refused = check_output(root, elsewhere.path(), &sources, true).unwrap_err();
        assert!(
            refused.message.contains("holds the site's content/"),
            "{refused}"
        );
    }

    #[test]
    fn refuses_files_and_foreign_folders_but_not_its_own() {
        let dir = site();
        let root = dir.path();
        fs::write(root.join("notes.txt"), "mine").unwrap();
        for bad in [root.join("notes.txt"), root.join("notes.txt/out")] {
            let refused = check(root, &bad, true).unwrap_err();
            assert!(refused.message.contains("file"), "{refused}");
        }
        let foreign = root.join("docs");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("plan.md"), "mine").unwrap();
        let refused = check(root, &foreign, false).unwrap_err();
        assert!(refused.message.contains(MARKER), "{refused}");
        assert!(refused.hint.contains("--force"), "{refused}");
        assert_eq!(
            check(root, &foreign, true).unwrap(),
            resolve(&foreign).unwrap()
        );
        fs::write(foreign.join(MARKER), MARKER_TEXT).unwrap();
        assert!(check(root, &foreign, false).is_ok());
        // New and empty folders are fine.
        let empty = root.join("empty");
        fs::create_dir_all(&empty).unwrap();
        assert!(check(root, &empty, false).is_ok());
        assert!(check(root, &root.join("new/public"), false).is_ok());
    }

    #[test]
    fn a_site_of_pipebook_before_the_marker_is_its_own() {
        let dir = site();
        let root = dir.path();
        let out = root.join("public");
        fs::create_dir_all(out.join("runbooks")).unwrap();
        fs::write(out.join("index.html"), "<!doctype html>").unwrap();
        let feed = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//pipebook//pipebook 0.1.0//EN\r\n";
        fs::write(out.join("oncall.ics"), feed).unwrap();
        assert!(check(root, &out, false).is_ok());
        // Anything else beside it, and it is someone's folder.
        fs::write(out.join("notes.md"), "mine").unwrap();
        assert!(check(root, &out, false).is_err());
        fs::remove_file(out.join("notes.md")).unwrap();
        fs::write(out.join("oncall.ics"), feed.replace("pipebook", "other")).unwrap();
        assert!(check(root, &out, false).is_err());
    }

    #[test]
    fn a_marker_must_be_a_file() {
        let dir = site();
        let out = dir.path().join("public");
        fs::create_dir_all(out.join(MARKER)).unwrap();
        assert!(!has_marker(&out));
        assert!(check(dir.path(), &out, false).is_err());
    }
}
