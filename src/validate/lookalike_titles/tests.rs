use super::*;
use crate::model::FrontMatter;

fn runbook(path: &str, title: Option<&str>) -> Runbook {
    let text = match title {
        Some(t) => format!("---\ntitle: {t}\n---\nbody\n"),
        None => "body\n".to_string(),
    };
    let mut source = SourceFile {
        display: format!("content/runbooks/{path}"),
        text,
        spans: Default::default(),
    };
    source.spans = crate::load::yaml::locate_values(&source.text[4..], 4).into();
    Runbook {
        rel_path: path.to_string(),
        slug: path.trim_end_matches(".md").to_string(),
        is_index: false,
        front: FrontMatter {
            title: title.map(str::to_string),
            ..FrontMatter::default()
        },
        body_start: 0,
        source,
        body_on_disk: None,
    }
}

/// The warnings for pages with these titles (as headings on line 3).
fn warnings(titles: &[&str]) -> Vec<(String, usize, String)> {
    let runbooks: Vec<Runbook> = (0..titles.len())
        .map(|i| runbook(&format!("r{i}.md"), None))
        .collect();
    let mut diags = Diagnostics::new();
    check_titles(
        runbooks.iter().zip(titles).map(|(rb, t)| Title {
            runbook: rb,
            title: t,
            heading_line: Some(3),
        }),
        &mut diags,
    );
    diags
        .sorted()
        .iter()
        .map(|d| (d.location.file.clone(), d.location.line, d.message.clone()))
        .collect()
}

#[test]
fn copies_and_lookalikes_of_a_title_are_warned_naming_the_first() {
    for (copy, says) in [
        ("Restart etcd", "is also the title of"),
        ("restart ETCD", "differs only in letter case"),
        (
            "R\u{0435}start etcd",
            "the Cyrillic letter `е` U+0435 where that one has `e`",
        ),
        ("Restart\u{200B} etcd", "the character U+200B"),
        ("Restart\u{00A0}etcd", "differs only in spaces"),
        ("Restart\u{2009}etcd", "differs only in spaces"),
        ("\u{1D411}estart etcd", "the mathematical letter"),
        ("Rеstart еtcd", "reads like"),
    ] {
        let found = warnings(&["Restart etcd", copy]);
        assert_eq!(found.len(), 1, "{copy:?}: {found:?}");
        let (file, line, message) = &found[0];
        assert_eq!((file.as_str(), *line), ("content/runbooks/r1.md", 3));
        assert!(message.contains(" content/runbooks/r0.md:3 "), "{message}");
        assert!(message.contains(says), "{copy:?}: {message}");
        assert!(!message.contains('\u{200B}'), "shown escaped: {message}");
    }
    // Spaces and punctuation: a pull request's page named like an alert's runbook.
    for copy in [
        "Kube pod crash looping!",
        "kube-pod-crash-looping",
        "Kube_Pod_Crash_Looping",
    ] {
        let found = warnings(&["KubePodCrashLooping", copy]);
        assert_eq!(found.len(), 1, "{copy:?}: {found:?}");
        // No character is named as the difference: spaces and punctuation are.
        assert!(!found[0].2.contains(", with "), "{found:?}");
        assert!(
            found[0]
                .2
                .contains("differs only in spaces, punctuation or letter case"),
            "{found:?}"
        );
    }
    // Digits kept apart where something stood between them; words are not merged
    // into others.
    assert!(warnings(&["Upgrade to 1.2", "Upgrade to 12"]).is_empty());
    assert!(warnings(&["Disk full", "Disk fullness"]).is_empty());
    assert_eq!(warnings(&["Upgrade to 1.2", "Upgrade to 1-2"]).len(), 1);
    // `I` and `l` look alike in many fonts; so do whole-script lookalikes.
    assert_eq!(warnings(&["KubeAPIDown", "KubeAPlDown"]).len(), 1);
    assert_eq!(
        warnings(&["API errors", "\u{0410}\u{0420}\u{0406} errors"]).len(),
        1
    );
    // Three copies: each later one names the first.
    let found = warnings(&["Disk full", "Disk full", "disk full"]);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found.iter().all(|(_, _, m)| m.contains("r0.md:3")),
        "{found:?}"
    );
}

/// The keys of a title in ASCII, read from the table, are the crate's skeletons.
#[test]
fn title_warnings_past_a_hundred_are_counted_in_one_at_the_next() {
    // 40,000 titles alike wrote 13.5 MB of warnings, one a title.
    let n = 250;
    let titles: Vec<String> = (0..n)
        .map(|i| ["Restart etcd", "restart etcd", "R\u{0435}start etcd"][i % 3].to_string())
        .collect();
    let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
    let found = warnings(&titles);
    assert_eq!(found.len(), MAX_TITLE_WARNINGS + 1);
    let last = found.iter().find(|w| w.2.contains("more titles")).unwrap();
    assert_eq!(
        last,
        &(
            "content/runbooks/r101.md".to_string(),
            3,
            format!("{} more titles read like another page's or mix Latin letters with lookalikes (the first {MAX_TITLE_WARNINGS} are reported, this page is the next)", n - 1 - MAX_TITLE_WARNINGS)
        )
    );
    // The ones shown keep their file and line: r1 to r100, each like r0.
    assert!(found
        .iter()
        .any(|w| w.0 == "content/runbooks/r100.md" && w.1 == 3));
    assert!(!found.iter().any(|w| w.0 == "content/runbooks/r102.md"));
    // `serve` keeps each title's warning, and reports them capped alike.
    let runbooks: Vec<Runbook> = (0..n).map(|i| runbook(&format!("r{i}.md"), None)).collect();
    let title = |i: usize| Title {
        runbook: &runbooks[i],
        title: titles[i],
        heading_line: Some(3),
    };
    let mut diags = Diagnostics::new();
    TitleChecks::new(n, title).report(&mut diags);
    let kept: Vec<(String, usize, String)> = (diags.sorted().iter())
        .map(|d| (d.location.file.clone(), d.location.line, d.message.clone()))
        .collect();
    assert_eq!(kept, found);
}

