"""The returns this module builds from the funds ledger (the others register theirs from their own app's
``ritorni`` module: see ``rendicontazione/README.md``)."""

from rendicontazione.ritorni import fnps, fondo_poverta, istat_spesa_sociale, siuss  # noqa: F401  (registration)
