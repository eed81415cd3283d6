//! Where the runbooks are: `runbooks:` in `content/site.yaml`, a folder relative to the
//! root (default `content/runbooks`), so that an existing repository builds where its
//! Markdown already stands.

use std::fs;
use std::path::{Path, PathBuf};

/// The runbook folder when site.yaml names none.
pub const DEFAULT: &str = "content/runbooks";

/// `value` as a folder under the root, `/`-separated and without `.` parts (`""` is the
/// root itself); or why it cannot be one. A pull request must not point the build at
/// files outside the repository, so absolute paths and `..` are refused.
pub fn normalize(value: &str) -> Result<String, &'static str> {
    if value.chars().any(|c| c.is_control() || c == '\\') {
        return Err("holds a backslash or a control character: write the folder with `/`");
    }
    if value.starts_with('/') || value.get(1..2) == Some(":") {
        return Err("is an absolute path: write the folder relative to the site's root");
    }
    let mut parts = Vec::new();
    for part in value.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err("climbs out of the site's root with `..`"),
            p => parts.push(p),
        }
    }
    Ok(parts.join("/"))
}

/// The folder `rel` (as [`normalize`] gives it) under `root`.
pub fn path(root: &Path, rel: &str) -> PathBuf {
    if rel.is_empty() {
        root.to_path_buf()
    } else {
        root.join(rel)
    }
}

/// How files of the folder `rel` are shown in messages: `content/runbooks/x.md`, or
/// `x.md` for the root itself.
pub fn display_prefix(rel: &str) -> String {
    if rel.is_empty() {
        String::new()
    } else {
        format!("{rel}/")
    }
}

/// `runbooks:` of `content/site.yaml`, read alone for what must know the folder before a
/// build (where the output may go, what `serve` watches). Anything unreadable gives the
/// default: the build itself reports what is wrong with the file.
pub fn configured(root: &Path) -> String {
    #[derive(serde::Deserialize)]
    struct Partial {
        runbooks: Option<String>,
    }
    let path = root.join("content").join("site.yaml");
    let small = fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() <= super::MAX_TEXT_BYTES);
    let value = small
        .then(|| fs::read_to_string(&path).ok())
        .flatten()
        .filter(|text| super::yaml::too_deep(text).is_none())
        .and_then(|text| serde_yaml::from_str::<Partial>(&text).ok())
        .and_then(|p| p.runbooks);
    value
        .and_then(|v| normalize(&v).ok())
        .unwrap_or_else(|| DEFAULT.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_stay_under_the_root() {
        assert_eq!(normalize("docs/runbooks/").as_deref(), Ok("docs/runbooks"));
        assert_eq!(normalize("./ops//runbooks").as_deref(), Ok("ops/runbooks"));
        assert_eq!(normalize(".").as_deref(), Ok(""));
        for bad in [
            "../elsewhere",
            "docs/../../x",
            "/etc",
            "C:/x",
            "a\\b",
            "a\nb",
        ] {
            assert!(normalize(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_folder_is_read_before_the_build() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(configured(dir.path()), DEFAULT);
        fs::create_dir_all(dir.path().join("content")).unwrap();
        fs::write(
            dir.path().join("content/site.yaml"),
            "title: x\nrunbooks: ./docs/\n",
        )
        .unwrap();
        assert_eq!(configured(dir.path()), "docs");
        fs::write(dir.path().join("content/site.yaml"), "runbooks: ../x\n").unwrap();
        assert_eq!(configured(dir.path()), DEFAULT);
    }
}
