"""Password rules in Dutch: Django's length check says it in English only."""

from django.contrib.auth.password_validation import MinimumLengthValidator


class MinimumLength(MinimumLengthValidator):
    def get_error_message(self):
        return f"Dit wachtwoord is te kort. Gebruik minimaal {self.min_length} tekens."

    def get_help_text(self):
        return f"Uw wachtwoord heeft minimaal {self.min_length} tekens."
