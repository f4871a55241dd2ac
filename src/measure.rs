//! Loopback measurements, shared by `cargo bench` and `sticky bench`.
//!
//! Each link is one TCP connection over loopback with a receiver thread at
//! the far end. A "transfer" sends one unit of work (a file, or a batch of
//! messages) and waits for a 1-byte acknowledgement, so the time measured
//! covers the bytes arriving and being decoded, not just leaving the sender.
//! Closing the link ends the receiver thread; nothing outlives the link.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::thread::JoinHandle;

use crate::error::{Error, Result};
use crate::file_transfer::{read_header, receive_body, send_body, write_header, FileHeader};
use crate::framing::{Endian, Framing};
use crate::net::{bind_tcp, connect_tcp};
use crate::FrameReader;

/// The chunk sizes both `cargo bench` and `sticky bench` compare: from
/// 512 B, where system calls dominate, to 1 MiB, where copying does.
pub const CHUNK_SIZES: [usize; 8] = [
    512,
    1024,
    4 * 1024,
    8 * 1024,
    16 * 1024,
    64 * 1024,
    256 * 1024,
    1024 * 1024,
];

/// A loopback connection whose far end runs on its own thread.
#[derive(Debug)]
pub struct Link {
    stream: TcpStream,
    receiver: Option<JoinHandle<Result<()>>>,
}

impl Link {
    /// Connects to a fresh listener on 127.0.0.1 and runs `receiver` on the
    /// accepted stream. The receiver must end when the stream closes.
    pub fn start<F>(receiver: F) -> Result<Link>
    where
        F: FnOnce(TcpStream) -> Result<()> + Send + 'static,
    {
        let listener = bind_tcp(SocketAddr::from(([127, 0, 0, 1], 0)))?;
        let addr = listener
            .local_addr()
            .map_err(Error::io("reading the bound address"))?;
        let handle = std::thread::spawn(move || {
            let (stream, _) = listener.accept().map_err(Error::io("accepting"))?;
            receiver(stream)
        });
        let stream = connect_tcp(addr)?;
        Ok(Link {
            stream,
            receiver: Some(handle),
        })
    }

    /// The near end, for writing.
    pub fn stream(&mut self) -> &mut TcpStream {
        &mut self.stream
    }

    /// Waits for the receiver's 1-byte acknowledgement of a transfer.
    pub fn wait_ack(&mut self) -> Result<()> {
        let mut ack = [0u8; 1];
        self.stream
            .read_exact(&mut ack)
            .map_err(Error::io("waiting for the receiver"))
    }

    /// Closes the link and returns the receiver's result.
    pub fn close(mut self) -> Result<()> {
        self.shutdown_and_join()
    }

    fn shutdown_and_join(&mut self) -> Result<()> {
        let _ = self.stream.shutdown(Shutdown::Write);
        match self.receiver.take() {
            Some(h) => crate::error::join(h, "the receiver thread"),
            None => Ok(()),
        }
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        let _ = self.shutdown_and_join();
    }
}

fn ack(stream: &mut TcpStream) -> Result<()> {
    stream.write_all(&[1]).map_err(Error::io("acknowledging"))
}

/// Demo 06's protocol: each transfer is a header and `payload` as the body,
/// sent and received in pieces of `chunk` bytes. The receiver discards the
/// body, so the disk is not measured.
pub fn file_protocol_link(chunk: usize) -> Result<Link> {
    Link::start(move |mut s| {
        let mut reader = s.try_clone().map_err(Error::io("cloning"))?;
        while let Some((header, _)) = read_header(&mut reader, Endian::Big, 64 * 1024)? {
            receive_body(
                &mut reader,
                &mut std::io::sink(),
                header.filesize,
                chunk,
                |_| {},
            )?;
            ack(&mut s)?;
        }
        Ok(())
    })
}

