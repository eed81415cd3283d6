//! Session 21's red team of the client side (helper `web`): what content makes a page read
//! otherwise in the browser. The browser half is `tests/browser/test_hostile_client.py`.

mod common;

use common::{build_ok, read, site_of, stderr};

/// `<bdo dir="rtl">` is HTML's bidirectional override: `<bdo dir="rtl">/ fr- mr</bdo>`
/// shows `rm -rf /`, while the text, search and the Copy button read `/ fr- mr` (and
/// nested `<bdo dir="ltr">` pieces reorder whole words). The same override written as a
/// character (U+202E) is an error; the element passed the sanitizer without a word. It is
/// now removed, its text kept as written, with a warning at each line. `dir` on other
/// elements stays: it is how right-to-left text is marked, an isolate that moves nothing
/// outside it.
#[test]
fn bdo_the_markup_of_a_bidi_override_is_removed_with_a_warning() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: Ops\nbase_url: https://ops.example/\n",
        ),
        (
            "content/runbooks/db/clean.md",
            "# Clean\n\nRun <code><bdo dir=\"rtl\">/ fr- mr</bdo></code> to clean up.\n\n\
             <pre><code>sudo <bdo dir=\"rtl\">/ fr- mr</bdo>\n</code></pre>\n\n\
             In Hebrew: <span dir=\"rtl\">שלום</span>.\n",
        ),
    ]);
    let out = build_ok(site.path());
    let page = read(&site.path().join("public/runbooks/db/clean/index.html"));
    assert!(!page.contains("<bdo"), "{page}");
    assert!(page.contains("<code>/ fr- mr</code>"), "{page}");
    assert!(page.contains("sudo / fr- mr"), "{page}");
    assert!(page.contains("<span dir=\"rtl\">שלום</span>"), "{page}");
    let err = stderr(&out);
    assert_eq!(err.matches("`<bdo>`").count(), 2, "{err}");
    assert!(err.contains("content/runbooks/db/clean.md:3"), "{err}");
    assert!(err.contains("content/runbooks/db/clean.md:5"), "{err}");
}
