//! Links written as addresses of the site, from its root (`/runbooks/disk-full/`,
//! `/engineers/ann/`, `/alerts/DiskFull/`): each must lead to a page, a copied file or a
//! route of the site, as a relative link must lead to a file. Before, they were kept as
//! written and never checked, so a typo or a page since renamed was a 404 at 3 a.m.
//!
//! Checked once every page is rendered and the routes are known. Only what pipebook
//! writes is judged: the pages and feeds of its folders, its routes and the runbooks'
//! copied files; its own files (`/static/…`, `/search/…`) are not.

use std::collections::HashSet;

use crate::diagnostics::Diagnostics;
use crate::markdown::SiteLink;
use crate::model::{BrokenLinks, Site};
use crate::routes::{Routes, Target};

/// Links reported per page; the rest are counted in one last problem.
const MAX_REPORTS: usize = 100;

/// The site's pages and copied files, as site paths without their last `/`.
struct Known<'s> {
    runbooks: HashSet<&'s str>,
    folders: HashSet<&'s str>,
    assets: HashSet<&'s str>,
    pipelines: HashSet<&'s str>,
    engineers: HashSet<&'s str>,
}

impl<'s> Known<'s> {
    fn of(site: &'s Site) -> Self {
        let mut folders = HashSet::new();
        for rb in &site.runbooks {
            let mut slug = rb.slug.as_str();
            while let Some((up, _)) = slug.rsplit_once('/') {
                if !folders.insert(up) {
                    break;
                }
                slug = up;
            }
        }
        Known {
            runbooks: site.runbooks.iter().map(|r| r.slug.as_str()).collect(),
            folders,
            assets: site.assets.iter().map(|a| a.rel_path.as_str()).collect(),
            pipelines: site
                .pipelines
                .pipelines
                .iter()
                .map(|p| p.id.as_str())
                .collect(),
            engineers: site.team.engineers.iter().map(|e| e.id.as_str()).collect(),
        }
    }
}

/// What an address of the site leads to, as far as this check judges.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    /// A page, file or route of the site, or one of pipebook's own files (not judged).
    Found,
    /// Nothing: no page, file or route is there.
    Nowhere,
    /// An address removed on purpose (`retired_urls`), which answers 410 Gone.
    Retired,
}

fn verdict(path: &str, known: &Known, routes: &Routes) -> Verdict {
    let p = path.strip_suffix("index.html").unwrap_or(path);
    let (first, rest) = p.split_once('/').unwrap_or((p, ""));
    let rest = rest.trim_end_matches('/');
    let page = match first {
        "" => true,
        "runbooks" => {
            rest.is_empty()
                || known.runbooks.contains(rest)
                || known.folders.contains(rest)
                || known
                    .assets
                    .contains(p.strip_prefix("runbooks/").unwrap_or(""))
        }
        "pipelines" => rest.is_empty() || known.pipelines.contains(rest),
        "engineers" => rest.is_empty() || known.engineers.contains(rest),
        "alerts" => rest.is_empty(),
        "oncall" => {
            rest.is_empty()
                || rest
                    .strip_suffix(".ics")
                    .is_some_and(|id| known.engineers.contains(id))
        }
        // pipebook's own files and folders: not a page an author links to by mistake.
        own if crate::routes::names::RESERVED
            .iter()
            .any(|r| r.eq_ignore_ascii_case(own))
            || crate::url::is_sitemap_part(own) =>
        {
            true
        }
        _ => false,
    };
    if page {
        return Verdict::Found;
    }
    match routes.resolve(p) {
        Some(Target::Retired) => Verdict::Retired,
        Some(_) => Verdict::Found,
        None => Verdict::Nowhere,
    }
}

/// The folders of pages a reader opens; pipebook's other folders and files (`/static/`,
/// `/search/`, `/sitemap.xml`) are as much the host's as the site's.
const PAGE_FOLDERS: [&str; 6] = [
    "runbooks",
    "pipelines",
    "engineers",
    "oncall",
    "alerts",
    "coverage",
];

