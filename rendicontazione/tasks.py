"""Celery tasks of the module (autodiscovered): the daily ISEE-expiry warnings."""

from rendicontazione.avvisi import avvisi_isee, avvisi_isee_ambito  # noqa: F401
