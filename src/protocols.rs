//! How real protocols frame their messages: the same problem as demo 03,
//! solved in the ways students will meet.
//!
//! Each [`Example`] is one message in one protocol, built by an encoder
//! here, as the parts its wire format is made of (a header, a length, the
//! payload, a delimiter …), with a note on each. Each protocol also has a
//! decoder that finds where the message ends at the front of a stream, or
//! says it needs more bytes, which is the whole job of framing:
//!
//! ```text
//! HTTP/1.1 Content-Length   header lines up to an empty line, then exactly N bytes
//! HTTP/1.1 chunked          a hex size line before each chunk; a size of 0 ends it
//! HTTP/1.0 end-by-close     the body runs until the sender closes
//! TLS record                5-byte header: type, version, 16-bit length (at most 2^14 + 256)
//! HTTP/2 frame              9-byte header: 24-bit length, type, flags, stream
//! WebSocket frame           7-bit length, or 126 + 16 bits, or 127 + 64 bits; masked by clients
//! protobuf, delimited       a varint length, then the message
//! MQTT                      a type byte, then a varint "remaining length" of at most 4 bytes
//! SMTP DATA                 lines, ended by a line holding one dot; a leading dot is doubled
//! Redis RESP                lines that carry counts and lengths, then length-counted bulk strings
//! ```
//!
//! The decoders are small and strict on purpose: they show the rule, not a
//! production parser (no header folding, no extensions, no compression).

use crate::framing::{encode_varint, Decoded, Framing, VarintPrefixed};

/// The sample message every protocol carries.
pub const SAMPLE: &[u8] = b"hello, sticky";

/// One field of a message on the wire, with what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The bytes of the field, as sent.
    pub bytes: Vec<u8>,
    /// What the field says.
    pub note: String,
}

/// One message in one protocol, field by field.
#[derive(Debug, Clone)]
pub struct Example {
    /// The name `sticky protocols NAME` takes.
    pub name: &'static str,
    /// The protocol and the way it frames.
    pub title: &'static str,
    /// The fields, in order on the wire.
    pub parts: Vec<Part>,
    /// Finds the end of the message at the front of a stream.
    pub decoder: Decoder,
}

impl Example {
    /// The message as sent: its fields, one after the other.
    pub fn bytes(&self) -> Vec<u8> {
        self.parts.iter().flat_map(|p| p.bytes.clone()).collect()
    }
}

/// What a decoder found at the front of a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A whole message: its payload, and the bytes of the stream it took.
    Message { payload: Vec<u8>, consumed: usize },
    /// Not enough bytes yet: read more.
    Incomplete,
    /// The bytes break the protocol's rules.
    Invalid(&'static str),
}

/// A decoder: the front of a stream, and whether the sender has closed it.
pub type Decoder = fn(&[u8], bool) -> Found;

fn part(bytes: impl Into<Vec<u8>>, note: impl Into<String>) -> Part {
    Part {
        bytes: bytes.into(),
        note: note.into(),
    }
}

/// Every example, in the order of the chapter.
pub fn examples() -> Vec<Example> {
    vec![
        http_content_length(),
        http_chunked(),
        http_close(),
        tls_record(),
        http2_frame(),
        websocket_frame(),
        protobuf_delimited(),
        mqtt_publish(),
        smtp_data(),
        redis_resp(),
    ]
}

/// The example called `name`.
pub fn example(name: &str) -> Option<Example> {
    examples().into_iter().find(|e| e.name == name)
}

// ---- HTTP/1.1 -------------------------------------------------------------

fn http_content_length() -> Example {
    let len = SAMPLE.len();
    Example {
        name: "http-length",
        title: "HTTP/1.1 with Content-Length: a delimiter for the head, a length for the body",
        parts: vec![
            part("POST /echo HTTP/1.1\r\n", "request line, ended by CRLF"),
            part("Host: example.com\r\n", "a header line"),
            part(
                format!("Content-Length: {len}\r\n"),
                format!("the body's length: {len} bytes"),
            ),
            part("\r\n", "an empty line: the head ends here"),
            part(
                SAMPLE,
                format!("the body: exactly {len} bytes, no delimiter"),
            ),
        ],
        decoder: decode_http_length,
    }
}

/// The end of an HTTP head (the byte after its empty line), if it is here.
fn head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|at| at + 4)
}

