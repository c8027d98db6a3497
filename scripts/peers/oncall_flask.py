"""The peer for scripts/bench-serve: the on-call WHO flow built as the seeds build it.

A Flask app (run under gunicorn) that checks the signature with the official `twilio`
package's RequestValidator, reads the roster JSON on every request (oncall-twilio reads its
roster from S3 on every request; here from a local file, like relay's local store), and
answers with the twilio package's MessagingResponse TwiML.

Environment: TWILIO_AUTH_TOKEN, ONCALL_APP_BASE_URL (the public base URL), ROSTER_FILE.
"""
import json
import os
import time

from flask import Flask, Response, abort, request
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

app = Flask(__name__)
validator = RequestValidator(os.environ["TWILIO_AUTH_TOKEN"])
BASE = os.environ["ONCALL_APP_BASE_URL"].rstrip("/")
ROSTER = os.environ["ROSTER_FILE"]


@app.post("/twilio/sms")
def entry():
    url = BASE + request.full_path.rstrip("?")
    if not validator.validate(url, request.form, request.headers.get("X-Twilio-Signature", "")):
        abort(403)
    with open(ROSTER) as f:
        roster = json.load(f)
    sender = next((u for u in roster["available_users"]["users"].values() if u["phone"] == request.form.get("From")), None)
    resp = MessagingResponse()
    if sender is not None and request.form.get("Body", "").strip().upper() == "WHO":
        cc = roster["current_config"]
        cur = cc["oncall_user"]
        resp.message(f"Current on-call engineer: {cur['name']} <{cur['phone']}>.")
        when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(cc["last_modified_time"]))
        resp.message(f"Last modified {when} by {cc['last_modified_user_id']}.")
    return Response(str(resp), mimetype="text/xml")
