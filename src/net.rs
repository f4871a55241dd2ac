//! Addresses, and datagrams.
//!
//! The demos call `bind`, `connect`, `read` and `write` themselves, so a
//! reader sees each one; what is here is the plumbing around them: turning
//! `HOST:PORT` into an address with a clear error, and reading a datagram's
//! real length. The accept loop the servers share is in [`crate::server`].

use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::time::Duration;

use crate::error::{Error, Result};

/// Where servers listen unless told otherwise: loopback only, so a demo
/// started by accident is not reachable from the classroom network.
pub const DEFAULT_BIND: &str = "127.0.0.1:7878";

/// Where clients connect unless told otherwise.
pub const DEFAULT_CONNECT: &str = "127.0.0.1:7878";

/// How long a client waits for a connection before giving up, so a wrong
/// address fails in seconds instead of hanging for minutes.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Resolves `HOST:PORT` to every address it names, in the resolver's order
/// (`localhost` is often `::1` first, then `127.0.0.1`).
pub fn resolve_all(addr: &str) -> Result<Vec<SocketAddr>> {
    let addrs: Vec<SocketAddr> = addr
        .to_socket_addrs()
        .map_err(|source| Error::Resolve {
            addr: addr.to_string(),
            source,
        })?
        .collect();
    if addrs.is_empty() {
        return Err(Error::Resolve {
            addr: addr.to_string(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no address found"),
        });
    }
    Ok(addrs)
}

/// Resolves `HOST:PORT` to the first address it names: for a server, which
/// binds one address.
pub fn resolve(addr: &str) -> Result<SocketAddr> {
    Ok(resolve_all(addr)?[0])
}

/// `TcpListener::bind` with the address in the error.
pub fn bind_tcp(addr: SocketAddr) -> Result<TcpListener> {
    TcpListener::bind(addr).map_err(|source| Error::Bind {
        addr: addr.to_string(),
        source,
    })
}

/// How long a client waits for the next byte before giving up, so a client
/// pointed at the wrong demo's server reports it instead of hanging.
pub const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// `TcpStream::connect_timeout` with the address in the error, and a read
/// timeout of [`READ_TIMEOUT`] on the connected stream.
pub fn connect_tcp(addr: SocketAddr) -> Result<TcpStream> {
    connect_any(&[addr])
}

/// Tries each address in turn, as `TcpStream::connect` does for a name, and
/// returns the first connection; the error names the last address tried.
/// This is what makes `localhost:7878` reach a server on `127.0.0.1` when the
/// name resolves to `::1` first.
pub fn connect_any(addrs: &[SocketAddr]) -> Result<TcpStream> {
    let mut last = None;
    for &addr in addrs {
        match TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT) {
            Ok(stream) => {
                stream
                    .set_read_timeout(Some(READ_TIMEOUT))
                    .map_err(Error::io("setting a read timeout"))?;
                return Ok(stream);
            }
            Err(source) => {
                last = Some(Error::Connect {
                    addr: addr.to_string(),
                    source,
                })
            }
        }
    }
    Err(last.unwrap_or_else(|| Error::Resolve {
        addr: String::new(),
        source: std::io::Error::new(std::io::ErrorKind::NotFound, "no address to connect to"),
    }))
}

// The accept loop lives in `server`; its limits are named here too, where
// the addresses are, for the programs that set both.
pub use crate::server::{
    Limits, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CLIENTS, DEFAULT_MAX_PER_ADDRESS,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_refuses_an_address_without_port() {
        let err = resolve("127.0.0.1").unwrap_err();
        assert!(
            err.to_string().starts_with("cannot resolve \"127.0.0.1\""),
            "{err}"
        );
    }

    #[test]
    fn bind_error_names_the_address_and_suggests_a_free_port() {
        let first = TcpListener::bind("127.0.0.1:0").unwrap();
        let taken = first.local_addr().unwrap();
        let err = bind_tcp(taken).unwrap_err().to_string();
        assert!(err.starts_with(&format!("cannot bind {taken}: ")), "{err}");
    }

    #[test]
    fn connect_refused_names_the_address() {
        // Bind then drop to find a port nobody listens on.
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let err = connect_tcp(port).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("cannot connect to {port}: ")),
            "{err}"
        );
        assert!(err.contains("refused"), "{err}");
    }

    #[test]
    fn connect_any_moves_on_to_the_next_address() {
        // As `localhost` may name ::1 first while the server is on 127.0.0.1.
        let dead = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let live = TcpListener::bind("127.0.0.1:0").unwrap();
        let stream = connect_any(&[dead, live.local_addr().unwrap()]).unwrap();
        assert_eq!(stream.peer_addr().unwrap(), live.local_addr().unwrap());
        let err = connect_any(&[dead]).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("cannot connect to {dead}: ")),
            "{err}"
        );
    }
}

