//! `serve`'s quick path (`site::incremental`): after any sequence of edits, additions,
//! renames and deletions of runbooks, the site it updated in place (search index
//! included, once it has caught up) is byte for byte what a full build writes, and it
//! reports the same problems. Where it cannot update, it says so, and the site is built
//! whole, as `serve` does.

mod common;
#[path = "incremental/edits.rs"]
mod edits;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use pipebook::site::incremental::Incremental;
use pipebook::site::{clock, Options};
use proptest::prelude::*;

use edits::{apply, theme_file};

/// Runbooks added to the example site, in folders with and without a folder page.
const EXTRA: &[(&str, &str)] = &[
    ("ops/_index.md", "# Operations\n\nHow the team operates.\n"),
    (
        "ops/restart.md",
        "# Restart\n\nRestart the [loader](load.md#steps).\n\n## Steps\n\n1. Stop.\n2. Start.\n",
    ),
    (
        "ops/load.md",
        "---\ndescription: Loading data\n---\n# Load\n\n## Steps\n\nRun it; see [restart](restart.md).\n",
    ),
    ("ops/zeta.md", "# Zeta\n\nLast of the folder.\n"),
    ("misc/alpha.md", "# Alpha\n\nFirst.\n\n## Checks\n\nNone.\n"),
    ("misc/beta.md", "Beta has no heading.\n"),
    // A folder page of front matter alone: a bare listing, which the index numbers after
    // `ops`'s (a full build and an update must number them alike).
    ("misc/_index.md", "---\ntitle: Misc\n---\n"),
];

#[derive(Debug, Clone)]
enum Op {
    /// A new title heading.
    Title(usize, u16),
    /// A paragraph at the end.
    Append(usize, u16),
    /// A first paragraph (the summary folder pages show).
    Lead(usize, u16),
    /// A link to another runbook's anchor, which may not exist.
    Link(usize, usize, bool),
    /// A `mermaid` diagram.
    Diagram(usize),
    /// A description in the front matter.
    Front(usize, u16),
    /// `draft: true` in the front matter, or taken out again: the page's badge, and the
    /// drafts its folder's page and the home page count.
    Draft(usize),
    /// `unlisted: true` (Docusaurus), `build: {list: never}` (Hugo) or `sitemap: false`
    /// (jekyll-sitemap) in the front matter, or taken out again: the page's note and
    /// `noindex`, its folder's list and count, the tree, its neighbours' previous and
    /// next, the search index and the sitemap.
    Unlisted(usize, u8),
    Add(bool, u16),
    Rename(usize, u16),
    Delete(usize),
    /// An engineer's new name (team.yaml): their pipelines' pages and runbooks.
    Engineer(usize, u16),
    /// A domain's or pipeline's new name (pipelines.yaml).
    Pipeline(usize, u16),
    /// A holiday in the future (oncall.yaml): the schedule, not who is on call now.
    Holiday(u16),
    /// The rotation's order turned (oncall.yaml): who is on call now, on every page.
    Rotation,
    /// A comment in a data file: nothing served changes.
    Comment(usize, u16),
    /// A change to one of the theme's templates (see [`TEMPLATES`]), overriding the
    /// built-in one.
    Template(usize, u16),
    /// A change to the theme's stylesheet: static files are copied, and some inlined.
    Style(u16),
    /// A change to site.yaml (see [`config_edit`]): the title, a comment, `edit_url`, the
    /// time zone, `review_interval_days` (updates in place), `repository` (which links in
    /// runbooks read) or `base_url` (which alert rules' runbook links are read against):
    /// full builds.
    Config(usize, u16),
}

/// The kinds of `Op::Config`; the last two are full builds.
const CONFIG_EDITS: usize = 7;

/// Whether an `Op::Config` is a full build.
fn config_needs_full_build(i: usize) -> bool {
    i % CONFIG_EDITS >= CONFIG_EDITS - 2
}

