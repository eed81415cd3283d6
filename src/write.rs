//! Stage 5: put the built site on disk, all or nothing.
//!
//! Files are written into a staging folder beside the output folder; only when every file
//! is written does the staging folder take the output's place. A build that fails or is
//! killed part way leaves the previous site as it was.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// A file of the built site, in memory.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path under the output folder, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A file copied from the content as is.
#[derive(Debug, Clone)]
pub struct CopiedFile {
    pub path: String,
    pub source: PathBuf,
}

/// Writes `files` and `copies` as the new content of `output`, replacing it whole.
pub fn write_site(output: &Path, files: &[OutputFile], copies: &[CopiedFile]) -> io::Result<()> {
    let staging = sibling(output, "staging")?;
    let old = sibling(output, "old")?;
    // Leftovers of a build that was killed: a half-written staging folder goes; a build
    // killed between the two renames of the swap left the previous site as `old`, which
    // comes back.
    remove_if_exists(&staging)?;
    if old.exists() && !output.exists() {
        fs::rename(&old, output)?;
    }
    remove_if_exists(&old)?;
    fs::create_dir_all(&staging)?;

    let result = (|| {
        let mut dirs: Vec<PathBuf> = files
            .iter()
            .map(|f| f.path.as_str())
            .chain(copies.iter().map(|c| c.path.as_str()))
            .filter_map(|p| Path::new(p).parent().map(|d| staging.join(d)))
            .collect();
        dirs.sort();
        dirs.dedup();
        for d in &dirs {
            fs::create_dir_all(d)?;
        }
        files.par_iter().try_for_each(|f| {
            fs::write(staging.join(&f.path), &f.bytes).map_err(|e| named(e, &f.path))
        })?;
        copies.par_iter().try_for_each(|c| {
            fs::copy(&c.source, staging.join(&c.path))
                .map(|_| ())
                .map_err(|e| named(e, &c.path))
        })?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }

    // Swap: the old site moves aside, the new one moves in, the old one is deleted.
    if output.exists() {
        fs::rename(output, &old)?;
    }
    if let Err(e) = fs::rename(&staging, output) {
        let _ = fs::rename(&old, output);
        return Err(e);
    }
    remove_if_exists(&old)?;
    Ok(())
}

/// `.<name>.pipebook-<what>` beside `output`, on the same file system so renames are atomic.
fn sibling(output: &Path, what: &str) -> io::Result<PathBuf> {
    let name = output.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("output folder `{}` has no name", output.display()),
        )
    })?;
    let parent = output.parent().unwrap_or(Path::new("."));
    Ok(parent.join(format!(".{}.pipebook-{what}", name.to_string_lossy())))
}

/// Adds the output path to an error, which the OS leaves out.
fn named(e: io::Error, path: &str) -> io::Error {
    io::Error::new(e.kind(), format!("{path}: {e}"))
}

fn remove_if_exists(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(out.join("stale")).unwrap();
        fs::write(out.join("stale/old.html"), "old").unwrap();
        let files = vec![OutputFile {
            path: "a/index.html".into(),
            bytes: b"new".to_vec(),
        }];
        write_site(&out, &files, &[]).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
        assert!(
            !out.join("stale").exists(),
            "files of the previous build are gone"
        );
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folder left behind");
    }

    #[test]
    fn a_site_left_aside_by_a_killed_swap_comes_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let old = dir.path().join(".public.pipebook-old");
        fs::create_dir_all(&old).unwrap();
        fs::write(old.join("index.html"), "previous").unwrap();
        // A failing write must still leave the previous site in place.
        let copies = vec![CopiedFile {
            path: "x.png".into(),
            source: dir.path().join("missing.png"),
        }];
        assert!(write_site(&out, &[], &copies).is_err());
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "previous"
        );
        assert!(!old.exists());
    }

    #[test]
    fn failed_write_keeps_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("index.html"), "previous").unwrap();
        let copies = vec![CopiedFile {
            path: "x.png".into(),
            source: dir.path().join("does-not-exist.png"),
        }];
        assert!(write_site(&out, &[], &copies).is_err());
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "previous"
        );
        assert!(!dir.path().join(".public.pipebook-staging").exists());
    }
}
