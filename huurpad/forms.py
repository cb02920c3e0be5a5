"""What every Huurpad form shares."""

from django import forms
from django.forms.renderers import Jinja2

# Django's own widget templates, in their Jinja2 versions: the same HTML in about a third of the
# time, which counts on a page with several forms (the tenancy page). One renderer for all forms
# (it holds the template environment). Only Huurpad's forms use it: the admin has no Jinja2 templates.
RENDERER = Jinja2()


class Form(forms.Form):
    default_renderer = RENDERER
    # Forms that share a page (the tenancy page has many) each get their own element ids,
    # '<id_prefix>-<field>', so every label points at its own field.
    id_prefix = ""

    def __init__(self, *args, **kwargs):
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


def date_input() -> forms.DateInput:
    """A date field as the browser's own date picker, which reads and writes ISO dates only."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "utrecht-textbox"})
