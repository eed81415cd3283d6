//! The default service worker's template (`templates/sw.js`), a file per concern under
//! `themes/default/templates/sw/`, joined in the order of [`SERVICE_WORKER_PARTS`] into
//! the one `sw.js` template the build fills in (`render::default_theme`), as the search
//! client is joined from its parts. `tools/minify/run.sh` reads the order from here.

/// Lists the parts once: each as a template of its own (a theme may replace one) and
/// joined at compile time (what the minified copy is checked against).
macro_rules! parts {
    ($($name:literal),* $(,)?) => {
        /// The worker's parts, in order, by their name under `templates/`.
        pub(super) const SERVICE_WORKER_PARTS: &[(&str, &str)] =
            &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*];
        /// The default `sw.js` template: the parts joined.
        pub(crate) const SERVICE_WORKER: &str =
            concat!($(include_str!(concat!("../../themes/default/templates/", $name))),*);
    };
}

parts!(
    "sw/head.js",
    "sw/network.js",
    "sw/checks.js",
    "sw/lifecycle.js",
    "sw/fetch.js",
    "sw/messages.js",
    "sw/keep.js",
    "sw/stage.js",
    "sw/kept.js",
);

/// Joins the worker's parts (the default's or a theme's) into the `sw.js` template, unless
/// a theme gave `sw.js` itself (an empty one counts as none); the parts are no templates
/// of their own after.
pub(super) fn join(templates: &mut Vec<(String, String)>) {
    let mut parts: Vec<(String, String)> = Vec::with_capacity(SERVICE_WORKER_PARTS.len());
    templates.retain_mut(|(name, text)| {
        let part = SERVICE_WORKER_PARTS.iter().any(|(p, _)| p == name);
        if part {
            parts.push((std::mem::take(name), std::mem::take(text)));
        }
        !part
    });
    let Some((_, joined)) = templates.iter_mut().find(|(n, _)| n == "sw.js") else {
        return;
    };
    if !joined.is_empty() {
        return;
    }
    for (part, _) in SERVICE_WORKER_PARTS {
        if let Some((_, text)) = parts.iter().find(|(n, _)| n == part) {
            joined.push_str(text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn the_default_worker_is_its_parts_joined_in_order() {
        let mut got = vec![("sw.js".to_string(), String::new())];
        got.extend(named(SERVICE_WORKER_PARTS).into_iter().rev());
        join(&mut got);
        assert_eq!(got, named(&[("sw.js", SERVICE_WORKER)]));
        assert!(SERVICE_WORKER.starts_with("// pipebook's service worker"));
    }

    #[test]
    fn a_theme_replaces_a_part_or_the_whole_worker() {
        let mut got = named(&[
            ("base.html", "b"),
            ("sw.js", ""),
            ("sw/keep.js", "K\n"),
            ("sw/head.js", "H\n"),
            ("sw/extra.js", "kept"),
        ]);
        join(&mut got);
        assert_eq!(
            got,
            named(&[
                ("base.html", "b"),
                ("sw.js", "H\nK\n"),
                ("sw/extra.js", "kept")
            ])
        );
        let mut got = named(&[("sw.js", "mine()"), ("sw/head.js", "H\n")]);
        join(&mut got);
        assert_eq!(got, named(&[("sw.js", "mine()")]));
    }
}
