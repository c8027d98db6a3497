//! completions/ and docs/man/ are generated from the clap definition and checked in.
//! This fails when they are stale.

use std::path::Path;

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for sub in ["completions", "docs/man"] {
        let d = dir.join(sub);
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd {
            let p = e.unwrap().path();
            if sub == "docs/man" && p.extension().is_none_or(|x| x != "1") {
                continue;
            }
            out.push((
                format!("{sub}/{}", p.file_name().unwrap().to_string_lossy()),
                std::fs::read(&p).unwrap(),
            ));
        }
    }
    out.sort();
    out
}

#[test]
fn completions_and_man_pages_are_fresh() {
    let fresh = tempfile::tempdir().unwrap();
    relay::generation::write_assets(fresh.path()).unwrap();
    let want = files(fresh.path());
    let have = files(Path::new(env!("CARGO_MANIFEST_DIR")));
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&have),
        names(&want),
        "completions/ or docs/man/ is stale: run `cargo run -- generate-assets` and commit"
    );
    for ((name, a), (_, b)) in have.iter().zip(&want) {
        assert!(
            a == b,
            "{name} is stale: run `cargo run -- generate-assets` and commit"
        );
    }
    assert!(want.len() >= 6);
}
