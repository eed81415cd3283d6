//! The repository's own web view (GitHub or GitLab): where a link to a file of the
//! repository that the site does not publish goes (`[script](../../scripts/cleanup.rb)`
//! from `docs/runbooks`), built from site.yaml's `repository` and `branch`.

use crate::model::SiteConfig;
use crate::url::{encode_path, encode_url};

/// The branch links name when site.yaml gives none: GitHub and GitLab both read `HEAD` as
/// the repository's default branch.
pub const DEFAULT_BRANCH: &str = "HEAD";

/// The forges whose addresses pipebook knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `{repository}/blob/{branch}/{path}`, `tree` for a folder.
    GitHub,
    /// `{repository}/-/blob/{branch}/{path}`, `-/tree` for a folder.
    GitLab,
}

/// Which forge hosts `repository`: by its host (`github.com`, `gitlab.example.com`), else
/// by the form of `edit_url` (GitLab's addresses have `/-/`); `None` when neither tells.
pub fn detect(repository: &str, edit_url: Option<&str>) -> Option<Kind> {
    let host = url::Url::parse(repository)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default();
    if host.contains("gitlab") {
        return Some(Kind::GitLab);
    }
    if host.contains("github") {
        return Some(Kind::GitHub);
    }
    let edit = edit_url?;
    if edit.contains("/-/edit/") || edit.contains("/-/blob/") {
        Some(Kind::GitLab)
    } else if edit.contains("/edit/") || edit.contains("/blob/") {
        Some(Kind::GitHub)
    } else {
        None
    }
}

/// Why `branch` cannot name a branch in a link, if it cannot: git's own rules for ref
/// names (`git check-ref-format`), so that it can never climb out of the repository's
/// address with `..`.
pub fn branch_problem(branch: &str) -> Option<&'static str> {
    if branch.is_empty() {
        return Some("is empty");
    }
    if branch
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || "~^:?*[\\#%\"<>".contains(c))
    {
        return Some("holds white space, a control character or one of ~^:?*[\\#%\"<>, which git does not allow in a branch name");
    }
    if branch.starts_with('/')
        || branch.ends_with('/')
        || branch.ends_with('.')
        || branch.contains("//")
        || branch.contains("..")
        || branch.contains("@{")
        || branch
            .split('/')
            .any(|p| p.starts_with('.') || p.ends_with(".lock"))
    {
        return Some("is not a branch name git allows (no `..`, `//`, `@{`, leading `.` or `/`, trailing `/`, `.` or `.lock`)");
    }
    None
}

/// Addresses of the repository's files on its forge.
#[derive(Debug, Clone)]
pub struct Forge {
    kind: Kind,
    /// `repository`, encoded, without a trailing `/`.
    repository: String,
    /// The branch, encoded.
    branch: String,
}

impl Forge {
    /// The forge of site.yaml's `repository`, if it names one; GitHub's form of address
    /// when [`detect`] cannot tell (validation warns about it).
    pub fn new(config: &SiteConfig) -> Option<Forge> {
        let repository = config.repository.as_deref()?.trim();
        let branch = config.branch.as_deref().unwrap_or(DEFAULT_BRANCH).trim();
        let encoded = encode_url(repository);
        let encoded = encoded.trim_end_matches('/');
        // The address to clone (`https://github.com/acme/ops.git`, what a pasted remote
        // says) names the repository whose web view is without `.git`: neither forge lets a
        // repository's name end so.
        let encoded = match encoded.len().checked_sub(4) {
            Some(i) if encoded.is_char_boundary(i) && encoded[i..].eq_ignore_ascii_case(".git") => {
                encoded[..i].trim_end_matches('/')
            }
            _ => encoded,
        };
        Some(Forge {
            kind: detect(repository, config.edit_url.as_deref()).unwrap_or(Kind::GitHub),
            repository: encoded.to_string(),
            branch: encode_path(branch).into_owned(),
        })
    }

