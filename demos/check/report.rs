//! What one run of the grader found, as data: a result per case, and the
//! JSON Lines record written with `--json`. Printing lives elsewhere (the
//! report card in `mod.rs`, the class board in `class.rs`), so the same
//! results can be shown on a projector and kept in a file.
//!
//! One record per line, one line per student (or per client connection,
//! for a grader that plays the server):
//!
//! ```text
//! {"student":"alice","to":"10.0.0.5:7878","demo":5,"passed":false,
//!  "cases":[{"case":"glued","result":"fail","hint":"…","sent":"…","got":"…"}, …],
//!  "seconds":4.2,"seed":81723}
//! ```
//!
//! A student who could not be graded at all has `"passed": false`, no cases
//! and an `"error"` saying why.

use std::io::{self, Write};

use serde::Serialize;

/// How one case ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Passed: what was seen, in a few words.
    Pass(String),
    /// Failed: what was sent, what came back, and the likely bug.
    Fail {
        sent: String,
        got: String,
        hint: String,
    },
    /// Not run: after a failure that makes it meaningless (the run has
    /// failed already), or because it could not be checked, and then the run
    /// is not a pass either.
    Skip { reason: String },
}

/// One case of a run, by name, and how it ended.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub case: &'static str,
    pub outcome: Outcome,
}

impl CaseResult {
    /// "pass", "fail" or "skip", as the JSON spells them.
    pub fn word(&self) -> &'static str {
        match self.outcome {
            Outcome::Pass(_) => "pass",
            Outcome::Fail { .. } => "fail",
            Outcome::Skip { .. } => "skip",
        }
    }
}

/// Every case a run chose, in order, or why none could be graded.
#[derive(Debug, Clone, Default)]
pub struct Results {
    pub cases: Vec<CaseResult>,
    /// Set when the run could not grade at all (nothing answered).
    pub error: Option<String>,
    pub seconds: f64,
}

impl Results {
    pub fn passed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Pass(_)))
    }

    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Fail { .. }))
    }

    pub fn skipped(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Skip { .. }))
    }

    fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.cases.iter().filter(|c| f(&c.outcome)).count()
    }

    /// A pass is every case run and passed: a case that could not be
    /// checked is not a pass.
    pub fn is_pass(&self) -> bool {
        self.error.is_none()
            && self
                .cases
                .iter()
                .all(|c| matches!(c.outcome, Outcome::Pass(_)))
    }

    /// The first case that did not pass, if one did not.
    pub fn first_miss(&self) -> Option<&CaseResult> {
        self.cases
            .iter()
            .find(|c| !matches!(c.outcome, Outcome::Pass(_)))
    }

    /// The exit status of a run: 0 graded and passed, 1 graded and not
    /// passed, 2 not graded at all.
    pub fn status(&self) -> i32 {
        if self.error.is_some() {
            2
        } else {
            i32::from(!self.is_pass())
        }
    }
}

/// The JSON Lines record of one student's run.
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    /// The student's name; the address when there is no roster.
    pub student: &'a str,
    pub to: &'a str,
    pub demo: u8,
    pub passed: bool,
    pub cases: Vec<CaseRecord<'a>>,
    pub seconds: f64,
    /// The seed of the random cuts, to replay the run with `--seed`.
    pub seed: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'a str>,
}

/// One case in a [`Record`]. `hint` is the likely bug for a failure, the
/// reason for a skip, and empty for a pass.
#[derive(Debug, Serialize)]
pub struct CaseRecord<'a> {
    pub case: &'a str,
    pub result: &'static str,
    pub hint: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub got: Option<&'a str>,
}

impl<'a> Record<'a> {
    pub fn new(student: &'a str, to: &'a str, demo: u8, seed: u64, results: &'a Results) -> Self {
        let cases = results
            .cases
            .iter()
            .map(|c| {
                let (hint, sent, got) = match &c.outcome {
                    Outcome::Pass(_) => ("", None, None),
                    Outcome::Fail { sent, got, hint } => {
                        (hint.as_str(), Some(sent.as_str()), Some(got.as_str()))
                    }
                    Outcome::Skip { reason, .. } => (reason.as_str(), None, None),
                };
                CaseRecord {
                    case: c.case,
                    result: c.word(),
                    hint,
                    sent,
                    got,
                }
            })
            .collect();
        Record {
            student,
            to,
            demo,
            passed: results.is_pass(),
            cases,
            // Milliseconds are all a teacher needs, and keep the file short.
            seconds: (results.seconds * 1000.0).round() / 1000.0,
            seed,
            error: results.error.as_deref(),
        }
    }

    /// Writes the record as one line of JSON, and flushes it, so a run cut
    /// short keeps every student graded so far.
    pub fn write_line(&self, mut out: impl Write) -> io::Result<()> {
        serde_json::to_writer(&mut out, self)?;
        out.write_all(b"\n")?;
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results(outcomes: Vec<Outcome>) -> Results {
        Results {
            cases: outcomes
                .into_iter()
                .map(|outcome| CaseResult {
                    case: "glued",
                    outcome,
                })
                .collect(),
            error: None,
            seconds: 1.23456,
        }
    }

    #[test]
    fn a_skip_that_follows_no_failure_is_not_a_pass() {
        let pass = Outcome::Pass("ok".into());
        assert_eq!(results(vec![pass.clone()]).status(), 0);
        let skip = Outcome::Skip {
            reason: "needs --dir".into(),
        };
        assert_eq!(results(vec![pass, skip]).status(), 1);
        let none = Results {
            error: Some("connection refused".into()),
            ..Results::default()
        };
        assert_eq!(none.status(), 2);
        assert!(!none.is_pass());
    }

    #[test]
    fn a_record_is_one_line_with_the_fields_of_its_outcome() {
        let r = results(vec![Outcome::Fail {
            sent: "20 frames".into(),
            got: "one \"frame\"\n".into(),
            hint: "is each recv() one message?".into(),
        }]);
        let mut line = Vec::new();
        Record::new("李雷", "10.0.0.5:7878", 5, 7, &r)
            .write_line(&mut line)
            .unwrap();
        let text = String::from_utf8(line).unwrap();
        assert_eq!(text.matches('\n').count(), 1);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["student"], "李雷");
        assert_eq!(v["passed"], false);
        assert_eq!(v["seconds"], 1.235);
        assert_eq!(v["cases"][0]["result"], "fail");
        assert_eq!(v["cases"][0]["got"], "one \"frame\"\n");
        assert!(v.get("error").is_none());
    }
}
