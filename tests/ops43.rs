//! What runbook repositories written for GitHub bring (session 43): product names and
//! folders in links' text read as hosts, links rooted at the repository, and a build
//! clock before 2020.

mod common;

use common::*;

/// A link's text naming a product (`cloud.gov`, in cloud.gov's own ops docs) or a folder
/// (`.github/workflows`, in 2i2c's) before words with a slash: on main each was warned as
/// showing a host it does not lead to (the slash of a later word made the whole text read
/// as an address, and `.github` passed for a host). GitHub shows both as the links they
/// are.
#[test]
fn a_name_or_folder_before_words_with_a_slash_is_no_host() {
    let md = "# R\n\n\
        - [cloud.gov COOP/DRP resources](https://github.com/cloud-gov/coop)\n\
        - [`.github/workflows` folder](https://github.com/2i2c-org/infrastructure/tree/main/.github/workflows)\n\
        - [.github/workflows](https://github.com/acme/ops/tree/main/.github/workflows)\n";
    let found = problems_of(md);
    assert!(
        !found.iter().any(|f| f.contains("shows the host")),
        "{found:#?}"
    );
}

/// What the deceptive-link rule must still tell: an address in the text (with a path on
/// its first word, or `www.`), and a host the words send the reader to.
#[test]
fn addresses_passing_for_another_host_are_still_told() {
    for (link, shown, target) in [
        (
            "[Open grafana.good.example](https://grafana.evil.example)",
            "grafana.good.example",
            "grafana.evil.example",
        ),
        (
            "[good.example/login and more](https://evil.example/)",
            "good.example",
            "evil.example",
        ),
        (
            "[www.good.example COOP/DRP](https://evil.example/)",
            "good.example",
            "evil.example",
        ),
        (
            "[https://good.example/x y/z](https://evil.example/)",
            "good.example",
            "evil.example",
        ),
    ] {
        let found = problems_of(&format!("# R\n\n{link}\n"));
        let want = format!(
            "content/runbooks/a.md:3 the link's text shows the host `{shown}`, but the link leads to `{target}`"
        );
        assert!(found.contains(&want), "{want}\n{found:#?}");
    }
}