/// The templates `Op::Template` changes, and where: every page's, the runbook pages', the
/// pipeline pages', and the macros (the on-call box and contacts every runbook shows).
/// The runbook pages' text after `</header>` is on every page twice (`base.html` has it
/// too): those pages are rendered again, not changed as written.
const TEMPLATES: [(&str, &str); 8] = [
    ("base.html", "</body>"),
    ("runbook.html", "{% block content %}"),
    ("pipeline.html", "{% block content %}"),
    ("macros.html", "{% macro on_call(shift, next, base) %}"),
    ("section.html", "{% block content %}"),
    ("home.html", "{% block content %}"),
    ("tree.html", "<nav "),
    ("runbook.html", "</header>"),
];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (any::<usize>(), any::<u16>()).prop_map(|(i, n)| Op::Title(i, n)),
        // Few titles: pages that share one (see `lookalike_titles_warn_as_in_a_full_build`).
        1 => (any::<usize>(), 0u16..3).prop_map(|(i, n)| Op::Title(i, n)),
        3 => (any::<usize>(), any::<u16>()).prop_map(|(i, n)| Op::Append(i, n)),
        2 => (any::<usize>(), any::<u16>()).prop_map(|(i, n)| Op::Lead(i, n)),
        2 => (any::<usize>(), any::<usize>(), any::<bool>()).prop_map(|(i, j, b)| Op::Link(i, j, b)),
        1 => any::<usize>().prop_map(Op::Diagram),
        1 => (any::<usize>(), any::<u16>()).prop_map(|(i, n)| Op::Front(i, n)),
        1 => any::<usize>().prop_map(Op::Draft),
        2 => (any::<usize>(), 0u8..3).prop_map(|(i, k)| Op::Unlisted(i, k)),
        1 => (any::<bool>(), any::<u16>()).prop_map(|(b, n)| Op::Add(b, n)),
        1 => (any::<usize>(), any::<u16>()).prop_map(|(i, n)| Op::Rename(i, n)),
        1 => any::<usize>().prop_map(Op::Delete),
        2 => (any::<usize>(), any::<u16>()).prop_map(|(i, n)| Op::Engineer(i, n)),
        2 => (any::<usize>(), any::<u16>()).prop_map(|(i, n)| Op::Pipeline(i, n)),
        1 => any::<u16>().prop_map(Op::Holiday),
        1 => Just(Op::Rotation),
        1 => (any::<usize>(), any::<u16>()).prop_map(|(i, n)| Op::Comment(i, n)),
        2 => (any::<usize>(), any::<u16>()).prop_map(|(i, n)| Op::Template(i, n)),
        1 => any::<u16>().prop_map(Op::Style),
        2 => (any::<usize>(), any::<u16>()).prop_map(|(i, n)| Op::Config(i, n)),
    ]
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn problems(out: &pipebook::site::Outcome) -> Vec<String> {
    let mut all: Vec<String> = out
        .diagnostics
        .sorted()
        .iter()
        .map(|d| format!("{:?}", d))
        .collect();
    all.sort();
    all
}

/// Paths that differ between two trees, for the failure message.
fn differences(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut paths: Vec<&String> = a.keys().chain(b.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|p| a.get(*p) != b.get(*p))
        .map(|p| match (a.get(p), b.get(p)) {
            (Some(_), Some(_)) => format!("{p} differs"),
            (Some(_), None) => format!("{p} only in the updated site"),
            _ => format!("{p} only in the full build"),
        })
        .collect()
}

struct Fixture {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    out: PathBuf,
    builds: usize,
}

impl Fixture {
    fn new() -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        common::copy_dir(&common::repo().join("content"), &root.join("content"));
        let yaml = root.join("content/site.yaml");
        let text = fs::read_to_string(&yaml).unwrap();
        // A broken anchor warns, so that updates with one are compared too.
        fs::write(
            &yaml,
            text.replace("broken_links: error", "broken_links: warning"),
        )
        .unwrap();
        for (path, text) in EXTRA {
            let path = root.join("content/runbooks").join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let out = tmp.path().join("out");
        fs::create_dir_all(&out).unwrap();
        Fixture {
            _tmp: tmp,
            // Watched paths come back absolute and canonical; so must the root.
            root: root.canonicalize().unwrap(),
            out,
            builds: 0,
        }
    }

    fn opts(&mut self) -> Options {
        self.builds += 1;
        Options {
            root: self.root.clone(),
            output: Some(self.out.join(format!("build-{}", self.builds))),
            base_url: Some("http://localhost:1234/".into()),
            now: clock(Some("1795694400")).unwrap(),
            deny_warnings: false,
            preview: true,
        }
    }
}

