//! Extraction never panics on random or adversarial text, and every passage lies inside the
//! file on character boundaries.

use proptest::prelude::*;
use reel::extract::{MAX_PASSAGE_BYTES, extract};

fn adversarial() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("1. ".to_string()),
        Just("12) ".to_string()),
        Just("#3: ".to_string()),
        Just("(2004)".to_string()),
        Just(" – 1994".to_string()),
        Just("((((".to_string()),
        Just("))".to_string()),
        Just("Key takeaways:".to_string()),
        Just("Lesson: ".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\n\n".to_string()),
        Just("\u{FEFF}".to_string()),
        Just("\u{200B}".to_string()),
        Just("\t".to_string()),
        Just("THE TERMINAL".to_string()),
        Just("You may also like...".to_string()),
        Just("“Quoted Title”".to_string()),
        Just("…".to_string()),
        Just("ß漢字ёé".to_string()),
        "[0-9]{1,12}",
        "[A-Za-z ]{1,30}",
        "\\PC{1,20}",
        "[a-z]{200,600}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn passages_lie_inside_the_file(text in adversarial()) {
        let passages = extract(&text, "f.txt");
        let mut last = 0;
        for p in &passages {
            prop_assert!(p.start <= p.end && p.end <= text.len());
            prop_assert!(text.is_char_boundary(p.start) && text.is_char_boundary(p.end));
            prop_assert!(p.start >= last, "overlap");
            prop_assert!(p.end - p.start <= MAX_PASSAGE_BYTES);
            prop_assert!(!p.text.trim().is_empty());
            last = p.end;
        }
    }

    #[test]
    fn huge_lines_and_digits_only(n in 1usize..20_000, digit in "[0-9]") {
        let text = digit.repeat(n);
        for p in extract(&text, "d.txt") {
            prop_assert!(p.end <= text.len() && p.end - p.start <= MAX_PASSAGE_BYTES);
        }
    }
}