/// A clock of 1970 (`SOURCE_DATE_EPOCH=0`, a board without a clock battery): the hint to
/// check the clock was added once for the reviews and once for the rotation, two copies
/// of one sentence in one build; now it is said once, on the first warning shown (the
/// rotation's, in `content/oncall.yaml`), and the reviews' warnings keep their own hint.
#[test]
fn a_wrong_clock_is_named_once_in_all() {
    let site = example_site();
    let err = warnings_at(site.path(), 0);
    let note = "the build's clock says 1969-12-31: if that is not today, set the machine's clock (or SOURCE_DATE_EPOCH, when it is set) and build again";
    assert_eq!(err.matches(note).count(), 1, "{err}");
    let warnings: Vec<&str> = err.split("\n\n").collect();
    let first = warnings
        .iter()
        .position(|w| w.contains("the build's clock says"))
        .unwrap();
    assert!(
        warnings[first].contains("the rotation starts on"),
        "{}",
        warnings[first]
    );
    assert!(
        !warnings[..first].iter().any(|w| w.contains("hint:")
            && (w.contains("is after today") || w.contains("rotation starts"))),
        "{err}"
    );
    let review = warnings
        .iter()
        .find(|w| w.contains("is after today (1969-12-31)"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        review.contains(
            "set `last_reviewed` to the day the steps were last checked against the pipeline\n"
        ) || review.trim_end().ends_with("against the pipeline"),
        "{review}"
    );
}

/// A link rooted at `/` names a path from the repository's root, as GitHub and GitLab
/// read it; Sphinx and MkDocs read it from their docs folder, and 2i2c's docs link
/// `/sre-guide/support/prometheus-credentials.md` under `docs/`. On main the hint said
/// the path "is relative to this file's folder", which it is not; now it says from where,
/// and which address reaches the runbook when the path names one under the folder.
#[test]
fn a_link_from_the_root_is_told_from_where_it_is_read() {
    let site = site_of(&[
        OPS_SITE,
        (
            "content/runbooks/ops/a.md",
            "# A\n\nSee [B](/ops/b.md) and [C](/ops/c.md) and [D](d.md).\n",
        ),
        ("content/runbooks/ops/b.md", "# B\n"),
    ]);
    let err = stderr(&build_ok(site.path()));
    let hint_of = |link: &str| {
        err.split("\n\n")
            .find(|w| w.contains(&format!("link `{link}` points to")))
            .unwrap_or_else(|| panic!("{link}: {err}"))
            .split("= hint: ")
            .nth(1)
            .unwrap_or_else(|| panic!("{err}"))
            .trim()
            .to_string()
    };
    assert_eq!(
        hint_of("/ops/b.md"),
        "a path that starts with `/` is taken from the repository's root, as GitHub and GitLab take it, and the runbook is `content/runbooks/ops/b.md`: write `/content/runbooks/ops/b.md`, or a path relative to this file's folder"
    );
    assert_eq!(
        hint_of("/ops/c.md"),
        "fix the path (one that starts with `/` is taken from the repository's root, as GitHub and GitLab take it), or add the file"
    );
    assert_eq!(
        hint_of("d.md"),
        "fix the path (it is relative to this file's folder), or add the file"
    );
    // The address the hint gives leads to the page.
    edit(
        site.path(),
        "content/runbooks/ops/a.md",
        "(/ops/b.md)",
        "(/content/runbooks/ops/b.md)",
    );
    let err = stderr(&build_ok(site.path()));
    assert!(!err.contains("link `/content/runbooks/ops/b.md`"), "{err}");
    let page = read(&site.path().join("public/runbooks/ops/a/index.html"));
    assert!(page.contains("href=\"/runbooks/ops/b/\""), "{page}");
}

/// A reference link naming no definition beside a definition no link uses (GOV.UK's
/// `[Architectural Decision Record (ADR) 8]` and `[ADR 8]: architecture/…md`; 2i2c's
/// ``[section of `deployer` code]`` and `[section of deployer code]: https://…`): shown
/// with its brackets and linking nowhere, on GitHub as here, and built without a word on
/// main. Now a warning names both and the link to write. Brackets that share no word with
/// an unused definition (`[WIP]`, `arr[i]`) and references that resolve stay quiet.
#[test]
fn a_reference_missing_its_definition_beside_an_unused_one_is_told() {
    let md = "# R\n\n\
        Implements [external-secrets] as described in [Architectural Decision Record (ADR) 8].\n\n\
        [WIP] Update the [section of `deployer` code] and read arr[i].\n\n\
        See [the runbook][rb] and [rb][].\n\n\
        [external-secrets]: https://external-secrets.io/\n\
        [ADR 8]: https://docs.example/adr-8\n\
        [section of deployer code]: https://github.com/acme/deployer\n\
        [rb]: https://docs.example/rb\n";
    let found = problems_of(md);
    let told: Vec<&String> = found
        .iter()
        .filter(|f| f.contains("links nowhere"))
        .collect();
    assert_eq!(
        told,
        [
            "content/runbooks/a.md:3 `[Architectural Decision Record (ADR) 8]` links nowhere and shows its brackets (as on GitHub and GitLab): no definition is named `Architectural Decision Record (ADR) 8`, and `[ADR 8]` (line 10) is used by no link",
            "content/runbooks/a.md:5 `[section of `deployer` code]` links nowhere and shows its brackets (as on GitHub and GitLab): no definition is named `section of `deployer` code`, and `[section of deployer code]` (line 11) is used by no link",
        ],
        "{found:#?}"
    );
    let site = site_of(&[OPS_SITE, ("content/runbooks/a.md", md)]);
    let err = stderr(&build_ok(site.path()));
    assert!(
        err.contains("hint: write `[Architectural Decision Record (ADR) 8][ADR 8]`, or name the definition as the link does"),
        "{err}"
    );
    // Every definition used: nothing told, whatever brackets the text holds.
    let found = problems_of(
        "# R\n\n[WIP] [ADR 8] and [ADR 9] arr[i]\n\n[ADR 8]: https://docs.example/adr-8\n",
    );
    assert!(
        !found.iter().any(|f| f.contains("links nowhere")),
        "{found:#?}"
    );
}