/// The value of header `name` (case-insensitive) in an HTTP head.
fn header<'a>(head: &'a [u8], name: &str) -> Option<&'a [u8]> {
    head.split(|&b| b == b'\n').skip(1).find_map(|line| {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let colon = line.iter().position(|&b| b == b':')?;
        line[..colon]
            .eq_ignore_ascii_case(name.as_bytes())
            .then(|| line[colon + 1..].trim_ascii())
    })
}

fn decode_http_length(buf: &[u8], _closed: bool) -> Found {
    let Some(body) = head_end(buf) else {
        return Found::Incomplete;
    };
    let Some(len) = header(&buf[..body], "content-length")
        .and_then(|v| std::str::from_utf8(v).ok()?.parse::<usize>().ok())
    else {
        return Found::Invalid("no valid Content-Length");
    };
    match buf.get(body..body + len) {
        Some(payload) => Found::Message {
            payload: payload.to_vec(),
            consumed: body + len,
        },
        None => Found::Incomplete,
    }
}

fn http_chunked() -> Example {
    let (a, b) = SAMPLE.split_at(5);
    Example {
        name: "http-chunked",
        title: "HTTP/1.1 chunked: a length before each chunk, and a chunk of 0 at the end",
        parts: vec![
            part("HTTP/1.1 200 OK\r\n", "status line"),
            part(
                "Transfer-Encoding: chunked\r\n",
                "the body comes in chunks: no length known in advance",
            ),
            part("\r\n", "an empty line: the head ends here"),
            part(
                format!("{:x}\r\n", a.len()),
                format!("chunk size in hex: {}", a.len()),
            ),
            part([a, b"\r\n"].concat(), "the chunk, then CRLF"),
            part(
                format!("{:x}\r\n", b.len()),
                format!("chunk size in hex: {}", b.len()),
            ),
            part([b, b"\r\n"].concat(), "the chunk, then CRLF"),
            part(
                "0\r\n\r\n",
                "a chunk of size 0, and an empty line: the body ends",
            ),
        ],
        decoder: decode_http_chunked,
    }
}

