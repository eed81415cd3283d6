//! Bad input in the runbooks: their front matter, sizes, paths that leave the site and
//! symbolic links.

use super::*;

// --- runbooks and their front matter

#[test]
fn front_matter_wrong_type() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/runbooks/growth/aggregate-growth.md",
            "pipelines: [aggregate-growth, daily-growth]",
            "pipelines: aggregate-growth",
        )
    });
    assert_all(
        &err,
        &[
            "pipelines: invalid type: string \"aggregate-growth\", expected a sequence",
            "content/runbooks/growth/aggregate-growth.md:3:12",
            "hint: front matter is YAML between two `---` lines",
        ],
    );
}

#[test]
fn front_matter_not_a_mapping() {
    let err = break_and_build(|root| {
        std::fs::write(
            root.join("content/runbooks/list.md"),
            "---\n- one\n- two\n---\n# List\n",
        )
        .unwrap()
    });
    assert_all(
        &err,
        &[
            "invalid type: sequence, expected struct FrontMatter",
            "content/runbooks/list.md:2:1",
        ],
    );
}

#[test]
fn front_matter_bad_date() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/runbooks/growth/aggregate-growth.md",
            "last_reviewed: 2026-10-15",
            "last_reviewed: 2026-10-32",
        )
    });
    assert_all(
        &err,
        &[
            "last_reviewed: `2026-10-32` is not a date (input is out of range)",
            "content/runbooks/growth/aggregate-growth.md:5:16",
            "hint: write dates as YYYY-MM-DD",
        ],
    );
}

#[test]
fn front_matter_date_at_the_end_of_time() {
    // The review date of this one overflowed chrono's range and panicked.
    let err = break_and_build(|root| {
        edit(
            root,
            "content/runbooks/growth/aggregate-growth.md",
            "last_reviewed: 2026-10-15",
            "last_reviewed: +262142-12-30",
        )
    });
    assert_all(
        &err,
        &[
            "date +262142-12-30 is out of range",
            "content/runbooks/growth/aggregate-growth.md:5:16",
        ],
    );
}

#[test]
fn front_matter_unterminated_at_the_end_of_the_file() {
    let err = break_and_build(|root| {
        std::fs::write(root.join("content/runbooks/open.md"), "---").unwrap()
    });
    assert_all(
        &err,
        &[
            "front matter is not closed",
            "content/runbooks/open.md:1:1",
            "hint: end the front matter with a line containing only `---`",
        ],
    );
}

#[test]
fn two_files_for_one_page() {
    let err = break_and_build(|root| {
        std::fs::create_dir_all(root.join("content/runbooks/profit/aggregate-profit")).unwrap();
        std::fs::write(
            root.join("content/runbooks/profit/aggregate-profit/_index.md"),
            "# Again\n",
        )
        .unwrap();
    });
    assert_all(
        &err,
        &[
            "`content/runbooks/profit/aggregate-profit/_index.md` and `content/runbooks/profit/aggregate-profit.md` would both be the page /runbooks/profit/aggregate-profit/",
            "content/runbooks/profit/aggregate-profit.md:1:1",
            "hint: rename one of the two files",
        ],
    );
}

#[test]
fn runbook_with_a_control_character_in_front_matter() {
    let err = break_and_build(|root| {
        std::fs::write(
            root.join("content/runbooks/bell.md"),
            "---\ntitle: Ring \u{7}\n---\n# Bell\n",
        )
        .unwrap()
    });
    assert_all(
        &err,
        &[
            "control characters are not allowed",
            "content/runbooks/bell.md:2:13",
        ],
    );
}

// --- sizes

/// 50 MB of plausible runbook text.
fn fifty_megabytes(line: &str) -> String {
    line.repeat(50_000_000 / line.len() + 1)
}

#[test]
fn fifty_megabyte_runbook_is_refused_by_its_size() {
    // Not timed (a clock fails on a loaded machine): the size is read from the file's
    // metadata, and the message names it.
    let err = break_and_build(|root| {
        std::fs::write(
            root.join("content/runbooks/huge.md"),
            "# Huge\n\n".to_string()
                + &fifty_megabytes("1. Restart the aggregation job and check its logs.\n"),
        )
        .unwrap()
    });
    assert_all(
        &err,
        &[
            "`content/runbooks/huge.md` is 47.7 MiB: pipebook reads text files of at most 4 MiB",
            "content/runbooks/huge.md:1:1",
            "hint: split the file, or move what is not content",
        ],
    );
}

#[test]
fn fifty_megabyte_yaml_file_is_refused() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/oncall.yaml",
            &fifty_megabytes("  - { date: 2026-12-25, name: Christmas Day }\n"),
        )
    });
    assert_all(
        &err,
        &[
            "`content/oncall.yaml` is 47.7 MiB: pipebook reads text files of at most 4 MiB",
            "content/oncall.yaml:1:1",
        ],
    );
}

#[test]
fn a_folder_where_a_data_file_should_be() {
    let err = break_and_build(|root| {
        std::fs::remove_file(root.join("content/team.yaml")).unwrap();
        std::fs::create_dir(root.join("content/team.yaml")).unwrap();
    });
    assert_all(
        &err,
        &[
            "`content/team.yaml` is not a regular file",
            "content/team.yaml:1:1",
        ],
    );
}

#[test]
fn a_very_long_line_is_not_printed_whole() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/team.yaml",
            &format!("oops: {}\n", "x".repeat(100_000)),
        )
    });
    assert_all(&err, &["unknown field `oops`", "content/team.yaml:22:1"]);
    assert!(err.len() < 5_000, "{} bytes of messages", err.len());
}

