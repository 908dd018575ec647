//! Which character encoding an uploaded file is in. A Danish office saves CSV from Excel as
//! "CSV UTF-8" or as "CSV (semikolonsepareret)", and the latter is Windows-1252: read as UTF-8
//! its `æøå` would become U+FFFD and be imported silently. Nothing in a CSV file names its
//! encoding, so the bytes decide: a file that is valid UTF-8 is UTF-8 (Windows-1252 text with
//! any letter beyond ASCII is practically never valid UTF-8, while ASCII is the same in both);
//! otherwise it is Windows-1252 if it could be; anything else is refused rather than guessed.

use crate::domain::ProblemCode;
use std::borrow::Cow;

/// The encodings an import accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Windows1252,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
/// UTF-16 (and UTF-32 little-endian) byte order marks. Excel's "Unicode text" starts so.
const UTF16_BOMS: [&[u8]; 2] = [b"\xFF\xFE", b"\xFE\xFF"];
/// The five bytes Windows-1252 leaves undefined: no text saved in it contains them.
const UNDEFINED_IN_1252: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

/// The encoding of `bytes`, or `UnknownEncoding` for a file that is neither.
pub fn detect(bytes: &[u8]) -> Result<Encoding, ProblemCode> {
    if UTF16_BOMS.iter().any(|bom| bytes.starts_with(bom)) {
        return Err(ProblemCode::UnknownEncoding);
    }
    // No text file in either encoding holds NUL; UTF-16 without a BOM and binary files
    // (a workbook saved as .xlsx) are full of them.
    if bytes.contains(&0) {
        return Err(ProblemCode::UnknownEncoding);
    }
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        // The mark says UTF-8; a file that then is not is damaged, not Windows-1252.
        return match std::str::from_utf8(rest) {
            Ok(_) => Ok(Encoding::Utf8),
            Err(_) => Err(ProblemCode::UnknownEncoding),
        };
    }
    if std::str::from_utf8(bytes).is_ok() {
        return Ok(Encoding::Utf8);
    }
    if bytes.iter().any(|b| UNDEFINED_IN_1252.contains(b)) {
        return Err(ProblemCode::UnknownEncoding);
    }
    Ok(Encoding::Windows1252)
}

/// The file's text, without a byte order mark.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, ProblemCode> {
    match detect(bytes)? {
        Encoding::Utf8 => {
            let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
            std::str::from_utf8(body)
                .map(Cow::Borrowed)
                .map_err(|_| ProblemCode::UnknownEncoding)
        }
        // Every byte but the five undefined ones (refused above) is a character in 1252, so
        // this never replaces anything.
        Encoding::Windows1252 => Ok(encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` as Excel's "CSV (semikolonsepareret)" saves it: one byte per character.
    fn windows_1252(text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
        assert!(!unmappable, "{text} is all in Windows-1252");
        bytes.into_owned()
    }

    fn utf16le_with_bom(text: &str) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    }

    const HEADER_AND_ROW: &str = "brugernavn;navn;rolle;tilbud;område;startdato;slutdato\n\
         søs.ærø;Søs Ærø Åberg;pædagog;Grønne Æbler;Område Øst;01-08-2026;\n";

    #[test]
    fn each_file_is_read_in_its_encoding_or_refused() {
        let with_bom = [UTF8_BOM, HEADER_AND_ROW.as_bytes()].concat();
        let in_1252 = windows_1252(HEADER_AND_ROW);
        let capitals = windows_1252("tilbud;gruppe\nÆblehaven;ØÅÆ stue\n");
        let mut undefined = Vec::new();
        for byte in UNDEFINED_IN_1252 {
            let mut file = windows_1252("tilbud;gruppe\nGrønne;stue");
            file.push(byte);
            undefined.push(file);
        }
        let utf16 = utf16le_with_bom(HEADER_AND_ROW);
        let mut bom_then_1252 = UTF8_BOM.to_vec();
        bom_then_1252.extend(windows_1252("tilbud;gruppe\nBlå;stue\n"));
        let cases: Vec<(&str, &[u8], Result<&str, ProblemCode>)> = vec![
            ("ASCII", b"tilbud;gruppe\nA;B\n", Ok("tilbud;gruppe\nA;B\n")),
            ("UTF-8", HEADER_AND_ROW.as_bytes(), Ok(HEADER_AND_ROW)),
            ("UTF-8 with BOM", &with_bom, Ok(HEADER_AND_ROW)),
            (
                "Windows-1252, æøå in header and values",
                &in_1252,
                Ok(HEADER_AND_ROW),
            ),
            (
                "Windows-1252 capitals",
                &capitals,
                Ok("tilbud;gruppe\nÆblehaven;ØÅÆ stue\n"),
            ),
            (
                "Windows-1252 letters beyond Latin-1 (€, smart quotes)",
                b"tilbud;gruppe\n\x80 \x93A\x94;B\n",
                Ok("tilbud;gruppe\n€ “A”;B\n"),
            ),
            (
                "UTF-16LE with BOM",
                &utf16,
                Err(ProblemCode::UnknownEncoding),
            ),
            (
                "UTF-16BE BOM",
                b"\xFE\xFF\x00t\x00i",
                Err(ProblemCode::UnknownEncoding),
            ),
            (
                "UTF-16LE without BOM",
                b"t\x00i\x00l\x00",
                Err(ProblemCode::UnknownEncoding),
            ),
            (
                "NUL in ASCII",
                b"tilbud;gruppe\nA\x00;B\n",
                Err(ProblemCode::UnknownEncoding),
            ),
            ("0x81", &undefined[0], Err(ProblemCode::UnknownEncoding)),
            ("0x8D", &undefined[1], Err(ProblemCode::UnknownEncoding)),
            ("0x8F", &undefined[2], Err(ProblemCode::UnknownEncoding)),
            ("0x90", &undefined[3], Err(ProblemCode::UnknownEncoding)),
            ("0x9D", &undefined[4], Err(ProblemCode::UnknownEncoding)),
            (
                "a UTF-8 BOM on Windows-1252 text",
                &bom_then_1252,
                Err(ProblemCode::UnknownEncoding),
            ),
        ];
        for (name, bytes, expected) in cases {
            let got = decode(bytes);
            assert_eq!(got.as_deref(), expected.as_deref(), "{name}");
        }
    }

    #[test]
    fn a_file_that_is_valid_utf8_is_utf8_and_any_other_is_windows_1252() {
        let cases: [(&str, &[u8], Encoding); 4] = [
            ("ASCII only", b"tilbud;gruppe\n", Encoding::Utf8),
            ("ø in UTF-8", "Grønne stue".as_bytes(), Encoding::Utf8),
            ("ø in 1252", b"Gr\xF8nne stue", Encoding::Windows1252),
            // "Ã¸" in 1252 is also the UTF-8 of "ø": valid UTF-8 wins, as the rule says.
            ("Ã¸ in 1252", b"Gr\xC3\xB8nne", Encoding::Utf8),
        ];
        for (name, bytes, expected) in cases {
            assert_eq!(detect(bytes), Ok(expected), "{name}");
        }
    }
}
