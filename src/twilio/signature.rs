//! Twilio webhook signatures (`X-Twilio-Signature`), as the official helper libraries check them.
//!
//! The string to sign is the URL Twilio requested, byte for byte, followed by every POST
//! parameter as `name` + `value`, sorted by name and then by value (byte order), each distinct
//! pair once — exactly what `twilio-python`'s `RequestValidator` builds. It is signed with
//! HMAC-SHA1 and the account auth token, or, when the request carries
//! `X-Twilio-Webhooks-Signature-Settings: key=<id>,algorithm=<alg>`, with that shared key's
//! secret and the named algorithm. JSON bodies are not signed as parameters: the URL carries
//! `bodySHA256=<hex sha256 of the raw body>` and the signature covers the URL alone.
//!
//! The URL is never re-encoded or re-parsed. Besides the URL as received, relay tries the
//! same string with the scheme's default port added (no port given) or removed (default port
//! given), by surgery on the authority only, because Twilio signs `:443` inconsistently.

use crate::redacted::SecretString;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::fmt;
use subtle::ConstantTimeEq;

pub const SIGNATURE_HEADER: &str = "x-twilio-signature";
pub const SETTINGS_HEADER: &str = "x-twilio-webhooks-signature-settings";
pub const BODY_HASH_PARAM: &str = "bodySHA256";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Algorithm {
    #[serde(rename = "HMAC_SHA1")]
    HmacSha1,
    #[serde(rename = "HMAC_SHA256")]
    HmacSha256,
}

impl Algorithm {
    /// Parses the names Twilio uses; case-insensitive, as the Python library is.
    pub fn parse(name: &str) -> Option<Algorithm> {
        match name.trim().to_ascii_uppercase().as_str() {
            "HMAC_SHA1" => Some(Algorithm::HmacSha1),
            "HMAC_SHA256" => Some(Algorithm::HmacSha256),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Algorithm::HmacSha1 => "HMAC-SHA1",
            Algorithm::HmacSha256 => "HMAC-SHA256",
        }
    }
}

/// The secrets a request may be signed with: one or more account auth tokens (primary and
/// secondary during a rotation) and any number of shared keys by id. Each secret is keyed
/// into its HMAC once, here, not on every request.
#[derive(Clone, Default)]
pub struct Keyring {
    auth_tokens: Vec<(SecretString, Keyed)>,
    shared_keys: Vec<(String, SecretString, Keyed, Keyed)>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("auth_tokens", &self.auth_tokens.len())
            .field(
                "shared_keys",
                &self.shared_keys.iter().map(|k| &k.0).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Keyring {
    pub fn new(
        auth_tokens: Vec<SecretString>,
        shared_keys: Vec<(String, SecretString)>,
    ) -> Keyring {
        Keyring {
            auth_tokens: auth_tokens
                .into_iter()
                .map(|t| {
                    let k = Keyed::new(Algorithm::HmacSha1, t.expose().as_bytes());
                    (t, k)
                })
                .collect(),
            shared_keys: shared_keys
                .into_iter()
                .map(|(id, s)| {
                    let sha256 = Keyed::new(Algorithm::HmacSha256, s.expose().as_bytes());
                    let sha1 = Keyed::new(Algorithm::HmacSha1, s.expose().as_bytes());
                    (id, s, sha256, sha1)
                })
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.auth_tokens.is_empty() && self.shared_keys.is_empty()
    }

    pub fn auth_tokens(&self) -> impl Iterator<Item = &SecretString> {
        self.auth_tokens.iter().map(|(t, _)| t)
    }

    pub fn shared_keys(&self) -> impl Iterator<Item = (&str, &SecretString)> {
        self.shared_keys
            .iter()
            .map(|(id, s, _, _)| (id.as_str(), s))
    }

    fn shared_key(&self, id: &str, algorithm: Algorithm) -> Option<&Keyed> {
        self.shared_keys
            .iter()
            .find(|k| k.0 == id)
            .map(|(_, _, sha256, sha1)| match algorithm {
                Algorithm::HmacSha256 => sha256,
                Algorithm::HmacSha1 => sha1,
            })
    }
}

/// Which secret produced a matching signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Credential {
    /// The n-th configured auth token, counting from 1.
    AuthToken {
        index: usize,
    },
    SharedKey {
        id: String,
    },
}

impl fmt::Display for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::AuthToken { index: 1 } => f.write_str("the auth token"),
            Credential::AuthToken { index } => write!(f, "auth token #{index}"),
            Credential::SharedKey { id } => write!(f, "shared key {id}"),
        }
    }
}

