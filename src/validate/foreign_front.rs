//! Front matter keys of other site generators that would move a page or send its readers
//! elsewhere there, and that pipebook does not read: Jekyll's `permalink` and
//! `redirect_to`, and the `slug` of Docusaurus, Hugo and Zola. A runbook repository moved
//! from one of them kept these keys, and its pages were built at their file's address
//! without a word, so the links and bookmarks of the old site stopped working unnoticed.
//! Pages stay at their file's address (the output's address contract, DESIGN.md); each
//! key gets one warning at its value, saying where the page is and how to keep the old
//! address working (`aliases`, or Jekyll's `redirect_from`, which pipebook reads).
//! Drafts (`draft: true`, `published: false`) get one warning too, see [`draft`]. Pages
//! their generator left out of its lists are left out of pipebook's too
//! (`Runbook::unlisted_key`), without a word.

use crate::diagnostics::Diagnostics;
use crate::model::Runbook;
use crate::routes::runbook_path;

/// The keys, each with the tools that read it.
const KEYS: [(&str, &str); 3] = [
    ("permalink", "Jekyll"),
    ("slug", "Docusaurus, Hugo and Zola"),
    ("redirect_to", "Jekyll's jekyll-redirect-from"),
];

/// The longest value quoted back in a hint.
const MAX_QUOTED: usize = 200;

/// Warns once per key of [`KEYS`] that `runbook`'s front matter holds.
pub(super) fn check(runbook: &Runbook, diags: &mut Diagnostics) {
    let spans = &runbook.source.spans;
    if spans.is_empty() {
        return;
    }
    for (key, tools) in KEYS {
        let Some(span) = spans.get(key) else {
            continue;
        };
        let page = runbook_path(&runbook.slug);
        let value = (runbook.source.text.get(span))
            .map(|v| v.trim().trim_matches(['"', '\'']))
            .filter(|v| {
                v.starts_with('/')
                    && v.len() <= MAX_QUOTED
                    && !v.contains([':', '\n', '`', '[', ']', ',', '#'])
            });
        let (message, hint) = if key == "redirect_to" {
            (
                format!("`redirect_to` ({tools}) is not read by pipebook: this page is built from its own text at /{page}, and does not send its readers elsewhere"),
                "to move readers to another page, delete this file and list this page's address in that page's `aliases`".to_string(),
            )
        } else {
            let keep = match value {
                Some(v) => format!("`aliases: [{v}]`"),
                None => "`aliases`".to_string(),
            };
            (
                format!("`{key}` ({tools}) is not read by pipebook: this page's address is /{page}, from its file's path"),
                format!("to keep the address it gave working, list it under {keep} (a redirect to this page); to change the page's address, rename or move its file, and remove `{key}`"),
            )
        };
        diags.warning(runbook.source.locate(key), message, hint);
    }
    draft(runbook, diags);
}

/// Warns once at a draft's key ([`Runbook::draft_key`]): Hugo and Docusaurus leave
/// drafts out of the site, and a migrated tree's drafts (empty templates, as often as
/// not) were published among its runbooks without a word, one of them the first search
/// result for its subject. The output contract keeps one page per file, so the page
/// stays, marked a draft, and the hint says how to leave it out.
fn draft(runbook: &Runbook, diags: &mut Diagnostics) {
    let Some(key) = runbook.draft_key() else {
        return;
    };
    let (written, tools) = match key {
        "draft" => (
            "`draft: true`",
            "Hugo, Docusaurus and Zola leave such a page out",
        ),
        _ => ("`published: false`", "Jekyll leaves such a page out"),
    };
    diags.warning(
        runbook.source.locate(key),
        format!(
            "{written}: {tools}, but pipebook publishes every runbook file: this page is built at /{}, marked Draft, and ranks last in search",
            runbook_path(&runbook.slug)
        ),
        format!("to leave it out, delete the file or move it out of the runbook folder; when it is ready, remove {written}"),
    );
}
