"""Acts in and out of the public area, for the public-area tests (and their route walker)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ambito.allegati.services import documento_set
from ambito.atti.models import CHIAVE_DOCUMENTO, Atto, TipoAtto
from ambito.tenancy.models import Ambito

PDF = b"%PDF-1.4\n% documento di prova\n%%EOF\n"


def atto_online(ambito: Ambito, *, numero: str = "7", dal: dt.date | None = None, al: dt.date | None = None,
                oggetto: str = "Graduatoria del bando voucher (area pubblica)", documento: bool = True,
                **campi) -> Atto:
    """An act in publication today (or in the period given), with a PDF."""
    oggi = timezone.localdate()
    atto = Atto(ambito=ambito, tipo=TipoAtto.DETERMINA_CAPOFILA, numero=numero, data=oggi - dt.timedelta(days=30),
                oggetto=oggetto, pubblicato=True, pubblicato_il=timezone.now(),
                pubblicazione_dal=dal or oggi - dt.timedelta(days=5),
                pubblicazione_al=al or oggi + dt.timedelta(days=10),
                **campi)
    atto.save()
    if documento:
        documento_set(oggetto=atto, chiave=CHIAVE_DOCUMENTO, actor=None, titolo="Documento",
                      file=SimpleUploadedFile("determina.pdf", PDF, content_type="application/pdf"))
    return atto


def atti_non_online(ambito: Ambito) -> dict[str, Atto]:
    """Acts that must not exist in the public area: unpublished online (though published inside the Ambito),
    expired yesterday, starting tomorrow."""
    oggi = timezone.localdate()
    interno = Atto.objects.create(ambito=ambito, tipo=TipoAtto.DETERMINA_CAPOFILA, numero="90",
                                  data=oggi - dt.timedelta(days=30), oggetto="Solo interno", pubblicato=True)
    return {
        "solo interno": interno,
        "scaduto": atto_online(ambito, numero="91", dal=oggi - dt.timedelta(days=20), al=oggi - dt.timedelta(days=1),
                               oggetto="Periodo concluso"),
        "futuro": atto_online(ambito, numero="92", dal=oggi + dt.timedelta(days=1), al=oggi + dt.timedelta(days=20),
                              oggetto="Periodo non iniziato"),
    }
