//! The width and height of an image beside the runbooks, read from its header with the
//! `imagesize` crate (PNG, JPEG, GIF, WebP, AVIF, BMP, ICO and more; a well-kept reader
//! of the formats' headers, where ours would be a parser per format), so that a page
//! gives each `<img>` its size and does not shift as its images load.
//!
//! Only the header is read, and never more than [`MAX_READ`] bytes of a file: a hostile
//! image cannot make the build read far (a JPEG's size comes after its metadata
//! segments, which the reader skips by seeking).

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use crate::diagnostics::{Diagnostics, Location};

/// The most bytes of one image read for its size (a JPEG's metadata may fill some).
const MAX_READ: u64 = 256 * 1024;

/// Extensions (lower case) of images browsers show whose size the header gives.
const IMAGES: &[&str] = &[
    "png", "jpg", "jpeg", "jpe", "jfif", "gif", "webp", "avif", "bmp", "ico",
];

/// Width and height of the image at `path`, named `rel_path`, if it is one whose header
/// gives them (both above 0).
pub(super) fn of_file(path: &Path, rel_path: &str) -> Option<(u32, u32)> {
    if !is_image(rel_path) {
        return None;
    }
    let file = super::open_without_waiting(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let reader = Capped::reader(file);
    checked(imagesize::reader_size(reader).ok()?)
}

/// [`of_file`] for an image held in memory.
pub(super) fn of_bytes(bytes: &[u8], rel_path: &str) -> Option<(u32, u32)> {
    let head = &bytes[..bytes.len().min(MAX_READ as usize)];
    is_image(rel_path)
        .then(|| imagesize::blob_size(head).ok())
        .flatten()
        .and_then(checked)
}

/// The most pixels an image beside the runbooks may have to be published: 50 million,
/// 200 MB once decoded. Its size on disk says nothing of it: a PNG of a few hundred bytes
/// can declare 40,000 by 40,000 pixels of one colour, and a browser decoding it for the
/// page (6.4 GB) freezes or loses the tab, a phone's first. The largest of 292 images in
/// nine real runbook collections had 8 million (5,102 by 1,568).
pub(super) const MAX_PIXELS: u64 = 50_000_000;

/// Whether `w` by `h` pixels are more than [`MAX_PIXELS`].
pub(super) fn too_many(w: u32, h: u32) -> bool {
    u64::from(w) * u64::from(h) > MAX_PIXELS
}

/// Why a page does not show an image of more than [`MAX_PIXELS`], as its note says it.
pub(super) const TOO_LARGE: &str = "it has too many pixels for a reader's browser";

/// Why a page does not show an image whose size cannot be read, as its note says it.
const UNREADABLE: &str = "its size cannot be read";

/// The size a browser would draw the file at `path` at, judged as its `<img>` judges a
/// file, by its first bytes and not its name (`x.apng`, `x.img` or `x` with no extension
/// are drawn as the PNG they are).
enum Drawn {
    /// Not a kind of image browsers draw.
    Not,
    Size(u32, u32),
    /// An image whose size its first [`MAX_READ`] bytes read do not give.
    Unknown(&'static str),
}

fn drawn(path: &Path) -> Drawn {
    let Ok(file) = super::open_without_waiting(path) else {
        return Drawn::Not;
    };
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Drawn::Not;
    }
    let mut reader = Capped::reader(file);
    let kind = match reader.fill_buf().map(imagesize::image_type) {
        Ok(Ok(kind)) => kind,
        _ => return Drawn::Not,
    };
    use imagesize::ImageType as T;
    let name = match kind {
        T::Png => "PNG",
        T::Jpeg => "JPEG",
        T::Gif => "GIF",
        T::Webp => "WebP",
        T::Heif(_) => "AVIF or HEIF",
        T::Bmp => "BMP",
        T::Ico => "ICO",
        T::Jxl => "JPEG XL",
        _ => return Drawn::Not,
    };
    let size = if matches!(kind, T::Gif) {
        gif_extent(&mut reader)
    } else {
        imagesize::reader_size(reader).ok().and_then(checked)
    };
    size.map_or(Drawn::Unknown(name), |(w, h)| Drawn::Size(w, h))
}

/// A GIF's size as browsers draw it: its logical screen, grown to its first frame when that
/// is larger (a 35-byte GIF of a 1 by 1 screen and a 9,000 by 9,000 frame is drawn at
/// 9,000 by 9,000). Reads up to the first frame's descriptor.
fn gif_extent(reader: &mut impl Read) -> Option<(u32, u32)> {
    fn skip(reader: &mut impl Read, n: u64) -> Option<()> {
        let skipped = io::copy(&mut reader.by_ref().take(n), &mut io::sink()).ok()?;
        (skipped == n).then_some(())
    }
    let le = |b: &[u8]| u32::from(u16::from_le_bytes([b[0], b[1]]));
    let mut head = [0u8; 13];
    reader.read_exact(&mut head).ok()?;
    let (screen_w, screen_h) = (le(&head[6..]), le(&head[8..]));
    if head[10] & 0x80 != 0 {
        skip(reader, 3 << ((head[10] & 7) + 1))?;
    }
    let mut byte = [0u8; 1];
    loop {
        reader.read_exact(&mut byte).ok()?;
        match byte[0] {
            // An extension: its label, then sub-blocks to an empty one.
            0x21 => {
                reader.read_exact(&mut byte).ok()?;
                loop {
                    reader.read_exact(&mut byte).ok()?;
                    if byte[0] == 0 {
                        break;
                    }
                    skip(reader, u64::from(byte[0]))?;
                }
            }
            0x2C => {
                let mut frame = [0u8; 8];
                reader.read_exact(&mut frame).ok()?;
                let w = screen_w.max(le(&frame[0..]) + le(&frame[4..]));
                let h = screen_h.max(le(&frame[2..]) + le(&frame[6..]));
                return Some((w, h)).filter(|&(w, h)| w > 0 && h > 0);
            }
            0x3B => return Some((screen_w, screen_h)).filter(|&(w, h)| w > 0 && h > 0),
            _ => return None,
        }
    }
}

/// Whether the file at `path` (shown as `display`) is an image a page must not show: more
/// than [`MAX_PIXELS`] as a browser would draw it, or a size that cannot be read (which
/// could be anything). Warns, naming the size and what to do; returns why, as a page's
/// note says it.
pub(super) fn refused(path: &Path, display: &str, diags: &mut Diagnostics) -> Option<&'static str> {
    const AFTER: &str = "until then, pages show its description and a note in place of the image, and links to it lead to the repository's copy (with `repository` in content/site.yaml) or nowhere";
    let (w, h) = match drawn(path) {
        Drawn::Not => return None,
        Drawn::Size(w, h) => (w, h),
        Drawn::Unknown(kind) => {
            diags.warning(
                Location::file(display),
                format!("`{display}` is not published: it is a {kind} image whose size cannot be read from its first {} kB, so a page cannot tell how much of a reader's memory it asks for", MAX_READ / 1024),
                format!("save it again with an image editor (which writes the size first); {AFTER}"),
            );
            return Some(UNREADABLE);
        }
    };
    if !too_many(w, h) {
        return None;
    }
    let pixels = u64::from(w) * u64::from(h);
    diags.warning(
        Location::file(display),
        format!(
            "`{display}` is not published: its header says {w} by {h} pixels ({} million, {} MB once decoded), more than the {} million a page shows, whatever the file's size on disk: a browser decoding it runs out of memory and a phone loses the page",
            pixels / 1_000_000,
            pixels * 4 / 1_000_000,
            MAX_PIXELS / 1_000_000
        ),
        format!("scale the image down (a screenshot or a diagram needs a few million pixels); {AFTER}"),
    );
    Some(TOO_LARGE)
}

