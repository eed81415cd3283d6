//! The host of production's `UID`s as the previous team feed said it, against
//! site.yaml's `uid_base_url`.

use crate::diagnostics::Diagnostics;
use crate::model::{Revisions, Site};
use crate::render::Urls;

/// The host production's previous team feed put its `UID`s under (`X-PIPEBOOK-UIDS`, as
/// the record `uids@<host>`), if it said.
pub(super) fn said(previous: &Revisions) -> Option<&str> {
    previous
        .keys()
        .filter_map(|k| k.strip_prefix("uids@"))
        .min()
}

/// Warns, at `uid_base_url` of site.yaml, when production's build (base URL `urls`) puts
/// its events under another host than the one its previous feed said: each subscriber's
/// app then deletes and adds again every event, reminders included. Setting it to the
/// new domain at a domain move (a reading of "the base URL of the UIDs") did so without a
/// word. A preview's events are under its own host: nothing to say there.
pub fn warn_uid_host_changed(
    site: &Site,
    urls: &Urls,
    previous: &Revisions,
    diags: &mut Diagnostics,
) {
    let Some(url) = site.config.uid_base_url.as_deref() else {
        return;
    };
    if urls.host != Urls::new(&site.config.base_url).host {
        return;
    }
    let configured = Urls::new(url).host;
    let Some(said) = said(previous).filter(|&said| said != configured) else {
        return;
    };
    diags.warning(
        site.sources.site.locate("uid_base_url"),
        format!("uid_base_url puts the calendar events under `{configured}`, but the previous feeds published them under `{said}`: every event gets a new UID, and subscribers' calendar apps delete and add all of them again, reminders included"),
        format!("write the base URL the feeds were first published under (its host and path: `{said}`), or remove `uid_base_url`"),
    );
}
