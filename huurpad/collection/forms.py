from django import forms

from huurpad.forms import Form

from . import policy_settings


class PolicyForm(Form):
    text = forms.CharField(label="Beleid", strip=False, error_messages={"required": "De tekst van het beleid is leeg."})
    note = forms.CharField(
        label="Toelichting",
        max_length=300,
        error_messages={
            "required": "Schrijf in de toelichting waarom het beleid verandert.",
            "max_length": "Houd de toelichting kort: hoogstens %(limit_value)d tekens (nu %(show_value)d).",
        },
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput)


class _Amount(forms.DecimalField):
    """An amount as people type it: 100,00 or 100.00."""

    def to_python(self, value):
        return super().to_python(value.replace(",", ".").strip() if isinstance(value, str) else value)


def _field(setting: policy_settings.Setting) -> forms.Field:
    """One setting as a form field, its errors naming the setting in Dutch."""
    label = setting.label
    messages = {"required": f"{label}: vul dit in.", "invalid": f"{label}: dit klopt niet."}
    kw = {"label": label, "required": setting.required, "help_text": setting.help}
    if setting.kind == "int":
        low, high = setting.minimum, setting.maximum
        messages |= {
            "invalid": f"{label}: vul een heel getal in.",
            "min_value": f"{label}: moet {low} of meer zijn.",
            "max_value": f"{label}: mag niet meer zijn dan {high}.",
        }
        return forms.IntegerField(min_value=low, max_value=high, error_messages=messages, **kw)
    if setting.kind == "amount":
        messages |= {
            "invalid": f"{label}: vul een bedrag in, zoals 100,00.",
            "min_value": f"{label}: mag niet kleiner zijn dan 0.",
            "max_decimal_places": f"{label}: hoogstens 2 cijfers achter de komma.",
        }
        return _Amount(min_value=0, decimal_places=2, error_messages=messages, **kw)
    if setting.kind == "bool":
        return forms.ChoiceField(choices=[("ja", "Ja"), ("nee", "Nee")], error_messages=messages, **kw)
    if setting.kind == "time":
        messages["invalid"] = f"{label}: vul een tijd in, zoals 21:00."
        return forms.TimeField(input_formats=["%H:%M", "%H.%M"], error_messages=messages, **kw)
    if setting.kind == "channels":
        messages["required"] = f"{label}: kies er minstens één."
        return forms.MultipleChoiceField(
            choices=policy_settings.CONTACT_CHANNEL_CHOICES,
            widget=forms.CheckboxSelectMultiple,
            error_messages=messages,
            **kw,
        )
    if setting.kind == "channel":
        blank = [] if setting.required else [("", "als iedereen")]
        return forms.ChoiceField(choices=blank + policy_settings.MESSAGE_CHANNEL_CHOICES, error_messages=messages, **kw)
    return forms.CharField(max_length=300, error_messages=messages, **kw)


class PolicySettingsForm(Form):
    """The policy as a form (policy_settings): one field per setting, plus the note and the version
    it changes, as the text editor has."""

    note = PolicyForm.base_fields["note"]
    based_on = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.settings = policy_settings.every_setting()
        in_table = {s.key for s in policy_settings.SETTINGS.values()}
        for setting in self.settings.values():
            field = self.fields[setting.field] = _field(setting)
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs["class"] = "utrecht-checkbox"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
            else:
                widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"
            if setting.key in in_table:
                widget.attrs["aria-describedby"] = f"id_{setting.field}-uitleg"
            else:  # a cell of the steps' table: its row and column, said in one name
                widget.attrs["aria-label"] = setting.label
                widget.attrs["class"] += " policy-cell"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def groups(self):
        """(group, [(setting, bound field)]) for the page, in the table's order."""
        return [(group, [(s, self[s.field]) for s in group.settings]) for group in policy_settings.GROUPS]

    def steps(self, which: str = "segments"):
        """The steps as rows, (step, [(column name, bound field)]): per segment (with the column for
        everyone first), or per way of paying."""
        scopes = [
            (scope, name)
            for scope, name in policy_settings.STEP_SCOPES
            if scope.startswith("default.") == (which == "methods")
        ]
        return [
            (step, [(name, self[policy_settings.step_setting(scope, step.key).field]) for scope, name in scopes])
            for step in policy_settings.STEP_SETTINGS
        ]

    def steps_per_method(self):
        return self.steps("methods")