fn decode_http_chunked(buf: &[u8], _closed: bool) -> Found {
    let Some(mut at) = head_end(buf) else {
        return Found::Incomplete;
    };
    let chunked =
        header(&buf[..at], "transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case(b"chunked"));
    if !chunked {
        return Found::Invalid("not chunked");
    }
    let mut payload = Vec::new();
    loop {
        let Some(eol) = buf[at..].windows(2).position(|w| w == b"\r\n") else {
            return Found::Incomplete;
        };
        let Some(size) = std::str::from_utf8(&buf[at..at + eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.trim(), 16).ok())
        else {
            return Found::Invalid("a chunk size is not hex");
        };
        at += eol + 2;
        // The chunk and its CRLF; the last chunk is empty, then the final CRLF.
        let Some(chunk) = buf.get(at..at + size + 2) else {
            return Found::Incomplete;
        };
        if &chunk[size..] != b"\r\n" {
            return Found::Invalid("a chunk is not followed by CRLF");
        }
        payload.extend_from_slice(&chunk[..size]);
        at += size + 2;
        if size == 0 {
            return Found::Message {
                payload,
                consumed: at,
            };
        }
    }
}

fn http_close() -> Example {
    Example {
        name: "http-close",
        title: "HTTP/1.0 without a length: the body ends when the connection does",
        parts: vec![
            part("HTTP/1.0 200 OK\r\n", "status line"),
            part("\r\n", "an empty line: no Content-Length, no chunks"),
            part(SAMPLE, "the body: everything until the server closes"),
        ],
        decoder: decode_http_close,
    }
}

fn decode_http_close(buf: &[u8], closed: bool) -> Found {
    match head_end(buf) {
        // Only the close says the body is complete: one message per connection.
        Some(body) if closed => Found::Message {
            payload: buf[body..].to_vec(),
            consumed: buf.len(),
        },
        _ => Found::Incomplete,
    }
}

// ---- TLS and HTTP/2 -------------------------------------------------------

/// The largest plaintext one TLS record carries: 2^14 bytes.
pub const TLS_MAX_PLAINTEXT: usize = 1 << 14;

fn tls_record() -> Example {
    let len = SAMPLE.len() as u16;
    Example {
        name: "tls",
        title: "TLS record: a 5-byte header with a 16-bit length",
        parts: vec![
            part([23], "content type 23: application data"),
            part(
                [3, 3],
                "version 3.3, as TLS 1.2 writes it (TLS 1.3 keeps it for middleboxes)",
            ),
            part(
                len.to_be_bytes(),
                format!("length {len}, big-endian (at most 2^14 of plaintext)"),
            ),
            part(
                SAMPLE,
                "the fragment: ciphertext on a real connection, shown here in the clear",
            ),
        ],
        decoder: decode_tls,
    }
}

/// The header of each record a TLS sender cuts `len` bytes of plaintext
/// into: records of at most 2^14 bytes (before encryption adds to them).
pub fn tls_record_headers(len: usize) -> Vec<[u8; 5]> {
    let mut left = len;
    let mut out = Vec::new();
    while left > 0 {
        let n = left.min(TLS_MAX_PLAINTEXT) as u16;
        let [hi, lo] = n.to_be_bytes();
        out.push([23, 3, 3, hi, lo]);
        left -= usize::from(n);
    }
    out
}

fn decode_tls(buf: &[u8], _closed: bool) -> Found {
    let Some(header) = buf.get(..5) else {
        return Found::Incomplete;
    };
    let len = usize::from(u16::from_be_bytes([header[3], header[4]]));
    // RFC 8446 §5.2: a record may grow by 256 bytes of encryption overhead.
    if len > TLS_MAX_PLAINTEXT + 256 {
        return Found::Invalid("record longer than 2^14 + 256");
    }
    match buf.get(5..5 + len) {
        Some(fragment) => Found::Message {
            payload: fragment.to_vec(),
            consumed: 5 + len,
        },
        None => Found::Incomplete,
    }
}

fn http2_frame() -> Example {
    let len = SAMPLE.len() as u32;
    Example {
        name: "http2",
        title: "HTTP/2 frame: a 9-byte header with a 24-bit length",
        parts: vec![
            part(
                len.to_be_bytes()[1..].to_vec(),
                format!("length {len}: 24 bits, big-endian"),
            ),
            part([0], "type 0: DATA"),
            part([1], "flags: END_STREAM (the last frame of this request)"),
            part(
                1u32.to_be_bytes(),
                "a reserved bit, then stream 1: many requests share one connection",
            ),
            part(SAMPLE, "the frame's payload"),
        ],
        decoder: decode_http2,
    }
}

fn decode_http2(buf: &[u8], _closed: bool) -> Found {
    let Some(header) = buf.get(..9) else {
        return Found::Incomplete;
    };
    let len = u32::from_be_bytes([0, header[0], header[1], header[2]]) as usize;
    // SETTINGS_MAX_FRAME_SIZE starts at 2^14; larger only if the peer allowed it.
    if len > 1 << 14 {
        return Found::Invalid("frame longer than the default SETTINGS_MAX_FRAME_SIZE");
    }
    match buf.get(9..9 + len) {
        Some(payload) => Found::Message {
            payload: payload.to_vec(),
            consumed: 9 + len,
        },
        None => Found::Incomplete,
    }
}

// ---- WebSocket ------------------------------------------------------------

/// The masking key of the example (RFC 6455 §5.7 uses it too).
const WS_MASK: [u8; 4] = [0x37, 0xfa, 0x21, 0x3d];

/// The second byte and the extended length of a WebSocket frame header
/// carrying `len` bytes: 7 bits up to 125, then 126 and 16 bits, then 127
/// and 64 bits. `masked` sets the top bit, as a client must.
pub fn websocket_length(len: u64, masked: bool) -> Vec<u8> {
    let mask = if masked { 0x80 } else { 0 };
    match len {
        0..=125 => vec![mask | len as u8],
        126..=0xffff => [&[mask | 126][..], &(len as u16).to_be_bytes()].concat(),
        _ => [&[mask | 127][..], &len.to_be_bytes()].concat(),
    }
}

fn websocket_frame() -> Example {
    let masked: Vec<u8> = SAMPLE
        .iter()
        .enumerate()
        .map(|(i, b)| b ^ WS_MASK[i % 4])
        .collect();
    Example {
        name: "websocket",
        title: "WebSocket frame: a length of 7, 16 or 64 bits, and a mask from clients",
        parts: vec![
            part([0x81], "FIN (the last fragment), opcode 1: text"),
            part(
                websocket_length(SAMPLE.len() as u64, true),
                format!("MASK bit, length {} in 7 bits", SAMPLE.len()),
            ),
            part(WS_MASK, "the masking key, chosen by the client per frame"),
            part(
                masked,
                "the payload, each byte XORed with the key (byte i with key[i % 4])",
            ),
        ],
        decoder: decode_websocket,
    }
}

fn decode_websocket(buf: &[u8], _closed: bool) -> Found {
    let Some(&[_, second]) = buf.get(..2) else {
        return Found::Incomplete;
    };
    let (len, mut at) = match second & 0x7f {
        126 => match buf.get(2..4) {
            Some(b) => (u64::from(u16::from_be_bytes([b[0], b[1]])), 4),
            None => return Found::Incomplete,
        },
        127 => match buf.get(2..10) {
            Some(b) => (u64::from_be_bytes(b.try_into().unwrap_or([0xff; 8])), 10),
            None => return Found::Incomplete,
        },
        n => (u64::from(n), 2),
    };
    let key = if second & 0x80 != 0 {
        let Some(key) = buf.get(at..at + 4) else {
            return Found::Incomplete;
        };
        at += 4;
        [key[0], key[1], key[2], key[3]]
    } else {
        [0; 4]
    };
    let Ok(len) = usize::try_from(len) else {
        return Found::Invalid("length beyond this machine's memory");
    };
    match buf.get(at..at.saturating_add(len)) {
        Some(payload) => Found::Message {
            payload: payload
                .iter()
                .enumerate()
                .map(|(i, b)| b ^ key[i % 4])
                .collect(),
            consumed: at + len,
        },
        None => Found::Incomplete,
    }
}

// ---- varints: protobuf and MQTT --------------------------------------------

/// `n` as a base-128 varint: 7 bits a byte, least significant first, the
/// top bit set on every byte but the last (protobuf's and MQTT's encoding,
/// and the library's fourth scheme, [`VarintPrefixed`]).
pub fn varint(n: u64) -> Vec<u8> {
    let mut out = Vec::new();
    encode_varint(n, &mut out);
    out
}

/// A varint at the front of `buf` of at most `max_bytes` bytes: its value
/// and length; `Incomplete` if it runs on past the end of `buf`.
pub fn read_varint(buf: &[u8], max_bytes: usize) -> Result<(u64, usize), Found> {
    let mut value = 0u64;
    for (i, &b) in buf.iter().enumerate().take(max_bytes) {
        value |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Ok((value, i + 1));
        }
    }
    if buf.len() < max_bytes {
        Err(Found::Incomplete)
    } else {
        Err(Found::Invalid("varint longer than allowed"))
    }
}

