"""The returns this module builds from the funds ledger (the others register theirs from their own app's
``ritorni`` module: see ``rendicontazione/README.md``)."""

from rendicontazione.ritorni import (  # noqa: F401  (registration)
    fnps,
    fondo_poverta,
    fsr,  # FSR consuntivo and assignment plan (udos)
    istat_spesa_sociale,
    monitoraggio_pdz,  # PdZ monitoring (piani)
    registro_udo,  # register of units (udos)
    scheda_conoscenza,  # Scheda Conoscenza del PdZ (piani)
    spesa_comuni,  # per-comune spending for SMAF and MEF
)
