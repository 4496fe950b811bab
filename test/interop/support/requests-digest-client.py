"""Drives Python `requests` with `HTTPDigestAuth`, a Digest client nobody here wrote.

Reads a JSON list of calls on stdin, sends them one after another, and prints a JSON list
of answers (status, Content-Type, body as text). Calls with the same user and password share
one `HTTPDigestAuth` and one `Session`, as an application would use them, so requests reuses
the nonce it was given and counts `nc` up on its own.
"""
import json
import sys

import requests
from requests.auth import HTTPDigestAuth

sessions = {}
answers = []
for call in json.load(sys.stdin):
    key = (call["user"], call["password"])
    if key not in sessions:
        session = requests.Session()
        session.auth = HTTPDigestAuth(*key)
        sessions[key] = session
    body = call.get("body")
    response = sessions[key].request(
        call["method"],
        call["url"],
        headers=call.get("headers", {}),
        data=None if body is None else json.dumps(body).encode("utf-8"),
        timeout=10,
    )
    answers.append({
        "status": response.status_code,
        "contentType": response.headers.get("Content-Type", ""),
        "body": response.text,
    })
json.dump(answers, sys.stdout)
