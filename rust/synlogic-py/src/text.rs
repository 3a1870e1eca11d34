//! Python strings as they cross into Rust: any `str`, lone surrogates included.
//!
//! A Python `str` may hold unpaired surrogates (`"\ud800"`), which are not valid UTF-8, so
//! pyo3's `&str` and `PyBackedStr` refuse them with `UnicodeEncodeError`. Model completions
//! and dataset payloads can hold anything, and every public function promises typed errors
//! only, so every string argument is read with [`Text`]: the zero-copy UTF-8 view when the
//! string is valid, else a copy with each lone surrogate replaced by U+FFFD.

use std::ops::Deref;

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyString};

/// A Python `str` argument, read losslessly when it is valid UTF-8 and with U+FFFD in place
/// of lone surrogates otherwise.
pub enum Text {
    /// Valid UTF-8, borrowed from the Python object (no copy).
    Backed(PyBackedStr),
    /// The lossy copy of a string that held lone surrogates.
    Replaced(String),
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Self::Backed(text) => text,
            Self::Replaced(text) => text,
        }
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self
    }
}

impl FromPyObject<'_, '_> for Text {
    type Error = PyErr;

    fn extract(obj: Borrowed<'_, '_, PyAny>) -> Result<Self, Self::Error> {
        let string = obj.cast::<PyString>()?.to_owned();
        if let Ok(text) = PyBackedStr::try_from(string.clone()) {
            return Ok(Self::Backed(text));
        }
        // `surrogatepass` writes each lone surrogate as its own 3-byte sequence, which
        // `replace_surrogates` turns into one U+FFFD (as Python's own "replace" would count).
        let py = obj.py();
        let encoded = string.call_method1(intern!(py, "encode"), ("utf-8", "surrogatepass"))?;
        Ok(Self::Replaced(replace_surrogates(
            encoded.cast::<PyBytes>()?.as_bytes(),
        )))
    }
}

/// UTF-8 text with each encoded surrogate (3 bytes, `ED A0..BF xx`) replaced by one U+FFFD.
fn replace_surrogates(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    loop {
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                out.push_str(text);
                return out;
            }
            Err(error) => {
                let valid = error.valid_up_to();
                out.push_str(std::str::from_utf8(&bytes[..valid]).unwrap_or_default());
                out.push(char::REPLACEMENT_CHARACTER);
                let bad = if bytes[valid] == 0xED {
                    3
                } else {
                    error.error_len().unwrap_or(1)
                };
                bytes = &bytes[(valid + bad).min(bytes.len())..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::replace_surrogates;

    #[test]
    fn each_encoded_surrogate_becomes_one_replacement_character() {
        // "a\ud800b\udfff" as `surrogatepass` encodes it.
        let bytes = b"a\xed\xa0\x80b\xed\xbf\xbf";
        assert_eq!(replace_surrogates(bytes), "a\u{fffd}b\u{fffd}");
        assert_eq!(replace_surrogates(b"plain"), "plain");
        assert_eq!(replace_surrogates(b"\xed\xa0"), "\u{fffd}");
    }
}
