"""The contract number in a page address: `<ref:ref>` in the URL patterns.

The imports accept only refs of letters, digits, '-', '_' and '.' (fields.tenancy_ref), which are
written into the address as they are. A ref of any other shape that reached the database some
other way must still not break a page that links to it (a list for everyone): it is written
percent-encoded, so '/' and spaces cannot split the path, and read back the same way."""

from urllib.parse import quote, unquote

from django.urls import register_converter


class RefConverter:
    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        ref = unquote(value)
        if any(ord(c) < 32 for c in ref):  # no control characters: such an address finds nothing
            raise ValueError(ref)
        return ref

    def to_url(self, value) -> str:
        value = str(value)
        if not value:
            return "%00"  # links somewhere that finds nothing, instead of breaking the page
        if value.strip(".") == "":
            return "%2E" * len(value)  # '.' and '..' would be read as the folder itself or the one above
        return quote(value, safe="")


def register() -> None:
    register_converter(RefConverter, "ref")
