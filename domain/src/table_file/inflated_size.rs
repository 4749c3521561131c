//! An XLSX workbook is a ZIP archive, and a few hundred kilobytes of it can
//! inflate to gigabytes (one shared string repeated). The workbook reader
//! inflates its parts whole, so every part is inflated here first, into
//! nothing, counting: an archive whose parts inflate beyond what any table
//! of a province needs is refused before the reader sees it. The sizes an
//! archive declares are not trusted; the bytes are counted as they come.

use std::io::{Cursor, Read};

use super::ImportError;

/// The most one part may inflate to. The sample appendices and the full
/// list of a province's units are well under a megabyte.
pub const MAX_PART_BYTES: u64 = 8 * 1024 * 1024;
/// The most all parts together may inflate to.
pub const MAX_WORKBOOK_BYTES: u64 = 24 * 1024 * 1024;
/// The most parts a workbook may have.
pub const MAX_PARTS: usize = 1_000;

/// Refuses a workbook whose parts inflate beyond the limits above.
pub fn check_inflated_size(bytes: &[u8]) -> Result<(), ImportError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ImportError::whole_file(format!("không đọc được tệp XLSX: {e}")))?;
    if archive.len() > MAX_PARTS {
        return Err(ImportError::whole_file(format!(
            "tệp XLSX có quá nhiều phần ({}; tối đa {MAX_PARTS})",
            archive.len()
        )));
    }
    let mut total = 0_u64;
    for index in 0..archive.len() {
        let part = archive
            .by_index(index)
            .map_err(|e| ImportError::whole_file(format!("không đọc được tệp XLSX: {e}")))?;
        let name = part.name().to_owned();
        let inflated = std::io::copy(&mut part.take(MAX_PART_BYTES + 1), &mut std::io::sink())
            .map_err(|e| {
                ImportError::whole_file(format!("không đọc được phần {name} của tệp XLSX: {e}"))
            })?;
        total += inflated;
        if inflated > MAX_PART_BYTES || total > MAX_WORKBOOK_BYTES {
            return Err(ImportError::whole_file(format!(
                "tệp XLSX giải nén ra quá lớn (tối đa {} MiB mỗi phần, {} MiB cả tệp)",
                MAX_PART_BYTES / (1024 * 1024),
                MAX_WORKBOOK_BYTES / (1024 * 1024)
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn archive(parts: &[(&str, usize)]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, size) in parts {
            writer
                .start_file(*name, options)
                .unwrap_or_else(|e| panic!("{e}"));
            let chunk = vec![b'a'; 1024 * 1024];
            let mut left = *size;
            while left > 0 {
                let n = left.min(chunk.len());
                writer
                    .write_all(&chunk[..n])
                    .unwrap_or_else(|e| panic!("{e}"));
                left -= n;
            }
        }
        writer
            .finish()
            .unwrap_or_else(|e| panic!("{e}"))
            .into_inner()
    }

    #[test]
    fn a_part_that_inflates_too_far_is_refused() {
        let bomb = archive(&[("xl/sharedStrings.xml", 64 * 1024 * 1024)]);
        assert!(bomb.len() < 1024 * 1024, "{} bytes", bomb.len());
        let refused = check_inflated_size(&bomb).err().map(|e| e.to_string());
        assert!(
            refused.as_deref().is_some_and(|m| m.contains("quá lớn")),
            "{refused:?}"
        );
    }

    #[test]
    fn parts_that_together_inflate_too_far_are_refused() {
        let parts: Vec<(String, usize)> = (0..4)
            .map(|n| (format!("xl/p{n}.xml"), 7 * 1024 * 1024))
            .collect();
        let parts: Vec<(&str, usize)> = parts.iter().map(|(n, s)| (n.as_str(), *s)).collect();
        assert!(check_inflated_size(&archive(&parts)).is_err());
        assert!(check_inflated_size(&archive(&parts[..3])).is_ok());
    }
}
