//! Names and ids that other pages repeat: an engineer's name and contact are in the "on
//! call now" box of every page and in every shift of the feeds, a pipeline's name on each
//! of its runbooks, the site's title in every page's header. A 200 kB engineer name made
//! the example site (25 pages) 86 MB; at 10,000 runbooks a megabyte would be gigabytes.
//! Refused here, before anything is rendered.

use crate::diagnostics::Diagnostics;
use crate::model::{Site, SourceFile};

/// The longest name, id or contact taken, in bytes: real ones are a few dozen.
pub const MAX_NAME: usize = 256;

/// Reports each name, id or contact longer than [`MAX_NAME`].
pub(super) fn check(site: &Site, diags: &mut Diagnostics) {
    let src = &site.sources;
    let mut check = |file: &SourceFile, path: String, value: &str| {
        if value.len() > MAX_NAME {
            diags.error(
                file.locate(&path),
                format!(
                    "`{path}` is {} bytes long: pipebook takes at most {MAX_NAME}, as every page that names it repeats it",
                    value.len()
                ),
                "keep names, ids and contacts short; put longer text in a description",
            );
        }
    };
    check(&src.site, "title".into(), &site.config.title);
    for (i, e) in site.team.engineers.iter().enumerate() {
        check(&src.team, format!("engineers[{i}].id"), &e.id);
        check(&src.team, format!("engineers[{i}].name"), &e.name);
        check(
            &src.team,
            format!("engineers[{i}].github"),
            e.github.as_deref().unwrap_or(""),
        );
        let c = &e.contact;
        for (field, value) in [
            ("email", &c.email),
            ("slack", &c.slack),
            ("phone", &c.phone),
        ] {
            let path = format!("engineers[{i}].contact.{field}");
            check(&src.team, path, value.as_deref().unwrap_or(""));
        }
    }
    for (i, d) in site.pipelines.domains.iter().enumerate() {
        check(&src.pipelines, format!("domains[{i}].id"), &d.id);
        check(&src.pipelines, format!("domains[{i}].name"), &d.name);
    }
    for (i, p) in site.pipelines.pipelines.iter().enumerate() {
        check(&src.pipelines, format!("pipelines[{i}].id"), &p.id);
        check(&src.pipelines, format!("pipelines[{i}].name"), &p.name);
    }
}
