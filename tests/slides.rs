//! `--svg FILE`: the boundary view as a picture, through the real binary.

mod common;

use common::{run, stderr};

fn classes(doc: &roxmltree::Document<'_>, class: &str) -> usize {
    doc.descendants()
        .filter(|n| n.attribute("class") == Some(class))
        .count()
}

#[test]
fn run_3_draws_valid_svg_with_one_shape_per_message() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo3.svg");
    let out = run(&["run", "3", "--seed", "7", "--svg", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&file).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("valid SVG");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    // Two pictures: eight messages, then the one large message.
    assert_eq!(classes(&doc, "panel"), 2);
    assert_eq!(classes(&doc, "message"), 9);
    let first = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("panel"))
        .unwrap();
    let in_first = first
        .descendants()
        .filter(|n| n.attribute("class") == Some("message"))
        .count();
    assert_eq!(in_first, 8);
}

#[test]
fn svg_is_refused_where_a_demo_draws_no_boundary_view() {
    let out = run(&["run", "1", "--svg", "x.svg"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--svg is for `run 3`"),
        "{}",
        stderr(&out)
    );
    // The proxy draws when it is done, so it must know when that is.
    let out = run(&["proxy", "--svg", "x.svg"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_svg_that_cannot_be_written_is_one_line() {
    let out = run(&["run", "3", "--seed", "1", "--svg", "/nonexistent-dir/x.svg"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("/nonexistent-dir/x.svg"), "{err}");
}

#[test]
fn runs_4_and_5_draw_the_frames_on_the_wire_and_the_reads() {
    for (demo, messages) in [("4", 8), ("5", 9)] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("demo.svg");
        let out = run(&["run", demo, "--seed", "3", "--svg", file.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = std::fs::read_to_string(&file).unwrap();
        let doc = roxmltree::Document::parse(&text).expect("valid SVG");
        assert_eq!(classes(&doc, "message"), messages, "run {demo}");
        // Reads of at most 12 bytes (the seed's pieces) cut every frame.
        assert!(classes(&doc, "read") >= messages, "run {demo}");
    }
}

#[test]
fn the_proxy_draws_what_came_in_and_went_out() {
    use std::io::{Read, Write};
    use std::net::{Shutdown, TcpListener, TcpStream};

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("proxy.svg");
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let to = listener.local_addr().unwrap();
    let mut cmd = common::sticky();
    cmd.args(["proxy", "--listen", "127.0.0.1:0", "--color", "never"])
        .args(["--to", &to.to_string(), "--clients", "1"])
        .args([
            "--cut",
            "1..4",
            "--seed",
            "2",
            "--svg",
            file.to_str().unwrap(),
        ]);
    let mut proxy = common::Server::spawn(cmd);
    let mut client = TcpStream::connect(proxy.addr).unwrap();
    proxy.wait_for_line("connected; relaying to");
    let (mut server, _) = listener.accept().unwrap();
    client.write_all(b"hello, sticky").unwrap();
    client.shutdown(Shutdown::Write).unwrap();
    let mut got = Vec::new();
    server.read_to_end(&mut got).unwrap();
    assert_eq!(got, b"hello, sticky");
    drop(server);
    let mut rest = Vec::new();
    client.read_to_end(&mut rest).unwrap();
    let (ok, out, err) = proxy.finish();
    assert!(ok, "{err}");
    assert!(out.contains("drew 1 direction(s) into"), "{out}");
    let text = std::fs::read_to_string(&file).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("valid SVG");
    // However the proxy's reads grouped the 13 bytes, each went out in
    // pieces of 1 to 4: at least 4 writes, each a frame in the picture.
    assert!(classes(&doc, "message") >= 1);
    assert!(classes(&doc, "read") >= 4, "{text}");
}