    /// Whether the repository is on GitLab, whose ids of headings differ from GitHub's (see
    /// `markdown::given_ids`'s other forge's ids).
    pub fn is_gitlab(&self) -> bool {
        self.kind == Kind::GitLab
    }

    /// The repository's web view itself (encoded, no trailing `/`, no clone address's
    /// `.git`): what the footer's "Repository" link leads to.
    pub fn repository(&self) -> &str {
        &self.repository
    }

    /// The web view of `path` (from the repository's root, `/`-separated, already free of
    /// `.` and `..`): its file view, or its listing when `folder`.
    pub fn url(&self, path: &str, folder: bool) -> String {
        let view = match (self.kind, folder) {
            (Kind::GitHub, false) => "blob",
            (Kind::GitHub, true) => "tree",
            (Kind::GitLab, false) => "-/blob",
            (Kind::GitLab, true) => "-/tree",
        };
        let path = path.trim_matches('/');
        let mut url = format!("{}/{view}/{}", self.repository, self.branch);
        if !path.is_empty() {
            url.push('/');
            url.push_str(&encode_path(path));
        }
        url
    }
}

impl Forge {
    /// The path (from the repository's root, as written in the address) and fragment of
    /// `url` when it is this repository's own web view of a file or folder on the site's
    /// branch (`{repository}/-/blob/{branch}/docs/x.md#step`): GitLab's runbooks link to
    /// each other so by the dozen. The site's branch is also `HEAD` (the forges' name for
    /// the default branch) and `main` or `master`, the default branch's usual names, which
    /// GitHub keeps leading to it once one is renamed to the other (rust-infra-team's
    /// `blob/master/docs/hosts/bastion.md` on a repository whose branch is `main`). Other
    /// branches, tags, commits, line anchors (`#L12`) and source views (`?plain=1`) are
    /// other addresses, and give `None`; so does the repository's address alone, which
    /// readers follow for the repository itself (to clone it, to file an issue).
    pub fn own_path<'u>(&self, url: &'u str) -> Option<(&'u str, &'u str)> {
        let rest = self.after_repository(url)?;
        let views: &[&str] = match self.kind {
            Kind::GitHub => &["/blob/", "/tree/"],
            Kind::GitLab => &["/-/blob/", "/-/tree/", "/blob/", "/tree/"],
        };
        let rest = views.iter().find_map(|v| rest.strip_prefix(v))?;
        let rest = self.after_branch(rest)?;
        let end = rest.find(['?', '#']).unwrap_or(rest.len());
        let (path, after) = rest.split_at(end);
        let (query, fragment) = match after.find('#') {
            Some(i) => (&after[..i], &after[i..]),
            None => (after, ""),
        };
        let line = fragment
            .strip_prefix("#L")
            .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()));
        (matches!(query, "" | "?ref_type=heads") && !line).then_some((path, fragment))
    }

    /// Where GitHub leads `link`, relative to a file in the repository's folder `dir` and
    /// climbing above the repository's root, when that is a page of the repository that is
    /// not one of its files: a README's `../../issues`, `../../wiki`, `../../pulls` (GitHub
    /// resolves the link from the file's view, `{repository}/blob/{branch}/{dir}/…`, so two
    /// steps above the root are the repository's own pages), and another repository of the
    /// same owner (`../../../other-repo/blob/main/x.md` from the root: three steps up are
    /// the owner's repositories). `None` on GitLab (which stops at the root) and for
    /// anything else: a view of another branch, another owner, the owner's own page.
    pub fn above_root(&self, dir: &str, link: &str) -> Option<String> {
        if self.kind != Kind::GitHub {
            return None;
        }
        let view = self.url(&format!("{}/x", dir.trim_matches('/')), false);
        let joined = url::Url::parse(&view).ok()?.join(link).ok()?;
        let Some(rest) = self.after_repository(joined.as_str()) else {
            return self.owners_repository(&joined).then(|| joined.into());
        };
        let rest = rest.strip_prefix('/')?;
        let page = rest.split(['/', '?', '#']).next()?;
        let file_views = ["blob", "tree", "raw", "blame", "edit", "commits"];
        (!page.is_empty() && !file_views.contains(&page)).then(|| joined.into())
    }

    /// Whether `url` (on the repository's host) is in another repository of the
    /// repository's owner: its first folder is the owner's, and a second one follows.
    fn owners_repository(&self, url: &url::Url) -> bool {
        let Ok(own) = url::Url::parse(&self.repository) else {
            return false;
        };
        let same_host = match (own.host_str(), url.host_str()) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => false,
        };
        let owner = own.path_segments().and_then(|mut s| s.next());
        let mut segments = url.path_segments().into_iter().flatten();
        let (first, second) = (segments.next(), segments.next());
        same_host
            && owner
                .is_some_and(|o| !o.is_empty() && first.is_some_and(|f| f.eq_ignore_ascii_case(o)))
            && second.is_some_and(|s| !s.is_empty())
    }

    /// What follows the repository's address at the start of `url`, compared without
    /// regard to case, as it is written or as the forges lead to it: `http://` for an
    /// `https://` repository, and on github.com `www.github.com` (both redirect there).
    fn after_repository<'u>(&self, url: &'u str) -> Option<&'u str> {
        fn strip<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
            s.get(..prefix.len())
                .filter(|head| head.eq_ignore_ascii_case(prefix))
                .map(|_| &s[prefix.len()..])
        }
        if let Some(rest) = strip(url, &self.repository) {
            return Some(rest);
        }
        let repository = strip(&self.repository, "https://")?;
        let url = strip(url, "http://").or_else(|| strip(url, "https://"))?;
        let url = match strip(repository, "github.com/") {
            Some(_) => strip(url, "www.").unwrap_or(url),
            None => url,
        };
        strip(url, repository)
    }

    /// What follows the site's branch (or `HEAD`, `main`, `master`) at the start of
    /// `rest`: the branch ends the address, or a `/` (left out), `?` or `#` follows it, so
    /// `tree/main` (with no slash) is the root folder's listing, as `tree/main/` is.
    fn after_branch<'u>(&self, rest: &'u str) -> Option<&'u str> {
        [self.branch.as_str(), DEFAULT_BRANCH, "main", "master"]
            .into_iter()
            .find_map(|branch| {
                let after = rest.strip_prefix(branch)?;
                match after.as_bytes().first() {
                    None | Some(b'?' | b'#') => Some(after),
                    Some(b'/') => Some(&after[1..]),
                    Some(_) => None,
                }
            })
    }

    /// The path (from the repository's root, as written) of `url` when it is this
    /// repository's raw file on the site's branch (or `HEAD`, `main`, `master`), the
    /// address a README gives an image it holds: `{repository}/raw/{branch}/{path}`
    /// (GitLab's `/-/raw/` too), `{repository}/blob/{branch}/{path}?raw=true`, and on
    /// github.com `https://raw.githubusercontent.com/{owner}/{repo}/{branch}/{path}`
    /// (`refs/heads/{branch}` too, the form of GitHub's Raw button), with its fragment
    /// (`#gh-dark-mode-only`, which the theme reads). `None` for anything else.
    pub fn own_raw_path<'u>(&self, url: &'u str) -> Option<(&'u str, &'u str)> {
        let (before, fragment) = url.split_at(url.find('#').unwrap_or(url.len()));
        let (path, query) = before.split_at(before.find('?').unwrap_or(before.len()));
        let rest = self.own_raw_rest(path, query)?;
        let rest = rest.strip_prefix("refs/heads/").unwrap_or(rest);
        let path = self.after_branch(rest)?;
        (!path.is_empty() && !path.ends_with('/')).then_some((path, fragment))
    }

    /// What follows the raw view's prefix in `path` (an address without its query and
    /// fragment), given its `query` (with its `?`).
    fn own_raw_rest<'u>(&self, path: &'u str, query: &str) -> Option<&'u str> {
        // `?sanitize=true` is what READMEs were told to add to a raw SVG when GitHub served
        // it as text; the raw host ignores it now, as the site's copy does.
        let raw = matches!(
            query,
            "" | "?ref_type=heads" | "?inline=false" | "?sanitize=true" | "?sanitize=1"
        );
        let github_raw = self
            .repository
            .get(..GITHUB.len())
            .filter(|h| h.eq_ignore_ascii_case(GITHUB))
            .map(|_| &self.repository[GITHUB.len()..]);
        if let Some(repo) = github_raw.filter(|_| raw) {
            // `http://` as well: the raw host redirects it to `https://`.
            let rest = [RAW_GITHUB, RAW_GITHUB_HTTP]
                .into_iter()
                .find_map(|prefix| {
                    path.get(..prefix.len())
                        .filter(|head| head.eq_ignore_ascii_case(prefix))
                        .map(|_| &path[prefix.len()..])
                });
            if let Some(rest) = rest {
                let head = rest.get(..repo.len())?;
                return head
                    .eq_ignore_ascii_case(repo)
                    .then(|| rest[repo.len()..].strip_prefix('/'))
                    .flatten();
            }
        }
        let rest = self.after_repository(path)?;
        let views: &[&str] = match self.kind {
            Kind::GitHub => &["/raw/"],
            Kind::GitLab => &["/-/raw/", "/raw/"],
        };
        match views.iter().find_map(|v| rest.strip_prefix(v)) {
            Some(rest) => raw.then_some(rest),
            // GitHub's file view serves the file itself when asked `?raw=true`.
            None if self.kind == Kind::GitHub => {
                let rest = rest.strip_prefix("/blob/")?;
                matches!(query, "?raw=true" | "?raw=1").then_some(rest)
            }
            None => None,
        }
    }
}

