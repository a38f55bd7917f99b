//! The span mapper: a JSON string literal decoded, every offset of its value mapped back into the
//! literal (in order, inside it); and the JSON pointer locator on any text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The literal is the first line; a JSON pointer, the second; the rest, a JSON text.
    let mut parts = text.splitn(3, '\n');
    let literal = parts.next().unwrap_or("");
    let pointer = parts.next().unwrap_or("");
    let json = parts.next().unwrap_or("");
    let quoted = format!("\"{literal}\"");
    if let Ok(decoded) = gclint::text::decode_json_string(&quoted, 7) {
        let mut last = 0;
        for (i, _) in decoded.value.char_indices().chain(std::iter::once((decoded.value.len(), ' '))) {
            let at = decoded.map.to_file(i).expect("a literal has a place in the file");
            assert!(at >= last, "offsets go backwards at {i}");
            assert!(at >= 8 && at <= 7 + quoted.len() - 1, "offset {at} outside the literal");
            last = at;
        }
    }
    // Masking what `check` prints moves the labels of a snippet: they must stay on the text,
    // in order, on character boundaries.
    let mut spans: Vec<std::ops::Range<usize>> = json
        .char_indices()
        .map(|(i, _)| i)
        .step_by(7)
        .zip(json.char_indices().map(|(i, _)| i).skip(3).step_by(5))
        .map(|(a, b)| a.min(b)..a.max(b))
        .collect();
    if let Some(masked) = gclint::secrets::mask::mask(json, &mut spans) {
        for s in &spans {
            assert!(s.start <= s.end && s.end <= masked.len(), "{s:?} outside {}", masked.len());
            assert!(masked.is_char_boundary(s.start) && masked.is_char_boundary(s.end), "{s:?}");
        }
    }
    if let Some((key, value)) = gclint::rules::ctx::locate_in(json, pointer) {
        assert!(value.start <= value.end && value.end <= json.len());
        if let Some(k) = key {
            assert!(k.end <= json.len());
        }
    }
});
