//! The width and height of an image beside the runbooks, read from its header with the
//! `imagesize` crate (PNG, JPEG, GIF, WebP, AVIF, BMP, ICO and more; a well-kept reader
//! of the formats' headers, where ours would be a parser per format), so that a page
//! gives each `<img>` its size and does not shift as its images load.
//!
//! Only the header is read, and never more than [`MAX_READ`] bytes of a file: a hostile
//! image cannot make the build read far (a JPEG's size comes after its metadata
//! segments, which the reader skips by seeking).

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
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
    let reader = BufReader::with_capacity(8 * 1024, Capped { inner: file, at: 0 });
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

/// Why a page does not show an image of more than [`MAX_PIXELS`], as its note says it.
pub(super) const TOO_LARGE: &str = "it has too many pixels for a reader's browser";

/// Whether an image of `size` (`display`'s, from its header) has more than
/// [`MAX_PIXELS`]; warns when it has, naming its size and what to do.
pub(super) fn too_large(size: Option<(u32, u32)>, display: &str, diags: &mut Diagnostics) -> bool {
    let Some((w, h)) = size else { return false };
    let pixels = u64::from(w) * u64::from(h);
    if pixels <= MAX_PIXELS {
        return false;
    }
    diags.warning(
        Location::file(display),
        format!(
            "`{display}` is not published: its header says {w} by {h} pixels ({} million, {} MB once decoded), more than the {} million a page shows, whatever the file's size on disk: a browser decoding it runs out of memory and a phone loses the page",
            pixels / 1_000_000,
            pixels * 4 / 1_000_000,
            MAX_PIXELS / 1_000_000
        ),
        "scale the image down (a screenshot or a diagram needs a few million pixels); until then, pages show its description and a note in place of the image, and links to it lead to the repository's copy (with `repository` in content/site.yaml) or nowhere",
    );
    true
}

/// Width and height of an image given in a `data:` address (`data:image/png;base64,…`,
/// or percent-encoded), read from its first [`MAX_READ`] bytes as a browser decodes the
/// address (white space skipped, padding optional); `None` when its header gives none.
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
    let (head, data) = url.trim_start().split_once(',')?;
    let bytes = if head.to_ascii_lowercase().ends_with(";base64") {
        // Whole groups of four characters: a cut group would not decode.
        let chars = (MAX_READ as usize).div_ceil(3) * 4;
        let text: String = data
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .take(chars)
            .collect();
        LENIENT.decode(text.trim_end_matches('=')).ok()?
    } else {
        percent_encoding::percent_decode(data.as_bytes())
            .take(MAX_READ as usize)
            .collect()
    };
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

/// A file read no further than [`MAX_READ`]: past it, the end of the file.
struct Capped {
    inner: File,
    at: u64,
}

impl Read for Capped {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = MAX_READ.saturating_sub(self.at);
        let n = (buf.len() as u64).min(left) as usize;
        if n == 0 {
            return Ok(0);
        }
        let read = self.inner.read(&mut buf[..n])?;
        self.at += read as u64;
        Ok(read)
    }
}

impl Seek for Capped {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.at = self.inner.seek(to)?;
        Ok(self.at)
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
        // Past the cap, the size is not looked for.
        assert_eq!(write("c.jpg", &jpeg(800, 600, 400_000)), None);
        assert_eq!(write("d.png", &png(0, 480)), None);
        assert_eq!(write("e.txt", &png(640, 480)), None);
        assert_eq!(write("f.png", b"not an image"), None);
        assert_eq!(of_bytes(&png(3, 2), "x/y.png"), Some((3, 2)));
    }
}
