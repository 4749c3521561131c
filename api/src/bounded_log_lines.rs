//! Log lines of bounded length. A line can carry text no one chose to log
//! whole: a slow SQL statement of a quarter of a megabyte, a request path
//! an attacker made 60,000 characters long. Collectors truncate or drop
//! such lines and a disk fills with them, so every line is held to
//! [`MAX_LINE`] bytes: in JSON each long string value is shortened (the
//! line stays one valid JSON object), in text the line is cut, each saying
//! how much was cut.

use std::io::Write;

use tracing_subscriber::fmt::MakeWriter;

/// The longest line written, in bytes, newline included.
pub const MAX_LINE: usize = 16 * 1024;

/// The longest string value kept whole in a JSON line that is too long.
const MAX_VALUE: usize = 1024;

/// Wraps a writer maker so that every line it writes is bounded.
pub struct BoundedLines<M>(pub M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for BoundedLines<M> {
    type Writer = BoundedLine<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        BoundedLine {
            inner: self.0.make_writer(),
            held: Vec::new(),
        }
    }
}

/// One event's line, held until the event is written whole (the formatter
/// writes each event through a writer of its own, then drops it).
pub struct BoundedLine<W: Write> {
    inner: W,
    held: Vec<u8>,
}

impl<W: Write> Write for BoundedLine<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.held.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<W: Write> Drop for BoundedLine<W> {
    fn drop(&mut self) {
        let line = bounded(std::mem::take(&mut self.held));
        // A log that cannot be written has nowhere to say so.
        let _ = self.inner.write_all(&line);
        let _ = self.inner.flush();
    }
}

/// `line` held to [`MAX_LINE`] bytes.
pub fn bounded(line: Vec<u8>) -> Vec<u8> {
    if line.len() <= MAX_LINE {
        return line;
    }
    let text = String::from_utf8_lossy(&line);
    let text = text.trim_end_matches('\n');
    if let Ok(serde_json::Value::Object(mut fields)) = serde_json::from_str(text) {
        for value in fields.values_mut() {
            shorten_strings(value);
        }
        if let Ok(mut shortened) = serde_json::to_vec(&fields)
            && shortened.len() < MAX_LINE
        {
            shortened.push(b'\n');
            return shortened;
        }
    }
    cut(text, line.len())
}

/// Every string inside `value` longer than [`MAX_VALUE`] bytes shortened.
fn shorten_strings(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(text) if text.len() > MAX_VALUE => {
            let kept = prefix(text, MAX_VALUE);
            *text = format!("{kept}…[{} bytes cut]", text.len() - kept.len());
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(shorten_strings),
        serde_json::Value::Object(fields) => fields.values_mut().for_each(shorten_strings),
        _ => {}
    }
}

/// The start of `text` as a line of its own, saying how much was cut.
fn cut(text: &str, original: usize) -> Vec<u8> {
    let kept = prefix(text, MAX_LINE - 64);
    format!("{kept}…[{} bytes cut]\n", original - kept.len()).into_bytes()
}

/// The longest start of `text` of at most `bytes` bytes that ends on a
/// character boundary.
fn prefix(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_line_is_written_as_it_is() {
        let line = b"{\"message\":\"ok\"}\n".to_vec();
        assert_eq!(bounded(line.clone()), line);
    }

    #[test]
    fn a_json_line_with_a_huge_statement_stays_one_json_object() {
        let statement = format!("SELECT {} FROM events", "ế, ".repeat(80_000));
        let line = format!(
            "{}\n",
            serde_json::json!({"level": "WARN", "db.statement": statement, "elapsed_ms": 2100})
        );
        assert!(line.len() > 200_000);
        let written = bounded(line.into_bytes());
        assert!(written.len() <= MAX_LINE, "{}", written.len());
        assert!(written.ends_with(b"\n"));
        let json: serde_json::Value =
            serde_json::from_slice(&written).unwrap_or_else(|e| panic!("still JSON: {e}"));
        assert_eq!(json["level"], "WARN");
        assert_eq!(json["elapsed_ms"], 2100);
        let kept = json["db.statement"].as_str().unwrap_or_default();
        assert!(kept.starts_with("SELECT ế, "), "{kept:.40}");
        assert!(kept.ends_with("bytes cut]"), "says what was cut");
    }

    #[test]
    fn a_text_line_is_cut_on_a_character_boundary() {
        let line = format!("INFO request path=/{}\n", "ổ".repeat(40_000)).into_bytes();
        let written = bounded(line);
        assert!(written.len() <= MAX_LINE);
        let text = String::from_utf8(written).unwrap_or_else(|e| panic!("UTF-8: {e}"));
        assert!(text.starts_with("INFO request path=/ổổ"));
        assert!(text.ends_with("bytes cut]\n"));
    }

    #[test]
    fn many_long_values_fall_back_to_a_cut_line() {
        let mut fields = serde_json::Map::new();
        for n in 0..40 {
            fields.insert(format!("f{n}"), "x".repeat(5_000).into());
        }
        let line = format!("{}\n", serde_json::Value::Object(fields)).into_bytes();
        assert!(bounded(line).len() <= MAX_LINE);
    }
}
