//! Link destinations written in runbooks, resolved as GitHub and GitLab resolve them:
//! against the file's folder, to a runbook's page, a folder's page, a copied file, or a
//! file of the repository that the site does not publish (which opens on the forge); and
//! Hugo's `ref` shortcodes read as plain relative links.

use std::borrow::Cow;

use pulldown_cmark::CowStr;

use super::MarkdownContext;
use crate::model::RepoEntry;
use crate::url::encode_path;

mod foreign;
mod hugo;
mod left_out;
mod lines;
mod own;
mod repo_root;
mod site_path;
mod template;
mod wiki;
mod zola;

pub(super) use foreign::loaded_from;
pub(super) use hugo::{replace_hugo_refs, RefShifts};
pub(super) use left_out::{left_out_image, LeftOutImage};
use site_path::site_path;
pub(super) use site_path::ENCODED_SLASH;
use wiki::relative;

/// Whether a text may hold a wiki link (most hold no `[`).
pub(super) fn may_hold_wiki(t: &str) -> bool {
    memchr::memchr(b'[', t.as_bytes()).is_some() && t.contains("[[")
}

/// The site's pages by the names that Hugo's `ref` and wiki links may give, each built
/// once for the site on first use (see `hugo` and `wiki`).
#[derive(Debug, Default)]
pub struct PageNames {
    hugo: hugo::HugoNames,
    wiki: wiki::WikiNames,
}

/// The anchor a link points at: the runbook page (`None` for this page) and the anchor.
pub(super) type AnchorTarget = Option<(Option<String>, String)>;

/// How a problem with a link is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Problem {
    /// It leads nowhere: an error or a warning, as `broken_links` says.
    Broken,
    /// It leads to a file of the repository that the site cannot link to (no
    /// `repository` in site.yaml): always a warning.
    Unpublished,
}

/// What a link destination becomes.
pub(super) struct Link<'a> {
    pub dest: CowStr<'a>,
    pub anchor: AnchorTarget,
    /// A path of the repository (from its root) that the site does not publish, to be
    /// looked up before the page is rendered again (see `MarkdownContext::repo_files`).
    pub look_up: Option<String>,
    /// The path of an address of the site written from its root that names no source
    /// file: checked once the site's routes are known.
    pub site_path: Option<SitePath>,
    /// When it leads to a file copied beside the page: that file's width and height, if
    /// it is an image whose header gives them.
    pub copied: Option<Option<(u32, u32)>>,
    /// When it was rewritten to the forge's page of `path`, a file or folder of the
    /// repository the site does not publish: a page for a reader, no image.
    pub on_forge: Option<String>,
}

/// An address written from the root, as [`super::SiteLink`] keeps it.
pub(super) struct SitePath {
    /// Under the base path, or from the host's root when `without_base` is set.
    pub path: String,
    /// The address under the base path, for one written outside it.
    pub without_base: Option<String>,
}

impl<'a> Link<'a> {
    pub(super) fn kept(dest: &CowStr<'a>) -> Self {
        Link {
            dest: dest.clone(),
            anchor: None,
            look_up: None,
            site_path: None,
            copied: None,
            on_forge: None,
        }
    }
}

/// Rewrites a link destination found in a runbook in folder `dir` (under the runbook
/// folder), and says which anchor of which runbook page it points at, if any. Problems go
/// to `report` with a message and a hint.
pub(super) fn resolve_link<'a>(
    dest: &CowStr<'a>,
    dir: &str,
    targets: &MarkdownContext,
    mut report: impl FnMut(String, &str, Problem),
) -> Link<'a> {
    let Some((element, directive)) = text_directive(dest) else {
        return resolve_plain(dest, dir, targets, report);
    };
    // A problem names the link as written (`../themes#:~:text=x`), not the part checked.
    let (checked, written) = (format!("`{element}`"), format!("`{}`", &**dest));
    let named = |message: String, hint: &str, problem| {
        report(message.replacen(&checked, &written, 1), hint, problem)
    };
    let mut link = resolve_plain(&CowStr::from(element.to_string()), dir, targets, named);
    let hash = if link.dest.contains('#') { "" } else { "#" };
    link.dest = format!("{}{hash}{directive}", link.dest).into();
    link
}

