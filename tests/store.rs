//! The same behavioural suite against both backends: a local directory, and a real
//! S3-compatible server (moto, started by scripts/test). The S3 client is never mocked.

mod common;
use relay::config::StoreConfig;
use relay::store::{Condition, Put, Store, StoreError, Version};

/// A fresh S3 bucket on the test server, or `None` outside scripts/test.
pub async fn s3_store() -> Option<(Store, StoreConfig)> {
    let endpoint = common::service("RELAY_TEST_S3_ENDPOINT", "an S3-compatible server (moto)")?;
    let bucket = format!("relay-test-{:016x}", rand_u64());
    let conf = aws_sdk_s3::config::Builder::new()
        .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
        .endpoint_url(&endpoint)
        .force_path_style(true)
        .region(aws_sdk_s3::config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_s3::config::Credentials::new(
            "testing", "testing", None, None, "test",
        ))
        .build();
    aws_sdk_s3::Client::from_conf(conf)
        .create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("create the test bucket");
    let config = StoreConfig {
        url: format!("s3://{bucket}/team-a"),
        endpoint: Some(endpoint),
        region: Some("us-east-1".into()),
        path_style: true,
        profile: None,
        retention: Default::default(),
    };
    Some((Store::open(&config).await.unwrap(), config))
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos(),
    );
    h.finish()
}

fn written(p: Put) -> Version {
    match p {
        Put::Written(v) => v,
        Put::Conflict => panic!("expected the write to succeed"),
    }
}

async fn suite(store: Store) {
    // Missing objects.
    assert!(store.get("a/missing.json").await.unwrap().is_none());
    // Create-if-absent: once.
    let v1 = written(
        store
            .put("a/doc.json", b"one".to_vec(), Condition::IfAbsent)
            .await
            .unwrap(),
    );
    assert_eq!(
        store
            .put("a/doc.json", b"two".to_vec(), Condition::IfAbsent)
            .await
            .unwrap(),
        Put::Conflict
    );
    let got = store.get("a/doc.json").await.unwrap().unwrap();
    assert_eq!(got.bytes, b"one");
    assert_eq!(got.version, v1);
    // Compare-and-swap: with the version read, then stale.
    let v2 = written(
        store
            .put(
                "a/doc.json",
                b"two".to_vec(),
                Condition::IfMatch(v1.clone()),
            )
            .await
            .unwrap(),
    );
    assert_ne!(v1, v2);
    assert_eq!(
        store
            .put(
                "a/doc.json",
                b"three".to_vec(),
                Condition::IfMatch(v1.clone())
            )
            .await
            .unwrap(),
        Put::Conflict
    );
    assert_eq!(
        store.get("a/doc.json").await.unwrap().unwrap().bytes,
        b"two"
    );
    // CAS on a missing key is a conflict, not a create.
    assert_eq!(
        store
            .put(
                "a/nothing.json",
                b"x".to_vec(),
                Condition::IfMatch(v2.clone())
            )
            .await
            .unwrap(),
        Put::Conflict
    );
    assert!(store.get("a/nothing.json").await.unwrap().is_none());
    // Unconditional writes.
    written(
        store
            .put("a/doc.json", b"four".to_vec(), Condition::Always)
            .await
            .unwrap(),
    );
    // Listing: sorted, by prefix, nested keys.
    for k in [
        "b/2.json",
        "b/1.json",
        "b/sub/3.json",
        "bb/4.json",
        "c.json",
    ] {
        written(
            store
                .put(k, k.as_bytes().to_vec(), Condition::Always)
                .await
                .unwrap(),
        );
    }
    assert_eq!(
        store.list("b/").await.unwrap(),
        vec!["b/1.json", "b/2.json", "b/sub/3.json"]
    );
    assert_eq!(
        store.list("b").await.unwrap(),
        vec!["b/1.json", "b/2.json", "b/sub/3.json", "bb/4.json"]
    );
    assert_eq!(store.list("zzz/").await.unwrap(), Vec::<String>::new());
    assert!(
        store
            .list("")
            .await
            .unwrap()
            .contains(&"c.json".to_string())
    );
    // Delete: gone, and deleting again is fine.
    store.delete("b/2.json").await.unwrap();
    store.delete("b/2.json").await.unwrap();
    assert!(store.get("b/2.json").await.unwrap().is_none());
    assert_eq!(
        store.list("b/").await.unwrap(),
        vec!["b/1.json", "b/sub/3.json"]
    );
    // Bad keys are refused before reaching the backend.
    for bad in ["", "/abs", "a//b", "a/../b", ".lock", "a/.tmp-x"] {
        assert!(
            matches!(store.get(bad).await, Err(StoreError::BadKey { .. })),
            "{bad:?}"
        );
    }
    // JSON helpers: sorted keys, four-space indent.
    written(
        store
            .put_json(
                "j.json",
                &serde_json::json!({"b": 1, "a": {"d": 2, "c": 3}}),
                Condition::Always,
            )
            .await
            .unwrap(),
    );
    let text = String::from_utf8(store.get("j.json").await.unwrap().unwrap().bytes).unwrap();
    assert_eq!(
        text,
        "{\n    \"a\": {\n        \"c\": 3,\n        \"d\": 2\n    },\n    \"b\": 1\n}\n"
    );
}

/// Many writers incrementing one counter by compare-and-swap lose no update.
async fn no_lost_updates(store: Store) {
    written(
        store
            .put("counter", b"0".to_vec(), Condition::IfAbsent)
            .await
            .unwrap(),
    );
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut conflicts = 0;
            for _ in 0..10 {
                loop {
                    let obj = store.get("counter").await.unwrap().unwrap();
                    let n: u64 = String::from_utf8(obj.bytes).unwrap().parse().unwrap();
                    match store
                        .put(
                            "counter",
                            (n + 1).to_string().into_bytes(),
                            Condition::IfMatch(obj.version),
                        )
                        .await
                        .unwrap()
                    {
                        Put::Written(_) => break,
                        Put::Conflict => conflicts += 1,
                    }
                }
            }
            conflicts
        }));
    }
    let mut conflicts = 0;
    for t in tasks {
        conflicts += t.await.unwrap();
    }
    let n = store.get("counter").await.unwrap().unwrap().bytes;
    assert_eq!(
        n, b"80",
        "every increment survives ({conflicts} conflicts were retried)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn file_backend_behaves() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("file://{}", dir.path().display());
    let store = Store::open(&StoreConfig {
        url,
        ..Default::default()
    })
    .await
    .unwrap();
    suite(store.clone()).await;
    no_lost_updates(store).await;
    // Nothing but the objects and the lock file is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("a"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        leftovers
            .iter()
            .all(|n| !n.to_string_lossy().starts_with(".tmp")),
        "{leftovers:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn s3_backend_behaves() {
    let Some((store, _)) = s3_store().await else {
        return;
    };
    suite(store.clone()).await;
    no_lost_updates(store).await;
}

#[tokio::test]
async fn unreachable_s3_says_where_and_which_credentials() {
    let config = StoreConfig {
        url: "s3://no-such-bucket/x".into(),
        endpoint: Some("http://127.0.0.1:9".into()),
        region: Some("us-east-1".into()),
        path_style: true,
        profile: None,
        retention: Default::default(),
    };
    let store = Store::open(&config).await.unwrap();
    let err = store.get("roster.json").await.unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, StoreError::Unavailable { .. }));
    assert!(
        msg.contains("127.0.0.1:9") && msg.contains("credentials"),
        "{msg}"
    );
}
