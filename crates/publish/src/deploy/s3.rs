//! An S3-compatible bucket (object_store): AWS S3, MinIO, Ceph, Garage, Cloudflare R2.
//! Credentials come from the usual `AWS_*` variables. Each object is sent with its
//! Content-Type and Cache-Control, and a precompressed copy with its Content-Encoding.

use super::{Target, Upload, MANIFEST};
use futures_util::stream::{self, StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path as ObjectPath;
use object_store::{
    Attribute, Attributes, ClientOptions, ObjectStore, ObjectStoreExt, PutOptions, RetryConfig,
};
use std::time::Duration;

/// Uploads in flight at once.
const PARALLEL: usize = 16;

pub struct Bucket {
    store: AmazonS3,
    bucket: String,
    /// Below which key the site goes: empty, or ending with `/`.
    prefix: String,
    runtime: tokio::runtime::Runtime,
}

impl Bucket {
    /// `s3://bucket` or `s3://bucket/prefix`; `endpoint` for a server other than AWS
    /// (`http://127.0.0.1:9000`).
    pub fn new(url: &str, endpoint: Option<&str>, region: Option<&str>) -> Result<Bucket, String> {
        let rest = url
            .strip_prefix("s3://")
            .ok_or_else(|| format!("{url}: a bucket is named s3://bucket or s3://bucket/prefix"))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(format!("{url}: no bucket name"));
        }
        let prefix = prefix.trim_matches('/');
        let prefix = if prefix.is_empty() {
            String::new()
        } else {
            format!("{prefix}/")
        };
        let mut builder = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            // An unreachable target says so within seconds, not minutes.
            .with_client_options(
                ClientOptions::new()
                    .with_connect_timeout(Duration::from_secs(5))
                    .with_timeout(Duration::from_secs(120)),
            )
            .with_retry(RetryConfig {
                max_retries: 3,
                retry_timeout: Duration::from_secs(30),
                ..RetryConfig::default()
            });
        if let Some(endpoint) = endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"));
        }
        if let Some(region) = region {
            builder = builder.with_region(region);
        }
        let store = builder.build().map_err(|e| e.to_string())?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Bucket {
            store,
            bucket: bucket.to_string(),
            prefix,
            runtime,
        })
    }

    fn key(&self, rel: &str) -> ObjectPath {
        ObjectPath::from(format!("{}{rel}", self.prefix))
    }
}

impl Target for Bucket {
    fn describe(&self) -> String {
        format!("s3://{}/{}", self.bucket, self.prefix)
    }

    fn manifest(&self) -> Result<Option<Vec<u8>>, String> {
        self.runtime.block_on(async {
            match self.store.get(&self.key(MANIFEST)).await {
                Ok(found) => found
                    .bytes()
                    .await
                    .map(|b| Some(b.to_vec()))
                    .map_err(explain),
                Err(object_store::Error::NotFound { .. }) => Ok(None),
                Err(e) => Err(explain(e)),
            }
        })
    }

    fn put_all(&self, files: &[Upload]) -> Result<(), String> {
        self.runtime.block_on(async {
            stream::iter(files)
                .map(|u| async move {
                    let bytes = tokio_read(&u.from).await?;
                    let mut attributes = Attributes::new();
                    attributes.insert(Attribute::ContentType, u.content_type.into());
                    attributes.insert(Attribute::CacheControl, u.cache_control.into());
                    if let Some(coding) = u.encoding {
                        attributes.insert(Attribute::ContentEncoding, coding.into());
                    }
                    let options = PutOptions {
                        attributes,
                        ..PutOptions::default()
                    };
                    self.store
                        .put_opts(&self.key(&u.rel), bytes.into(), options)
                        .await
                        .map(|_| ())
                        .map_err(|e| format!("{}: {}", u.rel, explain(e)))
                })
                .buffer_unordered(PARALLEL)
                .try_collect::<Vec<()>>()
                .await
                .map(|_| ())
        })
    }

    fn delete_all(&self, paths: &[String]) -> Result<(), String> {
        self.runtime.block_on(async {
            stream::iter(paths)
                .map(|rel| async move {
                    match self.store.delete(&self.key(rel)).await {
                        Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                        Err(e) => Err(format!("{rel}: {}", explain(e))),
                    }
                })
                .buffer_unordered(PARALLEL)
                .try_collect::<Vec<()>>()
                .await
                .map(|_| ())
        })
    }

    fn put_manifest(&self, bytes: Vec<u8>) -> Result<(), String> {
        self.runtime.block_on(async {
            let mut attributes = Attributes::new();
            attributes.insert(Attribute::ContentType, "application/json".into());
            attributes.insert(Attribute::CacheControl, "no-store".into());
            let options = PutOptions {
                attributes,
                ..PutOptions::default()
            };
            self.store
                .put_opts(&self.key(MANIFEST), bytes.into(), options)
                .await
                .map(|_| ())
                .map_err(explain)
        })
    }
}

async fn tokio_read(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))
    })
    .await
    .map_err(|e| e.to_string())?
}

/// object_store's error with what a person can do about it.
fn explain(e: object_store::Error) -> String {
    let text = e.to_string();
    let lower = text.to_lowercase();
    if lower.contains("403") || lower.contains("accessdenied") || lower.contains("signature") {
        format!(
            "the bucket refused the credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY): {text}"
        )
    } else if ["connect", "dns", "timed out", "error sending request"]
        .iter()
        .any(|m| lower.contains(m))
    {
        format!("cannot reach the bucket's server: {text}")
    } else if lower.contains("nosuchbucket") {
        format!("no such bucket: {text}")
    } else {
        text
    }
}
