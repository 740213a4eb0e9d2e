"""Job kinds of the module: one per registered return (``rendicontazione.<codice>``).

The job registry imports every app's ``jobs`` module; this one imports the returns (``rendicontazione.ritorni``
and any other app's ``ritorni`` module) and the PDF reports, so the Celery worker knows their job kinds."""

from rendicontazione.registry import ritorni

ritorni()

from rendicontazione import report  # noqa: E402, F401  (registers the PDF report job kinds)
