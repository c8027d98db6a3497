#!/usr/bin/env python3
"""Generates webhook requests signed by the official `twilio` package, for relay's oracle test.

Writes two files into OUTDIR:
  requests.jsonl  - capture records (docs/capture-format.md), one per request
  expected.jsonl  - {"id", "valid", "params", "settings"}: the verdict of twilio's own
                    RequestValidator.validate for the same request, and the decoded params

Usage: oracle_requests.py OUTDIR [--count N] [--seed S]
"""
import argparse
import hashlib
import json
import os
import random
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator, get_signature_algorithm

TOKEN = "f2a1c3e4b5d6978812345abcdefabcde"
SHARED_ID = "webhooks_sharedkey_0123456789abcdef"
SHARED_SECRET = "sk-secret-8f7e6d5c4b3a"

ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    " +&=%?#/;:'\"\n\t.,!-_~"
    "éüßñçøå€£¥—–“”‘’…"
    "日本語中文한국어עבריתالعربية"
    "👍🔥🚨📟"
)

BASES = [
    "https://relay.example.com/twilio/sms",
    "https://relay.example.com:443/twilio/sms",
    "https://relay.example.com:8443/twilio/voice",
    "http://relay.example.com/twilio/sms",
    "http://relay.example.com:80/twilio/sms",
    "http://127.0.0.1:8080/twilio/sms",
    "https://user:pass@relay.example.com/twilio/sms",
    "http://[::1]:8080/twilio/voice",
    "https://relay.example.com/",
    "https://relay.example.com/twilio/status/",
]

QUERIES = [
    "",
    "?tenant=acme",
    "?a=1&b=2",
    "?q=hello+world&x=%27quoted%27",
    "?raw='quote'&plus=a+b",
    "?empty=&flag",
    "?u=%E2%9C%93&s=caf%C3%A9",
]


class Multi:
    """A multi-dict as Flask's: iteration yields each name, getall() every value."""

    def __init__(self, pairs):
        self.pairs = pairs

    def __iter__(self):
        return iter(dict.fromkeys(k for k, _ in self.pairs))

    def __len__(self):
        return len(self.pairs)

    def getall(self, name):
        return [v for k, v in self.pairs if k == name]


def text(rng, lo=0, hi=40):
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(lo, hi)))


def phone(rng):
    return "+1" + "".join(rng.choice("0123456789") for _ in range(10))


def sms_params(rng):
    p = [
        ("ToCountry", "US"),
        ("SmsMessageSid", "SM" + "".join(rng.choice("0123456789abcdef") for _ in range(32))),
        ("NumMedia", "0"),
        ("From", phone(rng)),
        ("To", phone(rng)),
        ("Body", text(rng, 0, 160)),
        ("AccountSid", "AC" + "".join(rng.choice("0123456789abcdef") for _ in range(32))),
        ("ApiVersion", "2010-04-01"),
        ("FromCity", rng.choice(["RALEIGH", "", "SAINT-ÉTIENNE", "NEW YORK"])),
        ("SmsStatus", "received"),
    ]
    media = rng.randint(0, 3) if rng.random() < 0.3 else 0
    p[2] = ("NumMedia", str(media))
    for i in range(media):
        p.append((f"MediaUrl{i}", f"https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM{i}/Media/ME{i}?x=1&y=a+b"))
        p.append((f"MediaContentType{i}", rng.choice(["image/jpeg", "audio/mpeg", "text/vcard"])))
    if rng.random() < 0.2:
        p.append(("Empty", ""))
    if rng.random() < 0.2:
        # Repeated names: values sorted (and de-duplicated) by the official library.
        for v in rng.sample(["3", "1", "2", "1", "b", "a"], rng.randint(2, 4)):
            p.append(("Digits", v))
    rng.shuffle(p)
    return p


def voice_params(rng):
    p = [
        ("CallSid", "CA" + "".join(rng.choice("0123456789abcdef") for _ in range(32))),
        ("Caller", phone(rng)),
        ("From", phone(rng)),
        ("To", phone(rng)),
        ("CallStatus", rng.choice(["ringing", "in-progress", "completed"])),
        ("Direction", "inbound"),
        ("Digits", rng.choice(["1", "2", "", "#", "1234"])),
        ("SpeechResult", text(rng, 0, 30)),
    ]
    rng.shuffle(p)
    return p


