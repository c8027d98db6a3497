//! The oracle: requests signed by the official `twilio` Python package, checked by
//! `relay verify` in both forms. relay must agree with RequestValidator.validate on every one.

mod common;
use common::*;
use serde_json::Value;
use std::collections::HashMap;

fn lines(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn relay_agrees_with_the_official_python_library() {
    let Some(py) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(&py)
        .arg(support("oracle_requests.py"))
        .arg(dir.path())
        .args(["--count", "600", "--seed", "2026"])
        .status()
        .unwrap();
    assert!(status.success(), "the generator failed");
    let keys: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("keys.json")).unwrap())
            .unwrap();
    let token = keys["token"].as_str().unwrap();
    let shared = format!(
        "{}={}",
        keys["shared_id"].as_str().unwrap(),
        keys["shared_secret"].as_str().unwrap()
    );
    let expected = lines(&dir.path().join("expected.jsonl"));
    let requests = lines(&dir.path().join("requests.jsonl"));
    assert!(expected.len() >= 500);
    let valid = expected.iter().filter(|e| e["valid"] == true).count();
    assert!(
        valid >= 150 && expected.len() - valid >= 150,
        "the oracle must hold both verdicts in numbers: {valid} valid"
    );

    // Form 1: the whole capture file at once.
    let out = run(relay()
        .args([
            "verify",
            "--json",
            "--auth-token",
            token,
            "--shared-key",
            &shared,
            "--capture",
        ])
        .arg(dir.path().join("requests.jsonl")));
    assert_eq!(
        out.status.code(),
        Some(1),
        "some requests are invalid, so exit 1: {}",
        stderr(&out)
    );
    let verdicts: HashMap<String, bool> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|v| {
            (
                v["id"].as_str().unwrap().to_string(),
                v["valid"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(verdicts.len(), expected.len());
    let mut disagreements = Vec::new();
    for e in &expected {
        let id = e["id"].as_str().unwrap();
        if verdicts[id] != e["valid"].as_bool().unwrap() {
            disagreements.push(format!("capture form: {id}"));
        }
    }

    // Form 2: each request by flags, as an operator would type it.
    for (e, r) in expected.iter().zip(&requests) {
        let id = e["id"].as_str().unwrap();
        let mut cmd = relay();
        cmd.args([
            "verify",
            "--json",
            "--auth-token",
            token,
            "--shared-key",
            &shared,
        ])
        .args(["--url", r["url"].as_str().unwrap()])
        .args([
            "--signature",
            r["headers"]["x-twilio-signature"].as_str().unwrap(),
        ]);
        if let Some(s) = r["headers"].get("x-twilio-webhooks-signature-settings") {
            cmd.args(["--settings-header", s.as_str().unwrap()]);
        }
        let body_file;
        match e["params"].as_array() {
            Some(params) => {
                for p in params {
                    cmd.arg(format!(
                        "--param={}={}",
                        p[0].as_str().unwrap(),
                        p[1].as_str().unwrap()
                    ));
                }
            }
            None => {
                body_file = dir.path().join(format!("{id}.json"));
                std::fs::write(&body_file, r["body"].as_str().unwrap()).unwrap();
                cmd.arg("--body-file").arg(&body_file);
            }
        }
        let out = run(&mut cmd);
        let want = if e["valid"].as_bool().unwrap() { 0 } else { 1 };
        if out.status.code() != Some(want) {
            disagreements.push(format!(
                "flag form: {id}: exit {:?}, {}",
                out.status.code(),
                stdout(&out)
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
