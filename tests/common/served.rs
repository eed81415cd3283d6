//! The calendar tests of served shifts rewritten (cal60 to cal63): the example site with
//! overrides added, and the warnings a build prints of served shifts.

use std::path::Path;

use super::read;

/// The example with one override, `line`, under `overrides:`.
pub fn with_override(root: &Path, line: &str) {
    let oncall = root.join("content/oncall.yaml");
    let text = read(&oncall) + "overrides:\n" + line + "\n";
    std::fs::write(&oncall, text).unwrap();
}

/// The warnings of served shifts rewritten in `err`, each with its location and hint.
pub fn rewritten(err: &str) -> Vec<String> {
    let lines: Vec<&str> = err.lines().collect();
    (lines.iter().enumerate())
        .filter(|(_, l)| l.contains("already served now show"))
        .map(|(i, _)| {
            let rest = lines[i..].iter().take_while(|l| !l.is_empty());
            rest.copied().collect::<Vec<_>>().join(" ")
        })
        .collect()
}
