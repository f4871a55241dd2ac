//! Pictures in the docs: produced by the program, checked like the transcripts.
//!
//! A chapter marks each picture it shows with the command that draws it:
//!
//! ````text
//! <!-- svg: run 3 --seed 7 -> img/demo-03-seed-7.svg -->
//! ![what the picture shows](img/demo-03-seed-7.svg)
//! ````
//!
//! `sticky docs --write` runs `sticky ARGS --svg FILE` for every marker and
//! puts the picture at the path (relative to the chapter's folder);
//! `sticky docs --check` fails when a picture differs from what the program
//! draws now, or is missing.

use std::path::Path;
use std::process::Command;

use sticky::Error;

use super::transcript::WORDS;
use super::Failure;
use crate::tr;

const OPEN: &str = "<!-- svg:";

/// Checks, or with `write` regenerates, the pictures marked in the Markdown
/// files of `dir`. Returns a line per picture and how many were stale.
pub fn process_dir(dir: &Path, exe: &Path, write: bool) -> Result<(Vec<String>, usize), Failure> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(Error::file(dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    let (mut lines, mut stale) = (Vec::new(), 0);
    for path in files {
        let text = std::fs::read_to_string(&path).map_err(Error::file(&path))?;
        for marker in text.split(OPEN).skip(1) {
            let Some(end) = marker.find("-->") else {
                return Err(Failure::Other(format!(
                    "{}: an svg marker is not closed with -->",
                    path.display()
                )));
            };
            let Some((command, target)) = marker[..end].split_once(" -> ") else {
                return Err(Failure::Other(format!(
                    "{}: svg marker `{}` lacks `-> PATH`",
                    path.display(),
                    marker[..end].trim()
                )));
            };
            let (command, target) = (command.trim(), dir.join(target.trim()));
            let drawn = draw(exe, command)?;
            let name = path.display();
            match std::fs::read_to_string(&target) {
                Ok(old) if old == drawn => lines.push(tr!(
                    WORDS,
                    "picture-up-to-date",
                    name = name,
                    command = command
                )),
                _ => {
                    stale += 1;
                    lines.push(tr!(
                        WORDS,
                        "picture-differs",
                        name = name,
                        command = command,
                        target = target.display()
                    ));
                    if write {
                        std::fs::write(&target, &drawn).map_err(Error::file(&target))?;
                    }
                }
            }
        }
    }
    Ok((lines, stale))
}

/// What `sticky ARGS --svg FILE` draws, run as the transcripts are run.
fn draw(exe: &Path, command: &str) -> Result<String, Failure> {
    let dir = tempfile::tempdir().map_err(Error::io("making a folder for a picture"))?;
    let file = dir.path().join("picture.svg");
    let out = Command::new(exe)
        .args(command.split_whitespace())
        .args(["--color", "never", "--svg"])
        .arg(&file)
        .env_remove("COLUMNS")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .output()
        .map_err(Error::io(format!("running {}", exe.display())))?;
    if !out.status.success() {
        return Err(Failure::Other(format!(
            "`sticky {command} --svg` failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    std::fs::read_to_string(&file).map_err(|e| Failure::from(Error::file(&file)(e)))
}
