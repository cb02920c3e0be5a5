"""What the tenancy page (huurpad/casefile) shows of messaging: the last pay links made."""


def panel(tenancy, **facts) -> dict:
    return {"pay_links": tenancy.pay_links.order_by("-id")[:5]}
