//! The diagram renderer a site ships when one of its pages has a mermaid diagram: the
//! `mermaid` package (MIT), vendored under `vendor/mermaid/` at a pinned version and
//! compiled in, written to `static/mermaid/`, and loaded by the theme's `diagrams.mjs` on
//! the pages that have a diagram, from the site itself.
//!
//! Why in the browser and not at build time: the Rust renderers of mermaid found on
//! crates.io (`merman`, `mermaid-rs-renderer`, `mermaid-svg`, `rusty-mermaid`, `ariel-rs`)
//! are months old, each from one author, at 0.x or alpha; mermaid itself has been kept
//! since 2014 by hundreds of contributors. A layout in the builder would also run the
//! author's graph through an untried parser and layout with no way to stop it.

mod files;

/// Where the renderer's files go, under the output folder.
pub const FOLDER: &str = "static/mermaid/";

/// The list of the renderer's modules with their sizes, written beside them (under
/// [`FOLDER`]): the service worker keeps none of another size (cut short on its way).
/// Their sizes are not in `sw.js` with the theme's: a hundred names would weigh on every
/// first visit, where the worker fetches this list only when it keeps a module.
pub const SIZES: &str = "sizes.json";

/// [`SIZES`]'s text: each module's path under [`FOLDER`] and its bytes.
pub fn sizes() -> String {
    let sizes: std::collections::BTreeMap<&str, usize> = files()
        .filter(|(name, _)| name.ends_with(".mjs"))
        .map(|(name, bytes)| (name, bytes.len()))
        .collect();
    serde_json::to_string(&sizes).unwrap_or_default()
}

/// The vendored mermaid's version.
pub fn version() -> &'static str {
    files::VERSION
}

/// The renderer's files: their paths under [`FOLDER`] and their bytes.
pub fn files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    files::FILES.iter().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_renderer_is_whole() {
        let names: Vec<&str> = files().map(|(n, _)| n).collect();
        assert!(names.contains(&"LICENSE") && names.contains(&"mermaid.esm.min.mjs"));
        let license = files().find(|(n, _)| *n == "LICENSE").unwrap().1;
        assert!(String::from_utf8_lossy(license).starts_with("The MIT License"));
        // Every module the entry imports is shipped (ELK is left out on purpose, and only
        // loaded on demand).
        for (name, bytes) in files().filter(|(n, _)| n.ends_with(".mjs")) {
            let text = String::from_utf8_lossy(bytes);
            let dir = name.rfind('/').map_or("", |i| &name[..=i]);
            for import in text.split("from\"./").skip(1) {
                let target = format!("{dir}{}", &import[..import.find('"').unwrap()]);
                assert!(names.contains(&target.as_str()), "{name} imports {target}");
            }
        }
        assert!(!names.iter().any(|n| n.contains("/elk-")));
        assert!(!version().is_empty());
    }

    #[test]
    fn the_sizes_list_every_module() {
        let sizes: std::collections::BTreeMap<String, usize> =
            serde_json::from_str(&sizes()).unwrap();
        let modules: Vec<_> = files().filter(|(n, _)| n.ends_with(".mjs")).collect();
        assert_eq!(sizes.len(), modules.len());
        for (name, bytes) in modules {
            assert_eq!(sizes[name], bytes.len(), "{name}");
        }
        assert!(!sizes.contains_key("LICENSE"));
    }
}