/// One datagram as `recv_from` saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Datagram {
    /// Bytes that fit in the buffer and were kept.
    pub kept: usize,
    /// Bytes the sender put in the datagram, when known; more than `kept`
    /// means the rest was thrown away by the kernel, not kept for a later
    /// call. `None`: the datagram filled the buffer, so part of it may have
    /// been thrown away, and how much is known only where the system reports
    /// a datagram's real length (Linux, through `MSG_TRUNC`).
    pub sent: Option<usize>,
    /// Who sent it.
    pub from: SocketAddr,
}

impl Datagram {
    /// Bytes thrown away because the buffer was too small, when known.
    pub fn lost(&self) -> Option<usize> {
        self.sent.map(|sent| sent - self.kept)
    }
}

/// `recv_from(2)` with the `MSG_TRUNC` flag on Linux: the return value is
/// then the datagram's real length even when the buffer was smaller, which
/// is the only way to see how many bytes a too-small buffer lost. Elsewhere
/// the return value is what was kept, and a datagram that fills the buffer
/// may or may not have been longer: its `sent` is `None`.
pub fn recv_datagram(socket: &std::net::UdpSocket, buf: &mut [u8]) -> std::io::Result<Datagram> {
    let sock = socket2::SockRef::from(socket);
    // SAFETY: every initialised `u8` is a valid `MaybeUninit<u8>`, and
    // socket2 only writes initialised bytes into the buffer.
    let uninit = unsafe { &mut *(buf as *mut [u8] as *mut [std::mem::MaybeUninit<u8>]) };
    #[cfg(target_os = "linux")]
    let (flags, real_length) = (libc::MSG_TRUNC, true);
    #[cfg(not(target_os = "linux"))]
    let (flags, real_length) = (0, false);
    let (n, from) = sock.recv_from_with_flags(uninit, flags)?;
    let from = from.as_socket().ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "datagram from a non-IP address",
        )
    })?;
    let (kept, sent) = lengths(n, buf.len(), real_length);
    Ok(Datagram { kept, sent, from })
}

/// What `recv_from` returning `n` into a buffer of `room` bytes says about
/// the datagram: the bytes kept, and its length when that is known.
/// `real_length`: `n` is the datagram's length, as with `MSG_TRUNC`.
fn lengths(n: usize, room: usize, real_length: bool) -> (usize, Option<usize>) {
    match (real_length, n < room) {
        (true, _) => (n.min(room), Some(n)),
        // Room to spare: the whole datagram is in.
        (false, true) => (n, Some(n)),
        // Full to the last byte: whole, or cut; the system does not say.
        (false, false) => (n, None),
    }
}

#[cfg(test)]
mod datagram_tests {
    use super::*;
    use std::net::UdpSocket;

    #[test]
    fn a_full_buffer_is_a_known_length_only_where_the_system_reports_it() {
        // With MSG_TRUNC (Linux): the real length, even past the buffer.
        assert_eq!(lengths(2000, 1024, true), (1024, Some(2000)));
        assert_eq!(lengths(1024, 1024, true), (1024, Some(1024)));
        // Without: a datagram with room to spare is known to be whole …
        assert_eq!(lengths(5, 1024, false), (5, Some(5)));
        // … and one that fills the buffer may have been longer.
        assert_eq!(lengths(1024, 1024, false), (1024, None));
    }

    #[test]
    fn a_datagram_longer_than_the_buffer_is_never_called_whole() {
        let server = UdpSocket::bind("127.0.0.1:0").unwrap();
        let client = UdpSocket::bind("127.0.0.1:0").unwrap();
        client
            .send_to(&[b'x'; 2000], server.local_addr().unwrap())
            .unwrap();
        let mut buf = [0u8; 1024];
        let d = recv_datagram(&server, &mut buf).unwrap();
        assert_eq!(d.kept, 1024);
        assert_ne!(d.sent, Some(1024));
        #[cfg(target_os = "linux")]
        assert_eq!((d.sent, d.lost()), (Some(2000), Some(976)));
        #[cfg(not(target_os = "linux"))]
        assert_eq!((d.sent, d.lost()), (None, None));
    }
}
