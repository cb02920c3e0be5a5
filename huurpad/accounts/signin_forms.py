"""Forms of sign-in: the second-factor steps and Django's password forms in the house style."""

from django import forms
from django.contrib.auth import forms as auth_forms

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
CODE = {
    "class": TEXTBOX,
    "autocomplete": "one-time-code",
    "inputmode": "numeric",
    "autocapitalize": "none",
    "spellcheck": "false",
    "autofocus": True,
}


class Styled:
    """Every input in the NL Design System style; an invalid one says so to screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["class"] = TEXTBOX
            if self.is_bound and name in self.errors:
                field.widget.attrs.update({"aria-invalid": "true", "aria-describedby": f"id_{name}_error"})


class CodeForm(Styled, forms.Form):
    code = forms.CharField(
        label="Code", max_length=20, widget=forms.TextInput(attrs=CODE), error_messages={"required": "Vul de code in."}
    )


class SetupForm(Styled, forms.Form):
    code = forms.CharField(
        label="Code uit de app",
        max_length=10,
        widget=forms.TextInput(attrs=CODE),
        error_messages={"required": "Vul de code uit de app in."},
    )


class PasswordChangeForm(Styled, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(Styled, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(Styled, auth_forms.SetPasswordForm):
    pass
