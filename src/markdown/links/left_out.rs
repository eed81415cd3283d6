//! Images of files the site leaves out with a warning (an SVG that could run script):
//! the page shows the image's description and a note naming the file, why, and where the
//! repository's copy is, instead of an image that cannot load.

use pulldown_cmark_escape::{escape_href, escape_html_body_text};

use super::{has_scheme, normalize, percent_decode, MarkdownContext};

/// A left-out file that an image names.
#[derive(Debug, PartialEq, Eq)]
pub(in crate::markdown) struct LeftOutImage {
    /// The file's own name (`flame.svg`), as the author wrote it on disk.
    name: String,
    why: &'static str,
    /// The file on the forge, when `repository` is set.
    copy: Option<String>,
    /// Whether the note points readers to the repository's copy.
    has_copy: bool,
}

/// The left-out file that `raw`, an image's address written in folder `dir`, names.
pub(in crate::markdown) fn left_out_image(
    raw: &str,
    dir: &str,
    targets: &MarkdownContext,
) -> Option<LeftOutImage> {
    if targets.left_out.is_empty() || raw.starts_with('/') || has_scheme(raw) {
        return None;
    }
    let path = raw.split(['#', '?']).next().unwrap_or_default();
    let rel = normalize(dir, &percent_decode(path))?;
    let (&rel, &why) = targets.left_out.get_key_value(rel.as_str())?;
    let folder = targets.folder.trim_end_matches('/');
    let in_repo = if folder.is_empty() {
        rel.to_string()
    } else {
        format!("{folder}/{rel}")
    };
    Some(LeftOutImage {
        name: rel.rsplit('/').next().unwrap_or(rel).to_string(),
        why,
        copy: targets.forge.map(|forge| forge.url(&in_repo, false)),
        has_copy: true,
    })
}

impl LeftOutImage {
    /// An image of `in_repo`, a file of the repository that the site does not publish:
    /// its page on the forge is a page, no image, and `../../.env` is no image to show.
    pub(in crate::markdown) fn unpublished(in_repo: &str) -> Self {
        LeftOutImage {
            name: in_repo.rsplit('/').next().unwrap_or(in_repo).to_string(),
            why: "the site does not publish it",
            copy: None,
            has_copy: false,
        }
    }

    /// The note after the image's description: every piece the author chose (the name)
    /// escaped, the link pipebook's own; no link inside another (`in_link`).
    pub(in crate::markdown) fn note(&self, in_link: bool) -> String {
        let mut out = String::from(" <small class=\"image-left-out\">(image ");
        let _ = escape_html_body_text(&mut out, &self.name);
        out.push_str(" not shown: ");
        out.push_str(self.why);
        if !self.has_copy {
            out.push_str(")</small>");
            return out;
        }
        out.push_str("; ");
        match self.copy.as_deref().filter(|_| !in_link) {
            Some(url) => {
                out.push_str("<a href=\"");
                let _ = escape_href(&mut out, url);
                out.push_str("\">the repository's copy</a>");
            }
            None => out.push_str("the repository's copy"),
        }
        out.push_str(")</small>");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::tests::targets;

    #[test]
    fn images_of_left_out_files_are_found_by_their_path() {
        let targets = targets();
        let found = left_out_image("../a/flame.svg#x", "b", &targets).expect("found");
        assert_eq!(found.name, "flame.svg");
        assert_eq!(found.copy, None);
        for other in [
            "flame.svg",
            "/a/flame.svg",
            "https://x.example/a/flame.svg",
            "../../a/flame.svg",
        ] {
            assert_eq!(left_out_image(other, "b", &targets), None, "{other}");
        }
        assert_eq!(
            found.note(false),
            " <small class=\"image-left-out\">(image flame.svg not shown: it could run script; the repository's copy)</small>"
        );
    }

    #[test]
    fn the_note_escapes_the_name_and_links_the_forge() {
        let image = LeftOutImage {
            name: "<img src=x onerror=alert(1)>\".svg".to_string(),
            why: "it could run script",
            copy: Some("https://github.com/o/r/blob/main/a/\"><script>.svg".to_string()),
            has_copy: true,
        };
        let note = image.note(false);
        assert!(
            !note.contains("<img") && !note.contains("<script"),
            "{note}"
        );
        assert!(note.contains("<a href=\"https://github.com/o/r/blob/main/a/%22%3E%3Cscript%3E.svg\">the repository's copy</a>"), "{note}");
        assert!(!image.note(true).contains("<a"), "{}", image.note(true));
    }
}
