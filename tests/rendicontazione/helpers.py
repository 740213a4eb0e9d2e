"""Builders and readers for the data-return tests."""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

from django_scopes import scopes_disabled
from openpyxl import load_workbook

from ambito.jobs.models import Job
from ambito.tenancy import ambito_scope
from fondi import services as fondi_services
from rendicontazione import services
from rendicontazione.models import Invio
from tests.conftest import MondoAmbito
from tests.fondi.helpers import D, assegnazione, determina_di_liquidazione, quota


def fondo_poverta(w: MondoAmbito, *, descrizione: str = "Servizi per il PaIS") -> dict[str, Any]:
    """A Fondo Povertà quota servizi 2024 (80,000 assigned, 50,000 allocated, 30,000 committed, 12,000.50 paid) and a
    quota povertà estrema (10,000 allocated, 4,000 committed, nothing paid)."""
    with ambito_scope(w.ambito, actor=w.operatore):
        qs = assegnazione(w.ambito, w.operatore, codice="FP-QSFP", importo="80000.00")
        q1 = quota(qs, w.operatore, importo="50000.00", descrizione=descrizione)
        fondi_services.impegno_create(quota=q1, importo=D("30000.00"), data_contabile=dt.date(2025, 3, 1),
                                      actor=w.operatore)
        fondi_services.liquidazione_create(quota=q1, importo=D("12000.50"), data_contabile=dt.date(2025, 4, 1),
                                           actor=w.operatore, atto=determina_di_liquidazione(w.ambito))
        qpe = assegnazione(w.ambito, w.operatore, codice="FP-QPE", importo="20000.00")
        q2 = quota(qpe, w.operatore, importo="10000.00", descrizione="Pronto intervento sociale")
        fondi_services.impegno_create(quota=q2, importo=D("4000.00"), data_contabile=dt.date(2025, 3, 1),
                                      actor=w.operatore)
    return {"q1": q1, "q2": q2}


def mappa(w: MondoAmbito, q, **codici: str) -> None:
    with ambito_scope(w.ambito, actor=w.operatore):
        services.voce_mappatura_create(ambito=w.ambito, actor=w.operatore, tipo_oggetto="fondi.quota",
                                       chiave_oggetto=str(q.pk), descrizione=q.descrizione, **codici)


def produci(w: MondoAmbito, capture, *, codice: str = "fondo_poverta", anno: int = 2025, periodo: int = 1,
            formato: str = "csv", parametri: dict | None = None, actor=None) -> Invio:
    """Produce a return through the service, running its job on commit (eager Celery)."""
    actor = actor or w.operatore
    with capture(execute=True), ambito_scope(w.ambito, actor=actor):
        invio = services.invio_create(ambito=w.ambito, actor=actor, codice=codice, anno=anno, periodo=periodo,
                                      formato=formato, parametri=parametri)
    with scopes_disabled():
        return Invio.objects.select_related("job").get(pk=invio.pk)


def contenuto(invio: Invio) -> bytes:
    with scopes_disabled():
        job = Job.objects.get(pk=invio.job_id)
    with job.risultato.open("rb") as handle:
        return handle.read()


def righe_csv(dati: bytes, *, separatore: str = ";", codifica: str = "utf-8-sig") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(dati.decode(codifica)), delimiter=separatore))


def righe_xlsx(dati: bytes) -> list[tuple]:
    return [tuple(c.value for c in r) for r in load_workbook(io.BytesIO(dati)).active.iter_rows()]


def righe_xml(dati: bytes) -> list[dict[str, str]]:
    radice = ET.fromstring(dati)  # noqa: S314 - the file the test itself produced
    return [{figlio.tag: figlio.text or "" for figlio in riga} for riga in radice.findall("Riga")]


def euro(testo: str) -> Decimal:
    return Decimal(testo.replace(",", "."))
