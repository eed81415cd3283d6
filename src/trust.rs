//! What a preview build takes from site.yaml. A deploy preview (and `serve`) builds a pull
//! request's content, site.yaml included, so a setting that loosens a protection would be
//! the author's to switch off: in a `--preview` build such settings keep their safe
//! defaults, with a warning. Production builds what was merged, and takes them as written.

use crate::diagnostics::Diagnostics;
use crate::model::{ContactField, Site};

/// Puts back the safe default of every loosening setting, warning at each.
pub fn restrict_for_preview(site: &mut Site, diags: &mut Diagnostics) {
    let hint = "a pull request could set it to switch a protection off in its own preview; production builds take it as written";
    if !site.config.sanitize_html {
        site.config.sanitize_html = true;
        diags.warning(
            site.sources.site.locate("sanitize_html"),
            "sanitize_html: false is not applied to a preview build: raw HTML is sanitized",
            hint,
        );
    }
    if site.config.publish_time_off_reasons {
        site.config.publish_time_off_reasons = false;
        diags.warning(
            site.sources.site.locate("publish_time_off_reasons"),
            "publish_time_off_reasons is not applied to a preview build: reasons stay private",
            hint,
        );
    }
    if site.config.publish_contacts.contains(&ContactField::Phone) {
        site.config
            .publish_contacts
            .retain(|f| *f != ContactField::Phone);
        diags.warning(
            site.sources.site.locate("publish_contacts"),
            "phone numbers are not published by a preview build",
            hint,
        );
    }
}
