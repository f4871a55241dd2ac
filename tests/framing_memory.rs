//! A length header is the peer's claim, not a fact. Four peers that each
//! announce a frame of 8 MiB and send nothing more must not cost a server
//! 32 MiB: its buffers grow with the bytes that arrive, not with promises.

use std::io::{ErrorKind, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use sticky::framing::{DEFAULT_MAX_FRAME, HEADER_LEN};
use sticky::{Deframer, LengthPrefixed};

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