/// How the URL that matched relates to the URL as received.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UrlForm {
    AsReceived,
    DefaultPortAdded,
    DefaultPortRemoved,
}

impl fmt::Display for UrlForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UrlForm::AsReceived => "URL as received",
            UrlForm::DefaultPortAdded => "URL with the default port added",
            UrlForm::DefaultPortRemoved => "URL with the default port removed",
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Match {
    pub credential: Credential,
    pub algorithm: Algorithm,
    pub url_form: UrlForm,
}

impl fmt::Display for Match {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "signed with {} ({}), {}",
            self.credential,
            self.algorithm.name(),
            self.url_form
        )
    }
}

/// Why a request is not validly signed. The variants are checks, not guesses; the
/// [`diagnose`](super::diagnose) module explains a `Mismatch` further.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "failure", rename_all = "snake_case")]
pub enum Failure {
    #[error("the request has no X-Twilio-Signature header")]
    MissingSignature,
    #[error("no auth token or shared key is configured to check it with")]
    NoCredentials,
    #[error("X-Twilio-Webhooks-Signature-Settings names no key (`{header}`)")]
    SettingsWithoutKey { header: String },
    #[error(
        "X-Twilio-Webhooks-Signature-Settings names algorithm `{algorithm}`, which relay does not know"
    )]
    UnknownAlgorithm { algorithm: String },
    #[error("signed with shared key `{id}`, which is not configured")]
    UnknownSharedKey { id: String },
    #[error("the body's SHA-256 is {actual} but the URL's bodySHA256 says {expected}")]
    BodyHashMismatch { expected: String, actual: String },
    #[error("the signature does not match")]
    Mismatch,
}

impl Failure {
    /// A short name for the kind of failure (a metrics label).
    pub fn label(&self) -> &'static str {
        match self {
            Failure::MissingSignature => "missing_signature",
            Failure::NoCredentials => "no_credentials",
            Failure::SettingsWithoutKey { .. } => "settings_without_key",
            Failure::UnknownAlgorithm { .. } => "unknown_algorithm",
            Failure::UnknownSharedKey { .. } => "unknown_shared_key",
            Failure::BodyHashMismatch { .. } => "body_hash_mismatch",
            Failure::Mismatch => "mismatch",
        }
    }
}

/// The parsed `X-Twilio-Webhooks-Signature-Settings` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings<'a> {
    pub key: Option<&'a str>,
    pub algorithm: Option<&'a str>,
}

pub fn parse_settings(header: &str) -> Settings<'_> {
    let mut settings = Settings {
        key: None,
        algorithm: None,
    };
    for part in header.split(',') {
        if let Some((name, value)) = part.split_once('=') {
            let value = value.trim();
            match name.trim() {
                "key" if !value.is_empty() => settings.key = Some(value),
                "algorithm" if !value.is_empty() => settings.algorithm = Some(value),
                _ => {}
            }
        }
    }
    settings
}

/// A request as it matters to the signature.
#[derive(Clone, Copy, Debug)]
pub struct Signed<'a> {
    /// The full URL Twilio requested, exactly as it requested it.
    pub url: &'a str,
    /// Decoded form parameters, in any order (ignored when the URL carries `bodySHA256`).
    pub params: &'a [(String, String)],
    /// The raw body (hashed when the URL carries `bodySHA256`).
    pub body: &'a [u8],
    pub signature: Option<&'a str>,
    pub settings: Option<&'a str>,
}

