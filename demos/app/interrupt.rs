//! What the program does on Ctrl-C (SIGINT) or SIGTERM: every step asked
//! for, in order, then exit as an interrupted program does (130).
//!
//! The `ctrlc` crate takes one handler per process; a server that both
//! writes partial files (demo 06) and prints totals needs two steps. Each
//! asks for its step here, and the one handler runs them all.

use std::sync::{Mutex, Once, PoisonError};

use sticky::{Error, Result};

type Step = Box<dyn Fn() + Send>;

static STEPS: Mutex<Vec<Step>> = Mutex::new(Vec::new());
static INSTALLED: Once = Once::new();

/// Runs `step` on Ctrl-C, after the steps asked for before it.
pub fn on_interrupt(step: impl Fn() + Send + 'static) -> Result<()> {
    STEPS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(Box::new(step));
    let mut installed = Ok(());
    INSTALLED.call_once(|| {
        installed = ctrlc::set_handler(|| {
            for step in STEPS.lock().unwrap_or_else(PoisonError::into_inner).iter() {
                step();
            }
            std::process::exit(130);
        });
    });
    match installed {
        Ok(()) | Err(ctrlc::Error::MultipleHandlers) => Ok(()),
        Err(e) => Err(Error::Io {
            context: "installing the Ctrl-C handler".into(),
            source: std::io::Error::other(e),
        }),
    }
}
