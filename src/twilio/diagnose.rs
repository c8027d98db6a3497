//! Why did a signature fail? The question users of Twilio webhooks ask most ("it never
//! validates behind the load balancer"); no official library answers it.
//!
//! For a request that failed, relay recomputes the signature under the usual mistakes —
//! the other scheme, the host a proxy saw, no query string, a toggled trailing slash,
//! parameters signed differently, another configured credential — and reports the first
//! combination that matches. The hints are facts ("it matches with https"), not guesses.

use super::params::looks_like_json;
use super::signature::{
    Algorithm, Credential, Failure, Keyring, Signed, body_hash_param, candidates, canonical_params,
    matches, url_variant,
};

/// What diagnosis needs beyond the signed parts: the body's content type and the host
/// names the request carried (`Host`, `X-Forwarded-Host`, ...).
#[derive(Clone, Debug, Default)]
pub struct Context<'a> {
    pub content_type: Option<&'a str>,
    pub hosts: Vec<&'a str>,
    pub forwarded_proto: Option<&'a str>,
}

struct UrlParts<'a> {
    scheme: &'a str,
    userinfo: &'a str,
    hostport: &'a str,
    path: &'a str,
    query: Option<&'a str>,
}

fn split(url: &str) -> Option<UrlParts<'_>> {
    let sep = url.find("://")?;
    let start = sep + 3;
    let end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    let auth = &url[start..end];
    let (userinfo, hostport) = match auth.rfind('@') {
        Some(i) => (&auth[..=i], &auth[i + 1..]),
        None => ("", auth),
    };
    let rest = &url[end..];
    let rest = rest.split('#').next().unwrap_or("");
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    Some(UrlParts {
        scheme: &url[..sep],
        userinfo,
        hostport,
        path,
        query,
    })
}

fn join(scheme: &str, userinfo: &str, hostport: &str, path: &str, query: Option<&str>) -> String {
    let mut s = format!("{scheme}://{userinfo}{hostport}{path}");
    if let Some(q) = query {
        s.push('?');
        s.push_str(q);
    }
    s
}

/// Alternative URLs, each with a description of how it differs from the one received.
fn url_alternatives(url: &str, ctx: &Context<'_>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = vec![(url.to_string(), String::new())];
    let Some(p) = split(url) else {
        return out;
    };
    let other_scheme = if p.scheme.eq_ignore_ascii_case("https") {
        "http"
    } else {
        "https"
    };
    let mut schemes = vec![(p.scheme, None)];
    schemes.push((
        other_scheme,
        Some(format!("with {other_scheme} instead of {}", p.scheme)),
    ));
    let mut hosts: Vec<(&str, Option<String>)> = vec![(p.hostport, None)];
    for h in &ctx.hosts {
        if !h.eq_ignore_ascii_case(p.hostport) && !hosts.iter().any(|(x, _)| x == h) {
            hosts.push((
                h,
                Some(format!(
                    "with host {h} (from the request's headers) instead of {}",
                    p.hostport
                )),
            ));
        }
    }
    let mut queries: Vec<(Option<&str>, Option<String>)> = vec![(p.query, None)];
    if p.query.is_some() {
        queries.push((None, Some("without the query string".to_string())));
    }
    let toggled = if p.path.ends_with('/') && p.path.len() > 1 {
        p.path.trim_end_matches('/').to_string()
    } else {
        format!("{}/", p.path)
    };
    let paths = [
        (p.path.to_string(), None),
        (toggled.clone(), Some(format!("with path {toggled}"))),
    ];
    for (scheme, sd) in &schemes {
        for (host, hd) in &hosts {
            for (path, pd) in &paths {
                for (query, qd) in &queries {
                    let descs: Vec<&str> = [sd, hd, pd, qd]
                        .iter()
                        .filter_map(|d| d.as_deref())
                        .collect();
                    if descs.is_empty() {
                        continue;
                    }
                    out.push((
                        join(scheme, p.userinfo, host, path, *query),
                        descs.join(", "),
                    ));
                }
            }
        }
    }
    out
}

/// Every credential relay holds, with each algorithm it could have been used with.
fn all_credentials(keys: &Keyring) -> Vec<(Credential, &[u8], Algorithm)> {
    let mut out = Vec::new();
    for (i, t) in keys.auth_tokens().enumerate() {
        out.push((
            Credential::AuthToken { index: i + 1 },
            t.expose().as_bytes(),
            Algorithm::HmacSha1,
        ));
    }
    for (id, s) in keys.shared_keys() {
        for alg in [Algorithm::HmacSha256, Algorithm::HmacSha1] {
            out.push((
                Credential::SharedKey { id: id.to_string() },
                s.expose().as_bytes(),
                alg,
            ));
        }
    }
    out
}

