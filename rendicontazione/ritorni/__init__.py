"""The returns this module builds from the funds ledger, misure, piani and udos (a deployment's own returns may
live in another app's ``ritorni`` module: see ``rendicontazione/README.md``)."""

from rendicontazione.ritorni import (  # noqa: F401  (registration)
    dopo_di_noi,  # Dopo di Noi monitoring (misure)
    fna_b2,  # FNA B2 quarterly monitoring (misure)
    fnps,
    fondo_poverta,
    fsr,  # FSR consuntivo and assignment plan (udos)
    istat_spesa_sociale,
    monitoraggio_pdz,  # PdZ monitoring (piani)
    registro_udo,  # register of units (udos)
    scheda_conoscenza,  # Scheda Conoscenza del PdZ (piani)
    siuss,  # SIUSS PS/PSA/SINA (misure's outbox)
    spesa_comuni,  # per-comune spending for SMAF and MEF
)
