"""The `huurpad` command: manage.py plus Huurpad's own commands."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    # Which settings Django loads: told before any setting can be read, so the one touch of the
    # environment allowed here (huurpad/tests/test_environment.py).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huurpad.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["huurpad", *(sys.argv[1:] if argv is None else argv)])
    except ImproperlyConfigured as e:  # a setting missing from the environment: say which, no traceback
        print(f"huurpad: {e}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
