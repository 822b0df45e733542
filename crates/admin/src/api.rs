//! The newsroom service's API, as the app calls it: JSON both ways, the CSRF token on
//! every change, and every failure as a message in Vietnamese.

use gloo_net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    /// `author`, `editor` or `admin`.
    pub role: String,
    pub categories: Vec<String>,
    pub must_change_password: bool,
}

impl User {
    /// Whether this person approves, rejects, publishes and schedules.
    pub fn edits(&self) -> bool {
        self.role == "editor" || self.role == "admin"
    }

    pub fn role_name(&self) -> &'static str {
        match self.role.as_str() {
            "admin" => "Quản trị",
            "editor" => "Biên tập",
            _ => "Tác giả",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Session {
    pub user: User,
    pub csrf: String,
    /// The categories this person writes in.
    #[serde(default)]
    pub categories: Vec<Category>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Category {
    pub slug: String,
    pub name: String,
}

/// The fields of an article, as the service takes and gives them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Fields {
    pub title: String,
    pub slug: String,
    pub category: String,
    pub date: String,
    pub author: String,
    pub source: String,
    pub summary: String,
    pub lead: String,
    pub tags: Vec<String>,
    pub featured: bool,
    pub thumbnail: String,
    pub thumbnail_alt: String,
    pub publish_at: String,
    pub expire_at: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Summary {
    pub id: i64,
    pub title: String,
    pub slug: String,
    pub category: String,
    #[serde(default)]
    pub date: String,
    pub status: String,
    pub version: i64,
    pub author: Option<String>,
    pub note: Option<String>,
    pub updated_at: i64,
}

/// A page of the article list, and the count of each state under the other filters.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ListPage {
    pub items: Vec<Summary>,
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    #[serde(default)]
    pub counts: std::collections::HashMap<String, usize>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Revision {
    pub version: i64,
    pub user: Option<String>,
    /// Unix seconds.
    pub at: i64,
    pub fields: Option<Fields>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Opened {
    pub id: i64,
    pub status: String,
    pub version: i64,
    pub note: Option<String>,
    pub editable: bool,
    pub fields: Fields,
}

/// A status as the staff read it.
pub fn status_name(status: &str) -> &'static str {
    match status {
        "draft" => "Bản nháp",
        "pending" => "Chờ duyệt",
        "rejected" => "Bị trả lại",
        "scheduled" => "Hẹn giờ đăng",
        "published" => "Đã đăng",
        "expired" => "Hết hạn",
        _ => "Không rõ",
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// 0 when the service could not be reached.
    pub status: u16,
    pub message: String,
    pub detail: Option<Value>,
}

impl Failure {
    fn offline() -> Failure {
        Failure {
            status: 0,
            message: "Không kết nối được máy chủ tòa soạn. Chưa có gì được lưu; hãy kiểm tra mạng rồi thử lại."
                .into(),
            detail: None,
        }
    }
}

async fn answer<T: DeserializeOwned>(
    request: RequestBuilder,
    body: Option<String>,
) -> Result<T, Failure> {
    let request = match body {
        Some(b) => request.header("Content-Type", "application/json").body(b),
        None => request.build(),
    };
    let response = request
        .map_err(|_| Failure::offline())?
        .send()
        .await
        .map_err(|_| Failure::offline())?;
    let status = response.status();
    let text = response.text().await.map_err(|_| Failure::offline())?;
    let value: Value = serde_json::from_str(&text).map_err(|_| Failure {
        status,
        message: format!("Máy chủ trả lời không đúng dạng (mã {status}). Hãy thử lại."),
        detail: None,
    })?;
    if (200..300).contains(&status) {
        serde_json::from_value(value).map_err(|e| Failure {
            status,
            message: format!("Máy chủ trả lời không đúng dạng: {e}"),
            detail: None,
        })
    } else {
        Err(Failure {
            status,
            message: value["error"].as_str().unwrap_or("Có lỗi.").to_string(),
            detail: value.get("detail").cloned(),
        })
    }
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, Failure> {
    answer(Request::get(path), None).await
}

/// A change: `method` with a JSON body and the session's CSRF token.
pub async fn send<T: DeserializeOwned>(
    method: &str,
    path: &str,
    csrf: &str,
    body: &impl Serialize,
) -> Result<T, Failure> {
    let builder = match method {
        "PUT" => Request::put(path),
        _ => Request::post(path),
    }
    .header("X-CSRF-Token", csrf);
    let body = serde_json::to_string(body).expect("serialises");
    answer(builder, Some(body)).await
}
