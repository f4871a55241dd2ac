//! Demo 06 end to end: round trips through the real binary, Python peers in
//! the lesson's style, and every bad input a sender can throw at a receiver.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use common::{run, stderr, stdout, Server};
use sticky::file_transfer::{read_header, receive_body, send_body, write_header, FileHeader};
use sticky::framing::Endian;
use sticky::resegment::{Pieces, Seed, SplitMix64};
use sticky::Resegmenter;

fn bytes_of(len: usize, seed: u64) -> Vec<u8> {
    let mut rng = SplitMix64::new(seed);
    (0..len).map(|_| rng.next_u64() as u8).collect()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A file named `name` holding `data`, in a folder that lives as long as the guard.
fn source_file(name: &str, data: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, data).unwrap();
    (dir, path)
}

/// serve 6 --file SRC, connect 6 --out DIR; returns the received bytes.
fn transfer(name: &str, data: &[u8], chunk: usize) -> Vec<u8> {
    let (_src_dir, src) = source_file(name, data);
    let out_dir = tempfile::tempdir().unwrap();
    let chunk = chunk.to_string();
    let server = Server::start(&[
        "6",
        "--clients",
        "1",
        "--chunk",
        &chunk,
        "--file",
        src.to_str().unwrap(),
    ]);
    let out = run(&[
        "connect",
        "6",
        "--color",
        "never",
        "--chunk",
        &chunk,
        "--to",
        &server.addr.to_string(),
        "--out",
        out_dir.path().to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("blake3 verified"), "{}", stdout(&out));
    assert!(server.finish().0);
    assert_eq!(
        files_in(out_dir.path()),
        vec![name.to_string()],
        "only the file, no leftovers"
    );
    std::fs::read(out_dir.path().join(name)).unwrap()
}

#[test]
fn round_trips_at_the_edges_of_a_chunk() {
    for (len, chunks) in [
        (0usize, &[1usize, 8192][..]),
        (1, &[1, 7, 8192]),
        (8192, &[1, 7, 8192, 1 << 20]),
        (8193, &[7, 8192, 1 << 20]),
        (5 << 20, &[7919, 8192, 1 << 20]),
    ] {
        let data = bytes_of(len, len as u64);
        for &chunk in chunks {
            assert!(
                transfer("data.bin", &data, chunk) == data,
                "{len} bytes, chunk {chunk}"
            );
        }
    }
}

#[test]
fn a_non_ascii_file_name_round_trips() {
    let data = b"\xe4\xbd\xa0\xe5\xa5\xbd".repeat(1000);
    assert_eq!(transfer("02 tcp拾遗和udp协议.mp4", &data, 8192), data);
}

#[test]
fn upload_direction_uses_the_same_protocol() {
    let data = bytes_of(300_000, 9);
    let (_src_dir, src) = source_file("up.bin", &data);
    let out_dir = tempfile::tempdir().unwrap();
    let server = Server::start(&[
        "6",
        "--upload",
        "--clients",
        "1",
        "--out",
        out_dir.path().to_str().unwrap(),
    ]);
    let out = run(&[
        "connect",
        "6",
        "--upload",
        "--to",
        &server.addr.to_string(),
        "--file",
        src.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (ok, text, err) = server.finish();
    assert!(ok, "{err}");
    assert!(text.contains("blake3 verified"), "{text}");
    assert_eq!(std::fs::read(out_dir.path().join("up.bin")).unwrap(), data);
}

#[test]
fn the_protocol_survives_any_segmentation() {
    for (len, chunk) in [(0usize, 8192usize), (1, 1), (8193, 8192), (100_000, 7)] {
        let data = bytes_of(len, 3);
        let header = FileHeader {
            filename: "x".into(),
            filesize: len as u64,
            sha256: None,
        };
        let mut wire = Vec::new();
        write_header(&mut wire, &header, Endian::Big).unwrap();
        send_body(&mut &data[..], &mut wire, len as u64, chunk, |_| {}).unwrap();
        wire.extend_from_slice(b"TRAILER");
        for seed in 0..8 {
            let mut r = Resegmenter::new(
                &wire[..],
                Pieces::up_to(1 + seed as usize * 997),
                Seed(seed),
            );
            let (got, _) = read_header(&mut r, Endian::Big, 1024).unwrap().unwrap();
            assert_eq!(got, header);
            let mut out = Vec::new();
            receive_body(&mut r, &mut out, got.filesize, chunk, |_| {}).unwrap();
            assert!(out == data, "{len} bytes, seed {seed}");
            let mut rest = Vec::new();
            std::io::Read::read_to_end(&mut r, &mut rest).unwrap();
            assert_eq!(rest, b"TRAILER", "the receiver must not read past the body");
        }
    }
}

// ---- Python peers, in the lesson's style ----

/// A sender like the lesson's server, with a `mode` that can also misbehave.
/// It prints its port, serves one client and exits.
const PY_SENDER: &str = r#"
import hashlib, json, socket, struct, sys
mode, fmt = sys.argv[1], sys.argv[2]
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
srv.settimeout(30)
print(srv.getsockname()[1], flush=True)
conn, _ = srv.accept()
body = ('lesson body 课 ' * 2000).encode('utf-8')
hdr = {'filename': 'lesson.txt', 'filesize': len(body)}

def send_header(h):
    raw = h if isinstance(h, bytes) else json.dumps(h).encode('utf-8')
    conn.sendall(struct.pack(fmt, len(raw)) + raw)

try:
    if mode == 'lesson':
        send_header(hdr)
        for i in range(0, len(body), 8192):
            conn.sendall(body[i:i + 8192])
    elif mode == 'sha-ok':
        hdr['sha256'] = hashlib.sha256(body).hexdigest()
        send_header(hdr); conn.sendall(body)
    elif mode == 'sha-bad':
        hdr['sha256'] = hashlib.sha256(b'something else').hexdigest()
        send_header(hdr); conn.sendall(body)
    elif mode == 'trailer-not-a-list':
        hdr['trailer'] = 'sha256'
        send_header(hdr); conn.sendall(body)
    elif mode in ('trailer-ok', 'trailer-bad', 'trailer-missing'):
        # The digest after the body, as the header announces.
        hdr['trailer'] = ['sha256']
        send_header(hdr); conn.sendall(body)
        digest = hashlib.sha256(body if mode == 'trailer-ok' else b'other').hexdigest()
        if mode != 'trailer-missing':
            raw = json.dumps({'sha256': digest}).encode('utf-8')
            conn.sendall(struct.pack(fmt, len(raw)) + raw)
    elif mode == 'blake3-trailer-bad':
        # What serve 6 sends by default, with a digest of other bytes.
        hdr['trailer'] = ['blake3']
        send_header(hdr); conn.sendall(body)
        raw = json.dumps({'blake3': 'ab' * 32}).encode('utf-8')
        conn.sendall(struct.pack(fmt, len(raw)) + raw)
    elif mode == 'early-close':
        send_header(hdr); conn.sendall(body[:5000])
    elif mode == 'oversize-header':
        conn.sendall(struct.pack(fmt, 100000) + b'{')
    elif mode == 'bad-json':
        send_header(b'{"filename": "a.txt", "filesize": ')
    elif mode == 'negative-size':
        send_header({'filename': 'a.txt', 'filesize': -5})
    elif mode == 'array':
        send_header(['a.bin', 5])
    elif mode == 'name-is-number':
        send_header({'filename': 1, 'filesize': 5})
    elif mode == 'too-large':
        send_header({'filename': 'big.bin', 'filesize': 20 << 30})
        conn.sendall(body)
    elif mode.startswith('name:'):
        hdr['filename'] = mode[5:]
        send_header(hdr); conn.sendall(body)
except OSError:
    pass  # a receiver that refuses early closes without reading the body
finally:
    conn.close()
"#;

struct PySender {
    child: Child,
    port: String,
}

impl PySender {
    fn start(mode: &str, fmt: &str) -> PySender {
        let mut child = Command::new("python3")
            .args(["-c", PY_SENDER, mode, fmt])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs");
        let mut port = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut port)
            .unwrap();
        PySender {
            child,
            port: format!("127.0.0.1:{}", port.trim()),
        }
    }
}

impl Drop for PySender {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lesson_body() -> Vec<u8> {
    "lesson body 课 ".repeat(2000).into_bytes()
}

/// Runs `connect 6` against a Python sender in `mode`; returns the output
/// and what the output folder holds afterwards.
fn receive_from_python(
    mode: &str,
    extra: &[&str],
    out_dir: &Path,
) -> (std::process::Output, Vec<String>) {
    let little = extra.contains(&"--little-endian");
    let py = PySender::start(mode, if little { "i" } else { "!I" });
    let mut args = vec![
        "connect",
        "6",
        "--color",
        "never",
        "--to",
        &py.port,
        "--out",
        out_dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = run(&args);
    (out, files_in(out_dir))
}

#[test]
fn lesson_sender_with_struct_i_is_received_in_little_endian_mode() {
    let dir = tempfile::tempdir().unwrap();
    let (out, files) = receive_from_python("lesson", &["--little-endian"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("no digest in the header"),
        "{}",
        stdout(&out)
    );
    assert_eq!(files, vec!["lesson.txt"]);
    assert_eq!(
        std::fs::read(dir.path().join("lesson.txt")).unwrap(),
        lesson_body()
    );
}

#[test]
fn a_digest_from_python_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let (out, files) = receive_from_python("sha-ok", &[], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("sha256 verified"));
    assert_eq!(files, vec!["lesson.txt"]);
}

#[test]
fn lesson_style_python_receiver_gets_the_file_from_serve_6() {
    let data = bytes_of(1_000_000, 5);
    let (_src_dir, src) = source_file("视频.mp4", &data);
    let out_dir = tempfile::tempdir().unwrap();
    let server = Server::start(&[
        "6",
        "--little-endian",
        "--clients",
        "1",
        "--file",
        src.to_str().unwrap(),
    ]);
    // The lesson's receiver, with its endless-loop bug fixed (stop on b'').
    let receiver = r#"
import json, os, socket, struct, sys
port, out = int(sys.argv[1]), sys.argv[2]
sk = socket.create_connection(('127.0.0.1', port))
def recv_exactly(n):
    data = b''
    while len(data) < n:
        chunk = sk.recv(n - len(data))
        if not chunk: raise SystemExit('closed early')
        data += chunk
    return data
n = struct.unpack('i', recv_exactly(4))[0]
mag = json.loads(recv_exactly(n).decode('utf-8'))
left = mag['filesize']
with open(os.path.join(out, os.path.basename(mag['filename'])), 'wb') as f:
    while left:
        chunk = sk.recv(min(8192, left))
        if not chunk: raise SystemExit('closed early')
        left -= len(chunk)
        f.write(chunk)
print(mag['filename'])
"#;
    let out = common::python(
        receiver,
        &[
            &server.addr.port().to_string(),
            out_dir.path().to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "python: {}", stderr(&out));
    assert_eq!(stdout(&out), "视频.mp4\n");
    assert_eq!(
        std::fs::read(out_dir.path().join("视频.mp4")).unwrap(),
        data
    );
    assert!(server.finish().0);
}

// ---- bad input from the sender: a clear error, nothing left behind ----

fn assert_refused(mode: &str, says: &str) {
    let dir = tempfile::tempdir().unwrap();
    let (out, files) = receive_from_python(mode, &[], dir.path());
    assert_eq!(out.status.code(), Some(1), "{mode}: {}", stdout(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{mode}: {err}");
    assert!(err.contains(says), "{mode}: {err}");
    assert!(files.is_empty(), "{mode}: left behind {files:?}");
}

#[test]
fn early_close_is_reported_and_the_temporary_file_removed() {
    let total = lesson_body().len();
    assert_refused(
        "early-close",
        &format!("connection closed after 5000 of {total} bytes of file body"),
    );
}

#[test]
fn bad_headers_are_refused() {
    assert_refused(
        "oversize-header",
        "bad file header: it announces 100000 bytes, over the limit of 65536",
    );
    assert_refused(
        "bad-json",
        "bad file header: the JSON ends part-way through",
    );
    assert_refused(
        "negative-size",
        "bad file header: \"filesize\" must be a whole number of bytes, 0 or more, not the number -5",
    );
}

#[test]
fn a_json_array_header_is_refused_in_words() {
    assert_refused(
        "array",
        "bad file header: it must be a JSON object such as {\"filename\": \"a.bin\", \"filesize\": 5}, not an array [\"a.bin\",5]",
    );
    assert_refused(
        "name-is-number",
        "bad file header: \"filename\" must be a string, not the number 1",
    );
}

#[test]
fn a_wrong_digest_keeps_nothing() {
    assert_refused("sha-bad", "sha256 mismatch: the sender promised");
    assert_refused("trailer-bad", "sha256 mismatch: the sender promised");
    assert_refused("blake3-trailer-bad", "blake3 mismatch: the sender promised");
}

#[test]
fn a_digest_in_a_trailer_from_python_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let (out, files) = receive_from_python("trailer-ok", &[], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("sha256 verified against the trailer after the body"),
        "{}",
        stdout(&out)
    );
    assert_eq!(files, vec!["lesson.txt"]);
    assert_eq!(
        std::fs::read(dir.path().join("lesson.txt")).unwrap(),
        lesson_body()
    );
}

#[test]
fn a_trailer_key_that_is_not_a_list_is_refused_in_words() {
    assert_refused(
        "trailer-not-a-list",
        "bad file header: \"trailer\" must list digests such as [\"sha256\"], not \"sha256\"",
    );
}

#[test]
fn a_trailer_announced_but_never_sent_keeps_nothing() {
    assert_refused(
        "trailer-missing",
        "connection closed after 0 of 4 bytes of trailer length",
    );
}

#[test]
fn unsafe_names_are_refused() {
    assert_refused("name:", "refused file name \"\": it has no file name in it");
    assert_refused("name:..", "it names a folder, not a file");
    assert_refused("name:bad\u{7}name", "it contains control characters");
}

#[test]
fn a_path_is_reduced_to_its_name_inside_out() {
    let parent = tempfile::tempdir().unwrap();
    let out_dir = parent.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let (out, files) = receive_from_python("name:../../escape.txt", &[], &out_dir);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("was reduced to \"escape.txt\""));
    assert_eq!(files, vec!["escape.txt"]);
    assert_eq!(
        files_in(parent.path()),
        vec!["out"],
        "nothing written outside --out"
    );
}

#[test]
fn an_existing_file_is_kept_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("lesson.txt");
    std::fs::write(&target, b"precious").unwrap();
    let (out, files) = receive_from_python("lesson", &["--little-endian"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("lesson.txt already exists; pass --force to replace it"),
        "{}",
        stderr(&out)
    );
    assert_eq!(files, vec!["lesson.txt"]);
    assert_eq!(std::fs::read(&target).unwrap(), b"precious");

    let (out, _) = receive_from_python("lesson", &["--little-endian", "--force"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read(&target).unwrap(), lesson_body());
}

#[test]
fn serve_6_upload_keeps_serving_after_a_bad_client() {
    let out_dir = tempfile::tempdir().unwrap();
    let server = Server::start(&[
        "6",
        "--upload",
        "--clients",
        "2",
        "--out",
        out_dir.path().to_str().unwrap(),
    ]);
    let mut bad = std::net::TcpStream::connect(server.addr).unwrap();
    std::io::Write::write_all(&mut bad, b"\x00\x00\x00\x03{{{").unwrap();
    let mut sink = Vec::new();
    let _ = std::io::Read::read_to_end(&mut bad, &mut sink);
    let (_src_dir, src) = source_file("good.txt", b"good");
    let out = run(&[
        "connect",
        "6",
        "--upload",
        "--to",
        &server.addr.to_string(),
        "--file",
        src.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (ok, _, err) = server.finish();
    assert!(ok);
    assert!(
        err.contains("bad file header: not valid UTF-8 JSON at line 1, column 2"),
        "{err}"
    );
    // The bad client was told why, in the verdict frame.
    assert!(
        String::from_utf8_lossy(&sink).contains(r#""verdict":"bad_header""#),
        "{sink:?}"
    );
    assert_eq!(files_in(out_dir.path()), vec!["good.txt"]);
}

#[test]
fn usage_mistakes_are_one_line_errors() {
    let out = run(&["serve", "6", "--bind", "127.0.0.1:0"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: serve 6 sends a file: pass --file PATH (or --upload --out DIR to receive one) (see sticky --help)\n"
    );
    let out = run(&[
        "serve",
        "6",
        "--bind",
        "127.0.0.1:0",
        "--file",
        "/no/such/file",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("error: /no/such/file: "),
        "{}",
        stderr(&out)
    );
    // A receiver checks its folder before connecting: no server is needed to see it.
    let out = run(&["connect", "6", "--out", "/no/such/folder"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("error: /no/such/folder: "),
        "{}",
        stderr(&out)
    );
    let out = run(&["connect", "6", "--out", "Cargo.toml"]);
    assert_eq!(stderr(&out), "error: Cargo.toml is not a folder\n");
    let out = run(&["run", "6", "--chunk", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("a chunk must be from 1 to 67108864 bytes"),
        "{}",
        stderr(&out)
    );
}

#[cfg(unix)]
#[test]
fn a_received_file_gets_the_usual_permissions_not_the_temporary_files() {
    use std::os::unix::fs::PermissionsExt;
    // The umask the binary will run with: the one this test's children inherit.
    let umask = Command::new("sh").args(["-c", "umask"]).output().unwrap();
    let umask = u32::from_str_radix(String::from_utf8_lossy(&umask.stdout).trim(), 8).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (out, _) = receive_from_python("lesson", &["--little-endian"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let mode = std::fs::metadata(dir.path().join("lesson.txt"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o666 & !umask, "mode {mode:o} with umask {umask:o}");
}

// ---- the verdict: a sender learns whether the file was saved ----

#[test]
fn a_second_upload_of_the_same_name_fails_with_the_reason() {
    let out_dir = tempfile::tempdir().unwrap();
    let server = Server::start(&[
        "6",
        "--upload",
        "--clients",
        "2",
        "--out",
        out_dir.path().to_str().unwrap(),
    ]);
    let upload = |data: &[u8]| {
        let (_dir, src) = source_file("report.txt", data);
        run(&[
            "connect",
            "6",
            "--upload",
            "--to",
            &server.addr.to_string(),
            "--file",
            src.to_str().unwrap(),
        ])
    };
    let first = upload(b"first student's report");
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stdout(&first).contains("client: the receiver saved report.txt as report.txt"),
        "{}",
        stdout(&first)
    );
    let second = upload(b"second student's report");
    assert_eq!(second.status.code(), Some(1), "{}", stdout(&second));
    let err = stderr(&second);
    assert!(
        err.starts_with("error: the receiver did not keep report.txt: exists (")
            && err.contains("report.txt already exists"),
        "{err}"
    );
    let (ok, text, _) = server.finish();
    assert!(ok);
    assert!(text.contains("server ["), "lines name the peer: {text}");
    assert_eq!(
        std::fs::read(out_dir.path().join("report.txt")).unwrap(),
        b"first student's report"
    );
    assert_eq!(files_in(out_dir.path()), vec!["report.txt"]);
}

#[test]
fn a_file_over_max_file_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (out, files) = receive_from_python("too-large", &[], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: a file of 21474836480 bytes is over the receiver's limit of 17179869184 bytes \
         (raise it with --max-file)\n"
    );
    assert!(files.is_empty(), "{files:?}");
    assert!(
        !stdout(&out).contains("writing into"),
        "no partial file was opened: {}",
        stdout(&out)
    );
}

#[test]
fn a_python_uploader_reads_the_verdict_in_the_same_framing() {
    let out_dir = tempfile::tempdir().unwrap();
    let server = Server::start(&[
        "6",
        "--upload",
        "--clients",
        "2",
        "--out",
        out_dir.path().to_str().unwrap(),
    ]);
    let uploader = r#"
import hashlib, json, socket, struct, sys
port, digest = int(sys.argv[1]), sys.argv[2]
body = b'twelve bytes'
header = {'filename': 'up.txt', 'filesize': len(body)}
if digest == 'right':
    header['sha256'] = hashlib.sha256(body).hexdigest()
else:
    header['sha256'] = hashlib.sha256(b'other').hexdigest()
s = socket.create_connection(('127.0.0.1', port))
raw = json.dumps(header).encode('utf-8')
s.sendall(struct.pack('!I', len(raw)) + raw + body)
s.shutdown(socket.SHUT_WR)          # no more from us; the verdict can still come back
def recv_exactly(n):
    data = b''
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk: raise SystemExit('closed without confirming')
        data += chunk
    return data
(n,) = struct.unpack('!I', recv_exactly(4))
print(json.loads(recv_exactly(n).decode('utf-8'))['verdict'])
"#;
    let port = server.addr.port().to_string();
    let wrong = common::python(uploader, &[&port, "wrong"]);
    assert_eq!(stdout(&wrong), "digest_mismatch\n", "{}", stderr(&wrong));
    let right = common::python(uploader, &[&port, "right"]);
    assert_eq!(stdout(&right), "saved\n", "{}", stderr(&right));
    assert!(server.finish().0);
    assert_eq!(files_in(out_dir.path()), vec!["up.txt"]);
}

#[test]
fn uploading_to_the_lessons_receiver_says_it_was_not_confirmed() {
    // The lesson's receiver as a server: it reads the header and exactly
    // filesize bytes, writes the file, closes, and never answers.
    let receiver = r#"
import json, os, socket, struct, sys
out = sys.argv[1]
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
srv.settimeout(30)
print(srv.getsockname()[1], flush=True)
conn, _ = srv.accept()
def recv_exactly(n):
    data = b''
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk: raise SystemExit('closed early')
        data += chunk
    return data
n = struct.unpack('i', recv_exactly(4))[0]
mag = json.loads(recv_exactly(n).decode('utf-8'))
left = mag['filesize']
with open(os.path.join(out, mag['filename']), 'wb') as f:
    while left:
        chunk = conn.recv(min(8192, left))
        if not chunk: raise SystemExit('closed early')
        left -= len(chunk)
        f.write(chunk)
conn.close()
"#;
    let out_dir = tempfile::tempdir().unwrap();
    let mut py = Command::new("python3")
        .args(["-c", receiver, out_dir.path().to_str().unwrap()])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut port = String::new();
    BufReader::new(py.stdout.take().unwrap())
        .read_line(&mut port)
        .unwrap();
    let data = bytes_of(200_000, 11);
    let (_src_dir, src) = source_file("to-lesson.bin", &data);
    let out = run(&[
        "connect",
        "6",
        "--upload",
        "--little-endian",
        "--to",
        &format!("127.0.0.1:{}", port.trim()),
        "--file",
        src.to_str().unwrap(),
    ]);
    assert!(py.wait().unwrap().success());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("the receiver closed without confirming"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        std::fs::read(out_dir.path().join("to-lesson.bin")).unwrap(),
        data
    );
}

// ---- no disk on a promise, and nothing left behind ----

/// A sender that announces `size` bytes, sends `sent` of them and holds the
/// connection open, with `connect 6` receiving from it; returns once the
/// receiver says which partial file it writes into.
struct HeldOpen {
    sender: std::net::TcpStream,
    receiver: Child,
    lines: BufReader<std::process::ChildStdout>,
    out_dir: tempfile::TempDir,
}

/// Writes demo 06's header frame by hand, as a peer that makes a claim would.
fn send_header(sender: &mut std::net::TcpStream, name: &str, size: u64) {
    use std::io::Write;
    let header = format!(r#"{{"filename":"{name}","filesize":{size}}}"#);
    sender
        .write_all(&(header.len() as u32).to_be_bytes())
        .unwrap();
    sender.write_all(header.as_bytes()).unwrap();
}

impl HeldOpen {
    fn start(size: u64, sent: usize) -> HeldOpen {
        use std::io::Write;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let out_dir = tempfile::tempdir().unwrap();
        let mut receiver = common::sticky()
            .args(["connect", "6", "--color", "never", "--to"])
            .arg(listener.local_addr().unwrap().to_string())
            .arg("--out")
            .arg(out_dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (mut sender, _) = listener.accept().unwrap();
        send_header(&mut sender, "promise.bin", size);
        sender.write_all(&vec![7u8; sent]).unwrap();
        let mut lines = BufReader::new(receiver.stdout.take().unwrap());
        loop {
            let mut line = String::new();
            assert!(
                lines.read_line(&mut line).unwrap() > 0,
                "receiver ended early"
            );
            if line.contains("writing into .promise.bin.part") {
                break;
            }
        }
        HeldOpen {
            sender,
            receiver,
            lines,
            out_dir,
        }
    }

    /// Bytes the output folder takes on disk (blocks, not apparent sizes).
    #[cfg(unix)]
    fn disk_used(&self) -> u64 {
        use std::os::unix::fs::MetadataExt;
        std::fs::read_dir(self.out_dir.path())
            .unwrap()
            .map(|e| e.unwrap().metadata().unwrap().blocks() * 512)
            .sum()
    }
}

impl Drop for HeldOpen {
    fn drop(&mut self) {
        let _ = self.receiver.kill();
        let _ = self.receiver.wait();
    }
}

#[cfg(unix)]
#[test]
fn a_header_claiming_5_gib_held_open_takes_almost_no_disk() {
    // With less than 5 GiB free, the receiver refuses the promise outright,
    // which takes no disk either; that case is the next test's.
    if free_bytes(&std::env::temp_dir()) < 6 << 30 {
        eprintln!("skipped: less than 6 GiB free in the temporary folder");
        return;
    }
    let mut held = HeldOpen::start(5 << 30, 1 << 20);
    let used = held.disk_used();
    assert!(used < 64 << 20, "{used} bytes on disk for a promise");
    assert_eq!(files_in(held.out_dir.path()), vec![".promise.bin.part"]);
    // The sender gives up: the receiver says how far it got and keeps nothing.
    held.sender.shutdown(std::net::Shutdown::Both).unwrap();
    let status = held.receiver.wait().unwrap();
    assert_eq!(status.code(), Some(1));
    let mut err = String::new();
    std::io::Read::read_to_string(held.receiver.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert!(err.contains("of 5368709120 bytes of file body"), "{err}");
    assert!(files_in(held.out_dir.path()).is_empty());
}

/// Bytes free for an unprivileged user in the file system holding `dir`.
#[cfg(unix)]
fn free_bytes(dir: &Path) -> u64 {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).unwrap();
    // SAFETY: an all-zero statvfs is a valid value for statvfs(3) to fill in.
    let mut fs: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: a NUL-terminated path and a pointer to a statvfs we own.
    assert_eq!(unsafe { libc::statvfs(path.as_ptr(), &mut fs) }, 0);
    fs.f_bavail as u64 * fs.f_frsize as u64
}

#[cfg(target_os = "linux")]
#[test]
fn a_header_claiming_more_than_the_disk_has_free_is_refused_at_once() {
    let out_dir = tempfile::tempdir().unwrap();
    let too_much = free_bytes(out_dir.path()) + (1 << 30);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let receiver = common::sticky()
        .args(["connect", "6", "--color", "never", "--max-file"])
        .arg(too_much.to_string())
        .arg("--to")
        .arg(listener.local_addr().unwrap().to_string())
        .arg("--out")
        .arg(out_dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (mut sender, _) = listener.accept().unwrap();
    send_header(&mut sender, "huge.bin", too_much);
    let out = receiver.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with(&format!(
            "error: the disk cannot take a file of {too_much} bytes in "
        )),
        "{}",
        stderr(&out)
    );
    // The sender is told, in the verdict.
    let verdict = sticky::file_transfer::read_verdict(&mut sender, Endian::Big)
        .unwrap()
        .unwrap();
    assert_eq!(verdict.verdict, sticky::file_transfer::Outcome::TooLarge);
    assert!(files_in(out_dir.path()).is_empty());
}

#[cfg(unix)]
#[test]
fn sigint_to_a_receiver_mid_transfer_leaves_no_partial_file() {
    let mut held = HeldOpen::start(1 << 30, 4 << 20);
    assert_eq!(files_in(held.out_dir.path()), vec![".promise.bin.part"]);
    // SAFETY: kill(2) with a child's pid we own and have not reaped yet.
    let rc = unsafe { libc::kill(held.receiver.id() as libc::pid_t, libc::SIGINT) };
    assert_eq!(rc, 0);
    let status = held.receiver.wait().unwrap();
    assert_eq!(status.code(), Some(130), "exits as an interrupted program");
    let mut err = String::new();
    std::io::Read::read_to_string(held.receiver.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert!(err.contains("interrupted: removed "), "{err}");
    assert!(files_in(held.out_dir.path()).is_empty());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut held.lines, &mut rest).unwrap();
    assert!(!rest.contains("saved as"), "{rest}");
}

#[test]
fn twenty_clients_download_at_once_and_none_waits_for_a_hash() {
    let data = bytes_of(4 << 20, 20);
    let (_src_dir, src) = source_file("class.bin", &data);
    // Twenty at once from one address: more than a classroom's share per
    // address (8), so the share is raised for this test.
    let server = Server::start(&[
        "6",
        "--clients",
        "20",
        "--max-per-address",
        "20",
        "--file",
        src.to_str().unwrap(),
    ]);
    let dirs: Vec<tempfile::TempDir> = (0..20).map(|_| tempfile::tempdir().unwrap()).collect();
    let clients: Vec<Child> = dirs
        .iter()
        .map(|d| {
            common::sticky()
                .args(["connect", "6", "--color", "never", "--to"])
                .arg(server.addr.to_string())
                .arg("--out")
                .arg(d.path())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for client in clients {
        let out = client.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    for d in &dirs {
        assert!(std::fs::read(d.path().join("class.bin")).unwrap() == data);
    }
    let (ok, text, err) = server.finish();
    assert!(ok, "{err}");
    // Clients that came before any digest was known hashed as they sent;
    // the file never changed, so none was computed "again".
    assert!(
        text.contains("digests of class.bin (blake3) computed while sending it"),
        "{text}"
    );
    assert!(!text.contains("computed again"), "{text}");
    assert_eq!(
        text.matches("saved class.bin as class.bin").count(),
        20,
        "{text}"
    );
}

#[test]
fn in_the_lessons_byte_order_nothing_follows_the_body() {
    let data = bytes_of(100_000, 22);
    let (_src_dir, src) = source_file("lesson.bin", &data);
    let mut server = Server::start(&[
        "6",
        "--little-endian",
        "--clients",
        "2",
        "--file",
        src.to_str().unwrap(),
    ]);
    let mut said = Vec::new();
    for i in 0..2 {
        let dir = tempfile::tempdir().unwrap();
        let addr = server.addr.to_string();
        let out = run(&[
            "connect",
            "6",
            "--little-endian",
            "--color",
            "never",
            "--to",
            &addr,
            "--out",
            dir.path().to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(std::fs::read(dir.path().join("lesson.bin")).unwrap() == data);
        said.push(stdout(&out));
        if i == 0 {
            // The server keeps the digests once the first client is done;
            // the second must not connect before it says so.
            server.wait_for_line("computed while sending it");
        }
    }
    // The first header is the lesson's; the digests, computed while it was
    // sent, come in the second one's header.
    assert!(
        said[0].contains("no digest in the header") && !said[0].contains("trailer"),
        "{}",
        said[0]
    );
    assert!(said[1].contains("blake3 verified"), "{}", said[1]);
    let (ok, text, err) = server.finish();
    assert!(ok, "{err}");
    assert!(
        text.contains("with --little-endian nothing follows the body"),
        "{text}"
    );
}

#[test]
fn the_first_client_checks_a_trailer_and_later_ones_the_header() {
    let data = bytes_of(300_000, 21);
    let (_src_dir, src) = source_file("notes.bin", &data);
    let mut server = Server::start(&["6", "--clients", "2", "--file", src.to_str().unwrap()]);
    let mut said = Vec::new();
    for i in 0..2 {
        let dir = tempfile::tempdir().unwrap();
        let addr = server.addr.to_string();
        let out = run(&[
            "connect",
            "6",
            "--color",
            "never",
            "--to",
            &addr,
            "--out",
            dir.path().to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(std::fs::read(dir.path().join("notes.bin")).unwrap() == data);
        said.push(stdout(&out));
        if i == 0 {
            // As above: the digests are kept once the first client is done.
            server.wait_for_line("computed while sending it");
        }
    }
    // By default BLAKE3 alone, after the body, then in the header.
    assert!(
        said[0].contains("\"trailer\":[\"blake3\"]}")
            && said[0].contains("blake3 verified against the trailer after the body"),
        "{}",
        said[0]
    );
    assert!(
        said[1].contains("\"blake3\":\"")
            && !said[1].contains("sha256")
            && !said[1].contains("trailer"),
        "{}",
        said[1]
    );
    assert!(said[1].contains("blake3 verified"), "{}", said[1]);
    let (ok, text, err) = server.finish();
    assert!(ok, "{err}");
    assert_eq!(
        text.matches("computed while sending it").count(),
        1,
        "{text}"
    );
}

/// `serve 6 --clients 2 --digest NAME`, two downloads by sticky; returns
/// what each receiver printed.
fn two_downloads_with_digest(name: &str) -> Vec<String> {
    let data = bytes_of(200_000, 23);
    let (_src_dir, src) = source_file("d.bin", &data);
    let mut server = Server::start(&[
        "6",
        "--clients",
        "2",
        "--digest",
        name,
        "--file",
        src.to_str().unwrap(),
    ]);
    let mut said = Vec::new();
    for i in 0..2 {
        let dir = tempfile::tempdir().unwrap();
        let out = run(&[
            "connect",
            "6",
            "--color",
            "never",
            "--to",
            &server.addr.to_string(),
            "--out",
            dir.path().to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(std::fs::read(dir.path().join("d.bin")).unwrap() == data);
        said.push(stdout(&out));
        if i == 0 {
            server.wait_for_line("computed while sending it");
        }
    }
    assert!(server.finish().0);
    said
}

#[test]
fn digest_sha256_puts_sha256_alone_in_the_trailer_and_then_the_header() {
    let said = two_downloads_with_digest("sha256");
    assert!(
        said[0].contains("\"trailer\":[\"sha256\"]}")
            && said[0].contains("sha256 verified against the trailer after the body"),
        "{}",
        said[0]
    );
    assert!(
        said[1].contains("\"sha256\":\"")
            && !said[1].contains("blake3\"")
            && said[1].contains("sha256 verified"),
        "{}",
        said[1]
    );
}

#[test]
fn digest_both_is_what_serve_6_sent_before() {
    let said = two_downloads_with_digest("both");
    assert!(
        said[0].contains("\"trailer\":[\"sha256\",\"blake3\"]}")
            && said[0].contains("blake3 verified against the trailer after the body"),
        "{}",
        said[0]
    );
    // A receiver written to the header format finds sha256 there.
    assert!(
        said[1].contains("\"sha256\":\"")
            && said[1].contains("\"blake3\":\"")
            && said[1].contains("blake3 verified"),
        "{}",
        said[1]
    );
}

/// A receiver with Python's standard library: it can check SHA-256 only.
/// Prints the digest it checked, or says there was none it could check.
const PY_SHA256_RECEIVER: &str = r#"
import hashlib, json, socket, struct, sys
sk = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
def recv_exactly(n):
    data = b''
    while len(data) < n:
        chunk = sk.recv(n - len(data))
        if not chunk: raise SystemExit('closed early')
        data += chunk
    return data
header = json.loads(recv_exactly(struct.unpack('!I', recv_exactly(4))[0]))
left, h = header['filesize'], hashlib.sha256()
while left:
    chunk = sk.recv(min(8192, left))
    if not chunk: raise SystemExit('closed early')
    h.update(chunk)
    left -= len(chunk)
expected = header.get('sha256')
if header.get('trailer'):
    expected = json.loads(recv_exactly(struct.unpack('!I', recv_exactly(4))[0])).get('sha256')
if expected is None:
    print('no sha256 to check')
elif expected == h.hexdigest():
    print('sha256 checked')
else:
    print('sha256 mismatch')
"#;

#[test]
fn a_python_receiver_gets_sha256_from_the_first_transfer_only_when_asked() {
    let data = bytes_of(150_000, 24);
    let (_src_dir, src) = source_file("py.bin", &data);
    for (flag, says) in [
        (None, "no sha256 to check\n"),
        (Some("sha256"), "sha256 checked\n"),
        (Some("both"), "sha256 checked\n"),
    ] {
        let mut args = vec!["6", "--clients", "1", "--file", src.to_str().unwrap()];
        if let Some(d) = flag {
            args.extend(["--digest", d]);
        }
        let server = Server::start(&args);
        let out = common::python(PY_SHA256_RECEIVER, &[&server.addr.port().to_string()]);
        assert!(out.status.success(), "{flag:?}: {}", stderr(&out));
        assert_eq!(stdout(&out), says, "{flag:?}");
        assert!(server.finish().0, "{flag:?}");
    }
}

#[test]
fn a_digest_serve_6_does_not_offer_is_a_one_line_error() {
    for (args, says) in [
        (
            &["serve", "6", "--digest", "md5", "--file", "Cargo.toml"][..],
            "\"md5\" is not a digest serve 6 offers: blake3, sha256 or both",
        ),
        (
            &["serve", "6", "--upload", "--digest", "sha256"][..],
            "--digest is for the sending side; `serve 6 --upload` receives into --out",
        ),
        (
            &["connect", "6", "--digest", "sha256"][..],
            "--digest is for `serve 6`; `connect 6` does not use it",
        ),
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn a_partial_file_left_by_a_crash_is_reused_not_left_to_pile_up() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".lesson.txt.part"), vec![0u8; 100_000]).unwrap();
    let (out, files) = receive_from_python("lesson", &["--little-endian"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("a stale one from an interrupted run was found and is reused"),
        "{}",
        stdout(&out)
    );
    assert_eq!(files, vec!["lesson.txt"]);
    assert_eq!(
        std::fs::read(dir.path().join("lesson.txt")).unwrap(),
        lesson_body()
    );
}