/// Width and height of an image given in a `data:` address (`data:image/png;base64,…`,
/// or percent-encoded), read from its first [`MAX_READ`] bytes as a browser decodes the
/// address (the Fetch standard's data: URL processor: the type trimmed, `;` and spaces
/// before `base64`, the body percent-decoded before base64, white space skipped, padding
/// optional); `None` when its header gives none.
pub(super) fn of_data_url(url: &str) -> Option<(u32, u32)> {
    use base64::engine::{
        general_purpose::GeneralPurpose, DecodePaddingMode, GeneralPurposeConfig,
    };
    use base64::Engine as _;
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    let url = url.trim_start();
    let rest = url
        .get(..5)
        .filter(|p| p.eq_ignore_ascii_case("data:"))
        .map(|_| &url[5..])?;
    let (kind, body) = rest.split_once(',')?;
    let kind = kind
        .trim_matches(|c: char| c.is_ascii_whitespace())
        .to_ascii_lowercase();
    let base64 = kind
        .strip_suffix("base64")
        .is_some_and(|k| k.trim_end_matches(' ').ends_with(';'));
    let decoded = percent_encoding::percent_decode(body.as_bytes());
    let bytes: Vec<u8> = if base64 {
        // Whole groups of four characters: a cut group would not decode.
        let chars = (MAX_READ as usize).div_ceil(3) * 4;
        let text: Vec<u8> = decoded
            .filter(|b| !b.is_ascii_whitespace())
            .take(chars)
            .collect();
        let end = text.iter().rposition(|&b| b != b'=').map_or(0, |i| i + 1);
        LENIENT.decode(&text[..end]).ok()?
    } else {
        decoded.take(MAX_READ as usize).collect()
    };
    if matches!(imagesize::image_type(&bytes), Ok(imagesize::ImageType::Gif)) {
        return gif_extent(&mut bytes.as_slice());
    }
    imagesize::blob_size(&bytes).ok().and_then(checked)
}

