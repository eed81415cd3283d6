//! Which files beside the runbooks may be published.
//!
//! A file copied into the site is served from the site's own origin, so a file that a
//! browser runs or renders as a document with script (HTML, JavaScript, XML stylesheets,
//! SVG with script) would let a pull request's author run script for every reader of the
//! deploy preview. Such files are left out with a warning naming the file (an SVG with
//! script at its line): the rest of the site builds without them; everything else is
//! copied, and the build's `_headers` (see `render::headers`) serves every copied file
//! with a `sandbox` Content-Security-Policy, so even a file of a type a browser renders
//! as a document gets no script and no origin on hosts that read `_headers` (Netlify,
//! `serve`).

use std::path::Path;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use crate::diagnostics::{Diagnostics, Location};

/// Extensions (lower case) of files that browsers run, or render as documents that can
/// run script or load other script: refused whatever their content.
const ACTIVE: &[(&str, &str)] = &[
    ("html", "an HTML page"),
    ("htm", "an HTML page"),
    ("xhtml", "an XHTML page"),
    ("xht", "an XHTML page"),
    ("shtml", "an HTML page"),
    ("mht", "a web archive"),
    ("mhtml", "a web archive"),
    ("js", "JavaScript"),
    ("mjs", "JavaScript"),
    ("cjs", "JavaScript"),
    ("jsm", "JavaScript"),
    ("wasm", "WebAssembly"),
    ("xml", "XML, which can carry a stylesheet that runs script"),
    ("xsl", "an XSLT stylesheet"),
    ("xslt", "an XSLT stylesheet"),
    (
        "svgz",
        "a compressed SVG image, which cannot be checked for script",
    ),
    ("css", "a stylesheet"),
    ("swf", "a Flash file"),
    ("htc", "an HTML component"),
    ("hta", "an HTML application"),
    ("appcache", "an application cache manifest"),
    ("webmanifest", "a web app manifest"),
];

