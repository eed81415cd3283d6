//! What real repositories and machines bring (session 42): a theme's static file of
//! gigabytes, editors' and systems' files among the alert rules, and a machine whose
//! clock says 1970.

mod common;

use std::fs;

use common::*;

/// A theme's static file larger than the limit is an error naming it, read nowhere (a
/// sparse file of 2 GiB costs no disk and is refused in a moment), and nothing is written.
#[test]
fn a_themes_static_file_past_the_limit_is_refused_unread() {
    for (len, shown) in [(16 * 1024 * 1024 + 1, "16.0 MiB"), (2 << 30, "2048.0 MiB")] {
        let site = example_site();
        let root = site.path();
        let big = root.join("themes/default/static/video.mp4");
        fs::File::create(&big).unwrap().set_len(len).unwrap();
        let started = std::time::Instant::now();
        let o = pipebook(&["build", "--root", root.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(
            err.contains(&format!(
                "`themes/default/static/video.mp4` is {shown}: pipebook reads a theme's static files of at most 16 MiB"
            )),
            "{err}"
        );
        assert!(err.contains("hint: make the file smaller"), "{err}");
        assert!(!root.join("public").exists(), "a site was written");
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }
}

/// Up to the limit, a static file is the theme's and is published as it is.
#[test]
fn a_themes_static_file_at_the_limit_is_published() {
    let site = example_site();
    let root = site.path();
    let bytes: Vec<u8> = (0..16 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    fs::write(root.join("themes/default/static/font.woff2"), &bytes).unwrap();
    build_ok(root);
    assert!(fs::read(root.join("public/static/font.woff2")).unwrap() == bytes);
}

/// `alert_rules: [content/rules/*]` over a folder where vim left a backup, emacs an
/// autosave and Windows its thumbnails: the backup was a second copy of every rule (each
/// alert defined twice) and `Thumbs.db` a file that is not UTF-8; now they are skipped.
#[test]
fn editors_and_systems_files_among_the_rules_are_skipped() {
    let site = example_site();
    let root = site.path();
    let rules = root.join("content/rules");
    let text = fs::read(rules.join("pipelines.yaml")).unwrap();
    fs::write(rules.join("pipelines.yaml~"), &text).unwrap();
    fs::write(rules.join("#pipelines.yaml#"), &text).unwrap();
    fs::write(
        rules.join("Thumbs.db"),
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1],
    )
    .unwrap();
    edit(
        root,
        "content/site.yaml",
        "alert_rules: [content/rules/*.yaml]",
        "alert_rules: [content/rules/*]",
    );
    let o = pipebook(&["build", "--root", root.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("pipelines.yaml~"), "{err}");
    assert!(!err.contains("#pipelines.yaml#"), "{err}");
    assert!(!err.contains("Thumbs.db"), "{err}");
    assert!(!root.join("public/rules").exists());
    // The alerts are the file's, once each.
    let alerts = read(&root.join("public/alerts/index.html"));
    assert!(alerts.contains("/alerts/unitlevelprofitstale/"), "{alerts}");
    let clean = example_site();
    build_ok(clean.path());
    assert_eq!(
        alerts.matches("/alerts/unitlevelprofitstale/").count(),
        read(&clean.path().join("public/alerts/index.html"))
            .matches("/alerts/unitlevelprofitstale/")
            .count()
    );
}

/// A glob that matches only such files says so, rather than "matches no file" beside a
/// file the author can see.
#[test]
fn a_glob_of_only_editors_files_says_what_it_skipped() {
    let site = example_site();
    let root = site.path();
    let rules = root.join("content/rules");
    fs::create_dir_all(root.join("monitoring")).unwrap();
    fs::copy(
        rules.join("pipelines.yaml"),
        root.join("monitoring/alerts.yaml~"),
    )
    .unwrap();
    edit(
        root,
        "content/site.yaml",
        "alert_rules: [content/rules/*.yaml]",
        "alert_rules: [content/rules/*.yaml, monitoring/*]",
    );
    let err = warnings_at(root, EPOCH.parse().unwrap());
    assert!(
        err.contains("alert_rules `monitoring/*` matches no rule file: only a file left by an editor or the system (`monitoring/alerts.yaml~`), which pipebook skips"),
        "{err}"
    );
}

/// A clock of 1970 (a board without a clock battery, or `SOURCE_DATE_EPOCH=0`): the
/// warnings it causes say to check the clock, once in all (since session 43: once for the
/// reviews and once for the rotation before), on the first warning shown, the rotation's;
/// a true clock adds nothing.
#[test]
fn a_clock_of_1970_is_named_once_where_dates_are_weighed_against_it() {
    let site = example_site();
    let root = site.path();
    let err = warnings_at(root, 0);
    let problems = problems(&err);
    let after_today = problems
        .iter()
        .filter(|p| p.contains("is after today (1969-12-31)"))
        .count();
    assert_eq!(after_today, 3, "{err}");
    let hint = "the build's clock says 1969-12-31: if that is not today, set the machine's clock (or SOURCE_DATE_EPOCH, when it is set) and build again";
    assert_eq!(err.matches(hint).count(), 1, "{err}");
    let rotation = err
        .split("\n\n")
        .find(|w| w.contains("the rotation starts on"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(rotation.contains(hint), "{rotation}");
    // Three years back is a clock that may be meant (a build of an old commit): as before.
    let err = warnings_at(root, EPOCH.parse::<u64>().unwrap() - 3 * 365 * 86_400);
    assert!(err.contains("is after today (2023-"), "{err}");
    assert!(!err.contains("the build's clock says"), "{err}");
    assert!(!warnings_at(root, EPOCH.parse().unwrap()).contains("the build's clock says"));
}

/// A section per alert (rhobs/configuration's SOPs): the heading and its entry in "On
/// this page" break between the words of the alert's name, as the title does, not at any
/// letter; its id and its text are the name's.
#[test]
fn long_alert_names_in_headings_break_between_their_words() {
    let name = "TelemeterServerMetricsUploadWriteAvailabilityErrorBudgetBurning";
    let id = name.to_lowercase();
    let site = site_of(&[(
        "content/runbooks/sop.md",
        &format!("# RHOBS SOPs\n\n## {name}\n\nImpact.\n\n## Logs\n\nLook.\n"),
    )]);
    build_ok(site.path());
    let html = read(&site.path().join("public/runbooks/sop/index.html"));
    let broken = "Telemeter<wbr>Server<wbr>Metrics<wbr>Upload<wbr>Write<wbr>Availability<wbr>Error<wbr>Budget<wbr>Burning";
    assert!(
        html.contains(&format!("<h2 id=\"{id}\">{broken}")),
        "{html}"
    );
    assert!(
        html.contains(&format!("<a href=\"#{id}\">{broken}</a>")),
        "{html}"
    );
    // Words that fit a line are left whole, and the name is nowhere else cut.
    assert!(html.contains("<h2 id=\"logs\">Logs"), "{html}");
    assert_eq!(html.matches(broken).count(), 2, "{html}");
}

/// A theme's folder is judged as a folder: `4913/` (an incident's number; vim's name for a
/// file it writes and deletes) is the theme's, `__MACOSX/` is not (red42 found the theme
/// walk still judging folders by files' names).
#[test]
fn a_themes_folder_named_like_an_editors_file_is_published() {
    let site = example_site();
    let root = site.path();
    let static_dir = root.join("themes/default/static");
    for (rel, text) in [
        (
            "4913/mark.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        ("x~/note.txt", "kept"),
        ("__MACOSX/._style.css", "resource fork"),
        ("__MACOSX/mark.svg", "<svg/>"),
        ("4913/mark.svg~", "<svg/>"),
    ] {
        let path = static_dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    build_ok(root);
    let public = root.join("public/static");
    assert!(public.join("4913/mark.svg").is_file());
    assert!(public.join("x~/note.txt").is_file());
    assert!(!public.join("__MACOSX").exists());
    assert!(!public.join("4913/mark.svg~").exists());
}
