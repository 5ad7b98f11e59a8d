//! JSON text written by hand, byte for byte as serde_json writes it, for the bulk of the stored
//! dataset (`persist::encode`, `compact`).
//!
//! serde_json pays a few dozen nanoseconds of generic machinery for every token in the browser's
//! size-optimised build, and a district's year is some 200 000 tokens: two thirds of the time to
//! save. The figures, tasks and tallies are therefore written here, straight into the buffer;
//! everything else is still handed to serde_json ([`Out::serde`]). Tests hold the two writers to
//! the same bytes.

use serde::Serialize;

/// The text being written.
pub struct Out(Vec<u8>);

impl Out {
    pub fn with_capacity(n: usize) -> Out {
        Out(Vec::with_capacity(n))
    }

    /// The text written. Every piece came from a `&str` or is ASCII, so it is UTF-8.
    pub fn into_string(self) -> String {
        String::from_utf8(self.0).unwrap_or_default()
    }

    #[inline]
    pub fn byte(&mut self, b: u8) {
        self.0.push(b);
    }

    /// Text that is already JSON (punctuation, a member name known to need no escape).
    pub fn raw(&mut self, s: &str) {
        self.0.extend_from_slice(s.as_bytes());
    }

    /// A string, escaped as serde_json escapes it: `"` and `\`, and control characters as their
    /// short escape or `\u00xx` in lower case; everything else as it is.
    pub fn string(&mut self, s: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.0.push(b'"');
        let b = s.as_bytes();
        // Nearly every string (ids, numbers of documents, names) needs no escape: one plain scan.
        if !b.iter().any(|&c| c < 0x20 || c == b'"' || c == b'\\') {
            self.0.extend_from_slice(b);
            self.0.push(b'"');
            return;
        }
        let mut start = 0;
        for (i, &c) in b.iter().enumerate() {
            let short = match c {
                b'"' => b'"',
                b'\\' => b'\\',
                0x08 => b'b',
                0x09 => b't',
                0x0A => b'n',
                0x0C => b'f',
                0x0D => b'r',
                0x00..=0x1F => b'u',
                _ => continue,
            };
            self.0.extend_from_slice(&b[start..i]);
            self.0.push(b'\\');
            self.0.push(short);
            if short == b'u' {
                self.0.extend_from_slice(&[
                    b'0',
                    b'0',
                    HEX[usize::from(c >> 4)],
                    HEX[usize::from(c & 15)],
                ]);
            }
            start = i + 1;
        }
        self.0.extend_from_slice(&b[start..]);
        self.0.push(b'"');
    }

    /// `"name":`
    pub fn key(&mut self, name: &str) {
        self.string(name);
        self.0.push(b':');
    }

    pub fn uint(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.0.extend_from_slice(&digits[i..]);
    }

    pub fn int(&mut self, n: i64) {
        if n < 0 {
            self.0.push(b'-');
        }
        self.uint(n.unsigned_abs());
    }

    /// A value written by serde_json (the parts of the dataset that are small or rarely large).
    pub fn serde<T: Serialize + ?Sized>(&mut self, v: &T) {
        // Our types serialise to plain maps, strings and numbers: this cannot fail.
        let _ = serde_json::to_writer(&mut self.0, v);
    }

    /// Writes `items` separated by commas, each by `item`.
    pub fn list<T>(
        &mut self,
        open: u8,
        items: impl IntoIterator<Item = T>,
        mut item: impl FnMut(&mut Out, T),
        close: u8,
    ) {
        self.0.push(open);
        for (i, x) in items.into_iter().enumerate() {
            if i > 0 {
                self.0.push(b',');
            }
            item(self, x);
        }
        self.0.push(close);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(f: impl FnOnce(&mut Out)) -> String {
        let mut out = Out::with_capacity(0);
        f(&mut out);
        out.into_string()
    }

    #[test]
    fn strings_and_numbers_are_written_as_serde_json_writes_them() {
        let mut every_byte = String::new();
        for c in (0u8..0x80)
            .map(char::from)
            .chain(['é', 'ư', '\u{7f}', '😀', '\u{2028}'])
        {
            every_byte.push(c);
            every_byte.push('x');
        }
        for s in [
            "",
            "Trường \"Hoa Sen\" \\ <b>",
            "\u{0}\u{1f}\n\r\t\u{8}\u{c}",
            &every_byte,
        ] {
            assert_eq!(written(|o| o.string(s)), serde_json::to_string(s).unwrap());
        }
        for n in [0, 9, 10, 1_725_000_000_000, u64::MAX] {
            assert_eq!(written(|o| o.uint(n)), n.to_string());
        }
        for n in [0, -1, -1_725_000_000_000, i64::MIN, i64::MAX] {
            assert_eq!(written(|o| o.int(n)), n.to_string());
        }
    }
}