/// What becomes of a file beside the runbooks.
#[derive(Debug, PartialEq, Eq)]
pub enum Judged {
    Copied,
    /// Published as these bytes, a copy with parts cut (see `svg_clean`).
    Cleaned(Vec<u8>),
    /// Not published, said by a warning or an error.
    Refused,
    /// Not published, by a warning; pages say why in place of its images
    /// (`it could run script`).
    LeftOut(&'static str),
}

/// Whether the file at `source` (shown as `display`) may be copied; reports why not.
pub fn judge(source: &Path, display: &str, diags: &mut Diagnostics) -> Judged {
    // Trailing dots and spaces are dropped by some file systems and servers: `x.svg ` is
    // judged as `x.svg`.
    let ext = Path::new(display.trim_end_matches(['.', ' ']))
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if let Some((_, what)) = ACTIVE.iter().find(|(e, _)| *e == ext) {
        // Left out, not fatal: a repository's stray page or script (a Jekyll include, a
        // generator's config) is harmless where it stays out of the site, as a scripted
        // SVG is; what matters is that it is never served from the site's address.
        diags.warning(
            Location::file(display),
            format!("`{display}` is {what}: files beside runbooks that a browser could run are not published, as they could run script"),
            "a page belongs in Markdown; a script or data file that readers should download can be renamed with a `.txt` extension; a stylesheet belongs in the theme (themes/NAME/static/)",
        );
        return Judged::Refused;
    }
    let name = display.rsplit('/').next().unwrap_or(display);
    if name
        .trim_end_matches(['.', ' '])
        .eq_ignore_ascii_case("web.config")
    {
        // IIS and Azure App Service read a `web.config` in every folder they serve: one
        // under /runbooks/ could send every page there to another site, drop the
        // Content-Security-Policy, or run a handler. (Netlify's `_redirects` and
        // `_headers` are read only at the site's root, which is pipebook's own.)
        diags.warning(
            Location::file(display),
            format!("`{display}` is a web server's configuration (IIS reads one in every folder, with redirects and headers for the pages there): it is not published"),
            "configure the server in the site's deployment, not beside the runbooks",
        );
        return Judged::Refused;
    }
    if ext == "erb" {
        // Middleman's `x.html.md.erb`: Ruby that makes a page when Middleman runs it.
        diags.warning(
            Location::file(display),
            format!(
                "`{display}` is a template (ERB) that pipebook does not run: it is not published"
            ),
            "write the page as Markdown (`.md`), with what the template computed written out",
        );
        return Judged::Refused;
    }
    if MARKDOWN.contains(&ext.as_str()) {
        // Not `.md` in any case, or it would be a runbook: `notes.markdown`, `x.mdown`.
        let stem = display.rsplit_once('.').map_or(display, |(stem, _)| stem);
        let base = stem.rsplit('/').next().unwrap_or(stem);
        diags.warning(
            Location::file(display),
            format!("`{display}` is Markdown that GitHub and GitLab show as a page, but only `.md` files are runbooks: it is published as a file, unrendered"),
            format!("rename it to `{base}.md`"),
        );
    }
    if ext == "svg" {
        let Ok(Some(bytes)) = super::read_bytes(source, display, diags) else {
            return Judged::Refused;
        };
        let text = String::from_utf8_lossy(&bytes);
        // Refused, not fatal: an interactive export (a flame graph's zoom script, a
        // diagram's handlers) is common in real repositories and harmless where it stays
        // out of the site, so the rest of the site builds; a link to it is reported at its
        // own line as a file the site does not publish.
        let problem = check_svg(&text).err().map(|problem| {
            match super::svg_clean::clean(&text) {
                None => Err(problem),
                Some(cleaned) => match check_svg(&cleaned.text) {
                    Ok(()) => Ok(cleaned.text),
                    // What stops the cut copy, where it is in the file.
                    Err((at, why)) => Err((cleaned.in_file(at), why)),
                },
            }
        });
        if let Some(Ok(cleaned)) = problem {
            return Judged::Cleaned(cleaned.into_bytes());
        }
        if let Some(Err((offset, why))) = problem {
            // A `<use>` bomb says what it does itself; every other reason is a way to script.
            let (why, short, export) = if why.ends_with(FREEZES) {
                (why, "it freezes the page showing it", "export the image again with its embedded images scaled down and no `<use>` of a `<use>` (or as PNG)")
            } else {
                (format!("{why}, which could run script on the site's own address when the image is opened"), "it could run script", "export the image again without scripts, event handlers or embedded HTML (or as PNG)")
            };
            diags.warning(
                Location::at(display, &text, offset..offset + 1),
                format!("`{display}` is not published: {why}"),
                format!("{export}; until then, pages show its description and a note in place of the image, and links to it lead to the repository's copy (with `repository` in content/site.yaml) or nowhere"),
            );
            return Judged::LeftOut(short);
        }
    }
    Judged::Copied
}

/// How a refused SVG's `<use>` bomb ends its reason.
const FREEZES: &str = "which freezes the page showing it";

/// Extensions GitHub and GitLab render as Markdown (compared in lower case).
const MARKDOWN: &[&str] = &["md", "markdown", "mdown", "mkd", "mkdn", "mdwn"];

pub(super) const SVG_NAMESPACE: &str = "http://www.w3.org/2000/svg";
const XLINK_NAMESPACE: &str = "http://www.w3.org/1999/xlink";

/// SVG elements that run script, embed other documents, or change attributes (SMIL) in
/// ways that can turn a link into `javascript:`.
const SVG_ACTIVE_ELEMENTS: &[&str] = &[
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "handler",
    "listener",
    "set",
    "animate",
    "animatemotion",
    "animatetransform",
    "animatecolor",
];

/// Checks an SVG image for anything that could run script when the file is opened on its
/// own: the offset and the reason of the first problem.
fn check_svg(text: &str) -> Result<(), (usize, String)> {
    let mut reader = NsReader::from_str(text);
    let mut uses = super::svg_uses::Uses::default();
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(0);
        let (namespace, event) = reader
            .read_resolved_event()
            .map_err(|e| (at, format!("it cannot be read as XML ({e})")))?;
        // Elements of another vocabulary (XHTML's `meta` refresh, say) act in an SVG
        // document as they do in their own; only SVG's, or none, is inert here.
        let foreign = match namespace {
            ResolveResult::Bound(ns) => ns.as_ref() != SVG_NAMESPACE,
            ResolveResult::Unbound => false,
            ResolveResult::Unknown(_) => true,
        };
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Eof => {
                // Addresses outside `href` and `src`: a style's `mask: url(data:…)`.
                if let Some((at, (w, h))) = large_data_image(text) {
                    return Err((at, embeds("it", w, h)));
                }
                return uses.copies().map(|_| ()).map_err(|()| {
                    (0, format!("its `<use>` elements draw more than {} copies (or one draws itself), {FREEZES}", super::svg_uses::MAX_USE_COPIES))
                });
            }
            Event::End(_) => uses.end(),
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name().as_ref().to_ascii_lowercase();
                // A browser takes `href` over `xlink:href`, and no other namespace's.
                let (mut id, mut href, mut xlink_href) = (None, None, None);
                if foreign {
                    return Err((
                        at,
                        format!("its `<{name}>` element is not of SVG's namespace"),
                    ));
                }
                if SVG_ACTIVE_ELEMENTS.contains(&name.as_str()) {
                    return Err((at, format!("it holds a `<{name}>` element")));
                }
                for attr in e.attributes().with_checks(false) {
                    let attr =
                        attr.map_err(|e| (at, format!("an attribute is malformed ({e})")))?;
                    let key = attr.key.local_name().as_ref().to_ascii_lowercase();
                    let (space, _) = reader.resolver().resolve_attribute(attr.key);
                    let plain = matches!(space, ResolveResult::Unbound);
                    if key.starts_with("on") {
                        return Err((at, format!("`<{name}>` has an event handler `{key}`")));
                    }
                    if key == "href" || key == "src" {
                        // As the browser reads it: `&#106;avascript:` is `javascript:`.
                        let value = attr
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map_err(|e| (at, format!("an attribute cannot be read ({e})")))?
                            .to_string();
                        if !svg_reference_allowed(&value) {
                            return Err((
                                at,
                                format!("`<{name}>` refers to `{}`", shorten(&value)),
                            ));
                        }
                        if let Some((w, h)) = embedded_too_large(&value) {
                            return Err((at, embeds(&format!("`<{name}>`"), w, h)));
                        }
                        if name == "use" && plain {
                            href = Some(value);
                        } else if name == "use"
                            && matches!(space, ResolveResult::Bound(ns) if ns.as_ref() == XLINK_NAMESPACE)
                        {
                            xlink_href = Some(value);
                        }
                    } else if key == "id" && plain {
                        // As the DOM holds it: `&#108;1` is `l1`.
                        id = Some(
                            attr.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .map_err(|e| (at, format!("an attribute cannot be read ({e})")))?
                                .to_string(),
                        );
                    }
                }
                let use_of = match href.or(xlink_href) {
                    Some(r) => Some(super::svg_uses::fragment(&r).ok_or_else(|| {
                        (at, format!("a `<use>` refers to `{}`, outside the image, where its copies cannot be counted: `<use>`s can draw billions of copies, {FREEZES}", shorten(&r)))
                    })?),
                    None => None,
                };
                uses.start(id.as_deref(), use_of.as_deref(), empty);
            }
            Event::PI(pi) => {
                let target = pi.target().to_ascii_lowercase();
                if target == "xml-stylesheet" {
                    return Err((at, "it names an XML stylesheet".to_string()));
                }
            }
            Event::DocType(d) if d.as_ref().contains("<!ENTITY") => {
                return Err((at, "its document type declares entities".to_string()));
            }
            _ => {}
        }
    }
}

