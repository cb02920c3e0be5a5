"""For the demo and development: messages are written to the console, nothing leaves."""

import sys


class Channel:
    idempotent = False

    def send(self, message) -> str:
        print(
            f"--- {message.channel} aan {message.recipient}: {message.subject}\n{message.body}\n",
            file=sys.stdout,
            flush=True,
        )
        return message.reference
