"""Test settings: the real settings, made faster where speed does not change behaviour."""

import os

from ambito.settings import *  # noqa: F403
from ambito.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", "/tmp/ambito-test-private"))  # noqa: F405
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
STORAGES["default"]["OPTIONS"]["location"] = str(PRIVATE_MEDIA_ROOT)
# Tasks run in-process, except in the Celery worker that tests/jobs/ starts (CELERY_TASK_ALWAYS_EAGER=0).
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_TASK_ALWAYS_EAGER", "1") not in ("0", "false", "no", "off")
# That worker publishes what its tasks enqueue (e-mails after commit, fan-outs) to its own test queue too.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
AXES_FAILURE_LIMIT = 5

# A test-only app with a comune-scoped model (tests/tenancy/test_scoping.py).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.scoping_app.apps.ScopingAppConfig"]  # noqa: F405

# tests/kit/test_scheletro.py installs a module generated from the skeleton in a copy of the project.
if _modulo_prova := os.environ.get("AMBITO_MODULO_PROVA"):
    INSTALLED_APPS = [*INSTALLED_APPS, _modulo_prova]
    AMBITO_MODULI = [*AMBITO_MODULI, _modulo_prova]  # noqa: F405
