//! Helpers shared by the integration tests that build hostile inputs (`mod common;`).

/// A zstd frame of `total` copies of `byte`, in RLE blocks of 128 KiB: 4 bytes a block, so
/// 20 GB fit in about 650 KB.
pub fn zstd_rle(byte: u8, total: u64) -> Vec<u8> {
    const BLOCK: u64 = 128 << 10;
    // Magic; a frame header with no content size and a window of 128 KiB (2^(10+7)).
    let mut out = vec![0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3];
    let blocks = total.div_ceil(BLOCK);
    for i in 0..blocks {
        let size = if i + 1 == blocks { total - i * BLOCK } else { BLOCK };
        let last = u32::from(i + 1 == blocks);
        let header = (size as u32) << 3 | 1 << 1 | last;
        out.extend_from_slice(&header.to_le_bytes()[..3]);
        out.push(byte);
    }
    out
}
