//! The S3 backend (`s3://BUCKET/PREFIX`): AWS, or any S3-compatible server.
//!
//! Compare-and-swap is `If-Match: <ETag>`, create-if-absent `If-None-Match: *`; S3 answers
//! 412 (or 409 for a concurrent conditional write) when the condition fails, which becomes
//! [`Put::Conflict`]. Writes are sent once: retrying them, and telling a retry that meets
//! its own earlier write from a real conflict, is [`super::Store::put`]'s. Credentials come
//! from the standard AWS chain (environment, profile, container or instance role).

use super::{Backend, Condition, Object, Put, StoreError, Version};
use crate::config::StoreConfig;
use aws_sdk_s3::Client;
use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::primitives::ByteStream;
use std::time::Duration;

pub struct S3Backend {
    client: Client,
    bucket: String,
    /// Empty, or ending in `/`.
    prefix: String,
    endpoint: Option<String>,
    credentials: String,
}

impl S3Backend {
    pub async fn open(bucket: &str, prefix: &str, config: &StoreConfig) -> S3Backend {
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
        if let Some(region) = &config.region {
            loader = loader.region(aws_config::Region::new(region.clone()));
        }
        if let Some(profile) = &config.profile {
            loader = loader.profile_name(profile);
        }
        let timeouts = aws_config::timeout::TimeoutConfig::builder()
            .connect_timeout(Duration::from_secs(5))
            .operation_attempt_timeout(Duration::from_secs(20))
            .build();
        let shared = loader.timeout_config(timeouts).load().await;
        let mut builder =
            aws_sdk_s3::config::Builder::from(&shared).force_path_style(config.path_style);
        if let Some(endpoint) = &config.endpoint {
            builder = builder.endpoint_url(endpoint);
        }
        if shared.region().is_none() {
            // S3-compatible servers rarely care; AWS will say so if it does.
            builder = builder.region(aws_config::Region::new("us-east-1"));
        }
        let prefix = prefix.trim_matches('/');
        let credentials = if std::env::var_os("AWS_ACCESS_KEY_ID").is_some() {
            "credentials from AWS_ACCESS_KEY_ID".to_string()
        } else if let Some(p) = config
            .profile
            .clone()
            .or_else(|| std::env::var("AWS_PROFILE").ok())
        {
            format!("credentials from profile {p}")
        } else {
            "credentials from the default AWS chain (~/.aws, container or instance role)"
                .to_string()
        };
        S3Backend {
            client: Client::from_conf(builder.build()),
            bucket: bucket.to_string(),
            prefix: if prefix.is_empty() {
                String::new()
            } else {
                format!("{prefix}/")
            },
            endpoint: config.endpoint.clone(),
            credentials,
        }
    }

    fn full(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    fn unavailable<E>(&self, what: &str, err: &SdkError<E, HttpResponse>) -> StoreError
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let detail = match err.as_service_error() {
            Some(se) => format!(
                "{} {}",
                se.code().unwrap_or("error"),
                se.message()
                    .map(str::to_string)
                    .unwrap_or_else(|| crate::exit::chain(se))
            ),
            None => crate::exit::chain(err),
        };
        StoreError::Unavailable {
            store: self.describe(),
            message: format!("{what}: {detail} ({})", self.credentials),
        }
    }
}

fn status_of<E>(err: &SdkError<E, HttpResponse>) -> Option<u16> {
    err.raw_response().map(|r| r.status().as_u16())
}

#[async_trait::async_trait]
impl Backend for S3Backend {
    fn describe(&self) -> String {
        let mut s = format!("s3://{}/{}", self.bucket, self.prefix);
        if let Some(e) = &self.endpoint {
            s.push_str(&format!(" (endpoint {e})"));
        }
        s
    }

    async fn get(&self, key: &str) -> Result<Option<Object>, StoreError> {
        let res = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(self.full(key))
            .send()
            .await;
        match res {
            Ok(out) => {
                let version = Version(out.e_tag().unwrap_or_default().to_string());
                let bytes = out
                    .body
                    .collect()
                    .await
                    .map_err(|e| StoreError::Unavailable {
                        store: self.describe(),
                        message: format!("reading {key}: {e}"),
                    })?
                    .into_bytes()
                    .to_vec();
                Ok(Some(Object { bytes, version }))
            }
            Err(e) if status_of(&e) == Some(404) && !is_no_such_bucket(&e) => Ok(None),
            Err(e) => Err(self.unavailable(&format!("cannot read {key}"), &e)),
        }
    }

    async fn put(
        &self,
        key: &str,
        bytes: Vec<u8>,
        condition: Condition,
    ) -> Result<Put, StoreError> {
        let mut req = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(self.full(key))
            .content_type(if key.ends_with(".json") {
                "application/json"
            } else {
                "application/octet-stream"
            })
            .body(ByteStream::from(bytes));
        req = match &condition {
            Condition::Always => req,
            Condition::IfAbsent => req.if_none_match("*"),
            Condition::IfMatch(v) => req.if_match(&v.0),
        };
        // The SDK's own retries are off for writes: a retried conditional write that meets
        // its own first attempt must be seen as ambiguous, and [`super::Store::put`] is where
        // that is resolved (it retries, then reads back).
        let once = aws_sdk_s3::config::Builder::default()
            .retry_config(aws_sdk_s3::config::retry::RetryConfig::disabled());
        match req.customize().config_override(once).send().await {
            Ok(out) => Ok(Put::Written(Version(
                out.e_tag().unwrap_or_default().to_string(),
            ))),
            // 412 Precondition Failed; 409 ConditionalRequestConflict (a concurrent
            // conditional write); 404 for If-Match on a key that does not exist.
            Err(e)
                if condition != Condition::Always && matches!(status_of(&e), Some(412 | 409)) =>
            {
                Ok(Put::Conflict)
            }
            Err(e)
                if matches!(condition, Condition::IfMatch(_))
                    && status_of(&e) == Some(404)
                    && !is_no_such_bucket(&e) =>
            {
                Ok(Put::Conflict)
            }
            Err(e) => Err(self.unavailable(&format!("cannot write {key}"), &e)),
        }
    }

    async fn list(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        let mut keys = Vec::new();
        let mut pages = self
            .client
            .list_objects_v2()
            .bucket(&self.bucket)
            .prefix(self.full(prefix))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.unavailable(&format!("cannot list {prefix}"), &e))?;
            for obj in page.contents() {
                if let Some(k) = obj.key().and_then(|k| k.strip_prefix(&self.prefix)) {
                    keys.push(k.to_string());
                }
            }
        }
        keys.sort();
        Ok(keys)
    }

    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(self.full(key))
            .send()
            .await
            .map(|_| ())
            .map_err(|e| self.unavailable(&format!("cannot delete {key}"), &e))
    }
}

fn is_no_such_bucket<E: ProvideErrorMetadata>(e: &SdkError<E, HttpResponse>) -> bool {
    e.as_service_error().and_then(|se| se.code()) == Some("NoSuchBucket")
}