/// A link with a text fragment (`page.md#claims:~:text=groups`, `#:~:text=groups`) split
/// into the link to the element (`page.md#claims`, `#`) and the directive (`:~:text=groups`):
/// browsers scroll to the element, or the top, and mark the text, so only the element is
/// checked and the directive is kept as written. Before, `#claims:~:text=groups` was
/// reported as a missing heading.
fn text_directive(raw: &str) -> Option<(&str, &str)> {
    let hash = raw.find('#')?;
    let at = raw[hash..].find(":~:")? + hash;
    Some(raw.split_at(at))
}

/// [`resolve_link`] for a destination without a text fragment.
fn resolve_plain<'a>(
    dest: &CowStr<'a>,
    dir: &str,
    targets: &MarkdownContext,
    mut report: impl FnMut(String, &str, Problem),
) -> Link<'a> {
    let raw: &str = dest;
    if targets.sanitize_html && !crate::sanitize::url_allowed(raw) {
        return Link::kept(&removable(raw));
    }
    if let Some(absolute) = scheme_relative(raw) {
        return Link::kept(&CowStr::from(absolute));
    }
    if no_host(raw) {
        report(
            format!("link `{raw}` leads nowhere: two slashes begin another host's address, and no host follows them"),
            "link a page of this site from its root with one slash (`/oncall/`), or write the whole `https://` address",
            Problem::Broken,
        );
        return Link::kept(dest);
    }
    if let Some(anchor) = raw.strip_prefix('#') {
        return in_page_anchor(dest, anchor);
    }
    if raw.starts_with('/') && !raw.starts_with("//") {
        return from_the_site_root(dest, targets, &mut report);
    }
    if raw.starts_with("{{") && !raw.starts_with("{{<") && !raw.starts_with("{{%") {
        template::report_template_link(raw, dir, targets, &mut report);
        return Link::kept(dest);
    }
    if let Some(inner) = nested_link(raw) {
        report(
            format!("link `{raw}` has a Markdown link as its address (`[text]({raw})`): GitHub, GitLab and pipebook read it as a file of that name, so it leads nowhere"),
            &format!("write the address alone between the parentheses: `[text]({inner})`"),
            Problem::Broken,
        );
        return Link::kept(dest);
    }
    if let Some(link) = own::forge_link(raw, targets).or_else(|| own::raw_file(raw, targets)) {
        return link;
    }
    if has_scheme(raw) && raw.contains('\\') && !raw.starts_with("//") {
        report_backslash(raw, targets, &mut report);
    }
    if raw.is_empty() || raw.starts_with('/') || has_scheme(raw) {
        return Link::kept(dest);
    }
    if raw.starts_with("@/") {
        return match zola::internal_link(raw, dir, targets) {
            Ok(relative) => relative_link(&CowStr::from(relative), dir, targets, &mut report),
            Err((message, hint)) => {
                report(message, &hint, Problem::Broken);
                Link::kept(dest)
            }
        };
    }
    relative_link(dest, dir, targets, &mut report)
}

/// What follows GitHub's (and GitLab's) prefix of a rendered file's ids in `anchor`, as
/// written: `#user-content-check` is the heading `## Check` on the forge, its element's id.
fn forge_anchor(anchor: &str) -> Option<&str> {
    anchor
        .strip_prefix(crate::theme_ids::CONTENT_PREFIX)
        .filter(|rest| !rest.is_empty())
}

/// A link to the anchor `anchor` of this page, `dest` being `#anchor` (`#` alone when
/// empty). `#user-content-check` is read as GitHub reads it (see [`forge_anchor`]), and a
/// runbook's anchor named like one of the theme's ids is written prefixed.
fn in_page_anchor<'a>(dest: &CowStr<'a>, anchor: &str) -> Link<'a> {
    let written = forge_anchor(anchor).unwrap_or(anchor);
    let name = percent_decode(written);
    let to = |dest: String, anchor: String| Link {
        dest: dest.into(),
        anchor: Some((None, anchor)),
        look_up: None,
        site_path: None,
        copied: None,
        on_forge: None,
    };
    match crate::theme_ids::content_id(&name) {
        _ if name.is_empty() => Link::kept(dest),
        Cow::Owned(prefixed) => to(format!("#{prefixed}"), prefixed),
        Cow::Borrowed(_) if written.len() == anchor.len() => Link {
            anchor: Some((None, name.clone())),
            ..Link::kept(dest)
        },
        Cow::Borrowed(_) => to(format!("#{written}"), name.clone()),
    }
}

