import os

from django.core.wsgi import get_wsgi_application

# Which settings Django loads: told before any setting can be read, so the one touch of the
# environment allowed here (huurpad/tests/test_environment.py).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huurpad.settings")
application = get_wsgi_application()
