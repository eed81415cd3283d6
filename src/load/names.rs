//! Names of runbooks, assets and folders that mislead readers or cannot be written to
//! the output: checked as the runbook folder is walked.

/// The longest name of a file or folder on the file systems a site is built on (Linux's
/// ext4, tmpfs and most others), in bytes.
pub const MAX_NAME: usize = 255;

/// The file each page is written to, in a folder of its own.
pub const PAGE_FILE: &str = "index.html";

/// The longest path of a file under the output folder, in bytes, leaving room for the
/// output folder's own path within Linux's 4096.
pub const MAX_OUTPUT_PATH: usize = 3072;

/// The most folders a runbook or asset may lie in below the runbook folder. Every page
/// links each folder above it (its breadcrumbs) and each folder's tree fragment lists
/// entries of every level above it, each by an address as long as the way down: what a
/// page and a fragment hold grows with the square of the depth, and the site with its
/// cube. A chain of 1,000 folders of one short runbook each (30 kB) wrote 1.46 GB in
/// 17 s. Real trees nest a handful deep; lists and quotes stop at 32 too.
pub const MAX_FOLDER_DEPTH: usize = 32;

/// Why the name of the runbook or asset at `rel_path` (a folder's too) misleads, if it
/// does: a control character (but tab, which is seen, and which the CODEOWNERS check
/// names), a bidirectional control (`report\u{202e}fdp.exe.md` reads
/// "reportexe.pdf" in listings, breadcrumbs and messages) or a character that shows
/// nothing (`restart\u{200b}etcd.md` is another page than `restartetcd.md`, at an
/// address that reads the same). Joiners, marks of direction, variation selectors and
/// tags stay: emoji and some scripts (Persian, the Indic ones) write names with them.
pub(super) fn hidden_in_name(rel_path: &str) -> Option<String> {
    let c = rel_path.chars().find(|&c| hides_text(c))?;
    Some(format!("it holds {} {}", what_hides(c), c.escape_unicode()))
}

/// Whether `c` misleads in a name (see [`hidden_in_name`]): a control character but tab,
/// a bidirectional control, or a character that shows nothing and writes no script.
pub(super) fn hides_text(c: char) -> bool {
    use crate::diagnostics::{is_bidi_control, is_invisible};
    let in_writing = |c: char| {
        matches!(
            c,
            '\u{061C}'
                | '\u{180B}'..='\u{180D}'
                | '\u{180F}'
                | '\u{200C}'..='\u{200F}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{E0020}'..='\u{E007F}'
                | '\u{E0100}'..='\u{E01EF}'
        )
    };
    (c.is_control() && c != '\t') || is_bidi_control(c) || (is_invisible(c) && !in_writing(c))
}

/// What kind of character [`hides_text`] found, with its article.
pub(super) fn what_hides(c: char) -> &'static str {
    if c.is_control() {
        "the control character"
    } else if crate::diagnostics::is_bidi_control(c) {
        "the bidirectional control"
    } else {
        "the invisible character"
    }
}

/// Why the output of the runbook or asset at `rel_path` (under `content/runbooks`) could
/// not be written, if it could not. A page goes to `runbooks/<path>/index.html`, an asset
/// to `runbooks/<path>`, with the file system's names (see `url`). Returns the problem and
/// the fix, which differs by problem (a folder called `index.html` wants another name, not
/// a shorter one).
pub(super) fn output_name_problem(rel_path: &str) -> Option<(String, String)> {
    let written = match crate::model::page_stem(rel_path) {
        Some(page) => {
            // A folder's page is written in the folder (see `folder_pages`); a name that
            // loses that place is only a few bytes longer.
            let (dir, name) = page.rsplit_once('/').unwrap_or(("", page));
            let folder_page = ["_index", "index", "index.html"].contains(&name)
                || name.eq_ignore_ascii_case("readme");
            match (folder_page, dir) {
                (true, "") => "runbooks/index.html".to_string(),
                (true, dir) => format!("runbooks/{dir}/index.html"),
                (false, _) => format!("runbooks/{page}/index.html"),
            }
        }
        None => format!("runbooks/{rel_path}"),
    };
    // Every page is written as `index.html` in its folder: a page or folder of that name
    // would be written over a page, or a page over it. (A file of that name is an asset
    // that a page takes the place of; see `validate::check_assets`.)
    let folders = written.rsplit_once('/').map_or("", |(dirs, _)| dirs);
    if folders.split('/').any(|c| c == PAGE_FILE) {
        // (Middleman's `index.html.md` is its folder's page, written above as such.)
        return Some((
            format!(
                "`{PAGE_FILE}` is the name of the file each page is written to, so no runbook or folder may be called that"
            ),
            "rename the folder called `index.html`".to_string(),
        ));
    }
    if cfg!(windows) {
        if let Some(name) = written.split('/').find(|c| windows_reserved(c)) {
            return Some((
                format!(
                    "`{name}` is a name Windows reserves (a device such as CON or NUL, a trailing dot or space, or one of <>:\"|?*), so the output cannot hold it here"
                ),
                "rename the file or folder without that name or character".to_string(),
            ));
        }
    }
    let shorter = || "rename the file or folder to a shorter name".to_string();
    if let Some(long) = written.split('/').find(|c| c.len() > MAX_NAME) {
        let shown: String = long.chars().take(60).collect();
        return Some((
            format!(
                "its name in the output (`{shown}…`) is {} bytes, and file systems take at most {MAX_NAME}",
                long.len()
            ),
            shorter(),
        ));
    }
    (written.len() > MAX_OUTPUT_PATH).then(|| {
        (
            format!(
                "its path in the output is {} bytes, and pipebook writes paths of at most {MAX_OUTPUT_PATH}",
                written.len()
            ),
            shorter(),
        )
    })
}

