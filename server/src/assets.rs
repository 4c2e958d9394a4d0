//! The browser bundle (wasm, JS, CSS) shipped compressed. Compressing a 2 MB wasm file with
//! brotli's best setting takes seconds, far too long per request, so each file gets `.br` and
//! `.gz` siblings once, beside it, and the static file service picks the one the browser
//! accepts.

use std::io::Write;
use std::path::Path;

const COMPRESSIBLE: [&str; 3] = ["wasm", "js", "css"];

/// Writes missing or stale `.br` and `.gz` siblings of the bundle's files. Each is written
/// to a temporary name and renamed, so a request never sees half a file.
pub fn precompress(pkg_dir: &Path) -> std::io::Result<usize> {
    let mut written = 0;
    for entry in std::fs::read_dir(pkg_dir)? {
        let path = entry?.path();
        let compressible = path.extension().and_then(|e| e.to_str()).is_some_and(|e| COMPRESSIBLE.contains(&e));
        if !compressible {
            continue;
        }
        let modified = std::fs::metadata(&path)?.modified()?;
        let raw = std::fs::read(&path)?;
        for (suffix, compress) in [("br", brotli as fn(&[u8]) -> Vec<u8>), ("gz", gzip)] {
            let target = path.with_file_name(format!("{}.{suffix}", path.file_name().unwrap_or_default().to_string_lossy()));
            let fresh = std::fs::metadata(&target).and_then(|m| m.modified()).is_ok_and(|t| t >= modified);
            if fresh {
                continue;
            }
            let partial = target.with_extension(format!("{suffix}.partial"));
            std::fs::write(&partial, compress(&raw))?;
            std::fs::rename(&partial, &target)?;
            written += 1;
        }
    }
    Ok(written)
}

/// Brotli at its best setting: done once per build, so size wins over time.
pub fn brotli(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(raw).expect("writing to memory");
    }
    out
}

pub fn gzip(raw: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(raw).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn siblings_decompress_to_the_file_and_are_rewritten_only_when_stale() {
        let dir = tempfile::tempdir().unwrap();
        let wasm: Vec<u8> = (0..50_000u32).flat_map(|i| (i % 251).to_le_bytes()).collect();
        std::fs::write(dir.path().join("pagos.wasm"), &wasm).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not shipped").unwrap();

        assert_eq!(precompress(dir.path()).unwrap(), 2);
        let mut unbrotli = Vec::new();
        brotli::Decompressor::new(&std::fs::read(dir.path().join("pagos.wasm.br")).unwrap()[..], 4096)
            .read_to_end(&mut unbrotli)
            .unwrap();
        assert_eq!(unbrotli, wasm);
        let mut ungzip = Vec::new();
        flate2::read::GzDecoder::new(&std::fs::read(dir.path().join("pagos.wasm.gz")).unwrap()[..])
            .read_to_end(&mut ungzip)
            .unwrap();
        assert_eq!(ungzip, wasm);
        assert!(!dir.path().join("notes.txt.br").exists());

        assert_eq!(precompress(dir.path()).unwrap(), 0, "fresh siblings are kept");
    }
}
