"""The bench-send peer: what the CI360 connector does per event, for each row of a data
file, one after another (as one Lambda invocation per event would): fill the creative's
placeholders, split it into TO/FROM/MEDIA_URLS and body, and send with the official
`twilio` package. Prints one JSON line with the figures.

  python send_twilio.py BASE_URL ACCOUNT_SID AUTH_TOKEN CREATIVE DATA.csv ROWS
"""
import csv
import json
import re
import resource
import sys
import time

from twilio.rest import Client

base, sid, token, creative_path, data_path, rows = sys.argv[1:7]
rows = int(rows)
creative = open(creative_path).read()
client = Client(sid, token)
client.api.base_url = base  # the local fake instead of https://api.twilio.com


def parse(text):
    headers = {}
    rest = text
    while True:
        m = re.match(r"\s*(TO|FROM|MEDIA_URLS|MEDIAL_URLS)\s*:([^;]*);", rest, re.I)
        if not m:
            break
        headers[m.group(1).upper().replace("MEDIAL", "MEDIA")] = m.group(2).strip()
        rest = rest[m.end():]
    return headers, rest.strip()


sent = 0
started = time.perf_counter()
with open(data_path, newline="") as f:
    for i, row in enumerate(csv.DictReader(f)):
        if i >= rows:
            break
        text = re.sub(r"\{\{\s*([\w.-]+)\s*\}\}", lambda m: row[m.group(1)], creative)
        h, body = parse(text)
        kwargs = {"to": h["TO"], "from_": h.get("FROM", "+19085551212"), "body": body}
        if h.get("MEDIA_URLS"):
            kwargs["media_url"] = [u.strip() for u in h["MEDIA_URLS"].split(",") if u.strip()]
        msg = client.messages.create(**kwargs)
        assert msg.sid.startswith("SM")
        sent += 1
elapsed = time.perf_counter() - started
print(json.dumps({
    "messages": sent,
    "seconds": round(elapsed, 3),
    "per_second": round(sent / elapsed, 1),
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
}))
