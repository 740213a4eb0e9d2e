"""Helpers of the governance tests: a real PDF, an Assemblea dei Sindaci of the four comuni of
mondo.a (Lodi 46,053; Codogno 15,885; Casalpusterlengo 15,646; San Colombano al Lambro 7,409)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ambito.atti.models import Atto, TipoAtto
from ambito.atti.services import atto_create
from ambito.organi.models import Componente, OrganoCollegiale, PuntoOdG, Seduta, TipoOrgano
from ambito.organi.services import (
    componente_create,
    organo_create,
    punto_create,
    seduta_create,
    seduta_presenze_set,
    voto_record,
)
from ambito.tenancy import ambito_scope

# A tiny but complete PDF (one empty page).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n166\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def pdf(nome: str = "delibera.pdf", contenuto: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(nome, contenuto, content_type="application/pdf")


def non_pdf(nome: str = "delibera.pdf") -> SimpleUploadedFile:
    """An image disguised as a PDF: right name, right declared type, wrong content."""
    return SimpleUploadedFile(nome, PNG, content_type="application/pdf")


GIORNO = dt.date(2026, 3, 16)


def alle_18(giorno: dt.date = GIORNO) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(giorno, dt.time(18, 0)))


@dataclass
class Assemblea:
    organo: OrganoCollegiale
    sindaci: dict[str, Componente]  # by comune name
    seduta: Seduta
    punto: PuntoOdG


def crea_atto(w, *, numero="12", pubblicato=False, tipo=TipoAtto.DETERMINA_CAPOFILA, data=dt.date(2026, 2, 3),
              oggetto="Approvazione del riparto FNPS 2026", allegato=True) -> Atto:
    with ambito_scope(w.ambito, actor=w.operatore):
        atto = atto_create(ambito=w.ambito, actor=w.operatore, tipo=tipo, numero=numero, data=data, oggetto=oggetto,
                           allegato=pdf() if allegato else None)
        if pubblicato:
            from ambito.atti.services import atto_publish

            atto = atto_publish(atto=atto, actor=w.operatore)
        atto.documento  # noqa: B018  (read inside the scope: tests look at atto.allegato outside it)
    return atto


def crea_assemblea(w, *, presenti=None, tipo_atto=None, nome="Assemblea dei Sindaci") -> Assemblea:
    """The Assemblea of an Ambito with one mayor per comune, a seduta on GIORNO, ``presenti`` (names
    of comuni; default: all) marked present and one item to vote."""
    with ambito_scope(w.ambito, actor=w.responsabile):
        organo = organo_create(ambito=w.ambito, actor=w.responsabile, tipo=TipoOrgano.ASSEMBLEA,
                               nome=nome, tipo_atto=tipo_atto)
        sindaci = {
            c.denominazione: componente_create(organo=organo, actor=w.responsabile,
                                               nominativo=f"Sindaco di {c.denominazione}", comune=c,
                                               qualifica="Sindaco", valido_dal=dt.date(2024, 6, 10))
            for c in w.comuni
        }
        seduta = seduta_create(organo=organo, actor=w.responsabile, data=alle_18(), luogo="Sala consiliare, Lodi")
        nomi = presenti if presenti is not None else list(sindaci)
        seduta_presenze_set(seduta=seduta, actor=w.responsabile, presenti=[sindaci[n] for n in nomi])
        punto = punto_create(seduta=seduta, actor=w.responsabile,
                             oggetto="Approvazione del Piano di Zona 2025-2027")
    return Assemblea(organo, sindaci, seduta, punto)


def vota(w, assemblea: Assemblea, **voti: str) -> None:
    """``vota(w, a, Lodi="contrario", Codogno="favorevole")`` (spaces in names as underscores)."""
    with ambito_scope(w.ambito, actor=w.responsabile):
        for nome, valore in voti.items():
            voto_record(punto=assemblea.punto, actor=w.responsabile,
                        componente=assemblea.sindaci[nome.replace("_", " ")], valore=valore)