/// For each change: when it was an update in place, how many pages it changed as written;
/// and the full build's problems.
type Steps = Vec<(Option<usize>, Vec<String>)>;

/// Applies `ops` in turn, comparing each update with a full build (see [`Steps`]).
fn check(ops: &[Op]) -> Result<Steps, TestCaseError> {
    let mut f = Fixture::new();
    let opts = f.opts();
    let (first, mut inc) = Incremental::build(&opts);
    prop_assert!(inc.is_some(), "{:?}", first.diagnostics);
    let mut served = opts.output.unwrap();
    let runbook_dir = f.root.join("content/runbooks");
    let mut quick = 0;
    let mut in_place = Vec::new();
    // Edits of a runbook made while the site built: after a change that makes it fail
    // (`base_url` against the alert rules' links), serve has no state to update.
    let mut edits = 0;
    for op in ops {
        if inc.is_some() && matches!(op, Op::Append(..) | Op::Lead(..) | Op::Comment(..)) {
            edits += 1;
        }
        let changed = apply(&runbook_dir, op);
        let expected_opts = f.opts();
        let (expected, _) = Incremental::build(&expected_opts);
        let update = inc.as_mut().and_then(|i| i.update(&changed));
        let Some(update) = update else {
            // What serve does: a full build, served only if it succeeded.
            let opts = f.opts();
            let (outcome, fresh) = Incremental::build(&opts);
            prop_assert_eq!(problems(&outcome), problems(&expected), "{:?}", op);
            if let Some(fresh) = fresh {
                served = fresh.output().to_path_buf();
                inc = Some(fresh);
            } else {
                prop_assert!(expected.failed(), "{:?}", op);
                inc = None;
            }
            in_place.push((None, problems(&expected)));
            continue;
        };
        quick += 1;
        in_place.push((Some(update.spliced), problems(&expected)));
        prop_assert!(
            !expected.failed(),
            "an update served a site that fails: {:?}",
            op
        );
        prop_assert_eq!(problems(&update.outcome), problems(&expected), "{:?}", op);
        let inc = inc.as_mut().unwrap();
        prop_assert_eq!(inc.output(), served.as_path());
        if update.search {
            let job = inc.search_job().unwrap();
            inc.apply_search(&job.run()).unwrap();
        }
        let got = tree(&served);
        let want = tree(expected_opts.output.as_deref().unwrap());
        let diff = differences(&got, &want);
        prop_assert!(diff.is_empty(), "after {:?} (of {:?}): {:?}", op, ops, diff);
    }
    // The quick path is taken at all (a sequence of structural changes may never take it).
    prop_assert!(edits == 0 || quick > 0, "no update for {:?}", ops);
    Ok(in_place)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn updates_equal_a_full_build(ops in proptest::collection::vec(op(), 1..6)) {
        check(&ops)?;
    }
}

