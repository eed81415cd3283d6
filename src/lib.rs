//! pipebook: a static site generator for a data-engineering team's operations docs.
//!
//! Data flows one way, one module per stage:
//! [`load`] reads `content/` into a typed [`model::Site`], [`validate`] cross-checks it,
//! [`schedule`] resolves the on-call rotation, [`render`] and [`feeds`] turn it into
//! pages and calendars, [`search`] indexes the pages, and [`write`] swaps the result into
//! the output folder.
//! [`site`] runs the stages in order and times them; [`serve`] runs them again on every
//! change and serves the result with live reload.

pub mod alerts;
pub mod codeowners;
pub(crate) mod dates;
pub mod diagnostics;
pub mod feeds;
pub mod forge;
pub mod graphemes;
pub mod highlight;
pub mod html;
pub mod load;
pub mod markdown;
pub mod memory;
pub mod model;
pub mod names;
pub mod privacy;
pub mod render;
pub mod routes;
pub mod sanitize;
pub mod scaffold;
pub mod schedule;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site;
pub mod theme_ids;
pub mod trust;
pub mod url;
pub mod validate;
pub mod work;
pub mod write;