/// A destination written from the site's root (`/runbooks/x/`, `/scripts/x.sh`): a page
/// or copied file of the site, checked once the routes are known, or a file of the
/// repository the site does not publish.
fn from_the_site_root<'a>(
    dest: &CowStr<'a>,
    targets: &MarkdownContext,
    report: &mut impl FnMut(String, &str, Problem),
) -> Link<'a> {
    let raw: &str = dest;
    match from_the_root(raw, targets) {
        Some(Ok(link)) => return link,
        Some(Err(in_repo)) => {
            let fragment = &raw[raw.find('#').unwrap_or(raw.len())..];
            let forge = in_the_repository(raw, &in_repo, "", fragment, targets, report);
            return Link {
                on_forge: forge.is_some().then(|| in_repo.clone()),
                dest: forge.map_or_else(|| dest.clone(), CowStr::from),
                look_up: targets.repo_files.is_none().then_some(in_repo),
                ..Link::kept(dest)
            };
        }
        None => {}
    }
    let site_path = site_path(raw, targets.base_path);
    let anchor = site_path
        .without_base
        .is_none()
        .then(|| page_anchor(&site_path.path, raw))
        .flatten();
    Link {
        site_path: Some(site_path),
        anchor,
        ..Link::kept(dest)
    }
}

/// A destination relative to the runbook's folder `dir`: a page, a copied file, a
/// folder with a page, or a file of the repository (looked up, or reported).
fn relative_link<'a>(
    dest: &CowStr<'a>,
    dir: &str,
    targets: &MarkdownContext,
    report: &mut impl FnMut(String, &str, Problem),
) -> Link<'a> {
    let raw: &str = dest;
    let (before_fragment, fragment) = match raw.find('#') {
        Some(i) => (&raw[..i], &raw[i..]),
        None => (raw, ""),
    };
    let (path_part, query) = match before_fragment.find('?') {
        Some(i) => (&before_fragment[..i], &before_fragment[i..]),
        None => (before_fragment, ""),
    };
    if path_part.is_empty() {
        // `?tab=2`: this page, with a query.
        return Link::kept(dest);
    }
    let decoded = percent_decode(path_part);
    let folder = targets.folder.trim_end_matches('/');
    // Most links stay inside the runbook folder and name a page or a copied file.
    let inside = normalize(dir, &decoded);
    if let Some(link) = inside
        .as_deref()
        .and_then(|rel| source_view(rel, query, fragment, targets))
    {
        return link;
    }
    if let Some(link) = inside
        .as_deref()
        .and_then(|rel| on_the_site(rel, fragment, targets))
    {
        return link;
    }
    // Not a page, a copied file or a folder with a page: the repository may still hold it
    // (a folder of scripts, a file the site does not copy, a hidden or unread folder), so
    // it is looked up like a path outside the runbook folder, within the same bound.
    // The rest, from the repository's root, so that nothing can climb out of it.
    let in_repo = match (inside, folder) {
        (Some(rel), "") => Some(rel),
        (Some(rel), folder) if rel.is_empty() => Some(folder.to_string()),
        (Some(rel), folder) => Some(format!("{folder}/{rel}")),
        (None, folder) => normalize(folder, &format!("{dir}/{decoded}")),
    };
    let Some(in_repo) = in_repo else {
        let in_repo_dir = if folder.is_empty() || dir.is_empty() {
            format!("{folder}{dir}")
        } else {
            format!("{folder}/{dir}")
        };
        if let Some(page) = targets.forge.and_then(|f| f.above_root(&in_repo_dir, raw)) {
            return Link::kept(&CowStr::from(page));
        }
        report(
            format!("link `{raw}` leads outside the repository"),
            "link only to files of the repository (its path is relative to this file's folder), or give a full address",
            Problem::Broken,
        );
        return Link::kept(dest);
    };
    let forge = in_the_repository(raw, &in_repo, query, fragment, targets, report);
    let in_repo = in_repo.trim_end_matches('/').to_string();
    Link {
        dest: forge
            .as_ref()
            .map_or_else(|| dest.clone(), |f| f.clone().into()),
        anchor: None,
        look_up: targets.repo_files.is_none().then(|| in_repo.clone()),
        site_path: None,
        copied: None,
        on_forge: forge.is_some().then_some(in_repo),
    }
}