#[test]
fn ascii_titles_have_the_skeletons_of_the_crate() {
    let table = ascii_skeletons();
    assert!(
        ascii_keys("KubeAPIDown 0 |", table).is_some(),
        "read from the table"
    );
    assert!(ascii_keys("Disk 95% full", table).is_none(), "`%` is not");
    let every: String = (0u8..128).map(char::from).collect();
    for title in [
        every.as_str(),
        "KubeAPIDown",
        "rn m 0O 1lI |",
        "Restart \t etcd\x0b now",
        "x",
        "Disk 95% full",
    ] {
        let title = title.trim();
        let words = title.split_whitespace().collect::<Vec<_>>().join(" ");
        let visual: String = skeleton(&words).collect();
        let folded: String = skeleton(&words.to_lowercase()).collect();
        let squashed: String = skeleton(&squashed(title).to_lowercase()).collect();
        assert_eq!(
            title_keys(title),
            Some([(VISUAL, visual), (FOLDED, folded), (SQUASHED, squashed)]),
            "{title:?}"
        );
    }
}

#[test]
fn a_word_mixing_latin_with_lookalikes_is_warned_alone() {
    let found = warnings(&["R\u{0435}start etcd"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].2.contains("`Rеstart`"), "{found:?}");
    assert!(
        found[0].2.contains("Cyrillic letter `е` U+0435"),
        "{found:?}"
    );
    assert_eq!(warnings(&["\u{03B1}lert storm"]).len(), 1);
}

#[test]
fn titles_in_other_scripts_and_distinct_titles_pass() {
    for titles in [
        &["Restart etcd", "Restart etcd members", "Restarting etcd"][..],
        &[
            "告警规则 Prometheus",
            "告警规则 Alertmanager",
            "KubeSphere 日志",
        ],
        &["Перезапуск etcd", "Перезапуск Kafka", "Καθυστέρηση 500μs"],
        &[
            "Latency over 500μs",
            "3σ deviation in ETL",
            "Δt of the Kafka lag",
        ],
        &["Ölpreis-Pipeline", "Café orders", "Jürgen's runbook"],
        &["👩\u{200D}💻 on call", "On call"],
    ] {
        assert_eq!(warnings(titles), Vec::new(), "{titles:?}");
    }
}

#[test]
fn a_front_matter_title_is_located_at_its_value() {
    let a = runbook("a.md", Some("Disk full"));
    let b = runbook("b.md", Some("Disk  full"));
    let c = runbook("disk-full.md", None);
    let mut diags = Diagnostics::new();
    check_titles(
        [(&a, "Disk full"), (&b, "Disk  full"), (&c, "Disk full")].map(|(runbook, title)| Title {
            runbook,
            title,
            heading_line: None,
        }),
        &mut diags,
    );
    let found: Vec<_> = diags
        .sorted()
        .iter()
        .map(|d| (d.location.to_string(), d.message.clone()))
        .collect();
    // Two spaces show as one.
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, "content/runbooks/b.md:2:8", "{found:?}");
    assert_eq!(found[1].0, "content/runbooks/disk-full.md:1:1", "{found:?}");
    assert!(
        found
            .iter()
            .all(|(_, m)| m.contains(" content/runbooks/a.md:2 ")),
        "{found:?}"
    );
}

#[test]
fn an_engineer_named_like_another_is_warned_at_both_names() {
    let text = "engineers:\n  - id: de1\n    name: Dana Lee\n  - id: de9\n    name: D\u{0430}na Lee\n  - id: de3\n    name: Jürgen Groß\n  - id: de4\n    name: 李娜\n";
    let file = SourceFile {
        display: "content/team.yaml".into(),
        spans: crate::load::yaml::locate_values(text, 0).into(),
        text: text.into(),
    };
    let items = [
        ("de1", "Dana Lee"),
        ("de9", "D\u{0430}na Lee"),
        ("de3", "Jürgen Groß"),
        ("de4", "李娜"),
    ];
    let mut diags = Diagnostics::new();
    check_names(&items, &file, "engineers", "engineer", &mut diags);
    let found = diags.sorted();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].location.to_string(), "content/team.yaml:5:11");
    assert!(
        found[0]
            .message
            .contains("engineer `de1` (content/team.yaml:3, `Dana Lee`)"),
        "{}",
        found[0].message
    );
}