/// Checks a request. `Ok` says which secret and URL form matched.
pub fn verify(req: &Signed<'_>, keys: &Keyring) -> Result<Match, Failure> {
    let signature = req.signature.ok_or(Failure::MissingSignature)?;
    if keys.is_empty() {
        return Err(Failure::NoCredentials);
    }
    let body_mode = check_body_hash(req.url, req.body)?;
    let candidates = candidates(req.settings, keys)?;
    // A signature that is not canonical base64 of a digest cannot match any computed one
    // (the official libraries compare the base64 strings; this is the same test).
    let Some(expected) = decode_signature(signature) else {
        return Err(Failure::Mismatch);
    };
    // The parameters' part of the string to sign, built once for every credential and URL.
    let suffix = if body_mode {
        Vec::new()
    } else {
        canonical_suffix(req.params)
    };
    let params = [suffix.as_slice()];
    let mut variant: Option<Option<(String, UrlForm)>> = None;
    for (credential, keyed, algorithm) in &candidates {
        let found = if keyed.matches(req.url, &params, &expected) {
            Some(UrlForm::AsReceived)
        } else {
            match variant.get_or_insert_with(|| url_variant(req.url)) {
                Some((other, form)) if keyed.matches(other, &params, &expected) => Some(*form),
                _ => None,
            }
        };
        if let Some(url_form) = found {
            return Ok(Match {
                credential: credential.clone(),
                algorithm: *algorithm,
                url_form,
            });
        }
    }
    Err(Failure::Mismatch)
}

/// Whether a signature header could be one of Twilio's (canonical base64 of an HMAC-SHA1 or
/// HMAC-SHA256): only such requests are worth an expensive diagnosis.
pub fn looks_like_hmac(signature: &str) -> bool {
    decode_signature(signature).is_some()
}

/// Decoded signature bytes: 20 for HMAC-SHA1, 32 for HMAC-SHA256.
struct SigBytes {
    bytes: [u8; 32],
    len: usize,
}

fn decode_signature(signature: &str) -> Option<SigBytes> {
    let mut bytes = [0u8; 32];
    // Canonical base64 of 20 or 32 bytes is 28 or 44 characters.
    if signature.len() != 28 && signature.len() != 44 {
        return None;
    }
    let len = BASE64.decode_slice(signature.as_bytes(), &mut bytes).ok()?;
    Some(SigBytes { bytes, len })
}

/// An HMAC keyed once, cloned for each message it checks.
#[derive(Clone)]
pub(crate) enum Keyed {
    Sha1(Hmac<Sha1>),
    Sha256(Hmac<Sha256>),
}

impl Keyed {
    fn new(algorithm: Algorithm, secret: &[u8]) -> Keyed {
        match algorithm {
            Algorithm::HmacSha1 => Keyed::Sha1(keyed(secret)),
            Algorithm::HmacSha256 => Keyed::Sha256(keyed(secret)),
        }
    }

    /// Does the HMAC of `url` followed by `parts` equal `expected`?
    pub(crate) fn matches_signature(
        &self,
        url: &str,
        params: &[(&str, &str)],
        signature: &str,
    ) -> bool {
        let suffix = params_suffix(params);
        decode_signature(signature).is_some_and(|d| self.matches(url, &[&suffix], &d))
    }

    fn matches(&self, url: &str, parts: &[&[u8]], expected: &SigBytes) -> bool {
        let expected = &expected.bytes[..expected.len];
        match self {
            Keyed::Sha1(m) => ct_equal(
                &feed_raw(m.clone(), url, parts).finalize().into_bytes(),
                expected,
            ),
            Keyed::Sha256(m) => ct_equal(
                &feed_raw(m.clone(), url, parts).finalize().into_bytes(),
                expected,
            ),
        }
    }
}

fn keyed<M: hmac::digest::KeyInit>(secret: &[u8]) -> M {
    <M as hmac::digest::KeyInit>::new_from_slice(secret).expect("HMAC accepts keys of any length")
}

fn feed<M: Mac>(mut m: M, url: &str, params: &[(&str, &str)]) -> M {
    m.update(url.as_bytes());
    for (name, value) in params {
        m.update(name.as_bytes());
        m.update(value.as_bytes());
    }
    m
}

fn feed_raw<M: Mac>(mut m: M, url: &str, parts: &[&[u8]]) -> M {
    m.update(url.as_bytes());
    for p in parts {
        m.update(p);
    }
    m
}

/// `name1value1name2value2...` for canonical parameters.
pub(crate) fn params_suffix(params: &[(&str, &str)]) -> Vec<u8> {
    let len = params.iter().map(|(n, v)| n.len() + v.len()).sum();
    let mut out = Vec::with_capacity(len);
    for (name, value) in params {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(value.as_bytes());
    }
    out
}

