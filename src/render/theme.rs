//! The theme's Tera templates: compiled once, the snippets every runbook page shows
//! rendered once, and the pages Tera still renders.

use std::collections::HashMap;

use serde::Serialize;
use tera::{Context, Tera};

use super::Renderer;
use crate::diagnostics::{Diagnostics, Location};
use crate::write::OutputFile;

pub(super) const SNIPPET_CONTACT: &str = "__pipebook/contact.html";
pub(super) const SNIPPET_ON_CALL: &str = "__pipebook/on_call.html";

/// The output of the theme's `contact` and `on_call` macros, rendered once per site for
/// the runbook pages: calling Tera macros on each of 10,000 pages was a tenth of the
/// build. Templates get them as `primary_contact`, `secondary_contact` (per pipeline) and
/// `on_call_block`, and can still call the macros themselves.
#[derive(Debug, Default)]
pub(super) struct Snippets {
    /// Contact HTML by engineer id.
    pub(super) contacts: HashMap<String, String>,
    pub(super) on_call: String,
}

impl Renderer<'_> {
    pub(super) fn snippets(&self, diags: &mut Diagnostics) -> Snippets {
        let render = |template: &str, ctx: &tera::Context, diags: &mut Diagnostics| {
            self.tera.render(template, ctx).unwrap_or_else(|e| {
                diags.error(
                    Location::file(format!(
                        "themes/{}/templates/macros.html",
                        self.site.config.theme
                    )),
                    format!("cannot render the theme's macros: {}", tera_error(&e)),
                    "the templates use the macros `contact(e)` and `on_call(shift, next, base)` of macros.html",
                );
                String::new()
            })
        };
        let mut contacts = HashMap::new();
        for p in &self.site.pipelines.pipelines {
            for id in [&p.primary, &p.secondary] {
                if contacts.contains_key(id.as_str()) {
                    continue;
                }
                let mut ctx = tera::Context::new();
                ctx.insert("e", &self.engineer_ref(id));
                contacts.insert(id.clone(), render(SNIPPET_CONTACT, &ctx, diags));
            }
        }
        let mut ctx = tera::Context::new();
        ctx.insert("on_call", &self.current_shift());
        ctx.insert("next", &self.next_shift());
        ctx.insert("base", &self.urls.base_path);
        let on_call = render(SNIPPET_ON_CALL, &ctx, diags);
        Snippets { contacts, on_call }
    }

    pub(super) fn page<T: Serialize>(
        &self,
        template: &str,
        out_path: String,
        data: &T,
        diags: &mut Diagnostics,
    ) -> Option<OutputFile> {
        let ctx = match Context::from_serialize(data) {
            Ok(ctx) => ctx,
            Err(e) => {
                diags.error(
                    Location::file(template),
                    format!("cannot build the context of {out_path}: {e}"),
                    "this is a bug in pipebook; please report it",
                );
                return None;
            }
        };
        // Sized for a typical page up front: growing the buffer by doubling was a
        // noticeable share of rendering time.
        let mut html = Vec::with_capacity(32 * 1024);
        match self.tera.render_to(template, &ctx, &mut html) {
            Ok(()) => Some(OutputFile {
                path: out_path,
                bytes: html,
            }),
            Err(e) => {
                diags.error(
                    Location::file(format!(
                        "themes/{}/templates/{template}",
                        self.site.config.theme
                    )),
                    format!("cannot render {out_path}: {}", tera_error(&e)),
                    "fix the template, or remove it to fall back to the default theme's",
                );
                None
            }
        }
    }
}

/// The theme's templates, compiled. The last theme compiled is kept, by a hash of its
/// templates, so that several builds in one process (a preview server, the fuzz targets)
/// compile an unchanged theme once; a build on its own compiles it as before.
pub(super) fn compile(templates: &[(String, String)]) -> Result<Tera, tera::Error> {
    static LAST: std::sync::Mutex<Option<(u128, Tera)>> = std::sync::Mutex::new(None);
    let mut key = Vec::new();
    for (name, text) in templates {
        for part in [name, text] {
            key.extend_from_slice(&(part.len() as u64).to_le_bytes());
            key.extend_from_slice(part.as_bytes());
        }
    }
    let key = xxhash_rust::xxh3::xxh3_128(&key);
    if let Ok(last) = LAST.lock() {
        if let Some((_, tera)) = last.as_ref().filter(|(k, _)| *k == key) {
            return Ok(tera.clone());
        }
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.set_escape_fn(crate::html::escape);
    // Snippets every runbook page shows, rendered once per site with the theme's own
    // macros (see `Snippets`).
    let snippets = [
        (
            SNIPPET_CONTACT,
            "{% import \"macros.html\" as m %}{{ m::contact(e=e) }}",
        ),
        (
            SNIPPET_ON_CALL,
            "{% import \"macros.html\" as m %}{{ m::on_call(shift=on_call, next=next, base=base) }}",
        ),
    ];
    tera.add_raw_templates(
        templates
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .chain(snippets),
    )?;
    if let Ok(mut last) = LAST.lock() {
        *last = Some((key, tera.clone()));
    }
    Ok(tera)
}

/// Tera nests the useful message in the error's sources.
pub(super) fn tera_error(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}
