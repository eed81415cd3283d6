//! The sites of the calendar tests of past backup duties (cal58, cal59): the example
//! site with many pipelines added, whose duties make events of more than ten.

use super::edit;

/// 2026-11-30T00:53:20Z, a Monday before the handoff: Veterans Day (Wed 11 Nov) and
/// Thanksgiving (Thu 26 Nov) are past, and in the published weeks (4 before).
pub const T0: u64 = 1_796_000_000;

/// A pipeline as pipelines.yaml lists it, of owners `primary` and `secondary`.
pub fn pipeline(id: &str, primary: &str, secondary: &str) -> String {
    let name = id.replace('-', " ").to_uppercase();
    format!("  - id: {id}\n    name: {name}\n    domain: profit\n    audience: finance\n    primary: {primary}\n    secondary: {secondary}\n")
}

/// `n` pipelines `<prefix>-<i>` of owners `primary` and `secondary`.
pub fn pipelines(prefix: &str, n: usize, primary: &str, secondary: &str) -> String {
    (0..n)
        .map(|i| pipeline(&format!("{prefix}-{i}"), primary, secondary))
        .collect()
}

/// Gives engineer `id` of the site at `root` time off from `from` to `to`.
pub fn time_off(root: &std::path::Path, id: &str, from: &str, to: &str) {
    edit(
        root,
        "content/team.yaml",
        &format!("github: example-{id}\n"),
        &format!("github: example-{id}\n    time_off:\n      - {{ from: {from}, to: {to} }}\n"),
    );
}

/// The example site with `extra` pipelines added.
pub fn site_with(extra: &str) -> tempfile::TempDir {
    let site = super::example_site();
    edit(
        site.path(),
        "content/pipelines.yaml",
        "pipelines:\n",
        &format!("pipelines:\n{extra}"),
    );
    site
}