fn protobuf_delimited() -> Example {
    // A message whose field 1 is the string: tag (1 << 3 | 2), length, bytes.
    let field = [&[0x0a][..], &varint(SAMPLE.len() as u64), SAMPLE].concat();
    Example {
        name: "protobuf",
        title: "protobuf, length-delimited: a varint length, then the message",
        parts: vec![
            part(
                varint(field.len() as u64),
                format!(
                    "varint {}: the message's length (300 would be ac 02)",
                    field.len()
                ),
            ),
            part(
                [0x0a],
                "field 1, wire type 2 (length-delimited): (1 << 3) | 2",
            ),
            part(
                varint(SAMPLE.len() as u64),
                format!("varint {}: the string's length", SAMPLE.len()),
            ),
            part(SAMPLE, "the string"),
        ],
        decoder: decode_protobuf,
    }
}

/// The library's [`VarintPrefixed`] reads exactly this framing.
fn decode_protobuf(buf: &[u8], _closed: bool) -> Found {
    match VarintPrefixed::default().decode(buf) {
        Ok(Decoded::Frame { consumed, payload }) => Found::Message {
            payload: buf[payload].to_vec(),
            consumed,
        },
        Ok(Decoded::Incomplete { .. }) => Found::Incomplete,
        Err(_) => Found::Invalid("length refused"),
    }
}

fn mqtt_publish() -> Example {
    let topic = b"t/1";
    let remaining = 2 + topic.len() + SAMPLE.len();
    Example {
        name: "mqtt",
        title: "MQTT PUBLISH: a varint remaining length of at most 4 bytes",
        parts: vec![
            part(
                [0x30],
                "packet type 3 (PUBLISH) in the high 4 bits, flags 0",
            ),
            part(
                varint(remaining as u64),
                format!("remaining length {remaining} (at most 268,435,455: 4 bytes)"),
            ),
            part((topic.len() as u16).to_be_bytes(), "topic length, 16 bits"),
            part(&topic[..], "topic"),
            part(SAMPLE, "payload: the rest of the remaining length"),
        ],
        decoder: decode_mqtt,
    }
}