/// The address inside `raw` when `raw` is itself a Markdown link (`[x](https://x/)`), as
/// in `[text]([x](https://x/))`, a link pasted over a link's address. Read as a relative
/// path, it was reported as a missing file whose path had lost a slash
/// (`content/runbooks/[https:/x/](https:/x/)`): true, but naming neither the mistake nor
/// the address to write.
fn nested_link(raw: &str) -> Option<&str> {
    let rest = raw.strip_prefix('[')?.strip_suffix(')')?;
    let (_, inner) = rest.split_once("](")?;
    Some(inner.trim())
}

/// Reports an address with a scheme and a `\` (`https:\\host`, `https:\host/x`), which
/// the page's writer percent-encodes (`https:%5C%5Chost`): written so, it is no address,
/// and cleaning drops the link's `href` (a browser would not open it either). Before, the
/// link was left dead without a word.
fn report_backslash(
    raw: &str,
    targets: &MarkdownContext,
    report: &mut impl FnMut(String, &str, Problem),
) {
    let mut written = String::with_capacity(raw.len() + 8);
    if pulldown_cmark_escape::escape_href(&mut written, raw).is_err()
        || crate::sanitize::url_allowed(&written)
    {
        return;
    }
    let removed = if targets.sanitize_html {
        ", and the link is removed from the page"
    } else {
        ": no browser opens it"
    };
    report(
        format!("link `{raw}` is not an address once written (`\\` is written `%5C`){removed}"),
        "write the address with `/` (`https://host/path`)",
        Problem::Broken,
    );
}

/// An address of a scheme that is not allowed, as cleaning will see it once written.
/// Browsers drop tabs and line breaks from an address (`java\tscript:` is
/// `javascript:`), which the page's writer would percent-encode into a harmless relative
/// link (`java%09script:`) that cleaning keeps while the author is told it is removed;
/// written as a browser reads it, cleaning removes it as reported.
fn removable(raw: &str) -> CowStr<'static> {
    match url::Url::parse(raw) {
        Ok(url) => CowStr::from(url.as_str().to_string()),
        // Not an address (`http://[x`): one that cleaning surely removes.
        Err(_) => CowStr::Borrowed("about:invalid"),
    }
}

/// The `https://` address a browser reads `raw` as, when `raw` names another host without
/// a scheme: `//evil.example/x.png` (which takes the page's scheme), and the forms
/// browsers read the same (`/\evil.example/`, `\\evil.example`, a tab or line break
/// between the slashes). Written out with its scheme, such an address is an external
/// link or image like any `https://` one, checked and shown as one; left as written, it
/// passed for a path of the site.
///
/// Every slash after the first two is skipped too, as the URL Standard's "special
/// authority ignore slashes" state does: `///evil.example` is `https://evil.example/` in
/// every browser, where the `url` crate's `join` made it no host, so it was kept as written,
/// a path of the site to pipebook and no external link (nor an image from another host)
/// to its checks.
pub(super) fn scheme_relative(raw: &str) -> Option<String> {
    // Browsers drop tabs and line breaks anywhere, and leading spaces and controls.
    let mut chars = raw
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .peekable();
    let slash = |c: Option<&char>| matches!(c, Some('/' | '\\'));
    let mut slashes = 0;
    while slash(chars.peek()) {
        chars.next();
        slashes += 1;
    }
    if slashes < 2 {
        return None;
    }
    let url = url::Url::parse(&format!("https://{}", chars.collect::<String>())).ok()?;
    url.host_str()
        .is_some_and(|h| !h.is_empty())
        .then(|| url.as_str().to_string())
}

/// Whether a browser reads `raw` as another host's address and finds no host in it (`//`,
/// `///`, `//?q`, `\\`, `//:80`): a link that opens nothing, which [`scheme_relative`]
/// does not write out. Kept as written, it passed for a path of the site.
fn no_host(raw: &str) -> bool {
    let mut rest = raw
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .peekable();
    let mut slashes = 0;
    while rest.next_if(|c| matches!(c, '/' | '\\')).is_some() {
        slashes += 1;
    }
    slashes >= 2 && scheme_relative(raw).is_none()
}