fn is_image(rel_path: &str) -> bool {
    let ext = rel_path.rsplit_once('.').map_or("", |(_, e)| e);
    IMAGES.iter().any(|i| ext.eq_ignore_ascii_case(i))
}

/// The size as attributes take it: none of 0 (an image drawn at no size) or past `u32`.
fn checked(size: imagesize::ImageSize) -> Option<(u32, u32)> {
    let w = u32::try_from(size.width).ok().filter(|&w| w > 0)?;
    let h = u32::try_from(size.height).ok().filter(|&h| h > 0)?;
    Some((w, h))
}

/// A file of which no more than [`MAX_READ`] bytes are read: past them, the end of the
/// file. Seeks are free, so a JPEG's size after large metadata segments, which the reader
/// seeks over, is still found; many small segments use the budget up (each seek refills the
/// buffer).
struct Capped {
    inner: File,
    read: u64,
}

impl Capped {
    /// `file` read through a buffer, no more than [`MAX_READ`] bytes of it.
    fn reader(file: File) -> BufReader<Capped> {
        BufReader::with_capacity(
            8 * 1024,
            Capped {
                inner: file,
                read: 0,
            },
        )
    }
}

impl Read for Capped {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = MAX_READ.saturating_sub(self.read);
        let n = (buf.len() as u64).min(left) as usize;
        if n == 0 {
            return Ok(0);
        }
        let read = self.inner.read(&mut buf[..n])?;
        self.read += read as u64;
        Ok(read)
    }
}

impl Seek for Capped {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.inner.seek(to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG's signature and header chunk, `w` by `h`.
    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut b = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
        b.extend_from_slice(&[0, 0, 0, 13]);
        b.extend_from_slice(b"IHDR");
        b.extend_from_slice(&w.to_be_bytes());
        b.extend_from_slice(&h.to_be_bytes());
        b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        b
    }

