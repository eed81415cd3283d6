//! The site's addresses: its base URL and path, and the paths and links of its pages,
//! each built in one allocation of its size. Apart from the renderer, which calls these for
//! every crumb, neighbour and person a page shows, and from the feeds and alerts, which
//! take `Urls` alone.

/// Addresses of the site, derived from its base URL.
#[derive(Debug, Clone)]
pub struct Urls {
    /// Absolute base URL, ending in `/` (`https://ops.example.com/`).
    pub base_url: String,
    /// Path part of it, with slashes at both ends (`/`).
    pub base_path: String,
    /// Host and path, for calendar `UID`s (`ops.example.com`, `ops.example.com/data`).
    pub host: String,
}

/// The site as calendar `UID`s name it: one spelling per host (lower case, no default port,
/// no trailing dot), so that writing the base URL another way (`https://Ops.Example.com:443/`)
/// does not give every event a new UID, which subscribers see as a new calendar; then the
/// base URL's path without its last `/`, so that two sites under one host (two teams'
/// under `https://ops.example.com/data/` and `/platform/`) do not share UIDs, which apps
/// keying events by UID show as one event.
fn uid_host(base_url: &str) -> Option<String> {
    let parsed = url::Url::parse(base_url).ok()?;
    let host = parsed.host_str()?.trim_end_matches('.');
    let path = parsed.path().trim_end_matches('/');
    Some(match parsed.port() {
        Some(port) => format!("{host}:{port}{path}"),
        None => format!("{host}{path}"),
    })
}

/// Writes the scheme and host of `base_url` in lower case, as browsers do: every feed's
/// events carry links to the site, so `https://Ops.Example.com/` gave every event new text
/// (and a new `DTSTAMP`) for the same site. User info before an `@` is left as written.
fn lowercase_origin(base_url: &mut str) {
    let Some(after) = base_url.find("://").map(|i| i + 3) else {
        return;
    };
    let end = base_url[after..]
        .find('/')
        .map_or(base_url.len(), |i| after + i);
    let host_start = base_url[after..end]
        .rfind('@')
        .map_or(after, |i| after + i + 1);
    base_url[..after].make_ascii_lowercase();
    base_url[host_start..end].make_ascii_lowercase();
}

impl Urls {
    pub fn new(base_url: &str) -> Self {
        let mut base_url = format!(
            "{}/",
            super::encode_url(base_url.trim()).trim_end_matches('/')
        );
        lowercase_origin(&mut base_url);
        let after_scheme = base_url
            .split_once("://")
            .map_or(base_url.as_str(), |(_, r)| r);
        let (host, path) = match after_scheme.find('/') {
            Some(i) => (&after_scheme[..i], &after_scheme[i..]),
            None => (after_scheme, "/"),
        };
        Urls {
            host: uid_host(&base_url).unwrap_or_else(|| host.to_string()),
            base_path: path.to_string(),
            base_url,
        }
    }

    /// A site path (`pipelines/x/`, with the output's real file names) as a root-relative
    /// link, percent-encoded (see [`super`]).
    pub fn link(&self, path: &str) -> String {
        joined(&self.base_path, path)
    }

    /// A site path as an absolute URL, percent-encoded.
    pub fn absolute(&self, path: &str) -> String {
        joined(&self.base_url, path)
    }

    /// The link to the page of `id` in `folder` (`engineers/`, `pipelines/`): the same
    /// as `link(&format!("{folder}{id}/"))`, built once (every person a page shows).
    pub fn page_of(&self, folder: &str, id: &str) -> String {
        let encoded = super::encode_path(id);
        let base = &self.base_path;
        let mut url = String::with_capacity(base.len() + folder.len() + encoded.len() + 1);
        url.push_str(base);
        url.push_str(folder);
        url.push_str(&encoded);
        url.push('/');
        url
    }
}

/// `start` and `path` encoded, in one allocation of their size: a `format!` grew its
/// string twice or three times (links are made for every crumb, neighbour and person).
fn joined(start: &str, path: &str) -> String {
    let encoded = super::encode_path(path);
    let mut url = String::with_capacity(start.len() + encoded.len());
    url.push_str(start);
    url.push_str(&encoded);
    url
}

/// The file of a runbook's page (or a folder's page), from its slug.
pub fn runbook_page_file(slug: &str) -> String {
    runbook_path_and(slug, "index.html")
}

/// The site path of a runbook page or folder (`runbooks/profit/aggregate-profit/`): the
/// folder it is written to, with the file system's names. Links encode it through
/// [`Urls::link`].
pub(crate) fn runbook_path(slug: &str) -> String {
    runbook_path_and(slug, "")
}

/// [`runbook_path`] followed by `file`, in one allocation of its size: the `format!`s it
/// replaced grew each path two or three times (four paths a runbook page, 50 M
/// instructions at 10,000 runbooks).
fn runbook_path_and(slug: &str, file: &str) -> String {
    let mut path = String::with_capacity("runbooks/".len() + slug.len() + 1 + file.len());
    path.push_str("runbooks/");
    if !slug.is_empty() {
        path.push_str(slug);
        path.push('/');
    }
    path.push_str(file);
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_from_base_url() {
        let u = Urls::new("https://deploy-preview-3--ops.netlify.app");
        assert_eq!(u.base_url, "https://deploy-preview-3--ops.netlify.app/");
        assert_eq!(u.base_path, "/");
        assert_eq!(u.host, "deploy-preview-3--ops.netlify.app");
        let u = Urls::new("HTTPS://User:Pw@Ops.Example.COM/Docs");
        assert_eq!(u.base_url, "https://User:Pw@ops.example.com/Docs/");
        let u = Urls::new("https://example.com/docs/");
        assert_eq!(u.host, "example.com/docs");
        assert_eq!(u.link("pipelines/"), "/docs/pipelines/");
        assert_eq!(
            u.absolute("oncall.ics"),
            "https://example.com/docs/oncall.ics"
        );
    }
}
