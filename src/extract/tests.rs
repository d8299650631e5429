//! Extraction edge cases on small articles written here, one per layout.

use super::*;

fn run(src: &str) -> Vec<Passage> {
    extract(src, "t.txt")
}

fn films(src: &str) -> Vec<(Option<String>, Option<u16>)> {
    run(src).into_iter().map(|p| (p.film, p.year)).collect()
}

fn film(title: &str, year: Option<u16>) -> (Option<String>, Option<u16>) {
    (Some(title.to_string()), year)
}

/// Every passage lies inside the source, on character boundaries, in order.
fn assert_offsets(src: &str, passages: &[Passage]) {
    let mut last = 0;
    for p in passages {
        assert!(p.start <= p.end && p.end <= src.len(), "{p:?}");
        assert!(src.is_char_boundary(p.start) && src.is_char_boundary(p.end));
        assert!(p.start >= last, "passages overlap: {p:?}");
        last = p.end;
    }
}

#[test]
fn parenthesis_numbers_dash_years_and_lesson_markers() {
    let src = "Five films every cashier should see.\n\n\
               1) Clerks – 1994\nDante covers a shift.\nLesson: professionalism matters.\n\n\
               2) Office Space – 1999\nPeter stops caring.\nThe lesson: engaged teams serve better.\n\n\
               Conclusion\nIn the end, watch them all.\n";
    let ps = run(src);
    assert_offsets(src, &ps);
    let got: Vec<_> = ps.iter().map(|p| (p.film.clone(), p.year)).collect();
    assert_eq!(
        got,
        vec![
            (None, None),
            film("Clerks", Some(1994)),
            film("Office Space", Some(1999)),
            (None, None)
        ]
    );
    assert_eq!(ps[1].lesson.as_deref(), Some("professionalism matters."));
    assert_eq!(ps[2].lesson.as_deref(), Some("engaged teams serve better."));
}

#[test]
fn hash_numbers_take_the_year_from_the_text() {
    let src = "#1: Clerks\nKevin Smith's 1994 film Clerks is set in a store.\n\
               #2: Office Space\nThe film was released in 1999 and flopped.\n\
               #3: Mystery Picture\nNobody knows when it came out.\n";
    assert_eq!(
        films(src),
        vec![
            film("Clerks", Some(1994)),
            film("Office Space", Some(1999)),
            film("Mystery Picture", None)
        ]
    );
}

#[test]
fn year_headings_without_numbers() {
    let src = "Office Space (1999)\nA satire of cubicle life.\nTakeaway: keep people engaged.\n\n\
               The Terminal (2004)\nA man lives in an airport.\nThe Movie Lesson: bend rules for people.\n";
    let ps = run(src);
    assert_eq!(
        ps.iter()
            .map(|p| (p.film.clone(), p.year))
            .collect::<Vec<_>>(),
        vec![
            film("Office Space", Some(1999)),
            film("The Terminal", Some(2004))
        ]
    );
    assert_eq!(ps[0].lesson.as_deref(), Some("keep people engaged."));
    assert_eq!(ps[1].lesson.as_deref(), Some("bend rules for people."));
}

#[test]
fn caps_headings_are_title_cased() {
    let src = "FAST TIMES AT RIDGEMONT HIGH (1982)\nBrad works fast food.\n\n\
               CLERKS\nDante and Randal.\n\nEMPIRE RECORDS\nA record store.\n";
    assert_eq!(
        films(src),
        vec![
            film("Fast Times at Ridgemont High", Some(1982)),
            film("Clerks", None),
            film("Empire Records", None)
        ]
    );
}

#[test]
fn markdown_headings() {
    let src = "# Movies about service\n\nSome intro text that is long enough to stand.\n\n\
               ## 1. Clerks (1994)\nA store.\n\n## 2. Office Space (1999)\nAn office.\n";
    let got = films(src);
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[1], film("Clerks", Some(1994)));
    assert_eq!(got[2], film("Office Space", Some(1999)));
}

#[test]
fn lesson_runs_to_the_next_heading_and_a_wrap_up_heading_ends_it() {
    let src = "1. Clerks (1994)\nA shift.\nKey takeaways:\nBe professional.\nSmile.\n\
               2. Boiling Point (2021)\nA kitchen.\nKey takeaway:\nStay calm.\n\
               Wrapping It Up\nWhat have we learned? Films teach service.\n";
    let ps = run(src);
    assert_eq!(ps[0].lesson.as_deref(), Some("Be professional. Smile."));
    assert_eq!(ps[1].lesson.as_deref(), Some("Stay calm."));
    assert_eq!(ps.last().and_then(|p| p.film.clone()), None);
    assert!(
        ps.last()
            .is_some_and(|p| p.text.starts_with("Wrapping It Up"))
    );
}