fn ct_equal(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// The keyed secrets to try for this request, in order. With a settings header only the
/// named shared key is tried, with the named algorithm: never a fallback to the auth token.
pub(crate) fn candidates<'k>(
    settings: Option<&str>,
    keys: &'k Keyring,
) -> Result<Vec<(Credential, &'k Keyed, Algorithm)>, Failure> {
    match settings {
        Some(header) => {
            let parsed = parse_settings(header);
            let algorithm = match parsed.algorithm {
                None => Algorithm::HmacSha1,
                Some(name) => Algorithm::parse(name).ok_or_else(|| Failure::UnknownAlgorithm {
                    algorithm: name.to_string(),
                })?,
            };
            let id = parsed.key.ok_or_else(|| Failure::SettingsWithoutKey {
                header: header.to_string(),
            })?;
            let keyed = keys
                .shared_key(id, algorithm)
                .ok_or_else(|| Failure::UnknownSharedKey { id: id.to_string() })?;
            Ok(vec![(
                Credential::SharedKey { id: id.to_string() },
                keyed,
                algorithm,
            )])
        }
        None => {
            if keys.auth_tokens.is_empty() {
                return Err(Failure::NoCredentials);
            }
            Ok(keys
                .auth_tokens
                .iter()
                .enumerate()
                .map(|(i, (_, k))| {
                    (
                        Credential::AuthToken { index: i + 1 },
                        k,
                        Algorithm::HmacSha1,
                    )
                })
                .collect())
        }
    }
}

/// `Ok(true)` when the URL carries `bodySHA256` and it matches the body; `Ok(false)` when the
/// URL carries none (the body is form parameters).
pub fn check_body_hash(url: &str, body: &[u8]) -> Result<bool, Failure> {
    let Some(expected) = body_hash_param(url) else {
        return Ok(false);
    };
    let actual = hex_sha256(body);
    if bool::from(actual.as_bytes().ct_eq(expected.as_bytes())) {
        Ok(true)
    } else {
        Err(Failure::BodyHashMismatch {
            expected: expected.into_owned(),
            actual,
        })
    }
}

/// The first non-empty `bodySHA256` value in the URL's query, decoded.
pub fn body_hash_param(url: &str) -> Option<Cow<'_, str>> {
    let query = query_of(url)?;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(name, value)| name == BODY_HASH_PARAM && !value.is_empty())
        .map(|(_, value)| value)
}

fn query_of(url: &str) -> Option<&str> {
    let start = url.find('?')? + 1;
    let end = url[start..].find('#').map_or(url.len(), |i| start + i);
    Some(&url[start..end])
}

pub fn hex_sha256(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let mut out = String::with_capacity(64);
    for b in digest {
        use std::fmt::Write;
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Parameters sorted by name, then value (byte order), each distinct pair once.
pub fn canonical_params(params: &[(String, String)]) -> Vec<(&str, &str)> {
    // Sorting on the first eight bytes of the name as one big-endian integer settles almost
    // every comparison with one instruction; ties fall back to comparing the whole pair.
    // Zero padding keeps the order lexicographic: a shorter name that is a prefix of a longer
    // one gets a key no greater than the longer one's, and equal keys compare in full.
    let mut keyed: Vec<(u64, &str, &str)> = params
        .iter()
        .map(|(n, v)| (prefix_key(n.as_bytes()), n.as_str(), v.as_str()))
        .collect();
    keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| (a.1, a.2).cmp(&(b.1, b.2))));
    let mut sorted: Vec<(&str, &str)> = keyed.into_iter().map(|(_, n, v)| (n, v)).collect();
    sorted.dedup();
    sorted
}

