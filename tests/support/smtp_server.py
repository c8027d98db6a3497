"""An SMTP server for relay's tests: aiosmtpd, optionally requiring a login.

usage: smtp_server.py PORT MAILDIR [USER PASSWORD]

With USER and PASSWORD, AUTH (PLAIN, LOGIN) is offered without TLS and required before
MAIL; every message received is kept in MAILDIR (so a test can tell that none was sent).
Prints "ready" once it listens; runs until killed.
"""
import mailbox
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword

port, maildir = int(sys.argv[1]), sys.argv[2]
creds = (sys.argv[3].encode(), sys.argv[4].encode()) if len(sys.argv) > 4 else None


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == creds
    return AuthResult(success=ok, handled=False)  # handled=True would leave the reply to us


mailbox.Maildir(maildir, create=True)
kwargs = {}
if creds:
    kwargs = dict(authenticator=authenticate, auth_required=True, auth_require_tls=False)
controller = Controller(Mailbox(maildir), hostname="127.0.0.1", port=port, **kwargs)
controller.start()
print("ready", flush=True)
while True:
    time.sleep(3600)