/// A link or image inside an SVG: within the file, relative, web, or an embedded image.
fn svg_reference_allowed(value: &str) -> bool {
    let v = value.trim_start();
    let lower = v.chars().take(16).collect::<String>().to_ascii_lowercase();
    if lower.starts_with("data:") {
        // An embedded SVG could carry script of its own.
        return lower.starts_with("data:image/") && !lower.starts_with("data:image/svg");
    }
    crate::sanitize::url_allowed(v)
}

/// The first `data:` address anywhere in an SVG's text (a style's `mask: url(data:…)`,
/// a `style` attribute, as well as an `href`) whose image has more pixels than a page
/// shows: its offset and size. The text is read with its character references decoded
/// (`&#58;`, `&apos;`), as the XML parser gives it to the browser; an address ends at a
/// quote, `)`, `<` or `>`. Linear: one pass to decode, one `memmem` pass, and each byte in
/// at most one address.
fn large_data_image(text: &str) -> Option<(usize, (u32, u32))> {
    let (decoded, shifts) = decode_references(text);
    let lower = decoded.to_ascii_lowercase();
    let finder = memchr::memmem::Finder::new(b"data:");
    let mut from = 0;
    while let Some(found) = finder.find(&lower.as_bytes()[from..]) {
        let at = from + found;
        let len = decoded[at..]
            .find(['"', '\'', ')', '<', '>'])
            .unwrap_or(decoded.len() - at);
        if let Some(size) = embedded_too_large(&decoded[at..at + len]) {
            return Some((original_offset(&shifts, at), size));
        }
        from = at + len.max(5);
    }
    None
}