// --- paths that leave the site

#[test]
fn link_escaping_the_root_is_a_broken_link() {
    // Whether the file exists is never looked at, so never told (see tests/forge_links.rs
    // for the same link where broken links are warnings).
    let err = break_and_build(|root| {
        append(
            root,
            "content/runbooks/profit/aggregate-profit.md",
            "\nSee [the config](../../../../etc/passwd).\n",
        );
    });
    assert_all(
        &err,
        &[
            "error: link `../../../../etc/passwd` leads outside the repository",
            "content/runbooks/profit/aggregate-profit.md:37:5",
            "hint: link only to files of the repository",
        ],
    );
    assert!(!err.contains("does not exist"), "{err}");
}

#[test]
fn image_climbing_to_the_root_is_looked_for_in_the_repository() {
    let err = break_and_build(|root| {
        append(
            root,
            "content/runbooks/growth/aggregate-growth.md",
            "\n![key](..%2F..%2F..%2F.ssh/id_rsa)\n",
        )
    });
    assert_all(
        &err,
        &[
            "link `..%2F..%2F..%2F.ssh/id_rsa` points to `.ssh/id_rsa`, which does not exist",
            "content/runbooks/growth/aggregate-growth.md:",
        ],
    );
}

#[test]
fn hugo_ref_climbing_to_the_root_is_looked_for_in_the_repository() {
    let err = break_and_build(|root| {
        std::fs::write(
            root.join("content/runbooks/ref.md"),
            "# Ref\n\nSee [it]({{< ref \"../../README.md\" >}}).\n",
        )
        .unwrap()
    });
    assert_all(
        &err,
        &[
            "link `../../README.md` points to `README.md`, which does not exist",
            "content/runbooks/ref.md:3:5",
        ],
    );
}

#[test]
fn theme_escaping_the_root() {
    let err = break_and_build(|root| {
        edit(
            root,
            "content/site.yaml",
            "theme: default",
            "theme: ../../outside-theme",
        )
    });
    assert_all(
        &err,
        &[
            "theme `../../outside-theme` is not the name of a folder under `themes/`",
            "content/site.yaml:11:8",
            "hint: give the folder's name only",
        ],
    );
}

// --- symbolic links

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A file outside the site, for links to point at.
    fn outside(name: &str, text: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), text).unwrap();
        dir
    }

    #[test]
    fn runbook_linked_from_outside() {
        let elsewhere = outside("secret.md", "# Secret\n");
        let err = break_and_build(|root| {
            symlink(
                elsewhere.path().join("secret.md"),
                root.join("content/runbooks/secret.md"),
            )
            .unwrap()
        });
        assert_all(
            &err,
            &[
                "`content/runbooks/secret.md` is a symbolic link to a place outside the site",
                "content/runbooks/secret.md:1:1",
                "hint: copy the file into the repository instead of linking to it",
            ],
        );
    }

    #[test]
    fn folder_of_runbooks_linked_from_outside() {
        let elsewhere = outside("secret.md", "# Secret\n");
        let err = break_and_build(|root| {
            symlink(elsewhere.path(), root.join("content/runbooks/imported")).unwrap()
        });
        assert_all(
            &err,
            &[
                "`content/runbooks/imported` is a symbolic link to a place outside the site",
                "content/runbooks/imported:1:1",
            ],
        );
    }

    #[test]
    fn data_file_linked_from_outside() {
        let elsewhere = outside("team.yaml", "engineers: []\n");
        let err = break_and_build(|root| {
            std::fs::remove_file(root.join("content/team.yaml")).unwrap();
            symlink(
                elsewhere.path().join("team.yaml"),
                root.join("content/team.yaml"),
            )
            .unwrap();
        });
        assert_all(
            &err,
            &[
                "`content/team.yaml` is a symbolic link to a place outside the site",
                "content/team.yaml:1:1",
            ],
        );
    }

    #[test]
    fn dangling_link() {
        let err = break_and_build(|root| {
            symlink(
                root.join("content/runbooks/nowhere.md"),
                root.join("content/runbooks/gone.md"),
            )
            .unwrap()
        });
        assert_all(
            &err,
            &[
                "`content/runbooks/gone.md` is a symbolic link to nothing: it points at `",
                "content/runbooks/nowhere.md`, which does not exist",
                "content/runbooks/gone.md:1:1",
            ],
        );
    }

    #[test]
    fn theme_linked_from_outside() {
        let elsewhere = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(elsewhere.path().join("templates")).unwrap();
        std::fs::write(
            elsewhere.path().join("templates/404.html"),
            "{% extends \"base.html\" %}",
        )
        .unwrap();
        let err = break_and_build(|root| {
            symlink(elsewhere.path(), root.join("themes/acme")).unwrap();
            edit(root, "content/site.yaml", "theme: default", "theme: acme");
        });
        assert_all(
            &err,
            &[
                "`themes/acme/templates` leads outside the site through a symbolic link",
                "themes/acme/templates:1:1",
            ],
        );
    }

    #[test]
    fn links_inside_the_site_are_fine() {
        let site = example_site();
        let root = site.path();
        // A runbook of its own: a second path to one answering alerts would claim them
        // twice.
        std::fs::write(root.join("content/runbooks/profit/target.md"), "# Target\n").unwrap();
        symlink(
            root.join("content/runbooks/profit/target.md"),
            root.join("content/runbooks/profit/alias.md"),
        )
        .unwrap();
        build_ok(root);
        assert!(root
            .join("public/runbooks/profit/alias/index.html")
            .is_file());
    }
}