    /// A JPEG whose size comes after `padding` bytes of metadata segments.
    fn jpeg(w: u16, h: u16, padding: usize) -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8];
        let mut left = padding;
        while left > 0 {
            let len = left.min(60_000);
            b.extend_from_slice(&[0xFF, 0xE1]);
            b.extend_from_slice(&((len + 2) as u16).to_be_bytes());
            b.extend(std::iter::repeat_n(0u8, len));
            left -= len;
        }
        b.extend_from_slice(&[0xFF, 0xC0, 0, 17, 8]);
        b.extend_from_slice(&h.to_be_bytes());
        b.extend_from_slice(&w.to_be_bytes());
        b.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9]);
        b
    }

    #[test]
    fn sizes_come_from_the_header_within_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            of_file(&path, name)
        };
        assert_eq!(write("a.png", &png(640, 480)), Some((640, 480)));
        assert_eq!(write("b.JPG", &jpeg(800, 600, 100_000)), Some((800, 600)));
        // Metadata segments are sought over, not read: a size after 400 kB is found.
        assert_eq!(write("c.jpg", &jpeg(800, 600, 400_000)), Some((800, 600)));
        assert_eq!(write("d.png", &png(0, 480)), None);
        assert_eq!(write("e.txt", &png(640, 480)), None);
        assert_eq!(write("f.png", b"not an image"), None);
        assert_eq!(of_bytes(&png(3, 2), "x/y.png"), Some((3, 2)));
    }

    /// A GIF of a `sw` by `sh` screen whose first frame is `fw` by `fh` at (`x`, `y`), after
    /// a global colour table and a comment.
    fn gif(sw: u16, sh: u16, x: u16, y: u16, fw: u16, fh: u16) -> Vec<u8> {
        let mut b = b"GIF89a".to_vec();
        b.extend_from_slice(&sw.to_le_bytes());
        b.extend_from_slice(&sh.to_le_bytes());
        b.extend_from_slice(&[0x80, 0, 0]);
        b.extend_from_slice(&[0; 6]);
        b.extend_from_slice(&[0x21, 0xFE, 3, b'a', b'b', b'c', 0]);
        b.push(0x2C);
        for v in [x, y, fw, fh] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(&[0, 2, 0, 0x3B]);
        b
    }

    fn drawn_as(name: &str, bytes: &[u8]) -> Option<(u32, u32)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        match drawn(&path) {
            Drawn::Size(w, h) => Some((w, h)),
            Drawn::Not => None,
            Drawn::Unknown(kind) => Some((0, kind.len() as u32)),
        }
    }

    #[test]
    fn an_image_is_judged_by_its_bytes_as_a_browser_draws_it() {
        // Whatever its name.
        for name in ["x.png", "x.apng", "x.img", "x", "x.PNG.txt"] {
            assert_eq!(
                drawn_as(name, &png(8_000, 8_000)),
                Some((8_000, 8_000)),
                "{name}"
            );
        }
        assert_eq!(drawn_as("notes.txt", b"GIF is a format"), None);
        assert_eq!(drawn_as("a.pdf", b"%PDF-1.7"), None);
        // A GIF grows to its first frame.
        assert_eq!(
            drawn_as("g.gif", &gif(1, 1, 0, 0, 9_000, 9_000)),
            Some((9_000, 9_000))
        );
        assert_eq!(
            drawn_as("g.gif", &gif(640, 480, 10, 20, 100, 50)),
            Some((640, 480))
        );
        assert_eq!(
            drawn_as("g.gif", &gif(640, 480, 600, 0, 100, 50)),
            Some((700, 480))
        );
        // A JPEG whose size the first 256 kB read do not reach: unknown, not absent.
        let mut many = vec![0xFF, 0xD8];
        for _ in 0..100 {
            many.extend_from_slice(&[0xFF, 0xE1, 0, 2]);
            many.extend(std::iter::repeat_n(0xFFu8, 8_192));
            many.extend_from_slice(&[0xFF, 0xE1, 0, 2]);
        }
        many.extend_from_slice(&jpeg(800, 600, 0)[2..]);
        assert_eq!(drawn_as("m.jpg", &many).map(|(w, _)| w), Some(0));
    }

    #[test]
    fn data_addresses_are_read_as_browsers_read_them() {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD.encode(png(8_000, 8_000));
        let escaped: String = b64.replace('i', "%69");
        let percent: String = png(8_000, 8_000)
            .iter()
            .map(|b| format!("%{b:02X}"))
            .collect();
        for url in [
            format!("data:image/png;base64,{b64}"),
            format!("data:image/png; base64,{b64}"),
            format!("data:image/png;base64 ,{b64}"),
            format!(" DATA:image/png;BASE64,{}", &b64[..b64.len() - 1]),
            format!("data:image/png;base64,{escaped}"),
            format!("data:image/png;base64,{} \n {}", &b64[..10], &b64[10..]),
            format!("data:image/png,{percent}"),
            format!("data:,{percent}"),
        ] {
            assert_eq!(of_data_url(&url), Some((8_000, 8_000)), "{url}");
        }
        let gif_b64 =
            base64::engine::general_purpose::STANDARD.encode(gif(1, 1, 0, 0, 9_000, 9_000));
        assert_eq!(
            of_data_url(&format!("data:image/gif;base64,{gif_b64}")),
            Some((9_000, 9_000))
        );
        // Not base64 (no `;` before it): the text itself, which is no PNG.
        assert_eq!(of_data_url(&format!("data:image/pngbase64,{b64}")), None);
    }
}