/// Parameters as they might have been signed, and how that differs from what was received.
type ParamForm<'a> = (&'a [(&'a str, &'a str)], Option<&'static str>);

/// Human-readable hints for a failed request: each one a check that was actually run.
pub fn diagnose(
    req: &Signed<'_>,
    ctx: &Context<'_>,
    keys: &Keyring,
    failure: &Failure,
) -> Vec<String> {
    let mut hints = Vec::new();
    match failure {
        Failure::MissingSignature => {
            hints.push("Twilio signs every webhook; a proxy or load balancer in front of relay may strip the header, or the request did not come from Twilio".into());
            return hints;
        }
        Failure::NoCredentials => {
            hints.push("give a token with --auth-token, TWILIO_AUTH_TOKEN or twilio.auth_token in relay.toml; shared keys with --shared-key ID=SECRET or [twilio.shared_keys]".into());
            return hints;
        }
        Failure::UnknownAlgorithm { .. } => {
            hints.push("relay checks HMAC_SHA1 and HMAC_SHA256; is the Webhook Setting's signature algorithm something newer?".into());
            return hints;
        }
        Failure::SettingsWithoutKey { .. } => {
            hints.push("Twilio sends key=<shared key id>,algorithm=<algorithm>; a proxy may have rewritten the header".into());
            return hints;
        }
        Failure::UnknownSharedKey { id } => {
            let known: Vec<&str> = keys.shared_keys().map(|(k, _)| k).collect();
            hints.push(if known.is_empty() {
                format!("no shared keys are configured; add {id} under [twilio.shared_keys] or pass --shared-key {id}=SECRET")
            } else {
                format!("configured shared keys: {}; add {id} under [twilio.shared_keys]", known.join(", "))
            });
        }
        Failure::BodyHashMismatch { .. } => {
            let url_ok = candidates(req.settings, keys)
                .map(|c| {
                    let sig = req.signature.unwrap_or("");
                    c.iter().any(|(_, keyed, _)| {
                        keyed.matches_signature(req.url, &[], sig)
                            || url_variant(req.url)
                                .is_some_and(|(u, _)| keyed.matches_signature(&u, &[], sig))
                    })
                })
                .unwrap_or(false);
            hints.push(if url_ok {
                "the signature over the URL is valid, so Twilio sent this URL: the body was changed after signing (re-serialised JSON, a trailing newline, a charset conversion by a proxy or framework)".into()
            } else {
                "the signature over the URL does not match either: check the URL (see relay's other hints) and that the body is passed raw, byte for byte".into()
            });
            return hints;
        }
        Failure::Mismatch => {}
    }
    let Some(signature) = req.signature else {
        return hints;
    };
    let has_body_hash = body_hash_param(req.url).is_some();
    let is_json = ctx
        .content_type
        .is_some_and(|c| c.to_ascii_lowercase().contains("json"))
        || looks_like_json(req.body);
    if is_json && !has_body_hash {
        hints.push("the body is JSON but the URL has no bodySHA256 parameter: Twilio signs a JSON body by putting its SHA-256 in the URL, so the URL relay checked is not the one Twilio requested".into());
    }
    let canonical = canonical_params(req.params);
    let raw_plus: Vec<(String, String)> = raw_params_plus_kept(req.body);
    let raw_plus_canon = canonical_params(&raw_plus);
    let mut param_forms: Vec<ParamForm<'_>> = vec![(&canonical, None)];
    if !has_body_hash && !canonical.is_empty() {
        param_forms.push((&[], Some("with the parameters left out of the signature (a GET request, or parameters moved to the query)")));
        if raw_plus_canon != canonical {
            param_forms.push((
                &raw_plus_canon,
                Some("with '+' in the body kept literally instead of decoded as a space"),
            ));
        }
    }
    let expected_creds = candidates(req.settings, keys).unwrap_or_default();
    let urls = url_alternatives(req.url, ctx);
    for (cred, secret, alg) in all_credentials(keys) {
        for (url, url_desc) in &urls {
            for (params, param_desc) in &param_forms {
                let hit = matches(alg, secret, url, params, signature)
                    || url_variant(url)
                        .is_some_and(|(u, _)| matches(alg, secret, &u, params, signature));
                if !hit {
                    continue;
                }
                let is_expected = expected_creds
                    .iter()
                    .any(|(c, _, a)| *c == cred && *a == alg);
                let mut what: Vec<String> = Vec::new();
                if !url_desc.is_empty() {
                    what.push(url_desc.clone());
                }
                if let Some(d) = param_desc {
                    what.push((*d).to_string());
                }
                if !is_expected {
                    what.push(match (&cred, req.settings) {
                        (Credential::SharedKey { id }, None) => format!("with shared key {id} ({}), although the X-Twilio-Webhooks-Signature-Settings header is missing (stripped by a proxy?)", alg.name()),
                        (Credential::AuthToken { .. }, Some(_)) => format!("with {cred} (HMAC-SHA1), although the X-Twilio-Webhooks-Signature-Settings header names a shared key"),
                        _ => format!("with {cred} ({})", alg.name()),
                    });
                }
                hints.push(format!("the signature matches {}", what.join(", ")));
                if url_desc.contains("instead of http") || url_desc.contains("host ") {
                    hints.push("behind a proxy or load balancer, set serve.public_url to the URL configured in the Twilio console (or trust X-Forwarded-Proto/Host from the proxy)".into());
                }
                return hints;
            }
        }
    }
    hints.push("no variation matched (scheme, host, port, query, trailing slash, parameter encoding, other configured credentials): the secret is probably wrong — the auth token of another account or subaccount, a secondary token that was promoted, or test credentials — or the parameters were changed in transit".into());
    hints
}

