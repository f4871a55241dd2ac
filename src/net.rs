//! Addresses, and the accept loop every demo server shares.
//!
//! The demos call `bind`, `connect`, `read` and `write` themselves, so a
//! reader sees each one; what is here is the plumbing around them: turning
//! `HOST:PORT` into an address with a clear error, and serving clients one
//! thread each, so that a client who misbehaves costs only its own connection.

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

/// Resolves `HOST:PORT` to the first address it names.
pub fn resolve(addr: &str) -> Result<SocketAddr> {
    let mut addrs = addr.to_socket_addrs().map_err(|source| Error::Resolve {
        addr: addr.to_string(),
        source,
    })?;
    addrs.next().ok_or_else(|| Error::Resolve {
        addr: addr.to_string(),
        source: std::io::Error::new(std::io::ErrorKind::NotFound, "no address found"),
    })
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
    let stream =
        TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT).map_err(|source| Error::Connect {
            addr: addr.to_string(),
            source,
        })?;
    stream
        .set_read_timeout(Some(READ_TIMEOUT))
        .map_err(Error::io("setting a read timeout"))?;
    Ok(stream)
}

/// Accepts clients on `listener` and runs `handle` for each on its own
/// thread. Stops accepting after `limit` clients when given (tests use this
/// so their servers end by themselves), and then waits for the handlers.
///
/// A handler's error is printed to stderr with the peer's address and ends
/// only that connection: the server keeps serving the next client.
pub fn serve_clients<H>(listener: &TcpListener, limit: Option<usize>, handle: H) -> Result<()>
where
    H: Fn(TcpStream, SocketAddr) -> Result<()> + Sync,
{
    std::thread::scope(|scope| {
        let mut served = 0usize;
        while limit.is_none_or(|max| served < max) {
            let (stream, peer) = match listener.accept() {
                Ok(pair) => pair,
                // A client that gave up between SYN and accept is not our failure.
                Err(e) => {
                    eprintln!("accept failed: {e}");
                    continue;
                }
            };
            served += 1;
            let handle = &handle;
            scope.spawn(move || {
                if let Err(e) = handle(stream, peer) {
                    eprintln!("client {peer}: {e}");
                }
            });
        }
    });
    Ok(())
}

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
    fn serve_clients_survives_a_failing_handler_and_stops_at_the_limit() {
        use std::io::{Read, Write};
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let client = std::thread::spawn(move || {
            let mut replies = Vec::new();
            for word in ["fail", "ok"] {
                let mut s = TcpStream::connect(addr).unwrap();
                s.write_all(word.as_bytes()).unwrap();
                s.shutdown(std::net::Shutdown::Write).unwrap();
                let mut reply = String::new();
                s.read_to_string(&mut reply).unwrap();
                replies.push(reply);
            }
            replies
        });
        serve_clients(&listener, Some(2), |mut s, _| {
            let mut word = String::new();
            s.read_to_string(&mut word).map_err(Error::io("test"))?;
            if word == "fail" {
                return Err(Error::FileExists("handler failed".into()));
            }
            s.write_all(b"served").map_err(Error::io("test"))
        })
        .unwrap();
        assert_eq!(
            client.join().unwrap(),
            vec!["".to_string(), "served".to_string()]
        );
    }
}

/// One datagram as `recv_from` saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Datagram {
    /// Bytes that fit in the buffer and were kept.
    pub kept: usize,
    /// Bytes the sender put in the datagram; more than `kept` means the rest
    /// was thrown away by the kernel, not kept for a later call.
    pub sent: usize,
    /// Who sent it.
    pub from: SocketAddr,
}

/// `recv_from(2)` with the `MSG_TRUNC` flag (Linux): the return value is the
/// datagram's real length even when the buffer was smaller, which is the only
/// way to see how many bytes a too-small buffer lost. Elsewhere, `sent` is
/// only known to be at least `kept`.
pub fn recv_datagram(socket: &std::net::UdpSocket, buf: &mut [u8]) -> std::io::Result<Datagram> {
    let sock = socket2::SockRef::from(socket);
    // SAFETY: every initialised `u8` is a valid `MaybeUninit<u8>`, and
    // socket2 only writes initialised bytes into the buffer.
    let uninit = unsafe { &mut *(buf as *mut [u8] as *mut [std::mem::MaybeUninit<u8>]) };
    #[cfg(target_os = "linux")]
    let flags = libc::MSG_TRUNC;
    #[cfg(not(target_os = "linux"))]
    let flags = 0;
    let (n, from) = sock.recv_from_with_flags(uninit, flags)?;
    let from = from.as_socket().ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "datagram from a non-IP address",
        )
    })?;
    Ok(Datagram {
        kept: n.min(buf.len()),
        sent: n,
        from,
    })
}
