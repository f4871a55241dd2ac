//! `sticky protocols`: real protocols' framing, through the real binary.

mod common;

use common::{run, stderr, stdout};

#[test]
fn every_protocol_is_shown_and_decoded_to_its_end() {
    let out = run(&["protocols"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.matches("\n== ").count() + 1, 10, "{text}");
    // Each decoder found the sample message and nothing less.
    assert_eq!(
        text.matches("on each of the").count(),
        10,
        "a decoder took a shorter prefix for a message:\n{text}"
    );
    assert!(text.contains("17 03 03 40 00  a record of 16384 bytes"));
    assert!(text.contains("varint       300: ac 02"));
}

#[test]
fn an_unknown_protocol_is_refused_in_one_line() {
    let out = run(&["protocols", "gopher"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("tls"), "{err}");
    let out = run(&["protocols", "--list"]);
    assert_eq!(stdout(&out).lines().count(), 10);
}
