//! A length header is the peer's claim, not a fact. Four peers that each
//! announce a frame of 8 MiB and send nothing more must not cost a server
//! 32 MiB: its buffers grow with the bytes that arrive, not with promises.

use std::io::{ErrorKind, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use sticky::framing::{DEFAULT_MAX_FRAME, HEADER_LEN, IDLE_CAPACITY};
use sticky::{Deframer, Framing, LengthPrefixed};

/// Far below the 8 MiB announced, far above a read chunk of 64 KiB.
const SMALL: usize = 256 * 1024;

#[test]
fn four_peers_announcing_8_mib_each_leave_the_buffers_small() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let codec = LengthPrefixed::default();
    // The largest length the codec accepts, so nothing refuses it early.
    let header = codec.header(DEFAULT_MAX_FRAME).unwrap();

    let mut peers = Vec::new();
    let mut server_side = Vec::new();
    for _ in 0..4 {
        let mut peer = TcpStream::connect(addr).unwrap();
        peer.write_all(&header).unwrap();
        let (mut conn, _) = listener.accept().unwrap();
        // A guard against a hang if the header never came, not a wait.
        conn.set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut deframer = Deframer::new(codec);
        // Each read brings at least one byte, so this takes at most 4 reads.
        while deframer.buffered() < HEADER_LEN {
            assert_ne!(deframer.read_from(&mut conn).unwrap(), 0);
        }
        assert!(
            deframer.next_frame().unwrap().is_none(),
            "only a header came"
        );
        // Now the 8 MiB is known. A server polling a non-blocking socket
        // reads again and finds nothing: that read must not have made room
        // for the announced payload first.
        conn.set_nonblocking(true).unwrap();
        let err = deframer.read_from(&mut conn).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::WouldBlock);
        conn.set_nonblocking(false).unwrap();
        peers.push(peer);
        server_side.push((deframer, conn));
    }

    for (deframer, _) in &server_side {
        assert_eq!(deframer.buffered(), HEADER_LEN);
        assert!(
            deframer.capacity() < SMALL,
            "a header alone grew the buffer to {} bytes",
            deframer.capacity()
        );
    }

    // When the peers hang up, each connection ends inside a frame, with counts.
    drop(peers);
    for (mut deframer, mut conn) in server_side {
        assert_eq!(deframer.read_from(&mut conn).unwrap(), 0);
        let err = deframer.next_frame_at_eof().unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("connection closed after 0 of {DEFAULT_MAX_FRAME} bytes of frame payload")
        );
    }
}

/// Memory goes back, too: a connection that carried one 8 MiB frame and
/// then went quiet holds no more than the idle bound, not the frame's size.
#[test]
fn a_connection_idle_after_an_8_mib_frame_holds_the_idle_bound() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let codec = LengthPrefixed::default();
    let mut wire = Vec::new();
    codec
        .encode(&vec![b'z'; DEFAULT_MAX_FRAME], &mut wire)
        .unwrap();
    let sender = std::thread::spawn(move || {
        let mut peer = TcpStream::connect(addr).unwrap();
        peer.write_all(&wire).unwrap();
        // Stays connected, sending nothing, until the server side is done.
        let mut end = [0u8; 1];
        let _ = std::io::Read::read(&mut peer, &mut end);
    });
    let (mut conn, _) = listener.accept().unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut deframer = Deframer::new(codec);
    // Each read brings at least one byte: the bound is never reached.
    for _ in 0..=DEFAULT_MAX_FRAME + HEADER_LEN {
        if let Some(frame) = deframer.next_frame().unwrap() {
            assert_eq!(frame.len(), DEFAULT_MAX_FRAME);
            break;
        }
        assert_ne!(deframer.read_from(&mut conn).unwrap(), 0);
    }
    assert!(deframer.capacity() >= DEFAULT_MAX_FRAME);
    assert_eq!(deframer.next_frame().unwrap(), None);
    // The server's next read finds nothing; before it waits, the buffer
    // has given back everything above the bound.
    conn.set_nonblocking(true).unwrap();
    let err = deframer.read_from(&mut conn).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::WouldBlock);
    assert!(
        deframer.capacity() <= IDLE_CAPACITY,
        "an idle connection holds {} bytes",
        deframer.capacity()
    );
    drop(conn);
    sender.join().unwrap();
}