/// Sends `payload` once over a [`file_protocol_link`] and waits for it to arrive.
pub fn send_file_once(link: &mut Link, payload: &[u8], chunk: usize) -> Result<()> {
    let header = FileHeader {
        filename: "bench.bin".into(),
        filesize: payload.len() as u64,
        sha256: None,
    };
    write_header(link.stream(), &header, Endian::Big)?;
    send_body(
        &mut &payload[..],
        link.stream(),
        payload.len() as u64,
        chunk,
        |_| {},
    )?;
    link.wait_ack()
}

/// No framing at all: the receiver reads `len` bytes with a `buf`-byte
/// buffer and acknowledges. The baseline every framing is compared with.
pub fn raw_link(len: usize, buf: usize) -> Result<Link> {
    let buf = buf.max(1);
    Link::start(move |mut s| {
        let mut b = vec![0u8; buf];
        loop {
            let mut left = len;
            while left > 0 {
                let n = s
                    .read(&mut b[..buf.min(left)])
                    .map_err(Error::io("reading"))?;
                if n == 0 {
                    // A close between transfers ends the link; inside one is an error.
                    return if left == len {
                        Ok(())
                    } else {
                        Err(Error::ClosedMidFrame {
                            what: "raw transfer",
                            got: (len - left) as u64,
                            expected: len as u64,
                        })
                    };
                }
                left -= n;
            }
            ack(&mut s)?;
        }
    })
}

/// Sends `payload` once over a [`raw_link`], `chunk` bytes per `write_all`,
/// straight from memory: the same system calls as the file protocol at that
/// chunk size, without its header and its copy into a chunk buffer.
pub fn send_raw_once(link: &mut Link, payload: &[u8], chunk: usize) -> Result<()> {
    for piece in payload.chunks(chunk.max(1)) {
        link.stream()
            .write_all(piece)
            .map_err(Error::io("writing"))?;
    }
    link.wait_ack()
}

/// A link whose receiver decodes `count` frames with `framing` per transfer.
pub fn framed_link<F>(framing: F, count: usize) -> Result<Link>
where
    F: Framing + Send + 'static,
{
    Link::start(move |mut s| {
        let reader = s.try_clone().map_err(Error::io("cloning"))?;
        let mut frames = FrameReader::new(reader, framing);
        loop {
            for i in 0..count {
                match frames.read_frame()? {
                    Some(_) => {}
                    None if i == 0 => return Ok(()),
                    None => {
                        return Err(Error::Io {
                            context: "reading a batch of frames".into(),
                            source: std::io::Error::new(
                                std::io::ErrorKind::UnexpectedEof,
                                format!("the sender closed after {i} of {count} frames"),
                            ),
                        })
                    }
                }
            }
            ack(&mut s)?;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framing::LengthPrefixed;

    #[test]
    fn every_link_delivers_and_closes() {
        let payload = vec![7u8; 100_000];
        let mut link = file_protocol_link(4096).unwrap();
        send_file_once(&mut link, &payload, 4096).unwrap();
        send_file_once(&mut link, &payload[..10], 4096).unwrap();
        link.close().unwrap();

        let mut link = raw_link(payload.len(), 1 << 20).unwrap();
        send_raw_once(&mut link, &payload, 1000).unwrap();
        link.close().unwrap();

        let codec = LengthPrefixed::default();
        let mut link = framed_link(codec, 3).unwrap();
        let mut batch = Vec::new();
        for m in [&b"a"[..], b"bb", b""] {
            codec.encode(m, &mut batch).unwrap();
        }
        link.stream().write_all(&batch).unwrap();
        link.wait_ack().unwrap();
        link.close().unwrap();
    }

    #[test]
    fn a_link_closed_mid_batch_reports_it() {
        let codec = LengthPrefixed::default();
        let mut link = framed_link(codec, 2).unwrap();
        codec.write_frame(link.stream(), b"only one").unwrap();
        let err = link.close().unwrap_err();
        assert_eq!(
            err.to_string(),
            "reading a batch of frames: the sender closed after 1 of 2 frames"
        );
    }
}