fn decode_mqtt(buf: &[u8], _closed: bool) -> Found {
    if buf.is_empty() {
        return Found::Incomplete;
    }
    let (remaining, len_bytes) = match read_varint(&buf[1..], 4) {
        Ok(v) => v,
        Err(found) => return found,
    };
    let end = 1 + len_bytes + remaining as usize;
    match buf.get(1 + len_bytes..end) {
        // The payload of a PUBLISH is what follows the topic.
        Some(rest) if rest.len() >= 2 => {
            let topic = usize::from(u16::from_be_bytes([rest[0], rest[1]]));
            match rest.get(2 + topic..) {
                Some(payload) => Found::Message {
                    payload: payload.to_vec(),
                    consumed: end,
                },
                None => Found::Invalid("topic longer than the packet"),
            }
        }
        Some(_) => Found::Invalid("packet too short for a topic"),
        None => Found::Incomplete,
    }
}

// ---- delimiters: SMTP and Redis ---------------------------------------------

/// SMTP's DATA encoding of `text` (lines ended by CRLF): a line that starts
/// with a dot gets a second one, and a line holding one dot ends the message.
pub fn dot_stuff(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for line in text.split_inclusive(|&b| b == b'\n') {
        if line.starts_with(b".") {
            out.push(b'.');
        }
        out.extend_from_slice(line);
    }
    out.extend_from_slice(b".\r\n");
    out
}

fn smtp_data() -> Example {
    Example {
        name: "smtp",
        title: "SMTP DATA: a delimiter line, and an escape for lines that look like it",
        parts: vec![
            part("hello\r\n", "a line of the message"),
            part(
                "..sticky\r\n",
                "the line \".sticky\": its leading dot doubled (dot-stuffing)",
            ),
            part(".\r\n", "a line holding one dot: the message ends here"),
        ],
        decoder: decode_smtp,
    }
}

fn decode_smtp(buf: &[u8], _closed: bool) -> Found {
    let mut payload = Vec::new();
    let mut at = 0;
    while let Some(eol) = buf[at..].windows(2).position(|w| w == b"\r\n") {
        let line = &buf[at..at + eol + 2];
        at += eol + 2;
        if line == b".\r\n" {
            return Found::Message {
                payload,
                consumed: at,
            };
        }
        // Undo the stuffing: a leading dot was added by the sender.
        payload.extend_from_slice(line.strip_prefix(b".").unwrap_or(line));
    }
    Found::Incomplete
}

fn redis_resp() -> Example {
    Example {
        name: "redis",
        title: "Redis RESP: lines that carry counts and lengths, then counted bytes",
        parts: vec![
            part("*2\r\n", "an array of 2 elements: a count on a line"),
            part("$4\r\n", "a bulk string of 4 bytes: a length on a line"),
            part("ECHO\r\n", "the 4 bytes, then CRLF"),
            part(
                format!("${}\r\n", SAMPLE.len()),
                format!("a bulk string of {} bytes", SAMPLE.len()),
            ),
            part(
                [SAMPLE, b"\r\n"].concat(),
                "the bytes, then CRLF: read by length, so they may hold CRLF themselves",
            ),
        ],
        decoder: decode_redis,
    }
}

/// One RESP line (without its CRLF) at `at`, and where the next begins.
fn resp_line(buf: &[u8], at: usize) -> Option<(&[u8], usize)> {
    let eol = buf.get(at..)?.windows(2).position(|w| w == b"\r\n")?;
    Some((&buf[at..at + eol], at + eol + 2))
}