def toggle_default_port(url):
    """The variant relay and the official libraries both try: default port added/removed."""
    scheme, rest = url.split("://", 1)
    cut = min([i for i in (rest.find("/"), rest.find("?")) if i >= 0] or [len(rest)])
    auth, tail = rest[:cut], rest[cut:]
    default = "443" if scheme == "https" else "80"
    if "@" in auth or auth.startswith("["):
        return None
    if ":" in auth:
        host, port = auth.rsplit(":", 1)
        return f"{scheme}://{host}{tail}" if port == default else None
    return f"{scheme}://{auth}:{default}{tail}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--count", type=int, default=600)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    token_validator = RequestValidator(TOKEN)
    shared_validator = RequestValidator(SHARED_SECRET)
    requests, expected = [], []

    def emit(kind, url, params, body, signature, settings, validator_for_check):
        rid = f"r{len(requests) + 1:04d}-{kind}"
        headers = {"host": "relay.example.com", "x-twilio-signature": signature}
        if settings is not None:
            headers["x-twilio-webhooks-signature-settings"] = settings
        if params is None:
            headers["content-type"] = "application/json"
            check_params = body
        else:
            headers["content-type"] = "application/x-www-form-urlencoded"
            check_params = Multi(params)
        if validator_for_check is None:
            valid = False
        else:
            valid = validator_for_check.validate(url, check_params, signature, get_signature_algorithm(settings))
        requests.append({
            "id": rid,
            "received_at": "2026-11-22T20:00:00Z",
            "method": "POST",
            "url": url,
            "headers": headers,
            "body": body,
        })
        expected.append({"id": rid, "valid": bool(valid), "params": params, "settings": settings})

    while len(requests) < args.count:
        url = rng.choice(BASES) + rng.choice(QUERIES)
        kind = rng.choices(["form", "json", "shared"], weights=[6, 2, 2])[0]
        signed_url = url
        if rng.random() < 0.3:
            signed_url = toggle_default_port(url) or url
        if kind == "json":
            doc = {"event": text(rng, 1, 20), "n": rng.randint(0, 10**6), "ok": rng.random() < 0.5, "list": [text(rng, 0, 5)]}
            body = json.dumps(doc, ensure_ascii=rng.random() < 0.5)
            digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
            sep = "&" if "?" in url else "?"
            url_h = f"{url}{sep}bodySHA256={digest}"
            signed_h = f"{signed_url}{sep}bodySHA256={digest}"
            sig = token_validator.compute_signature(signed_h, {})
            emit("json", url_h, None, body, sig, None, token_validator)
            # Tampered twins: the body changed, or the hash in the URL changed.
            emit("json-body-tampered", url_h, None, body + " ", sig, None, token_validator)
            other = hashlib.sha256(b"x").hexdigest()
            emit("json-hash-tampered", f"{url}{sep}bodySHA256={other}", None, body, sig, None, token_validator)
            continue
        params = sms_params(rng) if rng.random() < 0.6 else voice_params(rng)
        body = urlencode(params)
        if kind == "shared":
            settings = f"key={SHARED_ID},algorithm=HMAC_SHA256"
            sig = shared_validator.compute_signature(signed_url, Multi(params), "HMAC_SHA256")
            emit("shared", url, params, body, sig, settings, shared_validator)
            emit("shared-unknown-key", url, params, body, sig, "key=webhooks_sharedkey_other,algorithm=HMAC_SHA256", None)
            emit("shared-as-token", url, params, body, sig, None, token_validator)
        else:
            sig = token_validator.compute_signature(signed_url, Multi(params))
            emit("form", url, params, body, sig, None, token_validator)
        # Tampered twin: one value changed by one character.
        i = rng.randrange(len(params))
        name, value = params[i]
        tampered = list(params)
        tampered[i] = (name, value + "x")
        emit(kind + "-param-tampered", url, tampered, urlencode(tampered), sig,
             settings if kind == "shared" else None,
             shared_validator if kind == "shared" else token_validator)
        twin_url = url.replace("/twilio/", "/twiliO/") if "/twilio/" in url else url + "x"
        emit(kind + "-url-tampered", twin_url, params, body, sig,
             settings if kind == "shared" else None,
             shared_validator if kind == "shared" else token_validator)

    os.makedirs(args.outdir, exist_ok=True)
    with open(os.path.join(args.outdir, "requests.jsonl"), "w", encoding="utf-8") as f:
        for r in requests:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(os.path.join(args.outdir, "expected.jsonl"), "w", encoding="utf-8") as f:
        for e in expected:
            f.write(json.dumps(e, ensure_ascii=False) + "\n")
    meta = {"token": TOKEN, "shared_id": SHARED_ID, "shared_secret": SHARED_SECRET}
    with open(os.path.join(args.outdir, "keys.json"), "w") as f:
        json.dump(meta, f)


if __name__ == "__main__":
    main()
