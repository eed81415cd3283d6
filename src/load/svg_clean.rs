//! Cleaned copies of the SVGs that editors export with parts a browser does not need to
//! draw them: draw.io puts each label as HTML in a `<foreignObject>` inside a `<switch>`
//! whose next child is the same label as SVG `<text>`, and Inkscape adds its editor's
//! elements (`sodipodi:namedview`, `inkscape:grid`) and a `<metadata>` block. The SVG
//! check refuses the first two, which could run script or act as another vocabulary;
//! cut out, the rest is checked again and published if it passes.
//!
//! Whole elements are cut as byte ranges of the file, from their `<` to their end tag's
//! `>`, and nothing is written anew: what stays is the file's own bytes, so the cut copy
//! is well-formed XML whenever the file is, and holds nothing the file did not.

use std::ops::Range;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use super::assets::SVG_NAMESPACE;

/// The namespaces of Inkscape's own elements.
const EDITOR_NAMESPACES: &[&str] = &[
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.inkscape.org/namespaces/inkscape",
];

/// An SVG with parts cut out.
pub(super) struct Cleaned {
    pub text: String,
    /// The ranges of the file cut, in order.
    cuts: Vec<Range<usize>>,
}

impl Cleaned {
    /// Where `at`, an offset of the cleaned text, is in the file.
    pub(super) fn in_file(&self, at: usize) -> usize {
        let mut at = at;
        for cut in &self.cuts {
            if cut.start > at {
                break;
            }
            at += cut.len();
        }
        at
    }
}

/// `text` with draw.io's HTML labels, Inkscape's editor elements and `<metadata>` cut;
/// `None` when there is nothing to cut or the file cannot be read as XML.
pub(super) fn clean(text: &str) -> Option<Cleaned> {
    let mut reader = NsReader::from_str(text);
    let position = |r: &NsReader<&[u8]>| usize::try_from(r.buffer_position()).unwrap_or(0);
    let mut cuts = Vec::new();
    // For each open element: whether it is SVG's `<switch>`.
    let mut open: Vec<bool> = Vec::new();
    // The start of the element being cut, and how deep inside it the reader is.
    let mut cutting: Option<(usize, usize)> = None;
    loop {
        let at = position(&reader);
        let (namespace, event) = reader.read_resolved_event().ok()?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                if let Some((_, depth)) = cutting.as_mut() {
                    *depth += usize::from(!empty);
                    continue;
                }
                let (svg, editor) = match namespace {
                    ResolveResult::Bound(ns) => {
                        let ns = ns.as_ref();
                        (ns == SVG_NAMESPACE, EDITOR_NAMESPACES.contains(&ns))
                    }
                    ResolveResult::Unbound => (true, false),
                    ResolveResult::Unknown(_) => (false, false),
                };
                let name = e.local_name().as_ref().to_ascii_lowercase();
                let cut = editor
                    || (svg && name == "metadata")
                    || (svg && name == "foreignobject" && open.last() == Some(&true));
                match (cut, empty) {
                    (true, true) => cuts.push(at..position(&reader)),
                    (true, false) => cutting = Some((at, 0)),
                    (false, true) => {}
                    (false, false) => open.push(svg && name == "switch"),
                }
            }
            Event::End(_) => match cutting.as_mut() {
                Some((_, depth)) if *depth > 0 => *depth -= 1,
                Some((start, _)) => {
                    cuts.push(*start..position(&reader));
                    cutting = None;
                }
                None => {
                    open.pop();
                }
            },
            _ => {}
        }
    }
    if cuts.is_empty() {
        return None;
    }
    let mut cleaned = String::with_capacity(text.len());
    let mut from = 0;
    for cut in &cuts {
        cleaned.push_str(&text[from..cut.start]);
        from = cut.end;
    }
    cleaned.push_str(&text[from..]);
    Some(Cleaned {
        text: cleaned,
        cuts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DRAWIO: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><g><switch><foreignObject width="100%" height="100%" requiredFeatures="http://www.w3.org/TR/SVG11/feature#Extensibility"><div xmlns="http://www.w3.org/1999/xhtml"><div><b>V</b></div></div></foreignObject><text x="40" y="48">V</text></switch></g><switch><g requiredFeatures="http://www.w3.org/TR/SVG11/feature#Extensibility"/><a xlink:href="https://www.diagrams.net/doc/faq/svg-export-text-problems" target="_blank"><text>Text is not SVG - cannot display</text></a></switch></svg>"#;

    #[test]
    fn drawio_labels_are_cut_to_their_text_fallback() {
        let cleaned = clean(DRAWIO).expect("cut");
        assert!(!cleaned.text.contains("foreignObject"), "{}", cleaned.text);
        assert!(!cleaned.text.contains("xhtml"), "{}", cleaned.text);
        assert!(
            cleaned
                .text
                .contains("<switch><text x=\"40\" y=\"48\">V</text></switch>"),
            "{}",
            cleaned.text
        );
        // Offsets after the cut are offsets of the file again.
        let at = cleaned.text.find("<text x").unwrap();
        assert_eq!(cleaned.in_file(at), DRAWIO.find("<text x").unwrap());
    }

    #[test]
    fn inkscape_editor_elements_and_metadata_are_cut() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" sodipodi:docname="flow.svg"><sodipodi:namedview id="n" inkscape:zoom="1"><inkscape:grid id="g"/></sodipodi:namedview><metadata><rdf:RDF><rdf:Description/></rdf:RDF></metadata><g inkscape:label="Layer 1" inkscape:groupmode="layer"><rect width="1" height="1"/><inkscape:path-effect id="e"/></g></svg>"#;
        let cleaned = clean(svg).expect("cut").text;
        assert_eq!(
            cleaned,
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" sodipodi:docname="flow.svg"><g inkscape:label="Layer 1" inkscape:groupmode="layer"><rect width="1" height="1"/></g></svg>"#
        );
    }

    #[test]
    fn only_what_is_named_is_cut() {
        // A `foreignObject` outside a `switch` has no fallback: kept, and refused by the check.
        for svg in [
            r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div/></foreignObject></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
            "<svg><a></b></svg>",
        ] {
            assert!(clean(svg).is_none(), "{svg}");
        }
    }
}