/// GitHub's address of a repository, without the owner and name.
const GITHUB: &str = "https://github.com/";
/// Where github.com serves a repository's raw files (`{owner}/{repo}/{branch}/{path}`).
const RAW_GITHUB: &str = "https://raw.githubusercontent.com/";
/// [`RAW_GITHUB`] as READMEs written before GitHub was https only name it.
const RAW_GITHUB_HTTP: &str = "http://raw.githubusercontent.com/";

#[cfg(test)]
mod tests {
    use super::*;

    fn forge(repository: &str, edit_url: Option<&str>, branch: Option<&str>) -> Forge {
        let config = SiteConfig {
            repository: Some(repository.into()),
            edit_url: edit_url.map(Into::into),
            branch: branch.map(Into::into),
            ..SiteConfig::default()
        };
        Forge::new(&config).unwrap()
    }

    #[test]
    fn own_addresses_on_the_branch_are_known() {
        let gl = forge("https://gitlab.com/acme/ops", None, Some("master"));
        let own = |u| gl.own_path(u);
        assert_eq!(
            own("https://gitlab.com/acme/ops/-/blob/master/docs/a.md#steps"),
            Some(("docs/a.md", "#steps"))
        );
        assert_eq!(
            own("https://GitLab.com/Acme/ops/-/tree/master/docs?ref_type=heads"),
            Some(("docs", ""))
        );
        assert_eq!(
            own("https://gitlab.com/acme/ops/blob/master/a.md"),
            Some(("a.md", ""))
        );
        // The root folder, with or without its slash.
        for (url, fragment) in [
            ("https://gitlab.com/acme/ops/-/tree/master", ""),
            ("https://gitlab.com/acme/ops/-/tree/master/", ""),
            (
                "https://gitlab.com/acme/ops/-/tree/master?ref_type=heads",
                "",
            ),
            ("https://gitlab.com/acme/ops/-/tree/main#readme", "#readme"),
        ] {
            assert_eq!(own(url), Some(("", fragment)), "{url}");
        }
        for other in [
            "https://gitlab.com/acme/ops/-/blob/v1/docs/a.md",
            "https://gitlab.com/acme/ops/-/blob/master/docs/a.md#L12",
            "https://gitlab.com/acme/ops/-/blob/master/docs/a.md?plain=1",
            "https://gitlab.com/acme/ops-old/-/blob/master/docs/a.md",
            "https://gitlab.com/acme/ops/-/blob/masterx/a.md",
            "https://gitlab.com/acme/ops/-/blob/mainline/a.md",
            "https://gitlab.com/acme/ops/-/blob/12acabb412c31e94d5ca7d4194c097f66c6d0ec7/a.md",
            "https://gitlab.com/acme/ops/-/issues/3",
            "https://gitlab.com/acme/ops",
            "https://gitlab.com/acme/ops/-/tree/masterx",
            "https://gitlab.com/acme/ops/-/tree/master?plain=1",
        ] {
            assert_eq!(own(other), None, "{other}");
        }
        for url in [
            "https://gitlab.com/acme/ops/-/blob/HEAD/a.md",
            "https://gitlab.com/acme/ops/-/blob/main/a.md",
        ] {
            assert_eq!(own(url), Some(("a.md", "")), "{url}");
        }
        let gh = forge("https://github.com/org/ops", None, None);
        for branch in ["main", "master"] {
            assert_eq!(
                gh.own_path(&format!(
                    "https://github.com/org/ops/blob/{branch}/x/b.md#s"
                )),
                Some(("x/b.md", "#s")),
                "{branch}"
            );
        }
        assert_eq!(
            gh.own_path("https://github.com/org/ops/blob/HEAD/x/b.md"),
            Some(("x/b.md", ""))
        );
        assert_eq!(
            gh.own_path("https://github.com/org/ops/-/blob/HEAD/x/b.md"),
            None
        );
    }

