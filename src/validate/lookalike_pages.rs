//! Runbooks whose addresses differ only in letter case (`Ops.md`, `ops.md`) or in how an
//! accented letter is encoded (`café.md` as NFC and as NFD): readers cannot tell the two
//! pages apart, a checkout on macOS or Windows holds only one of the files, and a build
//! there writes one page over the other.

use std::collections::HashMap;

use icu_normalizer::ComposingNormalizerBorrowed;

use crate::diagnostics::{Diagnostics, Location};
use crate::model::Runbook;

/// Reports each runbook whose page address reads like an earlier one's.
pub(super) fn check(runbooks: &[Runbook], diags: &mut Diagnostics) {
    let nfc = ComposingNormalizerBorrowed::new_nfc();
    let mut seen: HashMap<String, &Runbook> = HashMap::with_capacity(runbooks.len());
    for rb in runbooks {
        let key = nfc.normalize(&rb.slug).to_lowercase();
        match seen.get(&key) {
            // Two runbooks at one address are reported where runbooks are loaded.
            Some(first) if first.slug != rb.slug => diags.error(
                Location::file(&rb.source.display),
                format!(
                    "`{}` and `{}` would be the pages /runbooks/{}/ and /runbooks/{}/, which differ only in letter case or in how an accented letter is encoded: readers cannot tell them apart, and on macOS or Windows one file replaces the other",
                    first.source.display,
                    rb.source.display,
                    first.slug.escape_debug(),
                    rb.slug.escape_debug(),
                ),
                "rename one of the two files (or merge them)",
            ),
            Some(_) => {}
            None => {
                seen.insert(key, rb);
            }
        }
    }
}
