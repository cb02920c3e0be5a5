"""A local stand-in for Mollie's Payments API (v2), enough for Mollie's own client: create a
payment (honouring the Idempotency-Key), get it. `pay(id)` plays the tenant paying."""

import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeMollie:
    def __init__(self, key: str = "test_huurpad0000000000000000000000"):
        self.key = key
        self.payments: dict[str, dict] = {}
        self.by_key: dict[str, str] = {}
        self.requests: list[tuple[str, str, dict]] = []  # (method, path, headers)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                self.reply(*fake.create(self.headers, body))

            def do_GET(self):
                fake.requests.append(("GET", self.path, dict(self.headers)))
                self.reply(*fake.get(self.headers, self.path.rsplit("/", 1)[-1]))

            def reply(self, status, answer):
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/hal+json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def _authorised(self, headers) -> bool:
        return headers.get("Authorization") == f"Bearer {self.key}"

    def create(self, headers, body):
        self.requests.append(("POST", "/v2/payments", dict(headers)))
        if not self._authorised(headers):
            return 401, {"status": 401, "title": "Unauthorized Request", "detail": "Missing authentication"}
        key = headers.get("Idempotency-Key", "")
        if key in self.by_key:
            return 201, self.payments[self.by_key[key]]
        pid = f"tr_{secrets.token_hex(5)}"
        self.payments[pid] = {
            "resource": "payment",
            "id": pid,
            "mode": "test",
            "status": "open",
            "amount": body["amount"],
            "description": body["description"],
            "method": body.get("method"),
            "metadata": body.get("metadata"),
            "redirectUrl": body["redirectUrl"],
            "webhookUrl": body["webhookUrl"],
            "paidAt": None,
            "_links": {
                "checkout": {"href": f"https://www.mollie.com/checkout/select-method/{pid}", "type": "text/html"}
            },
        }
        if key:
            self.by_key[key] = pid
        return 201, self.payments[pid]

    def get(self, headers, pid):
        if not self._authorised(headers):
            return 401, {"status": 401, "title": "Unauthorized Request", "detail": "Missing authentication"}
        if pid not in self.payments:
            return 404, {"status": 404, "title": "Not Found", "detail": "No payment exists with token"}
        return 200, self.payments[pid]

    def pay(self, pid: str, at: str = "2026-11-27T10:15:00+00:00") -> None:
        self.payments[pid] |= {"status": "paid", "paidAt": at}

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
