"""A local stand-in for CM.com's Business Messaging gateway, for tests: it records every
message it accepts and answers as the gateway does (developers.cm.com/messaging, 'Responses')."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeCM:
    def __init__(self, token: str = "test-token", hold: float = 0.0):
        self.token, self.hold = token, hold
        self.accepted: list[dict] = []  # every msg accepted, in order
        self.reject_numbers: set[str] = set()
        self.fail_with: int | None = None  # answer every request with this HTTP status
        self.hold_from: int | None = None  # hold answers for `hold` s from the n-th accepted message on (None: all)
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                status, answer = fake.answer(self.headers.get("X-CM-PRODUCTTOKEN"), payload)
                if status == 200 and fake.hold and len(fake.accepted) >= (fake.hold_from or 0):
                    time.sleep(fake.hold)  # accepted, the answer still on its way
                body = json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the sender stopped waiting (a timeout, a killed worker)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1.0/message"

    def answer(self, token, payload) -> tuple[int, dict]:
        if self.fail_with:
            return self.fail_with, {"details": "Internal error", "errorCode": 999, "messages": []}
        if token != self.token or payload["messages"]["authentication"]["productToken"] != self.token:
            return 400, {"details": "No account found for the given authentication", "errorCode": 101, "messages": []}
        results = []
        for msg in payload["messages"]["msg"]:
            number = msg["to"][0]["number"]
            if number in self.reject_numbers:
                results.append(
                    {
                        "to": number,
                        "status": "Rejected",
                        "reference": msg.get("reference"),
                        "parts": 0,
                        "messageDetails": f"Gsm '{number}' is not a number.",
                        "messageErrorCode": 303,
                    }
                )
                continue
            with self.lock:
                self.accepted.append(msg)
            results.append(
                {
                    "to": number,
                    "status": "Accepted",
                    "reference": msg.get("reference"),
                    "parts": 1,
                    "messageDetails": None,
                    "messageErrorCode": 0,
                }
            )
        if all(r["status"] == "Rejected" for r in results):
            return 400, {"details": "All messages were rejected", "errorCode": 201, "messages": results}
        return 200, {"details": f"Created {len(results)} message(s)", "errorCode": 0, "messages": results}

    def references(self) -> list[str]:
        with self.lock:
            return [msg["reference"] for msg in self.accepted]

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
