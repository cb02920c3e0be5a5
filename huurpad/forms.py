"""What every Huurpad form shares."""

from django import forms
from django.forms.renderers import Jinja2

# Django's own widget templates, in their Jinja2 versions: the same HTML in about a third of the
# time, which counts on a page with several forms (the tenancy page). One renderer for all forms
# (it holds the template environment). Only Huurpad's forms use it: the admin has no Jinja2 templates.
RENDERER = Jinja2()


class Form(forms.Form):
    default_renderer = RENDERER