/// `canonical_params` written straight out as `name1value1name2value2...`: the hot path of
/// every verification, so it sorts once and skips the intermediate vector.
fn canonical_suffix(params: &[(String, String)]) -> Vec<u8> {
    // Sort 16-byte (prefix, index) pairs rather than the pairs themselves: moves are cheap
    // and almost every comparison is one integer compare.
    let mut order: Vec<(u64, usize)> = Vec::with_capacity(params.len());
    let mut len = 0;
    for (i, (n, v)) in params.iter().enumerate() {
        order.push((prefix_key(n.as_bytes()), i));
        len += n.len() + v.len();
    }
    order.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| {
            let (x, y) = (&params[a.1], &params[b.1]);
            (x.0.as_str(), x.1.as_str()).cmp(&(y.0.as_str(), y.1.as_str()))
        })
    });
    let mut out = Vec::with_capacity(len);
    let mut last: Option<&(String, String)> = None;
    for (_, i) in order {
        let pair = &params[i];
        if last != Some(pair) {
            out.extend_from_slice(pair.0.as_bytes());
            out.extend_from_slice(pair.1.as_bytes());
            last = Some(pair);
        }
    }
    out
}

fn prefix_key(name: &[u8]) -> u64 {
    match name.first_chunk::<8>() {
        Some(head) => u64::from_be_bytes(*head),
        None => {
            let mut key = 0u64;
            for (i, b) in name.iter().enumerate() {
                key |= u64::from(*b) << (56 - 8 * i);
            }
            key
        }
    }
}

/// The base64 signature of `url` + canonical `params` with `secret`.
pub fn sign(algorithm: Algorithm, secret: &[u8], url: &str, params: &[(&str, &str)]) -> String {
    match algorithm {
        Algorithm::HmacSha1 => BASE64.encode(
            feed(keyed::<Hmac<Sha1>>(secret), url, params)
                .finalize()
                .into_bytes(),
        ),
        Algorithm::HmacSha256 => BASE64.encode(
            feed(keyed::<Hmac<Sha256>>(secret), url, params)
                .finalize()
                .into_bytes(),
        ),
    }
}

/// Convenience for callers that hold unsorted parameters (tests, `relay replay`).
pub fn sign_request(
    algorithm: Algorithm,
    secret: &str,
    url: &str,
    params: &[(String, String)],
) -> String {
    sign(algorithm, secret.as_bytes(), url, &canonical_params(params))
}

/// Does `signature` match `url` + `params` under `secret`? (Used by the diagnosis.)
pub(crate) fn matches(
    algorithm: Algorithm,
    secret: &[u8],
    url: &str,
    params: &[(&str, &str)],
    signature: &str,
) -> bool {
    let suffix = params_suffix(params);
    decode_signature(signature)
        .is_some_and(|d| Keyed::new(algorithm, secret).matches(url, &[&suffix], &d))
}

/// Where the authority (`user:pass@host:port`) of an absolute URL lies.
struct Authority {
    scheme_is_https: Option<bool>,
    /// Byte range of the whole authority.
    end: usize,
    /// Byte offset of the `:` before the port, when there is one.
    port_colon: Option<usize>,
}

fn authority(url: &str) -> Option<Authority> {
    let sep = url.find("://")?;
    let scheme = &url[..sep];
    let start = sep + 3;
    let end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    let auth = &url[start..end];
    let host_start = auth.rfind('@').map_or(0, |i| i + 1);
    let hostport = &auth[host_start..];
    let after_host = if hostport.starts_with('[') {
        hostport.find(']').map(|i| i + 1)?
    } else {
        hostport.find(':').unwrap_or(hostport.len())
    };
    let port_colon =
        (hostport[after_host..].starts_with(':')).then_some(start + host_start + after_host);
    let scheme_is_https = if scheme.eq_ignore_ascii_case("https") {
        Some(true)
    } else if scheme.eq_ignore_ascii_case("http") {
        Some(false)
    } else {
        None
    };
    Some(Authority {
        scheme_is_https,
        end,
        port_colon,
    })
}

