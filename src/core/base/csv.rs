//! CSV for Excel users: UTF-8 with a BOM (so that Vietnamese shows right when the file is opened
//! in Excel) and CRLF line breaks. The tables themselves are written in `exchange::tables`.

/// The byte-order mark Excel needs to read UTF-8.
pub const BOM: &str = "\u{feff}";

/// A CSV field: quoted when it holds a separator, a quote or a line break.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A CSV row, with the line break Excel expects.
pub fn row<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = cells
        .iter()
        .map(|c| field(c.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::fixtures::parse_csv_line as parse;

    #[test]
    fn names_with_commas_and_quotes_are_quoted() {
        assert_eq!(
            parse(row(&["TH \"Bình Tiên\", Q6", "1"]).trim_end()),
            ["TH \"Bình Tiên\", Q6", "1"]
        );
        assert_eq!(
            row(&["TH \"Bình Tiên\", Q6", "1"]),
            "\"TH \"\"Bình Tiên\"\", Q6\",1\r\n"
        );
    }
}
