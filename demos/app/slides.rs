//! `--svg FILE`: the pictures a demo draws, collected while it runs and
//! written at the end as one SVG (drawn by `sticky::slides`).
//!
//! A demo calls [`record`] next to each boundary view it prints; without
//! `--svg` nothing is kept.

use std::path::Path;
use std::sync::{Mutex, PoisonError};

use sticky::slides::{svg, Panel, SlideWords};

use super::lang::{lang, Lang};

/// The pictures of this run, once [`start`] was called.
static PANELS: Mutex<Option<Vec<Panel>>> = Mutex::new(None);

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