fn decode_redis(buf: &[u8], _closed: bool) -> Found {
    let number = |line: &[u8]| std::str::from_utf8(line).ok()?.parse::<usize>().ok();
    let Some((line, mut at)) = resp_line(buf, 0) else {
        return Found::Incomplete;
    };
    let Some(count) = line.strip_prefix(b"*").and_then(number) else {
        return Found::Invalid("not an array");
    };
    // The payload: the array's bulk strings, joined by spaces.
    let mut payload = Vec::new();
    for i in 0..count {
        let Some((line, next)) = resp_line(buf, at) else {
            return Found::Incomplete;
        };
        let Some(len) = line.strip_prefix(b"$").and_then(number) else {
            return Found::Invalid("not a bulk string");
        };
        let Some(bulk) = buf.get(next..next + len + 2) else {
            return Found::Incomplete;
        };
        if &bulk[len..] != b"\r\n" {
            return Found::Invalid("a bulk string is not followed by CRLF");
        }
        if i > 0 {
            payload.push(b' ');
        }
        payload.extend_from_slice(&bulk[..len]);
        at = next + len + 2;
    }
    Found::Message {
        payload,
        consumed: at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What each example's decoder should take out of it.
    fn expected_payload(name: &str) -> Vec<u8> {
        match name {
            "protobuf" => [&[0x0a, 13][..], SAMPLE].concat(),
            "smtp" => b"hello\r\n.sticky\r\n".to_vec(),
            "redis" => b"ECHO hello, sticky".to_vec(),
            _ => SAMPLE.to_vec(),
        }
    }

    #[test]
    fn every_decoder_finds_the_end_of_its_message_and_not_a_byte_more() {
        for e in examples() {
            let one = e.bytes();
            // The same message twice in a row: the first must end where the second starts.
            let two = [one.clone(), one.clone()].concat();
            let closed = e.name == "http-close";
            let stream = if closed { &one } else { &two };
            assert_eq!(
                (e.decoder)(stream, closed),
                Found::Message {
                    payload: expected_payload(e.name),
                    consumed: one.len()
                },
                "{}",
                e.name
            );
            // Every shorter prefix is incomplete: a framing reader reads on.
            for k in 0..one.len() {
                assert_eq!(
                    (e.decoder)(&one[..k], false),
                    Found::Incomplete,
                    "{} at {k}",
                    e.name
                );
            }
        }
    }

    #[test]
    fn names_are_unique_and_found() {
        let all = examples();
        for e in &all {
            assert_eq!(all.iter().filter(|o| o.name == e.name).count(), 1);
            assert!(example(e.name).is_some());
        }
        assert!(example("gopher").is_none());
    }

    #[test]
    fn varints_match_the_protobuf_documentation() {
        assert_eq!(varint(1), [0x01]);
        assert_eq!(varint(150), [0x96, 0x01]);
        assert_eq!(varint(300), [0xac, 0x02]);
        assert_eq!(read_varint(&[0xac, 0x02, 0xff], 10), Ok((300, 2)));
        assert_eq!(read_varint(&[0xac], 10), Err(Found::Incomplete));
        // MQTT allows at most 4 bytes.
        assert_eq!(varint(268_435_455), [0xff, 0xff, 0xff, 0x7f]);
        assert!(matches!(read_varint(&[0xff; 5], 4), Err(Found::Invalid(_))));
        for n in [0, 127, 128, 16_383, 16_384, u64::MAX] {
            let v = varint(n);
            assert_eq!(read_varint(&v, 10), Ok((n, v.len())));
        }
    }

    #[test]
    fn tls_cuts_plaintext_into_records_of_at_most_2_to_the_14() {
        let headers = tls_record_headers(20_000);
        assert_eq!(headers, [[23, 3, 3, 0x40, 0x00], [23, 3, 3, 0x0e, 0x20]]);
        assert_eq!(
            decode_tls(&[23, 3, 3, 0x41, 0x01], false),
            Found::Invalid("record longer than 2^14 + 256")
        );
    }

    #[test]
    fn websocket_lengths_take_7_16_or_64_bits() {
        assert_eq!(websocket_length(125, false), [125]);
        assert_eq!(websocket_length(126, false), [126, 0, 126]);
        assert_eq!(
            websocket_length(70_000, true),
            [0xff, 0, 0, 0, 0, 0, 1, 0x11, 0x70]
        );
        // An unmasked frame with a 16-bit length decodes too.
        let frame = [&[0x82][..], &websocket_length(300, false), &[7; 300]].concat();
        assert_eq!(
            decode_websocket(&frame, false),
            Found::Message {
                payload: vec![7; 300],
                consumed: 304
            }
        );
    }

    #[test]
    fn dot_stuffing_doubles_a_leading_dot_and_ends_with_a_dot_line() {
        assert_eq!(
            dot_stuff(b"hello\r\n.sticky\r\n"),
            b"hello\r\n..sticky\r\n.\r\n"
        );
        let example = example("smtp").unwrap();
        assert_eq!(example.bytes(), dot_stuff(b"hello\r\n.sticky\r\n"));
    }
}