/// A link that starts with `/`: GitHub and GitLab read it from the repository's root, a
/// site from its own. It becomes the page or copied file it names from the repository's
/// root when there is one (`/docs/runbooks/disk.md`), and is otherwise kept as a site path
/// (`/oncall/`). A runbook's file under the runbook folder that the site does not have
/// (`/content/runbooks/gone.md`, or Hugo's `ref "/runbooks/gone.md"`), or a Markdown file
/// outside the runbook folder (`/README.md`), is `Err` with its path from the
/// repository's root, to be looked up and reported like a relative link's; before, it
/// passed for a site path outside the base path, or one leading nowhere. So is another
/// file outside the runbook folder, once the repository holds it (`repo_root`).
fn from_the_root<'a>(raw: &str, targets: &MarkdownContext) -> Option<Result<Link<'a>, String>> {
    let end = raw.find(['?', '#']).unwrap_or(raw.len());
    let (path_part, rest) = raw.split_at(end);
    let fragment = &rest[rest.find('#').unwrap_or(rest.len())..];
    let from_root = normalize("", &percent_decode(path_part.trim_start_matches('/')))?;
    // A hidden file (`/.github/workflows/ci.yml`) is never the site's: the repository's,
    // as on the forge.
    if from_root.split('/').any(|part| part.starts_with('.')) {
        return Some(Err(from_root));
    }
    let folder = targets.folder.trim_end_matches('/');
    let under = if folder.is_empty() {
        Some(from_root.as_str())
    } else {
        from_root
            .strip_prefix(folder)
            .and_then(|r| r.strip_prefix('/'))
    };
    let Some(rel) = under else {
        if let Some(link) = hugo::site_address(&from_root, fragment, targets) {
            return Some(Ok(link));
        }
        // Outside the runbook folder, a Markdown file (`/README.md`) can only be the
        // repository's: the site serves no `.md`.
        if crate::model::page_stem(&from_root).is_some() {
            return Some(Err(from_root));
        }
        return repo_root::file_from_root(raw, &from_root, targets);
    };
    // Only what names a source file (or Jekyll's page of one), or a folder of them as
    // GitHub resolves it from the repository's root (`/playbooks#readme`): `/runbooks/x/`
    // is already this site's address.
    let source = crate::model::page_stem(rel).is_some() || jekyll_page(rel, targets).is_some();
    if !(source || targets.assets.contains(rel) || repository_folder(rel, targets)) {
        return None;
    }
    match on_the_site(rel, fragment, targets) {
        Some(link) => Some(Ok(link)),
        None if source && !folder.is_empty() => Some(Err(from_root)),
        None => None,
    }
}

/// Whether `rel`, a path under the runbook folder written from the repository's root, is
/// a folder of it whose address is not one of the site's own (`/runbooks/`, `/search/`):
/// GitHub shows the folder's README there, and this site its folder page. Artsy's handbook
/// links its sections so (`/onboarding#readme`), each a warning that it led outside the
/// site.
fn repository_folder(rel: &str, targets: &MarkdownContext) -> bool {
    let trimmed = rel.trim_end_matches('/');
    let first = trimmed.split('/').next().unwrap_or("");
    !first.is_empty()
        && targets.folders.contains(trimmed)
        && !first.eq_ignore_ascii_case("runbooks")
        && !crate::routes::names::RESERVED
            .iter()
            .any(|r| r.eq_ignore_ascii_case(first))
}

/// The anchor a site path (`runbooks/db/disk/`, under the base path) points at on the
/// runbook page it names, when `raw` has a fragment: checked like a relative link's once
/// pages are known (a path that is no runbook's page has no anchors to judge). Before,
/// `/runbooks/disk/#nope` was never checked.
fn page_anchor(path: &str, raw: &str) -> AnchorTarget {
    let anchor = raw.split_once('#')?.1;
    // `#top` is the top of any page for browsers, element or not.
    if anchor.is_empty() || anchor.eq_ignore_ascii_case("top") {
        return None;
    }
    let path = path.strip_suffix("index.html").unwrap_or(path);
    let slug = path.strip_prefix("runbooks/")?.trim_end_matches('/');
    if slug.is_empty() {
        return None;
    }
    Some((Some(slug.to_string()), percent_decode(anchor)))
}

