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
