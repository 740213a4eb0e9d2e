"""Job kinds of the module: one per registered return (``rendicontazione.<codice>``).

The job registry imports every app's ``jobs`` module; this one imports every app's ``ritorni`` module, so
the worker knows the returns that misure, piani and udos register from their own ``ritorni`` modules."""

from rendicontazione.registry import ritorni

ritorni()

from rendicontazione import report  # noqa: E402, F401  (registers the PDF report job kinds)