/// A link to a runbook's source (`x.md?plain=1#L10-L20`: the file as written, its lines
/// marked, on GitHub and GitLab) opens it on the forge when the forge is known: the page
/// has no lines to mark, and `#L10-L20` was reported as a missing heading.
fn source_view<'a>(
    rel: &str,
    query: &str,
    fragment: &str,
    targets: &MarkdownContext,
) -> Option<Link<'a>> {
    let forge = targets.forge?;
    let plain = query
        .trim_start_matches('?')
        .split('&')
        .any(|p| p == "plain=1");
    if !plain || !targets.runbooks.contains_key(rel) {
        return None;
    }
    let in_repo = in_repository(rel, targets);
    Some(Link {
        dest: format!("{}{query}{fragment}", forge.url(&in_repo, false)).into(),
        anchor: None,
        look_up: None,
        site_path: None,
        copied: None,
        on_forge: None,
    })
}

/// The page or copy that `rel` (a path under the runbook folder) is on the site, if any.
pub(super) fn on_the_site<'a>(
    rel: &str,
    fragment: &str,
    targets: &MarkdownContext,
) -> Option<Link<'a>> {
    let base = targets.base_path;
    // `#user-content-verify` is the forge's element of `#verify` (see `forge_anchor`).
    let written = fragment
        .strip_prefix('#')
        .map(|a| forge_anchor(a).unwrap_or(a));
    let anchor = written.filter(|a| !a.is_empty()).map(percent_decode);
    // A runbook's anchor named like one of the theme's ids is written prefixed.
    let prefixed = anchor
        .as_deref()
        .and_then(|a| match crate::theme_ids::content_id(a) {
            Cow::Owned(p) => Some(p),
            Cow::Borrowed(_) => None,
        });
    let fragment: Cow<str> = match (&prefixed, written) {
        (Some(p), _) => format!("#{p}").into(),
        (None, Some(w)) if w.len() + 1 < fragment.len() => format!("#{w}").into(),
        _ => fragment.into(),
    };
    let fragment = fragment.as_ref();
    let anchor = prefixed.or(anchor);
    let anchor_in = |slug: &str| anchor.clone().map(|a| (Some(slug.to_string()), a));
    let page = |slug: &str| Link {
        dest: page_url(base, slug, fragment).into(),
        anchor: anchor_in(slug),
        look_up: None,
        site_path: None,
        copied: None,
        on_forge: None,
    };
    if let Some(link) = lines::line_view(rel, fragment, targets) {
        return Some(link);
    }
    if let Some(slug) = targets.runbooks.get(rel) {
        return Some(page(slug));
    }
    if targets.assets.contains(rel) {
        return Some(Link {
            dest: format!("{base}runbooks/{}{fragment}", encode_path(rel)).into(),
            anchor: None,
            look_up: None,
            site_path: None,
            copied: Some(targets.image_sizes.get(rel).copied()),
            on_forge: None,
        });
    }
    // A folder (`../frontend/`, `bin`) is its page; Hugo sites write a page's address
    // (`../other/`) for the page `other.md`.
    let trimmed = rel.trim_end_matches('/');
    if targets.folders.contains(trimmed) {
        return Some(page(trimmed));
    }
    if let Some(slug) = jekyll_page(trimmed, targets) {
        return Some(page(slug));
    }
    let slug = targets.runbooks.get(format!("{trimmed}.md").as_str())?;
    Some(page(slug))
}

/// `rel`, a path under the runbook folder, from the repository's root.
fn in_repository(rel: &str, targets: &MarkdownContext) -> String {
    let folder = targets.folder.trim_end_matches('/');
    if folder.is_empty() {
        rel.to_string()
    } else {
        format!("{folder}/{rel}")
    }
}

/// The page of the runbook that Jekyll published at `rel` (`x.html` for `x.md`), when no
/// file `rel` is copied: a Jekyll site's links name its pages so (`./dumps.html`,
/// `/docs/ops/dumps.html`), as a Hugo site's name the page's folder, and each was a broken
/// link once the repository moved to pipebook.
fn jekyll_page<'t>(rel: &str, targets: &'t MarkdownContext) -> Option<&'t str> {
    let stem = rel.strip_suffix(".html")?;
    if stem.is_empty() || targets.assets.contains(rel) {
        return None;
    }
    targets
        .runbooks
        .get(format!("{stem}.md").as_str())
        .map(|s| &**s)
}

