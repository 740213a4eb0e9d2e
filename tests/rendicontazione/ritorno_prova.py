"""A test-only return that writes slowly (the worker-kill test), imported by the test and by the real worker."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from rendicontazione.registry import CampoTracciato, Destinatario, EsportatoreRitorno, Periodicita, registra_ritorno

RIGHE = 60


@registra_ritorno
class RitornoLento(EsportatoreRitorno):
    codice = "prova_lento"
    etichetta = "Ritorno lento (prova)"
    destinatario = Destinatario.ATS
    periodicita = Periodicita.ANNUALE
    formati = ("csv",)
    tracciato = (CampoTracciato("n", "Numero", "intero", obbligatorio=True),
                 CampoTracciato("tentativo", "Tentativo", "intero"))

    def conta_righe(self) -> int:
        return RIGHE

    def righe_dati(self) -> Iterator[dict[str, Any]]:
        for n in range(RIGHE):
            time.sleep(0.08)
            yield {"n": n, "tentativo": self.contesto.tentativo}


@registra_ritorno
class RitornoGrande(EsportatoreRitorno):
    """As many rows as asked (``righe``), generated: the memory test."""

    codice = "prova_grande"
    etichetta = "Ritorno grande (prova)"
    destinatario = Destinatario.ISTAT
    periodicita = Periodicita.ANNUALE
    formati = ("csv", "xlsx", "xml")
    tracciato = (CampoTracciato("n", "Numero", "intero", obbligatorio=True),
                 CampoTracciato("nome", "Nome", obbligatorio=True),
                 CampoTracciato("importo", "Importo", "euro"))

    @classmethod
    def campi_parametri(cls):
        from django import forms

        return {"righe": forms.IntegerField(min_value=1)}

    def conta_righe(self) -> int:
        return int(self.parametri["righe"])

    def righe_dati(self) -> Iterator[dict[str, Any]]:
        from decimal import Decimal

        for n in range(int(self.parametri["righe"])):
            yield {"n": n, "nome": f"Beneficiario numero {n:08d}", "importo": Decimal(n) / 100}


@registra_ritorno
class RitornoPerRiga(EsportatoreRitorno):
    """A keyed per-row return (one row per ``n``): the compact summary of large files. ``righe`` rows; the row
    ``cala`` has a lower amount; ``cresce`` a higher one."""

    codice = "prova_per_riga"
    etichetta = "Ritorno per riga (prova)"
    destinatario = Destinatario.INPS
    periodicita = Periodicita.ANNUALE
    formati = ("csv",)
    tracciato = (CampoTracciato("n", "Numero", "intero", obbligatorio=True),
                 CampoTracciato("importo", "Importo", "euro"))
    chiave = ("n",)
    non_diminuibili = ("importo",)

    @classmethod
    def campi_parametri(cls):
        from django import forms

        return {"righe": forms.IntegerField(min_value=1), "cala": forms.IntegerField(required=False),
                "cresce": forms.IntegerField(required=False)}

    def righe_dati(self) -> Iterator[dict[str, Any]]:
        from decimal import Decimal

        cala, cresce = self.parametri.get("cala"), self.parametri.get("cresce")
        for n in range(int(self.parametri["righe"])):
            importo = Decimal(100) - (1 if str(n) == cala else 0) + (5 if str(n) == cresce else 0)
            yield {"n": n, "importo": importo, "_url": f"/riga/{n}/"}