/// Whether Windows' file systems refuse `name` (the output file system when building
/// there; Linux and macOS take any of these, and git on Windows cannot check them out).
pub(super) fn windows_reserved(name: &str) -> bool {
    const DEVICES: [&str; 4] = ["CON", "PRN", "AUX", "NUL"];
    // Checked for every file of the tree: no allocation.
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    // `COM1` to `COM9`, and `COM¹` to `COM³`, which Windows reserves too.
    let numbered = ["COM", "LPT"].iter().any(|device| {
        stem.get(..3)
            .is_some_and(|s| s.eq_ignore_ascii_case(device))
            && matches!(
                &stem[3..],
                "1" | "2"
                    | "3"
                    | "4"
                    | "5"
                    | "6"
                    | "7"
                    | "8"
                    | "9"
                    | "\u{B9}"
                    | "\u{B2}"
                    | "\u{B3}"
            )
    });
    DEVICES.iter().any(|d| stem.eq_ignore_ascii_case(d))
        || numbered
        || name.ends_with(['.', ' '])
        || name
            .chars()
            .any(|c| "<>:\"|?*\\".contains(c) || c.is_control())
}

/// The copies of each side that `git mergetool` writes beside a conflicted `NAME.ext`,
/// as `NAME_BASE_<pid>.ext` and so on (git-mergetool.sh), all four at once.
const MERGE_SIDES: [&str; 4] = ["_BASE_", "_LOCAL_", "_REMOTE_", "_BACKUP_"];