#[test]
fn prose_review_names_its_film_and_ignores_unrelated_years() {
    let src = "Guest Blogger\n\n\
               The new movie “Drive” follows a stunt driver. Drive is quiet.\n\n\
               In 2005 the novel was written. By 2016 things had changed for Drive fans.\n\n\
               If you run a team, you should value quiet competence.\n";
    let ps = run(src);
    assert_offsets(src, &ps);
    assert!(ps.len() >= 3);
    for p in &ps {
        assert_eq!(p.film.as_deref(), Some("Drive"));
        assert_eq!(p.year, None);
        assert_eq!(
            p.lesson.as_deref(),
            Some("If you run a team, you should value quiet competence.")
        );
    }
    assert!(
        ps[0].text.starts_with("Guest Blogger"),
        "tiny byline joins the next paragraph"
    );
}

#[test]
fn prose_review_year_when_the_text_ties_it_to_the_film() {
    let src = "We went to see Drive (2011) last week.\n\nDrive is a thriller about a driver.\n";
    for p in run(src) {
        assert_eq!((p.film.as_deref(), p.year), (Some("Drive"), Some(2011)));
    }
}

#[test]
fn prose_without_a_clear_film_has_none() {
    let src = "this film is a mess . the plot is thin .\nthe actors try hard , but no .\n";
    let ps = run(src);
    assert_eq!(ps.len(), 1);
    assert_eq!((ps[0].film.clone(), ps[0].lesson.clone()), (None, None));
}

#[test]
fn trailing_boilerplate_is_not_a_passage() {
    let src = "1. Clerks (1994)\nA store.\n2. Office Space (1999)\nAn office.\n\n\
               You may also like...\n\nSubscribe to our newsletter\n\nWe respect your privacy policy.\n";
    let ps = run(src);
    assert!(ps.iter().all(|p| !p.text.contains("newsletter")));
    assert!(ps.iter().all(|p| !p.text.contains("also like")));
    assert_eq!(ps.len(), 2);
}

#[test]
fn numbered_sentences_are_not_films() {
    let src = "How to serve well.\n1. Listen to every customer before you answer them.\n\
               2. Never argue with someone who is already upset about the delay.\n";
    assert!(films(src).iter().all(|(f, _)| f.is_none()));
}

#[test]
fn single_title_heading_makes_a_review_of_paragraphs() {
    let src = "The Terminal (2004)\n\nViktor is stuck at JFK.\n\nHe makes friends with staff.\n";
    let ps = run(src);
    assert_eq!(ps.len(), 2);
    assert!(
        ps.iter()
            .all(|p| p.film.as_deref() == Some("The Terminal") && p.year == Some(2004))
    );
}

#[test]
fn crlf_bom_and_zero_width_characters() {
    let src =
        "\u{FEFF}1. Clerks (1994)\r\nA sto\u{200B}re.\r\n2. Office Space (1999)\r\nAn office.\r\n";
    let ps = run(src);
    assert_offsets(src, &ps);
    assert_eq!(ps[0].film.as_deref(), Some("Clerks"));
    assert_eq!(ps[0].text, "1. Clerks (1994)\nA store.");
    assert_eq!(
        &src[ps[1].start..ps[1].end],
        "2. Office Space (1999)\r\nAn office."
    );
}

#[test]
fn empty_and_blank_files_have_no_passages() {
    assert!(run("").is_empty());
    assert!(run("\n\n  \r\n\u{FEFF}\n").is_empty());
}

#[test]
fn giant_paragraph_is_split_on_boundaries() {
    let src = "word ".repeat(5000) + "é".repeat(3000).as_str();
    let ps = run(&src);
    assert!(ps.len() > 2);
    assert_offsets(&src, &ps);
    assert!(ps.iter().all(|p| p.end - p.start <= MAX_PASSAGE_BYTES));
}

#[test]
fn split_span_prefers_line_breaks() {
    let src = format!("{}\n{}", "a".repeat(60), "b".repeat(60));
    let parts = split_span(&src, 0, src.len(), 100);
    assert_eq!(parts, vec![(0, 60), (61, 121)]);
}

#[test]
fn review_with_a_labelled_title_line() {
    let src = "Film Review: The Devil Wears Prada (2006)\n\n\
               Andy joins a fashion magazine.\n\n\
               Miranda never says thank you, and you should never copy her.\n";
    let ps = run(src);
    assert_eq!(ps.len(), 2);
    for p in &ps {
        assert_eq!(
            (p.film.as_deref(), p.year),
            (Some("The Devil Wears Prada"), Some(2006))
        );
        assert_eq!(
            p.lesson.as_deref(),
            Some("Miranda never says thank you, and you should never copy her.")
        );
    }
}

#[test]
fn labelled_numbers_make_a_list() {
    let src = "Movie #1: Clerks (1994)\nA store.\n\nMovie #2: Office Space (1999)\nAn office.\n";
    assert_eq!(
        films(src),
        vec![film("Clerks", Some(1994)), film("Office Space", Some(1999))]
    );
}
