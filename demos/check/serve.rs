//! `sticky check 5 --serve`: the grader turned around. A length-prefix echo
//! server that is legal but unkind to a client of your own: each connection
//! gets the next way of sending its echoes, and every frame is logged with
//! how its echo went out, so a client that fails can be read against it.
//!
//! ```text
//! sticky check 5 --serve --bind 127.0.0.1:7878     then run your client once per case
//! sticky check 5 --serve --case glued              every connection gets the same case
//! ```
//!
//! Wire format: demo 05's, `[u32 length][payload]`, each frame echoed.
//! What differs from `sticky serve 5` is only how the echoes are written:
//! - `cut`: one byte per write, 15 ms apart, with Nagle's algorithm off, so
//!   a client that takes one recv() for one echo gets a single byte;
//! - `glued`: held until the client has sent nothing for 100 ms, then all
//!   in one write, so a client that sends several frames before reading gets
//!   their echoes from one recv().

use std::io::{ErrorKind, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use crate::app::served::serve_clients;
use sticky::framing::{Framing, LengthPrefixed};
use sticky::net::{bind_tcp, resolve, Limits};
use sticky::{Error, Result};

use super::wire::{seconds, show, GAP, MAX_CUT};
use super::Plan;

/// The ways of echoing, given to connections in turn.
pub const WAYS: &[(&str, &str)] = &[
    (
        "cut",
        "every echo is written one byte at a time, 15 ms apart",
    ),
    (
        "glued",
        "echoes wait until the client pauses for 100 ms, then go out in one write",
    ),
];

/// How long the client must send nothing before glued echoes go out.
const PAUSE: Duration = Duration::from_millis(100);

/// Serves until `clients` connections have been served (or for ever).
pub fn run(plan: &Plan, bind: &str, clients: Option<usize>) -> Result<()> {
    let codec = LengthPrefixed::new(plan.endian, plan.max_frame);
    let listener = bind_tcp(resolve(bind)?)?;
    let local = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    let turn: Vec<&str> = match &plan.case {
        Some(name) => vec![name.as_str()],
        None => WAYS.iter().map(|w| w.0).collect(),
    };
    println!(
        "server: listening on {local}, '{}' frames echoed unkindly: {} (Ctrl-C to stop)",
        codec.endian().struct_format(),
        match &plan.case {
            Some(name) => format!("case {name} for every client"),
            None => format!("case {} in turn, one per client", turn.join(", then ")),
        }
    );
    let served = AtomicUsize::new(0);
    let limits = Limits {
        stop_after: clients,
        ..Limits::default()
    };
    serve_clients(&listener, limits, |stream, peer| -> Result<()> {
        let n = served.fetch_add(1, Ordering::Relaxed);
        let way = turn[n % turn.len()];
        let about = WAYS.iter().find(|w| w.0 == way).map_or("", |w| w.1);
        let client = n + 1;
        println!("client {client} {peer}: case {way}: {about}");
        let frames = match way {
            "cut" => echo_cut(&stream, &codec, client)?,
            _ => echo_glued(&stream, &codec, client)?,
        };
        println!("client {client}: closed after {frames} frames");
        Ok(())
    })
}

/// A frame as a log line shows it.
fn frame_line(client: usize, count: usize, frame: &[u8]) -> String {
    format!(
        "client {client}: frame {count}, {} bytes {}",
        frame.len(),
        show(frame, 30)
    )
}

/// Echoes each frame one byte per write (the first MAX_CUT bytes; the rest
/// of a large echo in one write, so the case ends in seconds).
fn echo_cut(stream: &TcpStream, codec: &LengthPrefixed, client: usize) -> Result<usize> {
    stream
        .set_nodelay(true)
        .map_err(Error::io("turning Nagle's algorithm off"))?;
    let mut count = 0;
    while let Some(frame) = codec.read_frame(&mut &*stream)? {
        count += 1;
        let mut echo = Vec::new();
        codec.encode(&frame, &mut echo)?;
        let singles = echo.len().min(MAX_CUT);
        // Logged first, so a client that hangs up mid-echo still shows here.
        println!(
            "{} -> echoed in {singles} one-byte writes, {} apart{}",
            frame_line(client, count, &frame),
            seconds(GAP),
            if singles < echo.len() {
                format!(", then {} bytes in one", echo.len() - singles)
            } else {
                String::new()
            }
        );
        for (i, byte) in echo[..singles].iter().enumerate() {
            if i > 0 {
                // The pause is what makes each byte its own recv() on the client.
                thread::sleep(GAP);
            }
            (&*stream)
                .write_all(&[*byte])
                .map_err(Error::io("writing an echo byte"))?;
        }
        (&*stream)
            .write_all(&echo[singles..])
            .map_err(Error::io("writing the rest of an echo"))?;
    }
    Ok(count)
}

/// Holds the echoes while the client keeps sending, and writes them all at
/// once when it pauses (or closes its side).
fn echo_glued(stream: &TcpStream, codec: &LengthPrefixed, client: usize) -> Result<usize> {
    let mut held: Vec<u8> = Vec::new();
    let mut held_count = 0;
    let mut count = 0;
    let flush = |held: &mut Vec<u8>, held_count: &mut usize| -> Result<()> {
        if held.is_empty() {
            return Ok(());
        }
        (&*stream)
            .write_all(held)
            .map_err(Error::io("writing the held echoes"))?;
        println!(
            "client {client}: {held_count} echoes -> one write of {} bytes",
            held.len()
        );
        held.clear();
        *held_count = 0;
        Ok(())
    };
    loop {
        if !held.is_empty() && !more_within(stream, PAUSE)? {
            flush(&mut held, &mut held_count)?;
        }
        let Some(frame) = codec.read_frame(&mut &*stream)? else {
            break;
        };
        count += 1;
        codec.encode(&frame, &mut held)?;
        held_count += 1;
        println!("{} -> held", frame_line(client, count, &frame));
        // Bounded: a client that never pauses still gets its echoes.
        if held.len() >= 64 * 1024 {
            flush(&mut held, &mut held_count)?;
        }
    }
    // The client may have closed only its sending side and still be reading.
    flush(&mut held, &mut held_count)?;
    Ok(count)
}

/// Whether the client sends anything within `pause`: a peek, so nothing is
/// taken from the stream. A close counts as nothing more.
fn more_within(stream: &TcpStream, pause: Duration) -> Result<bool> {
    stream
        .set_read_timeout(Some(pause))
        .map_err(Error::io("setting a read timeout"))?;
    let peeked = stream.peek(&mut [0u8; 1]);
    stream
        .set_read_timeout(None)
        .map_err(Error::io("clearing a read timeout"))?;
    match peeked {
        Ok(n) => Ok(n > 0),
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => Ok(false),
        Err(e) => Err(Error::io("waiting for the client")(e)),
    }
}