/// Each kind of change once, in an order that reaches every rule of the quick path.
#[test]
fn every_kind_of_change() {
    let ops = [
        Op::Append(0, 1),
        Op::Title(5, 2),
        Op::Lead(6, 3),
        Op::Link(1, 5, true),
        Op::Link(2, 6, false),
        Op::Title(0, 4),
        Op::Add(true, 5),
        Op::Title(3, 6),
        Op::Rename(1, 7),
        Op::Delete(0),
        Op::Front(2, 8),
        // Unlisted, then retitled and edited in place (its folder's tree and the search
        // index leave it out), then listed again; Hugo's and Jekyll's keys.
        Op::Unlisted(1, 0),
        Op::Title(1, 37),
        Op::Append(1, 38),
        Op::Unlisted(1, 0),
        Op::Unlisted(2, 1),
        Op::Unlisted(3, 2),
        Op::Diagram(4),
        Op::Append(4, 9),
        Op::Engineer(1, 10),
        Op::Pipeline(4, 11),
        Op::Pipeline(0, 12),
        Op::Holiday(13),
        Op::Rotation,
        Op::Comment(0, 14),
        Op::Append(3, 15),
        Op::Rotation,
        Op::Template(1, 16),
        Op::Template(2, 17),
        Op::Template(0, 18),
        Op::Template(3, 19),
        Op::Rotation,
        Op::Append(2, 20),
        Op::Style(21),
        Op::Template(1, 22),
        // The on-call box, after a text before it changed in the page as written.
        Op::Rotation,
        Op::Template(7, 36),
        Op::Rotation,
        Op::Template(4, 23),
        Op::Template(5, 24),
        Op::Template(6, 25),
        Op::Config(0, 26),
        Op::Config(1, 27),
        Op::Config(2, 28),
        Op::Config(3, 29),
        Op::Config(4, 30),
        Op::Config(5, 31),
        Op::Append(1, 32),
        Op::Config(0, 34),
        Op::Template(1, 35),
        Op::Config(6, 33),
    ];
    let in_place = check(&ops).unwrap();
    // Edits of the data files, of templates and of site.yaml's title and the like are
    // updates in place; a static file's, or site.yaml's repository, a full build.
    for (op, (spliced, _)) in ops.iter().zip(in_place) {
        let quick = spliced.is_some();
        // A comment in `base.html` or the runbook pages' block: the runbook pages are
        // changed as written; one whose text is twice on the page: rendered again.
        if let Op::Template(i, _) = op {
            let as_written = matches!(i % TEMPLATES.len(), 0 | 1);
            assert_eq!(spliced.unwrap_or(0) > 0, as_written, "{op:?}");
        }
        let data = matches!(
            op,
            Op::Engineer(..)
                | Op::Pipeline(..)
                | Op::Holiday(_)
                | Op::Rotation
                | Op::Comment(..)
                | Op::Template(..)
        ) || matches!(op, Op::Config(i, _) if !config_needs_full_build(*i));
        assert!(quick || !data, "{op:?} was a full build");
        let full = matches!(op, Op::Style(_))
            || matches!(op, Op::Config(i, _) if config_needs_full_build(*i));
        assert!(!quick || !full, "{op:?} was updated in place");
    }
}

/// Titles that read alike warn after an update as after a full build: runbooks given one
/// title in turn (the first of them changing), a data file's change in between.
#[test]
fn lookalike_titles_warn_as_in_a_full_build() {
    // 3: misc/alpha.md, 4: misc/beta.md, 6: ops/load.md, 7: ops/restart.md.
    let ops = [
        Op::Title(3, 40),
        Op::Title(4, 40),
        Op::Title(6, 40),
        Op::Rotation,
        Op::Title(3, 41),
        Op::Append(6, 42),
        Op::Engineer(1, 43),
        Op::Title(7, 40),
        Op::Title(4, 41),
        Op::Title(6, 44),
        Op::Title(7, 44),
    ];
    let results = check(&ops).unwrap();
    let alike = |problems: &[String]| {
        problems
            .iter()
            .filter(|p| p.contains("is also the title of"))
            .count()
    };
    let counts: Vec<usize> = results.iter().map(|(_, p)| alike(p)).collect();
    assert_eq!(counts, [0, 1, 2, 2, 1, 1, 1, 2, 2, 1, 2], "{results:?}");
    for (op, (spliced, _)) in ops.iter().zip(&results) {
        assert!(spliced.is_some(), "{op:?} was a full build");
    }
}

/// A runbook made a draft while serving, and one made a draft no more, are served with
/// the badge, the counts and the warnings a full build gives (session 25 compared edits
/// of bodies and titles, not of the front matter's `draft`). Such an edit is served by a
/// full build today (`check` compares the problems then); an update in place that takes
/// it on is compared byte for byte.
#[test]
fn drafts_are_served_as_a_full_build_writes_them() {
    // 3: misc/alpha.md, 4: misc/beta.md, 6: ops/load.md (which has a front matter).
    let ops = [
        Op::Draft(3),
        Op::Draft(6),
        Op::Append(3, 60),
        Op::Draft(4),
        Op::Draft(3),
        Op::Draft(6),
        Op::Draft(4),
    ];
    let results = check(&ops).unwrap();
    let drafts = |problems: &[String]| {
        (problems.iter())
            .filter(|p| p.contains("`draft: true`"))
            .count()
    };
    // Each draft is warned once, as a full build warns it (compared in `check`).
    let counts: Vec<usize> = results.iter().map(|(_, p)| drafts(p)).collect();
    assert_eq!(counts, [1, 2, 2, 3, 2, 1, 0], "{results:?}");
}