/// Whether `path`, an address outside the base path from the host's root, is what one of
/// this site's pages or routes is under the base path. The host's root (`/`) and
/// pipebook's own files are not judged.
fn names_a_page(path: &str, known: &Known, routes: &Routes) -> bool {
    let first = path.split('/').next().unwrap_or("");
    let own = !PAGE_FOLDERS.contains(&first)
        && (crate::routes::names::RESERVED
            .iter()
            .any(|r| r.eq_ignore_ascii_case(first))
            || crate::url::is_sitemap_part(first));
    !first.is_empty() && !own && verdict(path, known, routes) == Verdict::Found
}

/// A link to one of this site's pages written without the base path the site is served
/// under: on the host, it leads outside the site (a 404 at best, another app's page at
/// worst). Always a warning: the host may serve something there, which pipebook cannot see.
fn forgotten_base(link: &SiteLink, with_base: &str, diags: &mut Diagnostics) {
    diags.warning(
        link.location.clone(),
        format!(
            "link `{}` leaves the site: the site is served under a base path (`base_url` in site.yaml), so this address is the host's, not this site's page `{with_base}`",
            link.written
        ),
        format!("write `{with_base}`, or link to a runbook by its file (`../disk-full.md`), which follows the base path"),
    );
}

/// A link from the host's root, outside the base path, to what would be no page of this
/// site without one (`/manual/cdn.html` on a site at `/ops/`): without a base path it is
/// reported as leading nowhere, and a tree written for another generator has hundreds of
/// them, so it is reported alike, naming the base path. Always a warning: the host may
/// serve something there, which pipebook cannot see.
fn outside_base(link: &SiteLink, with_base: &str, diags: &mut Diagnostics) {
    let base = with_base
        .strip_suffix(link.written.trim_start_matches('/'))
        .unwrap_or("/");
    diags.warning(
        link.location.clone(),
        format!(
            "link `{}` leads outside the site: the site is served under `{base}` (`base_url` in site.yaml), and no page of it is at `{with_base}` either",
            link.written
        ),
        "link to a runbook by its file (`../disk-full.md`), which follows the base path; if the host serves this address itself, write it in full (`https://…`)",
    );
}

/// Reports each link of `pages` (each page's links, in order) that leads to no page,
/// file or route of the site, as `broken_links` says (an error or a warning).
pub fn check_site_links<'p>(
    site: &Site,
    routes: &Routes,
    pages: impl Iterator<Item = &'p [SiteLink]>,
    diags: &mut Diagnostics,
) {
    let mut known = None;
    let error = site.config.broken_links == BrokenLinks::Error;
    for links in pages {
        let mut reported = 0;
        for link in links {
            // Made at the first link: most sites write none.
            let known = known.get_or_insert_with(|| Known::of(site));
            if let Some(with_base) = &link.without_base {
                if names_a_page(&link.path, known, routes) {
                    forgotten_base(link, with_base, diags);
                } else if verdict(&link.path, known, routes) == Verdict::Nowhere {
                    reported += 1;
                    if reported <= MAX_REPORTS {
                        outside_base(link, with_base, diags);
                    }
                }
                continue;
            }
            let why = match verdict(&link.path, known, routes) {
                Verdict::Found => continue,
                Verdict::Nowhere => "leads to no page of this site",
                Verdict::Retired => "is listed in `retired_urls` of site.yaml: it answers 410 Gone",
            };
            reported += 1;
            if reported > MAX_REPORTS {
                continue;
            }
            let message = format!("link `{}` {why}", link.written);
            let hint = crate::markdown::site_link_hint(&link.path).unwrap_or("a link starting with `/` is an address of the site (`/runbooks/disk-full/`); link to a runbook by its file instead (`../disk-full.md`), which is checked and follows it when it moves");
            diags.broken_link(error, link.location.clone(), message, hint);
        }
        if reported > MAX_REPORTS {
            let location = links[0].location.clone();
            let message = format!(
                "{} more links of this file lead to no page of this site (the first {MAX_REPORTS} are reported)",
                reported - MAX_REPORTS
            );
            let hint = "fix the links reported above, then run again to see the rest";
            diags.broken_link(error, location, message, hint);
        }
    }
}