    #[test]
    fn the_address_to_clone_names_the_web_view() {
        for repository in [
            "https://github.com/acme/ops.git",
            "https://github.com/acme/ops.GIT/",
        ] {
            let gh = forge(repository, None, None);
            assert_eq!(
                gh.url("scripts/x.sh", false),
                "https://github.com/acme/ops/blob/HEAD/scripts/x.sh"
            );
            assert_eq!(
                gh.own_path("https://github.com/acme/ops/blob/main/a.md"),
                Some(("a.md", ""))
            );
        }
        let gl = forge("https://gitlab.example/acme/ops.git", None, None);
        assert_eq!(
            gl.url("", true),
            "https://gitlab.example/acme/ops/-/tree/HEAD"
        );
        // A name that only ends in `git` keeps it.
        let digit = forge("https://github.com/acme/digit", None, None);
        assert_eq!(
            digit.url("", true),
            "https://github.com/acme/digit/tree/HEAD"
        );
    }

    #[test]
    fn own_raw_files_on_the_branch_are_known() {
        let gh = forge("https://github.com/Acme/ops", None, Some("prod"));
        for url in [
            "https://raw.githubusercontent.com/acme/ops/prod/docs/a.png",
            "https://raw.githubusercontent.com/Acme/ops/refs/heads/main/docs/a.png",
            "https://github.com/Acme/ops/raw/HEAD/docs/a.png",
            "https://github.com/acme/ops/blob/master/docs/a.png?raw=true",
            "https://github.com/Acme/ops/blob/prod/docs/a.png?raw=1",
        ] {
            assert_eq!(gh.own_raw_path(url), Some(("docs/a.png", "")), "{url}");
        }
        assert_eq!(
            gh.own_raw_path(
                "https://github.com/acme/ops/blob/main/a.png?raw=true#gh-dark-mode-only"
            ),
            Some(("a.png", "#gh-dark-mode-only"))
        );
        for other in [
            "https://raw.githubusercontent.com/acme/ops/v1/docs/a.png",
            "https://raw.githubusercontent.com/acme/ops-old/main/docs/a.png",
            "https://raw.githubusercontent.com/acme/opsx/main/docs/a.png",
            "https://raw.githubusercontent.com/acme/ops/main/",
            "https://raw.githubusercontent.com/acme/ops/main",
            "https://github.com/acme/ops/blob/main/docs/a.png",
            "https://github.com/acme/ops/raw/main/docs/a.png?token=x",
            "https://github.com/acme/ops/-/raw/main/docs/a.png",
            "https://gitlab.com/acme/ops/-/raw/main/docs/a.png",
        ] {
            assert_eq!(gh.own_raw_path(other), None, "{other}");
        }
        let gl = forge("https://gitlab.example/acme/ops", None, None);
        for url in [
            "https://gitlab.example/acme/ops/-/raw/main/docs/a.png",
            "https://gitlab.example/acme/ops/-/raw/HEAD/docs/a.png?inline=false",
            "https://gitlab.example/acme/ops/raw/master/docs/a.png?ref_type=heads",
        ] {
            assert_eq!(gl.own_raw_path(url), Some(("docs/a.png", "")), "{url}");
        }
        for other in [
            "https://gitlab.example/acme/ops/-/blob/main/docs/a.png?raw=true",
            "https://raw.githubusercontent.com/acme/ops/main/docs/a.png",
        ] {
            assert_eq!(gl.own_raw_path(other), None, "{other}");
        }
    }

