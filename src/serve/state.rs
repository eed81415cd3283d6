//! What the server serves: the build loop replaces it whole, requests read a snapshot.

use std::fs;
use std::path::PathBuf;
use std::sync::Arc;

use super::headers::Rules;

/// A built site in its own folder, deleted when the last request using it is done.
#[derive(Debug)]
pub struct SiteDir {
    /// The folder to delete: the build's own, holding the site and anything it left.
    pub folder: PathBuf,
    /// The site's root, inside `folder`.
    pub site: PathBuf,
    /// The site's `_headers` rules, then `netlify.toml`'s: what Netlify would send.
    pub rules: Rules,
}

impl Drop for SiteDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.folder);
    }
}

/// One state of the server, replaced all at once by the build loop.
#[derive(Debug, Clone)]
pub struct State {
    /// The last site that built without errors.
    pub site: Option<Arc<SiteDir>>,
    /// The diagnostics of the last build, when it failed.
    pub error: Option<Arc<str>>,
    /// Changes with every finished build; pages reload when it does.
    pub version: Arc<str>,
    /// The pages were updated after a change and the search index not yet (see
    /// `build.rs`): pages and replies say so.
    pub search_stale: bool,
}
