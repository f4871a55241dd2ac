//! `--svg FILE`: the pictures a demo draws, collected while it runs and
//! written at the end as one SVG (drawn by `sticky::slides`).
//!
//! A demo calls [`record`] next to each boundary view it prints. A demo
//! whose reader is buried in a framing loop wraps that reader in
//! [`Recorded`], which notes each read's length here, and calls [`picture`]
//! with the messages as they went on the wire. Without `--svg` nothing is kept.

use std::io::Read;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use sticky::slides::{svg, Panel, SlideWords};

use super::lang::{lang, Lang};

/// The pictures of this run, once [`start`] was called.
static PANELS: Mutex<Option<Vec<Panel>>> = Mutex::new(None);

/// Read lengths noted by [`Recorded`] since the last [`picture`].
static READS: Mutex<Vec<usize>> = Mutex::new(Vec::new());
/// Reads noted per picture at most: a flood draws its first ones.
const MAX_READS: usize = 10_000;

/// A reader that notes the length of every read for the next [`picture`].
pub struct Recorded<R>(pub R);

impl<R: Read> Read for Recorded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.read(buf)?;
        if n > 0 && recording() {
            let mut reads = READS.lock().unwrap_or_else(PoisonError::into_inner);
            if reads.len() < MAX_READS {
                reads.push(n);
            }
        }
        Ok(n)
    }
}

/// One picture of `messages`, as written on the wire, and the reads
/// [`Recorded`] noted since the last picture.
pub fn picture(title: &str, messages: &[Vec<u8>]) {
    let reads = std::mem::take(&mut *READS.lock().unwrap_or_else(PoisonError::into_inner));
    record(title, messages, &reads);
}

fn recording() -> bool {
    PANELS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .is_some()
}

/// Keep the pictures from now on.
pub fn start() {
    *PANELS.lock().unwrap_or_else(PoisonError::into_inner) = Some(Vec::new());
}

/// One picture: `title` above, `messages` as written, `reads` as they came.
pub fn record(title: &str, messages: &[Vec<u8>], reads: &[usize]) {
    if let Some(panels) = PANELS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .as_mut()
    {
        panels.push(Panel {
            title: title.to_string(),
            messages: messages.to_vec(),
            reads: reads.to_vec(),
        });
    }
}

/// Writes the pictures kept so far to `path`, in the language of this run.
pub fn write(path: &Path) -> sticky::Result<()> {
    let panels = PANELS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
        .unwrap_or_default();
    std::fs::write(path, svg(&panels, &words())).map_err(sticky::Error::file(path))
}

/// The words inside the picture.
pub fn words() -> SlideWords {
    match lang() {
        Lang::En => SlideWords::ENGLISH,
        Lang::Zh => SlideWords {
            writes: "写",
            reads: "读",
            glued: "粘包",
            cut: "拆开",
            legend: "每条消息一种颜色、花纹和编号；粗框：一次读；锯齿线：消息在两次读之间被拆开；\
                     “粘包”：一次读里有几条消息",
        },
    }
}