/// Where a link to `in_repo`, a path of the repository the site does not publish, goes:
/// the file on the forge when it is there and the forge is known; `None` (the link stays
/// as written) otherwise, reported; and before the repository is looked up, `None`
/// without a report.
fn in_the_repository(
    raw: &str,
    in_repo: &str,
    query: &str,
    fragment: &str,
    targets: &MarkdownContext,
    mut report: impl FnMut(String, &str, Problem),
) -> Option<String> {
    let path = in_repo.trim_end_matches('/');
    let folder = match targets.repo_files?.get(path) {
        Some(RepoEntry::File) => false,
        Some(RepoEntry::Folder) => true,
        Some(RepoEntry::Missing) => {
            missing(raw, in_repo, targets, report);
            return None;
        }
        None => {
            report(
                format!(
                    "link `{raw}` points to `{in_repo}`, outside what the site publishes, and was not looked for: pipebook looks for at most {} such files per page",
                    super::limits::MAX_LOOK_UPS
                ),
                "link to fewer files outside the runbook folder from one page, or give their full addresses",
                Problem::Broken,
            );
            return None;
        }
    };
    let Some(forge) = targets.forge else {
        report(
            format!(
                "link `{raw}` points to `{in_repo}`, a {} of the repository that the site does not publish",
                if folder { "folder" } else { "file" }
            ),
            "set `repository` (and `branch`) in content/site.yaml to link to it on GitHub or GitLab, or link to its full address",
            Problem::Unpublished,
        );
        return None;
    };
    Some(format!("{}{query}{fragment}", forge.url(path, folder)))
}

/// A link to a file the repository does not hold. One starting with `/` is taken from the
/// repository's root, as GitHub and GitLab take it; said so, not "relative to this file's
/// folder", and when the path names a runbook under the runbook folder (Sphinx and MkDocs
/// take `/` as their docs folder: 2i2c's `/sre-guide/support/…md` under `docs/`), which
/// address reaches it.
fn missing(
    raw: &str,
    in_repo: &str,
    targets: &MarkdownContext,
    mut report: impl FnMut(String, &str, Problem),
) {
    let hint = if let Some(hint) = super::myst_labels::bare_label_hint(raw, in_repo, targets) {
        hint
    } else if !raw.starts_with('/') {
        "fix the path (it is relative to this file's folder), or add the file".to_string()
    } else if targets.runbooks.contains_key(in_repo) && !targets.folder.is_empty() {
        let folder = targets.folder;
        format!(
            "a path that starts with `/` is taken from the repository's root, as GitHub and GitLab take it, and the runbook is `{folder}{in_repo}`: write `/{folder}{in_repo}`, or a path relative to this file's folder"
        )
    } else {
        "fix the path (one that starts with `/` is taken from the repository's root, as GitHub and GitLab take it), or add the file".to_string()
    };
    report(
        format!("link `{raw}` points to `{in_repo}`, which does not exist"),
        &hint,
        Problem::Broken,
    );
}

fn page_url(base: &str, slug: &str, fragment: &str) -> String {
    // Pieces pushed into one string of its size: `format!` cost several times as much.
    let slug = encode_path(slug);
    let mut url = String::with_capacity(base.len() + 10 + slug.len() + fragment.len());
    url.push_str(base);
    url.push_str("runbooks/");
    if !slug.is_empty() {
        url.push_str(&slug);
        url.push('/');
    }
    url.push_str(fragment);
    url
}

fn has_scheme(s: &str) -> bool {
    if s.starts_with("//") {
        return true;
    }
    match s.find(':') {
        Some(i) => {
            let scheme = &s[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
        }
        None => false,
    }
}

/// Joins `rel` onto `dir` and resolves `.` and `..`; `None` if it climbs above the root.
/// A trailing `/` is kept.
fn normalize(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut joined = parts.join("/");
    if rel.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

fn percent_decode(s: &str) -> String {
    // Nearly every path is written plain.
    if memchr::memchr(b'%', s.as_bytes()).is_none() {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests;