/// What a file named `rel_path` is, if its name is a copy that git and its merge tools
/// leave behind after a conflict: `x.md.orig` (`git mergetool`'s backup, kept by
/// default), `x.md.rej` (the hunks `git apply --reject` could not place) and
/// `x_BASE_1234.md`, `x_LOCAL_1234.md`, `x_REMOTE_1234.md`, `x_BACKUP_1234.md` (its
/// copies of each side, named with its process id). Committed with the merge, each was
/// published without a word: a second runbook page with the other side's steps, or the
/// old text at an address of its own. A name like a copy (`s3_BACKUP_2024.md`) is one
/// only when another copy of the same run is beside it (`beside` tells, by name): the
/// tool writes the four together, and `git add -A` takes them together.
pub(super) fn merge_leftover(
    rel_path: &str,
    beside: impl Fn(&str) -> bool,
) -> Option<&'static str> {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    if name.ends_with(".orig") || name.ends_with(".rej") {
        return Some("a backup of a file that a merge or a patch changed");
    }
    // The extension is from the last dot on, as the tool takes it.
    let (base, ext) = name.rfind('.').map_or((name, ""), |at| name.split_at(at));
    let pid = &base[base.trim_end_matches(|c: char| c.is_ascii_digit()).len()..];
    // A process id: no leading zero, and at most Linux's 4,194,304.
    if pid.is_empty() || pid.starts_with('0') || pid.len() > 7 {
        return None;
    }
    let before = &base[..base.len() - pid.len()];
    let (stem, side) = MERGE_SIDES
        .iter()
        .find_map(|side| Some((before.strip_suffix(side)?, *side)))?;
    MERGE_SIDES
        .iter()
        .any(|o| *o != side && beside(&format!("{stem}{o}{pid}{ext}")))
        .then_some("a copy of one side of a merge conflict that `git mergetool` left")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_windows_reserves_are_known() {
        for bad in [
            "CON",
            "nul.md",
            "Com1.png",
            "lpt9",
            "aux.tar.gz",
            "x.",
            "x ",
            "a:b",
            "q?",
            "COM\u{B9}.md",
            "Con .md",
        ] {
            assert!(windows_reserved(bad), "{bad}");
        }
        for ok in [
            "console",
            "com0",
            "COM10",
            "COM\u{B9}0",
            "index.html",
            "x.y",
            "ü",
            "conf.md",
        ] {
            assert!(!windows_reserved(ok), "{ok}");
        }
    }

    #[test]
    fn names_that_hide_or_reorder_characters_are_found() {
        for (name, says) in [
            (
                "report\u{202E}fdp.exe.md",
                "bidirectional control \\u{202e}",
            ),
            ("a\u{2066}/x.png", "bidirectional control \\u{2066}"),
            ("restart\u{200B}etcd.md", "invisible character \\u{200b}"),
            ("\u{FEFF}x.md", "invisible character \\u{feff}"),
            ("ctl\u{1b}[31m.md", "control character \\u{1b}"),
        ] {
            let problem = hidden_in_name(name).unwrap_or_default();
            assert!(problem.ends_with(says), "{name:?}: {problem}");
        }
        for fine in [
            "\u{26A0}\u{FE0F} alerts.md",
            "\u{0645}\u{06CC}\u{200C}\u{062E}\u{0648}\u{0627}\u{0647}\u{0645}.md",
            "👩\u{200D}💻/x.md",
            "café/Straße.md",
        ] {
            assert_eq!(hidden_in_name(fine), None, "{fine:?}");
        }
    }

    #[test]
    fn names_too_long_for_the_output_are_found() {
        // Output names are the source's own: 120 `ü` are 240 bytes, page or asset.
        let u = "ü".repeat(120);
        assert_eq!(output_name_problem(&format!("a/{u}.md")), None);
        assert_eq!(output_name_problem(&format!("a/{u}.png")), None);
        assert_eq!(
            output_name_problem(&format!("{}.md", "a".repeat(255))),
            None
        );
        assert!(output_name_problem(&format!("{}.md", "a/".repeat(1600))).is_some());
        assert_eq!(output_name_problem("profit/_index.md"), None);
        for reserved in ["a/index.html/b.md", "a/index.html/x.png"] {
            let (problem, hint) = output_name_problem(reserved).expect(reserved);
            assert!(problem.contains("`index.html` is the name"), "{problem}");
            assert!(!hint.contains("shorter"), "{reserved}: {hint}");
        }
        // Middleman's `index.html.md` (GOV.UK's manuals) is its folder's page.
        assert_eq!(output_name_problem("index.html.md"), None);
        assert_eq!(output_name_problem("manual/index.html.md"), None);
        assert_eq!(
            output_name_problem("a/index.html"),
            None,
            "an asset: see check_assets"
        );
    }

    #[test]
    fn merge_tools_leftovers_are_told_from_names_like_them() {
        // Each side's copy is one when another of its run is beside it.
        let run = |_: &str| true;
        for left in [
            "restart.md.orig",
            "a/b/restart.md.rej",
            "restart_BASE_1234.md",
            "x/restart_LOCAL_77.md",
            "restart_REMOTE_1234.md",
            "diagram_BACKUP_9.png",
            "Makefile_BASE_12",
            "a_BASE_b.tar_LOCAL_4194304.gz",
        ] {
            assert!(merge_leftover(left, run).is_some(), "{left}");
        }
        for name in [
            "restart.md",
            "original.md",
            "orig/restart.md",
            "reject.md",
            "DB_BASE_TABLES.md",
            "load_LOCAL_files.md",
            "x_REMOTE_.md",
            "x_BASE_12a.md",
            "x_BASE_012.md",
            "x_BASE_12345678.md",
            "x_BASE_12.tar.gz",
        ] {
            assert_eq!(merge_leftover(name, run), None, "{name}");
        }
        // Alone, or beside only the file it would copy, a name like one is not.
        let alone = ["s3_BACKUP_2024.md", "backups/db_REMOTE_2025.md"];
        for name in alone {
            assert_eq!(merge_leftover(name, |_| false), None, "{name}");
            assert_eq!(merge_leftover(name, |n| n == "s3.md" || n == "db.md"), None);
        }
        let seen = std::cell::RefCell::new(Vec::new());
        merge_leftover("s3_BACKUP_2024.md", |n| {
            seen.borrow_mut().push(n.to_string());
            false
        });
        assert_eq!(
            *seen.borrow(),
            ["s3_BASE_2024.md", "s3_LOCAL_2024.md", "s3_REMOTE_2024.md"]
        );
    }
}