/// Form pairs decoded with percent-escapes but `+` kept as `+` (what some frameworks do).
fn raw_params_plus_kept(body: &[u8]) -> Vec<(String, String)> {
    let escaped: Vec<u8> = body
        .iter()
        .flat_map(|&b| if b == b'+' { b"%2B".to_vec() } else { vec![b] })
        .collect();
    super::params::parse_form(&escaped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redacted::SecretString;
    use crate::twilio::signature::{sign_request, verify};

    fn keys() -> Keyring {
        Keyring::new(
            vec![SecretString::new("tok")],
            vec![("sk1".into(), SecretString::new("shh"))],
        )
    }

    fn run(url: &str, signed_url: &str, ctx: Context<'_>) -> Vec<String> {
        let params = vec![
            ("Body".to_string(), "hi there".to_string()),
            ("From".to_string(), "+15551234567".to_string()),
        ];
        let sig = sign_request(Algorithm::HmacSha1, "tok", signed_url, &params);
        let body = crate::twilio::params::encode_form(&params);
        let req = Signed {
            url,
            params: &params,
            body: body.as_bytes(),
            signature: Some(&sig),
            settings: None,
        };
        let f = verify(&req, &keys()).unwrap_err();
        diagnose(&req, &ctx, &keys(), &f)
    }

    #[test]
    fn finds_the_scheme_behind_a_tls_proxy() {
        let hints = run(
            "http://relay.example.com/twilio/sms",
            "https://relay.example.com/twilio/sms",
            Context::default(),
        );
        assert!(hints[0].contains("with https instead of http"), "{hints:?}");
    }

    #[test]
    fn finds_the_public_host_in_headers() {
        let ctx = Context {
            hosts: vec!["public.example.com"],
            ..Default::default()
        };
        let hints = run(
            "https://10.0.0.5:8080/twilio/sms",
            "https://public.example.com/twilio/sms",
            ctx,
        );
        assert!(hints[0].contains("host public.example.com"), "{hints:?}");
    }

    #[test]
    fn finds_a_dropped_query_string() {
        let hints = run(
            "https://h.example/sms?tenant=a",
            "https://h.example/sms",
            Context::default(),
        );
        assert!(hints[0].contains("without the query string"), "{hints:?}");
    }

    #[test]
    fn says_when_nothing_matches() {
        let params = vec![("Body".to_string(), "x".to_string())];
        let sig = sign_request(
            Algorithm::HmacSha1,
            "another-token",
            "https://h.example/sms",
            &params,
        );
        let req = Signed {
            url: "https://h.example/sms",
            params: &params,
            body: b"Body=x",
            signature: Some(&sig),
            settings: None,
        };
        let f = verify(&req, &keys()).unwrap_err();
        let hints = diagnose(&req, &Context::default(), &keys(), &f);
        assert!(
            hints.last().unwrap().contains("secret is probably wrong"),
            "{hints:?}"
        );
    }

    #[test]
    fn finds_a_stripped_settings_header() {
        let params = vec![("Body".to_string(), "x".to_string())];
        let sig = sign_request(
            Algorithm::HmacSha256,
            "shh",
            "https://h.example/sms",
            &params,
        );
        let req = Signed {
            url: "https://h.example/sms",
            params: &params,
            body: b"Body=x",
            signature: Some(&sig),
            settings: None,
        };
        let f = verify(&req, &keys()).unwrap_err();
        let hints = diagnose(&req, &Context::default(), &keys(), &f);
        assert!(
            hints[0].contains("shared key sk1") && hints[0].contains("header is missing"),
            "{hints:?}"
        );
    }
}
