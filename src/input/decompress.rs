//! Compressed captures (`.har.gz`, `.jsonl.zst`, ...), recognised by their magic bytes and
//! expanded in a stream with a bound, so that a decompression bomb is an error, not an outage.

use std::io::Read;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    Gzip,
    Zstd,
}

impl Codec {
    pub fn name(self) -> &'static str {
        match self {
            Codec::Gzip => "gzip",
            Codec::Zstd => "zstd",
        }
    }
}

/// The default bound on what one input may expand to: 1 GiB.
pub const DEFAULT_LIMIT: u64 = 1 << 30;

/// The compression of `bytes`, by magic number.
pub fn codec(bytes: &[u8]) -> Option<Codec> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        Some(Codec::Gzip)
    } else if bytes.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Some(Codec::Zstd)
    } else {
        None
    }
}

/// Expands `bytes` (compressed with `codec`), refusing to produce more than `limit` bytes.
pub fn expand(bytes: &[u8], codec: Codec, limit: u64) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    reader(bytes, codec, limit)?.read_to_end(&mut out).map_err(|e| explain(&e, codec))?;
    Ok(out)
}

/// A reader of what `inner` (compressed with `codec`) expands to. Reading past `limit` bytes is
/// an error (see [`explain`]).
pub fn reader<'r, R: Read + Send + 'r>(
    inner: R,
    codec: Codec,
    limit: u64,
) -> Result<Box<dyn Read + Send + 'r>, String> {
    let decoder: Box<dyn Read + Send + 'r> = match codec {
        Codec::Gzip => Box::new(flate2::read::MultiGzDecoder::new(inner)),
        Codec::Zstd => Box::new(
            ruzstd::decoding::StreamingDecoder::new(inner).map_err(|e| format!("not a valid zstd stream: {e}"))?,
        ),
    };
    Ok(Box::new(Bounded { inner: decoder, left: limit, limit }))
}

/// Why reading a decompressed stream failed, in words for the user.
pub fn explain(e: &std::io::Error, codec: Codec) -> String {
    match e.get_ref().and_then(|inner| inner.downcast_ref::<TooLarge>()) {
        Some(TooLarge(limit)) => format!(
            "it expands to more than {} (the --max-decompressed-size limit): refusing to read it",
            crate::text::human_size(*limit)
        ),
        None => format!("the {} stream is damaged: {e}", codec.name()),
    }
}

/// The error of a stream that expands past its limit.
#[derive(Debug)]
struct TooLarge(u64);

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "expands to more than {}", crate::text::human_size(self.0))
    }
}

impl std::error::Error for TooLarge {}

/// Passes on at most `limit` bytes in all (`left` more); one more is an error.
struct Bounded<R> {
    inner: R,
    left: u64,
    limit: u64,
}

/// The most one read asks of a decompressor: a decoder fills its own buffer with what a read
/// asks for before handing it over, so a read of hundreds of megabytes would hold them twice.
const MAX_READ: usize = 1 << 20;

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let room = buf.len().min(MAX_READ).min(usize::try_from(self.left.saturating_add(1)).unwrap_or(usize::MAX));
        let n = self.inner.read(buf.get_mut(..room).unwrap_or_default())?;
        if n as u64 > self.left {
            return Err(std::io::Error::other(TooLarge(self.limit)));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// Parses a size such as `512M`, `1G`, `64KiB` or `1000000`.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits.parse().map_err(|_| format!("{s:?} is not a size (e.g. 512M, 2G)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("{s:?} is not a size (units: K, M, G)")),
    };
    n.checked_mul(1 << shift).ok_or_else(|| format!("{s:?} is too large"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn gzip_round_trip_and_bound() {
        let data = b"{\"log\":{\"entries\":[]}}".repeat(100);
        let z = gzip(&data);
        assert_eq!(codec(&z), Some(Codec::Gzip));
        assert_eq!(expand(&z, Codec::Gzip, 1 << 20).unwrap(), data);
        let err = expand(&z, Codec::Gzip, 100).unwrap_err();
        assert!(err.contains("more than 100 bytes"), "{err}");
    }

    #[test]
    fn a_bomb_stops_at_the_bound() {
        // 64 MiB of zeros compress to about 64 KiB.
        let z = gzip(&vec![0; 64 << 20]);
        assert!(expand(&z, Codec::Gzip, 1 << 20).unwrap_err().contains("1 MiB"));
    }

    #[test]
    fn damaged_streams_are_errors() {
        let mut z = gzip(b"hello world, hello world");
        z.truncate(z.len() - 6);
        assert!(expand(&z, Codec::Gzip, 1 << 20).is_err());
        assert!(expand(&[0x28, 0xb5, 0x2f, 0xfd, 0, 0], Codec::Zstd, 1 << 20).is_err());
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("2GiB"), Ok(2 << 30));
        assert_eq!(parse_size("100"), Ok(100));
        assert!(parse_size("lots").is_err());
        assert_eq!(crate::text::human_size(1 << 30), "1 GiB");
    }
}
