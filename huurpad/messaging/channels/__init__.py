"""Channels: how a composed message leaves the building. Each is a module with a `Channel`
class; the setting CHANNELS (HUURPAD_CHANNELS, JSON) says which module serves which channel name:

    {"sms": "console", "whatsapp": "console", "email": "email"}

A channel with no module configured is not sent by the worker (its messages wait).
"""

from functools import cache
from importlib import import_module
from typing import Protocol

from django.conf import settings

from huurpad.messaging.models import OutboxMessage


class TryAgain(Exception):
    """The channel could not send now (a timeout, the provider busy): try again later."""


class Refused(Exception):
    """The channel will never send this message (an invalid number, no address): give up."""


class Unknown(Exception):
    """Cut off after the message may have reached the provider (no answer in time): it may have
    gone out. Sent again only where the provider recognises a repeat."""


class Channel(Protocol):
    # A repeated send with the same message.reference delivers once (the provider recognises it),
    # so a message whose sending was cut off may be sent again.
    idempotent: bool

    def send(self, message: OutboxMessage) -> str:
        """Send; return the provider's reference for the message. Raises TryAgain or Refused."""


@cache
def configured() -> dict[str, Channel]:
    return {channel: import_module(f"{__name__}.{module}").Channel() for channel, module in settings.CHANNELS.items()}


def get(channel: str) -> Channel | None:
    return configured().get(channel)
