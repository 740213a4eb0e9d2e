"""The returns this module builds from the funds ledger and from misure's payments (the others register theirs
from their own app's ``ritorni`` module: see ``rendicontazione/README.md``)."""

import rendicontazione.ritorni.dopo_di_noi  # registration: misure's payments
import rendicontazione.ritorni.fna_b2  # noqa: F401  (registration: misure's payments)
from rendicontazione.ritorni import fnps, fondo_poverta, istat_spesa_sociale  # noqa: F401  (registration)