/// `text` with its character references (`&#58;`, `&#x3A;`) and XML's five named ones
/// decoded (others left as written), and where its bytes come from: after each decoded
/// reference, the offsets in the result and in `text` at which the two agree again
/// (a few pairs, not a table as long as the text).
fn decode_references(text: &str) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(text.len());
    let mut shifts = vec![(0, 0)];
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest[1..]
            .find(';')
            .filter(|&end| end <= 10)
            .and_then(|end| {
                let name = &rest[1..1 + end];
                let c = match name {
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "amp" => Some('&'),
                    "apos" => Some('\''),
                    "quot" => Some('"'),
                    _ => name.strip_prefix('#').and_then(|n| {
                        match n.strip_prefix(['x', 'X']) {
                            Some(hex) => u32::from_str_radix(hex, 16).ok(),
                            None => n.parse().ok(),
                        }
                        .and_then(char::from_u32)
                    }),
                };
                c.map(|c| (c, end + 2))
            });
        let (c, used) = decoded.unwrap_or(('&', 1));
        out.push(c);
        rest = &rest[used..];
        if used > 1 {
            shifts.push((out.len(), text.len() - rest.len()));
        }
    }
    out.push_str(rest);
    (out, shifts)
}

/// The offset in the text of byte `at` of its [`decode_references`] result.
fn original_offset(shifts: &[(usize, usize)], at: usize) -> usize {
    let i = shifts.partition_point(|&(decoded, _)| decoded <= at) - 1;
    let (decoded, original) = shifts[i];
    original + (at - decoded)
}

/// The size of an image embedded as a `data:` address with more pixels than a page
/// shows (`image_size::MAX_PIXELS`): the file can be small and still ask the browser for
/// gigabytes.
fn embedded_too_large(value: &str) -> Option<(u32, u32)> {
    super::image_size::of_data_url(value).filter(|&(w, h)| super::image_size::too_many(w, h))
}

/// Why an SVG embedding such an image is left out: `what` embeds it.
fn embeds(what: &str, w: u32, h: u32) -> String {
    format!(
        "{what} embeds an image of {w} by {h} pixels, more than the {} million a page shows, {FREEZES}",
        super::image_size::MAX_PIXELS / 1_000_000
    )
}

