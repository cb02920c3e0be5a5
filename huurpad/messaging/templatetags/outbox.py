"""The outbox on other pages: how many messages wait for an officer to check them."""

from django import template

from huurpad.messaging.models import OutboxMessage

register = template.Library()


@register.inclusion_tag("messaging/_uncertain_notice.html")
def uncertain_notice():
    """A line linking to the list of uncertain messages, when there are any."""
    return {"count": OutboxMessage.objects.filter(status=OutboxMessage.Status.UNCERTAIN).count()}