    #[test]
    fn github_and_gitlab_addresses() {
        let gh = forge("https://github.com/org/ops/", None, Some("main"));
        assert_eq!(
            gh.url("scripts/clean up.rb", false),
            "https://github.com/org/ops/blob/main/scripts/clean%20up.rb"
        );
        assert_eq!(
            gh.url("frontend", true),
            "https://github.com/org/ops/tree/main/frontend"
        );
        assert_eq!(gh.url("", true), "https://github.com/org/ops/tree/main");
        let gl = forge("https://gitlab.com/group/sub/ops", None, None);
        assert_eq!(
            gl.url("bin/x", false),
            "https://gitlab.com/group/sub/ops/-/blob/HEAD/bin/x"
        );
        assert_eq!(
            gl.url("bin", true),
            "https://gitlab.com/group/sub/ops/-/tree/HEAD/bin"
        );
        let branch = forge("https://github.com/o/r", None, Some("release/2.x"));
        assert_eq!(
            branch.url("a", false),
            "https://github.com/o/r/blob/release/2.x/a"
        );
    }

    #[test]
    fn the_forge_is_told_by_host_then_by_edit_url() {
        assert_eq!(detect("https://github.com/o/r", None), Some(Kind::GitHub));
        assert_eq!(
            detect("https://github.acme.com/o/r", None),
            Some(Kind::GitHub)
        );
        assert_eq!(
            detect("https://gitlab.acme.com/o/r", None),
            Some(Kind::GitLab)
        );
        assert_eq!(detect("https://git.acme.com/o/r", None), None);
        assert_eq!(
            detect(
                "https://git.acme.com/o/r",
                Some("https://git.acme.com/o/r/-/edit/main/{path}")
            ),
            Some(Kind::GitLab)
        );
        assert_eq!(
            detect(
                "https://git.acme.com/o/r",
                Some("https://git.acme.com/o/r/edit/main/{path}")
            ),
            Some(Kind::GitHub)
        );
        let unknown = forge("https://code.acme.com/o/r", None, None);
        assert_eq!(
            unknown.url("a", false),
            "https://code.acme.com/o/r/blob/HEAD/a"
        );
    }

    #[test]
    fn branches_git_would_refuse_are_refused() {
        for ok in ["main", "HEAD", "release/2.x", "feature-1_b"] {
            assert_eq!(branch_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "../../evil",
            "a/../b",
            "a b",
            "a\nb",
            "/main",
            "main/",
            "a//b",
            ".hidden",
            "x.lock",
            "a@{1}",
            "a?b",
            "a#b",
            "a%2e",
            "main.",
        ] {
            assert!(branch_problem(bad).is_some(), "{bad:?}");
        }
    }
}