/// A retitled runbook takes the place a full build gives it among its folder's entries
/// (the update moves it alone: `SectionTree::retitle`), where titles tie too: the pages
/// first in the site's order come first, which the previous and next links show.
#[test]
fn a_retitled_runbook_takes_its_place_as_in_a_full_build() {
    // 3: misc/alpha.md, 4: misc/beta.md, 6: ops/load.md, 7: ops/restart.md, 8: ops/zeta.md.
    let ops = [
        // Ties where the retitled page comes first in the site's order, then last.
        Op::Title(4, 50),
        Op::Title(3, 50),
        Op::Title(7, 50),
        Op::Title(6, 50),
        Op::Title(8, 50),
        // From the last place to the first, and back.
        Op::Title(8, 1),
        Op::Title(8, 99),
        Op::Append(7, 51),
        Op::Title(6, 1),
    ];
    let results = check(&ops).unwrap();
    for (op, (spliced, _)) in ops.iter().zip(&results) {
        assert!(spliced.is_some(), "{op:?} was a full build");
    }
}

/// `serve` is told an update is served once all its files are written, and the search
/// index's documents that the update then gathers with its own renderer are those that a
/// renderer made afresh gathers (see `Incremental::update_with`), after runbook, data and
/// template edits alike.
#[test]
fn an_update_is_served_written_and_gathers_the_search_index_as_afresh() {
    let mut f = Fixture::new();
    let opts = f.opts();
    let served_dir = opts.output.clone().unwrap();
    let (first, inc) = Incremental::build(&opts);
    let mut inc = inc.unwrap_or_else(|| panic!("{:?}", first.diagnostics));
    let runbook_dir = f.root.join("content/runbooks");
    let files = |job: pipebook::site::incremental::SearchJob| -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = job.run().into_iter().map(|f| (f.path, f.bytes)).collect();
        files.sort();
        files
    };
    let ops = [
        Op::Append(0, 60),
        Op::Title(5, 61),
        Op::Engineer(1, 62),
        Op::Rotation,
        Op::Template(0, 63),
    ];
    for op in &ops {
        let changed = apply(&runbook_dir, op);
        let mut at_served = None;
        let update = inc
            .update_with(&changed, |update| {
                assert!(update.search, "{op:?}");
                assert!(at_served.is_none(), "told twice: {op:?}");
                at_served = Some(tree(&served_dir));
            })
            .unwrap_or_else(|| panic!("{op:?} was a full build"));
        let at_served = at_served.unwrap_or_else(|| panic!("{op:?}: never told"));
        // Nothing of the update's own is written after it is served.
        let diff = differences(&at_served, &tree(&served_dir));
        assert!(diff.is_empty(), "{op:?}: {diff:?}");
        assert!(update.written > 0, "{op:?}");
        let gathered = inc.search_job().expect("the update's documents");
        // Taken: the next job is made afresh.
        let fresh = inc.search_job().expect("documents made afresh");
        assert_eq!(files(gathered), files(fresh), "{op:?}");
    }
}

/// A data edit saved with a template that no longer compiles (validation and the
/// templates' compiling run side by side in an update): not an update in place, and the
/// full build that follows fails with the template's error, as it would from scratch.
#[test]
fn a_data_edit_beside_a_broken_template_is_left_to_a_full_build() {
    let mut f = Fixture::new();
    let opts = f.opts();
    let (first, inc) = Incremental::build(&opts);
    let mut inc = inc.unwrap_or_else(|| panic!("{:?}", first.diagnostics));
    let runbook_dir = f.root.join("content/runbooks");
    let mut changed = apply(&runbook_dir, &Op::Engineer(1, 70));
    let template = theme_file(&runbook_dir, "templates", "pipeline.html");
    let text = fs::read_to_string(&template).unwrap();
    fs::write(&template, format!("{text}{{% if %}}")).unwrap();
    changed.push(template);
    assert!(
        inc.update(&changed).is_none(),
        "a broken template was updated in place"
    );
    let (outcome, fresh) = Incremental::build(&f.opts());
    assert!(outcome.failed() && fresh.is_none());
    assert!(
        problems(&outcome)
            .iter()
            .any(|p| p.contains("theme template error")),
        "{:?}",
        problems(&outcome)
    );
}
