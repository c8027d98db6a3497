//! The private Request Tracker 5 that scripts/test starts, read and driven through REST2
//! by the tests themselves: an independent reader of what relay did, and an agent acting
//! in RT's place.
#![allow(dead_code)]

use super::service;
use base64::Engine;
use serde_json::Value;

/// A transaction: type, creator, text, attachments as (filename, bytes).
pub type Txn = (String, String, String, Vec<(String, Vec<u8>)>);

pub struct Rt {
    pub url: String,
    pub token: String,
    pub http: reqwest::blocking::Client,
}

pub fn rt() -> Option<Rt> {
    let url = service("RELAY_TEST_RT_URL", "a private Request Tracker 5")?;
    let file = service("RELAY_TEST_RT_TOKEN_FILE", "the RT auth token's file")?;
    Some(Rt {
        url,
        token: std::fs::read_to_string(file).unwrap().trim().to_string(),
        http: reqwest::blocking::Client::new(),
    })
}

impl Rt {
    pub fn get(&self, path: &str, query: &[(&str, &str)]) -> Value {
        let r = self
            .http
            .get(format!("{}/REST/2.0/{path}", self.url))
            .query(query)
            .header("Authorization", format!("token {}", self.token))
            .send()
            .unwrap();
        r.json().unwrap_or(Value::Null)
    }

    pub fn post_as(&self, user: Option<(&str, &str)>, path: &str, body: Value) -> (u16, Value) {
        let mut req = self
            .http
            .post(format!("{}/REST/2.0/{path}", self.url))
            .json(&body);
        req = match user {
            Some((u, p)) => req.basic_auth(u, Some(p)),
            None => req.header("Authorization", format!("token {}", self.token)),
        };
        let r = req.send().unwrap();
        (r.status().as_u16(), r.json().unwrap_or(Value::Null))
    }

    /// The active tickets of a user, by name.
    pub fn tickets_of(&self, name: &str) -> Vec<String> {
        let q = format!("Requestor.Name = '{name}'");
        self.get("tickets", &[("query", &q), ("orderby", "id")])["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect()
    }

    /// (type, creator, text, attachments as (filename, bytes)) of a ticket's history.
    pub fn history(&self, ticket: &str) -> Vec<Txn> {
        let h = self.get(
            &format!("ticket/{ticket}/history"),
            &[("fields", "Type,Creator"), ("per_page", "100")],
        );
        let mut out = Vec::new();
        for tx in h["items"].as_array().unwrap() {
            let ty = tx["Type"].as_str().unwrap().to_string();
            if !matches!(ty.as_str(), "Create" | "Comment" | "Correspond") {
                continue;
            }
            let t = self.get(&format!("transaction/{}", tx["id"].as_str().unwrap()), &[]);
            let mut text = String::new();
            let mut files = Vec::new();
            for link in t["_hyperlinks"].as_array().unwrap() {
                if link["ref"] != "attachment" {
                    continue;
                }
                let id = link["_url"].as_str().unwrap().rsplit('/').next().unwrap();
                let a = self.get(&format!("attachment/{id}"), &[]);
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(
                        a["Content"]
                            .as_str()
                            .unwrap_or("")
                            .replace(['\n', '\r'], ""),
                    )
                    .unwrap_or_default();
                let name = a["Filename"].as_str().unwrap_or("");
                if !name.is_empty() {
                    files.push((name.to_string(), bytes));
                } else if a["ContentType"]
                    .as_str()
                    .unwrap_or("")
                    .starts_with("text/plain")
                {
                    text = String::from_utf8(bytes).unwrap();
                }
            }
            out.push((
                ty,
                tx["Creator"]["id"].as_str().unwrap_or("").to_string(),
                text,
                files,
            ));
        }
        out
    }
}
