"""Outputs of a run: the payment list (XLSX/CSV for the ente capofila's accounting), the draft determina di
liquidazione (PDF), the SEPA credit transfer file (pain.001.001.03, validated against the XSD shipped in
``misure/schemi/``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from ambito.formato import oggi
from misure.models import Distinta, Pagamento, RigaDistinta, StatoDistinta

XSD_PAIN_001 = Path(__file__).parent / "schemi" / "pain.001.001.03.xsd"


def intestazioni_righe() -> list[str]:
    return [_("Comune"), _("Beneficiario"), _("Codice fiscale"), _("Domanda"), _("Pagato a"), _("Intestatario"),
            _("IBAN"), _("Giorni"), _("Importo"), _("Esclusa"), _("Motivo dell'esclusione")]


def righe_distinta(distinta: Distinta) -> Iterator[list[Any]]:
    """Every line of the run (paid and excluded), as plain values."""
    qs = (RigaDistinta.objects.filter(distinta=distinta)
          .order_by("esclusa", "comune__denominazione", "piano__beneficiario__cognome", "pk")
          .values_list("comune__denominazione", "piano__beneficiario__cognome", "piano__beneficiario__nome",
                       "piano__beneficiario__codice_fiscale", "piano__domanda__protocollo_numero",
                       "piano__domanda__protocollo_anno", "piano__tipo_destinatario", "piano__intestatario",
                       "piano__iban", "giorni", "importo", "esclusa", "motivo_esclusione"))
    for com, cog, nom, cf, num, anno, tipo, intest, iban, giorni, imp, escl, motivo in qs.iterator(chunk_size=2000):
        yield [com, f"{cog} {nom}", cf, f"{num}/{anno}", tipo, intest, iban, giorni, imp,
               _("Sì") if escl else _("No"), motivo]


def intestazioni_pagamenti() -> list[str]:
    return [_("Comune"), _("Beneficiario"), _("Codice fiscale"), _("Domanda"), _("Mese"), _("Pagato a"),
            _("Ente erogatore"), _("Intestatario"), _("IBAN"), _("Giorni"), _("Importo")]


def righe_pagamenti(distinta: Distinta) -> Iterator[list[Any]]:
    qs = (Pagamento.objects.filter(distinta=distinta)
          .order_by("tipo_destinatario", "comune__denominazione", "beneficiario__cognome", "pk")
          .values_list("comune__denominazione", "beneficiario__cognome", "beneficiario__nome",
                       "beneficiario__codice_fiscale", "domanda__protocollo_numero", "domanda__protocollo_anno",
                       "mese", "tipo_destinatario", "ente__denominazione", "intestatario", "iban", "giorni", "importo"))
    for com, cog, nom, cf, num, anno, mese, tipo, ente, intest, iban, giorni, imp in qs.iterator(chunk_size=2000):
        yield [com, f"{cog} {nom}", cf, f"{num}/{anno}", mese.strftime("%m/%Y"), tipo, ente or "", intest, iban,
               giorni, imp]


def sepa_pain001(distinta: Distinta, *, debitore: str, iban_debitore: str, bic_debitore: str = "NOTPROVIDED",
                 data_esecuzione: dt.date | None = None) -> bytes:
    """The SEPA credit transfer (pain.001.001.03) of a confirmed run's payments, validated against the XSD."""
    from sepaxml import SepaTransfer

    if distinta.stato != StatoDistinta.CONFERMATA:
        from ambito.errors import RegolaViolata

        raise RegolaViolata(_("Il file SEPA si produce per una distinta confermata."), codice="distinta_non_confermata")
    config = {"name": debitore[:70], "IBAN": iban_debitore, "BIC": bic_debitore, "batch": True,
              "currency": "EUR", "domestic": False}
    sepa = SepaTransfer(config, schema="pain.001.001.03", clean=True)
    for pk, intestatario, iban, importo, mese, num, anno in (
            Pagamento.objects.filter(distinta=distinta).order_by("pk")
            .values_list("pk", "intestatario", "iban", "importo", "mese", "domanda__protocollo_numero",
                         "domanda__protocollo_anno")):
        sepa.add_payment({
            "name": intestatario[:70], "IBAN": iban, "amount": int(Decimal(importo) * 100),
            "execution_date": data_esecuzione or oggi(),
            "description": f"Misura {mese:%m/%Y} domanda {num}/{anno}"[:140],
            "endtoend_id": f"D{distinta.pk}P{pk}"[:35]})
    contenuto = sepa.export(validate=False)
    valida_pain001(contenuto)
    return contenuto


def valida_pain001(contenuto: bytes) -> None:
    """Raise if ``contenuto`` does not validate against the shipped pain.001.001.03 XSD."""
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(XSD_PAIN_001)))
    schema.assertValid(etree.fromstring(contenuto))


def file_distinta(distinta: Distinta, formato: str, ambito: Any) -> Any:
    """The run's file as an HTTP response, the same for the page and the API: ``pdf`` the draft determina di
    liquidazione, ``csv``/``xlsx`` the payment list (the payments once confirmed, the lines before); else 404."""
    from django.http import HttpResponse

    from ambito.errors import NonTrovato
    from ambito.exporters import Colonna, risposta_esportazione
    from ambito.pdf import render_pdf
    from misure.selectors.erogazioni import totali_per_comune

    nome = f"distinta-{distinta.mese:%Y-%m}-bando-{distinta.bando_id}"
    if formato == "pdf":
        contenuto = render_pdf("misure/erogazioni/determina.html", {
            "distinta": distinta, "pagamenti": list(righe_pagamenti(distinta)),
            "per_comune": totali_per_comune(distinta=distinta)}, ambito=ambito)
        risposta = HttpResponse(contenuto, content_type="application/pdf")
        risposta["Content-Disposition"] = f'attachment; filename="determina-{nome}.pdf"'
        return risposta
    if formato not in ("csv", "xlsx"):
        raise NonTrovato()
    confermata = distinta.stato == StatoDistinta.CONFERMATA
    intestazioni = (intestazioni_pagamenti if confermata else intestazioni_righe)()
    # read now, inside the Ambito's scope (the CSV response streams after the view returns)
    righe = list(righe_pagamenti(distinta) if confermata else righe_distinta(distinta))
    return risposta_esportazione(formato, nome, [Colonna(h) for h in intestazioni], righe, titolo=_("Pagamenti"))


def file_sepa(distinta: Distinta, *, debitore: str, iban: str) -> Any:
    """The SEPA pain.001 file as an HTTP response (validated against the XSD; a bad IBAN or an unconfirmed run is a
    :class:`~ambito.errors.RegolaViolata`)."""
    from django.http import HttpResponse

    from misure.iban import valida_iban

    contenuto = sepa_pain001(distinta, debitore=debitore, iban_debitore=valida_iban(iban))
    risposta = HttpResponse(contenuto, content_type="application/xml")
    risposta["Content-Disposition"] = f'attachment; filename="sepa-{distinta.mese:%Y-%m}-bando-{distinta.bando_id}.xml"'
    return risposta
