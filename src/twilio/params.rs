//! Webhook parameters: Twilio posts `application/x-www-form-urlencoded` bodies.

/// Decodes a form body into `(name, value)` pairs in the order sent, `+` as space and
/// percent-escapes decoded. Invalid UTF-8 is replaced, as every web framework does.
pub fn parse_form(body: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Encodes pairs as a form body, the way Twilio and the helper libraries do.
pub fn encode_form(pairs: &[(String, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .finish()
}

/// The first value of `name`.
pub fn get<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// True when the body looks like JSON rather than form parameters.
pub fn looks_like_json(body: &[u8]) -> bool {
    let trimmed = body.trim_ascii_start();
    (trimmed.starts_with(b"{") || trimmed.starts_with(b"["))
        && serde_json::from_slice::<serde_json::Value>(body).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_awkward_values() {
        let pairs = vec![
            ("Body".to_string(), "a+b & c=d\nnew line é 👍".to_string()),
            ("Empty".to_string(), String::new()),
            (
                "MediaUrl0".to_string(),
                "https://x.example/a?b=c".to_string(),
            ),
        ];
        assert_eq!(parse_form(encode_form(&pairs).as_bytes()), pairs);
        assert_eq!(parse_form(b"Body=a+b%2Bc")[0].1, "a b+c");
    }
}
