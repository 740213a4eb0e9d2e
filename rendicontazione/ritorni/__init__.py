"""The returns this module builds from the funds ledger, misure, piani and udos (a deployment's own returns may
live in another app's ``ritorni`` module: see ``rendicontazione/README.md``)."""

from rendicontazione.ritorni import (  # noqa: F401  (registration)
    dopo_di_noi,
    fna_b2,
    fnps,
    fondo_poverta,
    istat_spesa_sociale,
    siuss,
)
