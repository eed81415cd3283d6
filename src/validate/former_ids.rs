//! `formerly:` of team.yaml: the ids an engineer had before, whose calendar feeds are
//! still written (see `feeds`). Each must be usable in a URL, no engineer's id now, and
//! claimed by one engineer; a few per engineer (each is a whole feed to write).

use std::collections::HashMap;

use crate::diagnostics::Diagnostics;
use crate::model::{Engineer, SourceFile};

/// The most former ids of one engineer: an id changes rarely, and each writes a feed.
pub const MAX_FORMER_IDS: usize = 10;

pub(super) fn check(engineers: &[Engineer], file: &SourceFile, diags: &mut Diagnostics) {
    let ids: HashMap<&str, usize> = (engineers.iter().enumerate())
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let mut claimed: HashMap<&str, &str> = HashMap::new();
    for (i, e) in engineers.iter().enumerate() {
        if e.formerly.len() > MAX_FORMER_IDS {
            diags.error(
                file.locate(&format!("engineers[{i}].formerly")),
                format!(
                    "`{}` lists {} former ids: at most {MAX_FORMER_IDS} are kept",
                    e.id,
                    e.formerly.len()
                ),
                "keep the ids whose calendar feeds people still subscribe to",
            );
            continue;
        }
        for (j, old) in e.formerly.iter().enumerate() {
            let at = || file.locate(&format!("engineers[{i}].formerly[{j}]"));
            if !crate::model::is_usable_id(old) {
                diags.error(
                    at(),
                    format!("former id `{old}` of `{}` is not usable in a URL", e.id),
                    "write the id as it was in team.yaml: lowercase letters, digits, `-` and `_`",
                );
            } else if ids.contains_key(old.as_str()) {
                diags.error(
                    at(),
                    format!("former id `{old}` of `{}` is an engineer's id now", e.id),
                    "an id names one engineer: remove it from `formerly`, or rename the engineer who has it",
                );
            } else if let Some(other) = claimed.insert(old, &e.id) {
                diags.error(
                    at(),
                    format!("former id `{old}` is listed by `{other}` and `{}`", e.id),
                    "an old calendar feed can go on for one engineer only: keep it where it belongs",
                );
            }
        }
    }
}
