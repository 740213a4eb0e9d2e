"""Builders for the domande tests: bandi and beneficiaries straight through the ORM (small fixed shapes, tested
through their own services in tests/misure/bandi and beneficiari), domande through the domande
services; a stand-in of the bandi part's ``valuta_domanda`` with the same result shape (tests only)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from ambito.tenancy import ambito_scope
from misure.models import (
    AttestazioneISEE,
    Bando,
    Beneficiario,
    DocumentoRichiesto,
    EdizioneMisura,
    EsitoVerifica,
    Misura,
    StatoBando,
    Strumento,
    StrumentoBando,
    VersioneRegole,
)
from misure.services import domande as services

_n = itertools.count(1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
ESEGUIBILE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100


def pdf(nome: str = "contratto.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(nome, PDF, content_type="application/pdf")


@dataclass
class BandoDiProva:
    bando: Bando
    caregiver: StrumentoBando
    assistente: StrumentoBando
    contratto: DocumentoRichiesto  # required for the assistente familiare only
    versione: VersioneRegole
    misura: Misura


def bando_b2(ambito, *, giorni: int = 30, stato: str = StatoBando.PUBBLICATO, apertura=dt.date(2025, 1, 1),
             chiusura=None) -> BandoDiProva:
    n = next(_n)
    misura = Misura.objects.create(ambito=ambito, codice=f"b2-{n}", nome="FNA Misura B2", anni_conservazione=10,
                                   anni_conservazione_non_ammesse=5)
    edizione = EdizioneMisura.objects.create(ambito=ambito, misura=misura, titolo="B2 2025", annualita=2024,
                                             esercizio=2025)
    cg = Strumento.objects.create(ambito=ambito, edizione=edizione, codice="caregiver",
                                  nome="Buono caregiver familiare", importo_mensile=Decimal("100.00"), mesi=12)
    af = Strumento.objects.create(ambito=ambito, edizione=edizione, codice="assistente",
                                  nome="Buono assistente familiare", importo_mensile_massimo=Decimal("800.00"))
    bando = Bando.objects.create(ambito=ambito, edizione=edizione, titolo=f"Bando B2 2025 n. {n}", stato=stato,
                                 apertura=apertura, chiusura=chiusura, giorni_per_decidere=giorni)
    caregiver = StrumentoBando.objects.create(ambito=ambito, bando=bando, strumento=cg,
                                              importo_mensile=Decimal("100.00"), mesi=12)
    assistente = StrumentoBando.objects.create(ambito=ambito, bando=bando, strumento=af,
                                               importo_mensile=Decimal("800.00"), mesi=12)
    contratto = DocumentoRichiesto.objects.create(ambito=ambito, bando=bando, strumento=assistente,
                                                  codice="contratto", descrizione="Contratto di lavoro registrato INPS")
    versione = VersioneRegole.objects.create(ambito=ambito, bando=bando, numero=1, congelata=True,
                                             regole_ammissibilita={"isee": {"sociosanitario": "25000"}})
    return BandoDiProva(bando, caregiver, assistente, contratto, versione, misura)


def beneficiario(ambito, comune, *, cognome: str = "Rossi", nome: str = "Maria") -> Beneficiario:
    n = next(_n)
    return Beneficiario.objects.create(ambito=ambito, comune=comune, codice_fiscale=f"RSSMRA40A01E{n:03d}X"[-16:],
                                       cognome=cognome, nome=nome, sesso="F", data_nascita=dt.date(1940, 1, 1),
                                       luogo_nascita_belfiore="E648")


def attestazione_isee(ambito, persona, valore: Decimal, *, rilasciata_il, scade_il, tipo: str = "sociosanitario"):
    return AttestazioneISEE.objects.create(ambito=ambito, beneficiario=persona, rilasciata_il=rilasciata_il,
                                           scade_il=scade_il, tipo_isee=tipo, valore_isee=valore)


# --- a stand-in of misure.regole.valuta_domanda (the bandi part's engine), same result shape ------------------


@dataclass(frozen=True)
class Verifica:
    codice: str
    descrizione: str
    esito: str
    dettaglio: str = ""


@dataclass
class Risultato:
    ammissibilita: list = field(default_factory=list)
    incompatibilita: list = field(default_factory=list)
    punteggio: Decimal | None = None
    dettaglio_punteggio: list = field(default_factory=list)
    chiave_parita: tuple = ()


def valuta_finta(domanda, *, oggi):
    """ISEE sociosanitario ≤ 25.000 (missing → dati mancanti), B1 declared → incompatible; score 100 − ISEE/1000."""
    if domanda.isee_valore is None:
        isee = Verifica("isee", "ISEE entro la soglia", EsitoVerifica.DATI_MANCANTI, "ISEE non dichiarato")
    elif domanda.isee_valore <= Decimal("25000"):
        isee = Verifica("isee", "ISEE entro la soglia", EsitoVerifica.SODDISFATTA, f"{domanda.isee_valore} ≤ 25000")
    else:
        isee = Verifica("isee", "ISEE entro la soglia", EsitoVerifica.NON_SODDISFATTA,
                        f"{domanda.isee_valore} > 25000")
    b1 = "b1" in (domanda.benefici_dichiarati or [])
    incompatibile = Verifica("b1", "Non percepisce la Misura B1",
                             EsitoVerifica.NON_SODDISFATTA if b1 else EsitoVerifica.SODDISFATTA)
    punteggio = None if domanda.isee_valore is None else Decimal(100) - domanda.isee_valore / 1000
    return Risultato([isee], [incompatibile], punteggio, [{"criterio": "isee", "punti": str(punteggio)}])


def domanda(w, prova: BandoDiProva, ben, *, actor=None, strumento=None, **dati):
    actor = actor or w.assistente_1
    with ambito_scope(w.ambito, actor=actor):
        return services.domanda_create(ambito=w.ambito, actor=actor, bando=prova.bando,
                                       strumento=strumento or prova.caregiver, beneficiario=ben,
                                       **({"isee_tipo": "sociosanitario", "isee_valore": Decimal("12000.00")} | dati))


def presentata(w, prova, ben, *, actor=None, oggi=None, **dati):
    d = domanda(w, prova, ben, actor=actor, **dati)
    with ambito_scope(w.ambito, actor=actor or w.assistente_1):
        return services.domanda_submit(domanda=d, actor=actor or w.assistente_1, oggi=oggi)