/// The URL with the scheme's default port added (when it has no port) or removed (when it
/// has the default port). Nothing for other ports or schemes. Only the authority changes.
pub fn url_variant(url: &str) -> Option<(String, UrlForm)> {
    let a = authority(url)?;
    let default = if a.scheme_is_https? { "443" } else { "80" };
    match a.port_colon {
        None => {
            let mut s = String::with_capacity(url.len() + 4);
            s.push_str(&url[..a.end]);
            s.push(':');
            s.push_str(default);
            s.push_str(&url[a.end..]);
            Some((s, UrlForm::DefaultPortAdded))
        }
        Some(colon) if &url[colon + 1..a.end] == default => {
            let mut s = String::with_capacity(url.len());
            s.push_str(&url[..colon]);
            s.push_str(&url[a.end..]);
            Some((s, UrlForm::DefaultPortRemoved))
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn keys(token: &str) -> Keyring {
        Keyring::new(vec![SecretString::new(token)], vec![])
    }

    fn standard() -> Vec<(String, String)> {
        pairs(&[
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+14158675309"),
            ("Digits", "1234"),
            ("From", "+14158675309"),
            ("To", "+18005551212"),
        ])
    }

    fn check(
        url: &str,
        params: &[(String, String)],
        body: &[u8],
        sig: &str,
    ) -> Result<Match, Failure> {
        verify(
            &Signed {
                url,
                params,
                body,
                signature: Some(sig),
                settings: None,
            },
            &keys("12345"),
        )
    }

    const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";

    // The official helper libraries' own test vectors.
    #[test]
    fn official_vectors() {
        let p = standard();
        assert_eq!(
            check(URL, &p, b"", "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
                .unwrap()
                .url_form,
            UrlForm::AsReceived
        );
        assert_eq!(
            check(URL, &p, b"", "kvajT1Ptam85bY51eRf/AJRuM3w=")
                .unwrap()
                .url_form,
            UrlForm::DefaultPortAdded
        );
        let with_443 = "https://mycompany.com:443/myapp.php?foo=1&bar=2";
        assert_eq!(
            check(with_443, &p, b"", "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
                .unwrap()
                .url_form,
            UrlForm::DefaultPortRemoved
        );
        assert!(
            check(
                "http://mycompany.com:80/myapp.php?foo=1&bar=2",
                &p,
                b"",
                "0ZXoZLH/DfblKGATFgpif+LLRf4="
            )
            .is_ok()
        );
        assert!(
            check(
                "http://mycompany.com:1234/myapp.php?foo=1&bar=2",
                &p,
                b"",
                "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="
            )
            .is_ok()
        );
        assert!(
            check(
                "https://user:pass@mycompany.com/myapp.php?foo=1&bar=2",
                &p,
                b"",
                "CukzLTc1tT5dXEDIHm/tKBanW10="
            )
            .is_ok()
        );
        let other = pairs(&[
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+12349013030"),
            ("Digits", "1234"),
            ("From", "+12349013030"),
            ("To", "+18005551212"),
        ]);
        assert!(check(URL, &other, b"", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=").is_ok());
        let repeated = pairs(&[
            ("Digits", "5678"),
            ("Digits", "1234"),
            ("Digits", "1234"),
            ("Sid", "CA123"),
            ("SidAccount", "AC123"),
        ]);
        assert!(check(URL, &repeated, b"", "IK+Dwps556ElfBT0I3Rgjkr1wJU=").is_ok());
        let body = br#"{"property": "value", "boolean": true}"#;
        let json_url = format!(
            "{URL}&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
        );
        assert_eq!(
            hex_sha256(body),
            "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
        );
        assert!(check(&json_url, &[], body, "a9nBmqA0ju/hNViExpshrM61xv4=").is_ok());
        assert!(matches!(
            check(&json_url, &[], b"{}", "a9nBmqA0ju/hNViExpshrM61xv4="),
            Err(Failure::BodyHashMismatch { .. })
        ));
    }

    /// Sorting "key+value" strings instead of keys puts `ReasonConferenceEnded...` before
    /// `Reason...`'s sibling in the wrong order; the right order must give another signature.
    #[test]
    fn sorts_by_name_not_by_concatenation() {
        let p = pairs(&[
            (
                "ReasonConferenceEnded",
                "participant-with-end-conference-on-exit-left",
            ),
            ("Reason", "Participant left"),
        ]);
        let right = sign_request(Algorithm::HmacSha1, "12345", URL, &p);
        let mut concatenated: Vec<String> = p.iter().map(|(k, v)| format!("{k}{v}")).collect();
        concatenated.sort();
        let wrong_input = format!("{URL}{}", concatenated.concat());
        let wrong = sign(Algorithm::HmacSha1, b"12345", &wrong_input, &[]);
        assert_ne!(right, wrong);
        assert!(check(URL, &p, b"", &right).is_ok());
        assert_eq!(check(URL, &p, b"", &wrong), Err(Failure::Mismatch));
    }

    #[test]
    fn prefix_sort_is_byte_order() {
        let names = [
            "To",
            "ToCity",
            "To\u{0}",
            "",
            "A",
            "Ab",
            "ABCDEFGHI",
            "ABCDEFGHH",
            "ABCDEFGH",
            "é",
            "z",
            "From",
            "FromZip",
        ];
        let params: Vec<(String, String)> = names
            .iter()
            .flat_map(|n| {
                [
                    (n.to_string(), "b".to_string()),
                    (n.to_string(), "a".to_string()),
                    (n.to_string(), "a".to_string()),
                ]
            })
            .collect();
        let mut expected: Vec<(&str, &str)> = params
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        expected.sort();
        expected.dedup();
        assert_eq!(canonical_params(&params), expected);
        assert_eq!(canonical_suffix(&params), params_suffix(&expected));
    }

    #[test]
    fn port_surgery_keeps_userinfo_and_ipv6() {
        assert_eq!(
            url_variant("https://u:p@h.example/x?a=b:c").unwrap().0,
            "https://u:p@h.example:443/x?a=b:c"
        );
        assert_eq!(
            url_variant("https://u:p@h.example:443/x").unwrap().0,
            "https://u:p@h.example/x"
        );
        assert_eq!(
            url_variant("http://[::1]:80/x").unwrap().0,
            "http://[::1]/x"
        );
        assert_eq!(
            url_variant("http://[::1]/x").unwrap().0,
            "http://[::1]:80/x"
        );
        assert_eq!(
            url_variant("https://h.example").unwrap().0,
            "https://h.example:443"
        );
        assert_eq!(
            url_variant("https://h.example?x=1").unwrap().0,
            "https://h.example:443?x=1"
        );
        assert!(url_variant("https://h.example:8443/x").is_none());
        assert!(url_variant("ftp://h.example/x").is_none());
    }

    #[test]
    fn shared_keys_never_fall_back() {
        let keyring = Keyring::new(
            vec![SecretString::new("12345")],
            vec![("webhooks_sharedkey_1".into(), SecretString::new("s3cret"))],
        );
        let p = standard();
        let sig256 = sign_request(Algorithm::HmacSha256, "s3cret", URL, &p);
        let req = |sig, settings| Signed {
            url: URL,
            params: &p,
            body: b"",
            signature: Some(sig),
            settings,
        };
        let ok = verify(
            &req(
                &sig256,
                Some("key=webhooks_sharedkey_1,algorithm=HMAC_SHA256"),
            ),
            &keyring,
        )
        .unwrap();
        assert_eq!(ok.algorithm, Algorithm::HmacSha256);
        assert_eq!(
            verify(
                &req(
                    &sig256,
                    Some("key=webhooks_sharedkey_2,algorithm=HMAC_SHA256")
                ),
                &keyring
            ),
            Err(Failure::UnknownSharedKey {
                id: "webhooks_sharedkey_2".into()
            })
        );
        assert!(matches!(
            verify(
                &req(&sig256, Some("key=webhooks_sharedkey_1,algorithm=HMAC_MD5")),
                &keyring
            ),
            Err(Failure::UnknownAlgorithm { .. })
        ));
        // A token signature under a shared-key header is not accepted.
        let token_sig = sign_request(Algorithm::HmacSha1, "12345", URL, &p);
        assert_eq!(
            verify(
                &req(
                    &token_sig,
                    Some("key=webhooks_sharedkey_1,algorithm=HMAC_SHA256")
                ),
                &keyring
            ),
            Err(Failure::Mismatch)
        );
    }

    #[test]
    fn any_configured_token_is_valid() {
        let keyring = Keyring::new(
            vec![SecretString::new("old"), SecretString::new("new")],
            vec![],
        );
        let p = standard();
        let sig = sign_request(Algorithm::HmacSha1, "new", URL, &p);
        let m = verify(
            &Signed {
                url: URL,
                params: &p,
                body: b"",
                signature: Some(&sig),
                settings: None,
            },
            &keyring,
        )
        .unwrap();
        assert_eq!(m.credential, Credential::AuthToken { index: 2 });
    }
}