fn shorten(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG's signature and header, `w` by `h`, with its checksum.
    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut chunk = b"IHDR".to_vec();
        chunk.extend_from_slice(&w.to_be_bytes());
        chunk.extend_from_slice(&h.to_be_bytes());
        chunk.extend_from_slice(&[8, 6, 0, 0, 0]);
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0d".to_vec();
        b.extend_from_slice(&chunk);
        b.extend_from_slice(&libdeflater::crc32(&chunk).to_be_bytes());
        b
    }

    #[test]
    fn an_embedded_image_of_too_many_pixels_is_refused() {
        use base64::Engine as _;
        let b64 = |w, h| base64::engine::general_purpose::STANDARD.encode(png(w, h));
        let svg = |href: String| {
            format!("<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"{href}\" width=\"1\" height=\"1\"/></svg>")
        };
        let big = b64(40_000, 40_000);
        // Padding dropped, white space inside, upper-case scheme: as a browser reads it.
        let spaced = format!("{} \n {}", &big[..12], big[12..].trim_end_matches('='));
        let percent: String = png(40_000, 40_000)
            .iter()
            .map(|b| format!("%{b:02X}"))
            .collect();
        for href in [
            format!("data:image/png;base64,{big}"),
            format!("DATA:image/png;BASE64,{spaced}"),
            format!("data:image/png,{percent}"),
        ] {
            let (_, why) = check_svg(&svg(href.clone())).unwrap_err();
            assert!(
                why.contains("embeds an image of 40000 by 40000 pixels"),
                "{href}: {why}"
            );
            assert!(why.ends_with(FREEZES), "{why}");
        }
        // Anywhere in the text: a style's mask, a style attribute.
        for svg in [
            format!("<svg xmlns=\"http://www.w3.org/2000/svg\"><style>rect {{ mask-image: url(data:image/png;base64,{big}) }}</style><rect width=\"1\" height=\"1\"/></svg>"),
            format!("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect style=\"mask: url(&apos;data:image/png;base64,{big}&apos;)\" width=\"1\" height=\"1\"/></svg>"),
            format!("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect style=\"mask: url(DATA&#58;image/png;base64,{big})\" width=\"1\" height=\"1\"/></svg>"),
        ] {
            let (at, why) = check_svg(&svg).unwrap_err();
            assert!(why.contains("embeds an image of 40000 by 40000 pixels"), "{svg}: {why}");
            // At the address, as written.
            assert!(svg[at..].to_ascii_lowercase().starts_with("data"), "{}", &svg[at..]);
        }
        for href in [
            format!("data:image/png;base64,{}", b64(10_000, 5_000)),
            format!("data:image/png;base64,{}", b64(1, 1)),
            "data:image/png;base64,!!!".to_string(),
        ] {
            assert_eq!(check_svg(&svg(href.clone())), Ok(()), "{href}");
        }
    }

    #[test]
    fn diagrams_without_script_are_published() {
        let svg = r##"<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
  <style>.a { fill: red }</style>
  <defs><linearGradient id="g"/></defs>
  <use xlink:href="#g"/>
  <a href="https://runbooks.example.com/"><rect class="a" width="5" height="5"/></a>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
  <text>SELECT 1 &lt; 2</text>
</svg>"##;
        assert_eq!(check_svg(svg), Ok(()));
    }

    #[test]
    fn svg_that_could_run_script_is_refused() {
        for (svg, why) in [
            ("<svg><script>alert(1)</script></svg>", "`<script>`"),
            ("<svg><SCRIPT href=\"/x.js\"/></svg>", "`<script>`"),
            ("<svg onload=\"alert(1)\"/>", "event handler `onload`"),
            ("<svg><g><rect onclick='x()'/></g></svg>", "event handler `onclick`"),
            (
                "<svg><foreignObject><iframe xmlns=\"http://www.w3.org/1999/xhtml\"/></foreignObject></svg>",
                "`<foreignobject>`",
            ),
            (
                "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
                "refers to `javascript:alert(1)`",
            ),
            (
                "<svg><a><set attributeName=\"href\" to=\"javascript:alert(1)\"/></a></svg>",
                "`<set>`",
            ),
            (
                "<svg><image href=\"data:image/svg+xml;base64,PHN2Zz4=\"/></svg>",
                "refers to",
            ),
            (
                "<?xml-stylesheet type=\"text/xsl\" href=\"x.xsl\"?><svg/>",
                "XML stylesheet",
            ),
            (
                "<!DOCTYPE svg [<!ENTITY x \"y\">]><svg>&x;</svg>",
                "declares entities",
            ),
            ("<svg><a></b></svg>", "cannot be read"),
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><meta xmlns=\"http://www.w3.org/1999/xhtml\" http-equiv=\"refresh\" content=\"0;url=https://evil.example/\"/></svg>",
                "not of SVG's namespace",
            ),
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:h=\"http://www.w3.org/1999/xhtml\"><h:meta http-equiv=\"refresh\"/></svg>",
                "not of SVG's namespace",
            ),
            (
                "<svg><a href=\"javascript&#58;alert(1)\"><text>x</text></a></svg>",
                "refers to `javascript:alert(1)`",
            ),
            (
                "<svg><a href=\"&#106;avascript:alert(1)\"><text>x</text></a></svg>",
                "refers to `javascript:alert(1)`",
            ),
            (
                "<svg><image href=\"data&#58;image/svg+xml;base64,PHN2Zz4=\"/></svg>",
                "refers to",
            ),
        ] {
            match check_svg(svg) {
                Err((_, message)) => assert!(message.contains(why), "{svg}: {message}"),
                Ok(()) => panic!("{svg} passed"),
            }
        }
    }

    #[test]
    fn active_types_are_refused_by_extension_and_inert_ones_copied() {
        let dir = tempfile::tempdir().unwrap();
        for (name, copied) in [
            ("evil.js", false),
            ("help.HTML", false),
            ("feed.xml", false),
            ("x.svgz", false),
            ("evil.js.", false),
            ("evil.html ", false),
            ("evil.svg ", false),
            ("flow.png", true),
            ("report.pdf", true),
            ("query.sql", true),
            ("cleanup.sh", true),
            ("data.csv", true),
            ("Makefile", true),
            ("help.html.md.erb", false),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, "<script>alert(1)</script>").unwrap();
            let mut diags = Diagnostics::new();
            assert_eq!(
                judge(&path, name, &mut diags) == Judged::Copied,
                copied,
                "{name}"
            );
            // Left out with a warning, the rest of the site built.
            assert_eq!(diags.error_count(), 0, "{name}");
            assert_eq!(diags.warning_count(), usize::from(!copied), "{name}");
        }
    }
}
