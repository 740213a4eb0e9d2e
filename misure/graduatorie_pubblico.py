"""Publication of graduatorie (D.Lgs 33/2013; Garante 243/2014): public-only reads, the PDF and
CSV for publication, the public pages (/p/<slug>/graduatorie/) and the art. 26–27 benefits list.

Only :class:`RigaPubblica` / :class:`GraduatoriaPubblica` values reach a public output: the pseudonymous code,
the comune, the strumento, points per criterion, total and esito — never names, codici fiscali, ISEE values or
health data (nor the reason of a non idonea row, which could reveal them). A graduatoria is public from
``pubblicata_dal`` to ``pubblicata_al`` (the bando's period), then disappears; the benefits list keeps the
funded rows of definitive graduatorie for five years.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ambito.errors import NonTrovato
from ambito.formato import data_it, numero_esatto
from ambito.formato import oggi as oggi_roma
from ambito.pubblico.registry import registra_pagina_pubblica
from ambito.pubblico.vista import pagina_pubblica, vista_pubblica
from ambito.tenancy.models import Ambito
from misure.models import EsitoPosizione, Graduatoria, PosizioneGraduatoria, StatoGraduatoria

ANNI_BENEFICI = 5


@dataclass(frozen=True)
class RigaPubblica:
    posizione: int | None
    codice: str
    comune: str
    strumento: str
    punti: dict[str, str]
    punteggio: Decimal | None
    esito: str


@dataclass
class GraduatoriaPubblica:
    pk: int
    titolo: str
    stato: str
    misura: str
    dgr: str
    bando: str
    atto: str
    budget: Decimal
    finanziato: Decimal
    hash: str
    pubblicata_dal: dt.date | None
    pubblicata_al: dt.date | None
    criteri: list[str] = field(default_factory=list)
    pesi: dict[str, str] = field(default_factory=dict)
    righe: list[RigaPubblica] = field(default_factory=list)

    def criteri_con_pesi(self) -> list[str]:
        """Each criterion with its weight (1 unless a promoted what-if changed it), Italian style: "isee ×1,5"."""
        return [f"{c} ×{numero_esatto(self.pesi.get(c, '1'))}" for c in self.criteri]


def _atto(graduatoria: Graduatoria) -> str:
    atto = graduatoria.atto_definitiva or graduatoria.atto_provvisoria
    if atto is None:
        return ""
    return _("%(tipo)s n. %(n)s del %(d)s") % {"tipo": atto.get_tipo_display(), "n": atto.numero,
                                               "d": data_it(atto.data)}


def dati_pubblici(graduatoria: Graduatoria) -> GraduatoriaPubblica:
    """The publishable content of a graduatoria (two queries for the rows, whatever their number)."""
    edizione = graduatoria.bando.edizione
    righe = [
        RigaPubblica(posizione=r["posizione"], codice=r["domanda__codice_pubblico"],
                     comune=r["domanda__comune__denominazione"], strumento=r["domanda__strumento__strumento__nome"],
                     punti=r["punti"] or {}, punteggio=r["punteggio"] if r["esito"] != "non_idonea" else None,
                     esito=str(EsitoPosizione(r["esito"]).label))
        for r in PosizioneGraduatoria.objects.filter(ambito_id=graduatoria.ambito_id, graduatoria=graduatoria)
        .order_by("ordine").values("posizione", "domanda__codice_pubblico", "domanda__comune__denominazione",
                                   "domanda__strumento__strumento__nome", "punti", "punteggio", "esito")]
    criteri = sorted({c for r in righe for c in r.punti})
    return GraduatoriaPubblica(
        pk=graduatoria.pk, titolo=graduatoria.titolo, stato=graduatoria.get_stato_display(),
        misura=edizione.misura.nome, dgr=edizione.atto_regionale, bando=graduatoria.bando.titolo,
        atto=_atto(graduatoria), budget=graduatoria.budget, finanziato=graduatoria.finanziato,
        hash=graduatoria.hash_calcolo, pubblicata_dal=graduatoria.pubblicata_dal,
        pubblicata_al=graduatoria.pubblicata_al, criteri=criteri,
        pesi=(graduatoria.parametri or {}).get("pesi") or {}, righe=righe)


def _punti(valore: str) -> Decimal | str:
    try:
        return Decimal(valore)
    except ArithmeticError:
        return valore


def csv_pubblico(dati: GraduatoriaPubblica, ambito: Ambito) -> bytes:
    """CSV for publication in the Italian Excel dialect of ``ambito.exporters`` (``;``, UTF-8 with BOM, decimal
    comma, formula-safe): header lines (Ambito, measure and DGR, bando, state, act, budget, criteria and weights,
    verification hash), then one line per row."""
    from ambito.exporters import righe_csv

    intestazione = [
        [_("Misura"), dati.misura, _("DGR"), dati.dgr],
        [_("Bando"), dati.bando],
        [_("Graduatoria"), dati.titolo, dati.stato],
        [_("Atto di approvazione"), dati.atto],
        [_("Budget"), dati.budget, _("Finanziato"), dati.finanziato],
        [_("Criteri e pesi"), *dati.criteri_con_pesi()],
        [_("Hash di verifica"), dati.hash],
        [],
        [_("Posizione"), _("Codice"), _("Comune"), _("Strumento"), *dati.criteri, _("Totale"), _("Esito")],
    ]
    righe = [[r.posizione, r.codice, r.comune, r.strumento, *[_punti(r.punti.get(c, "")) for c in dati.criteri],
              r.punteggio, r.esito] for r in dati.righe]
    return "".join(righe_csv([_("Ambito"), ambito.denominazione], [*intestazione, *righe])).encode("utf-8")


def pdf_pubblico(dati: GraduatoriaPubblica, ambito: Ambito) -> bytes:
    from ambito.pdf import render_pdf

    return render_pdf("misure/graduatorie/pubblicazione_pdf.html", {"g": dati}, ambito=ambito)


# --- public reads --------------------------------------------------------------------------------------------


def graduatorie_pubblicate(*, ambito: Ambito, oggi: dt.date | None = None):
    oggi = oggi or oggi_roma()
    return (Graduatoria.objects.filter(ambito=ambito, stato__in=[StatoGraduatoria.PROVVISORIA,
                                                                 StatoGraduatoria.DEFINITIVA],
                                       pubblicata_dal__lte=oggi, pubblicata_al__gte=oggi)
            .select_related("bando__edizione__misura", "atto_provvisoria", "atto_definitiva").order_by("-pk"))


def graduatoria_pubblicata_get(*, ambito: Ambito, pk: int) -> Graduatoria:
    graduatoria = graduatorie_pubblicate(ambito=ambito).filter(pk=pk).first()
    if graduatoria is None:
        raise NonTrovato(_("Graduatoria non pubblicata."))
    return graduatoria


def benefici_concessi(*, ambito: Ambito, oggi: dt.date | None = None) -> list[dict[str, Any]]:
    """Art. 26–27 list: funded rows of definitive graduatorie approved in the last five years (codes only)."""
    oggi = oggi or oggi_roma()
    limite = oggi.replace(year=oggi.year - ANNI_BENEFICI)
    return list(PosizioneGraduatoria.objects.filter(
        ambito=ambito, esito=EsitoPosizione.FINANZIATA, graduatoria__stato=StatoGraduatoria.DEFINITIVA,
        graduatoria__atto_definitiva__data__gte=limite)
        .order_by("-graduatoria__atto_definitiva__data", "graduatoria", "ordine")
        .values("domanda__codice_pubblico", "importo_assegnato", "graduatoria__bando__edizione__misura__nome",
                "graduatoria__bando__edizione__atto_regionale", "graduatoria__atto_definitiva__numero",
                "graduatoria__atto_definitiva__data", "domanda__comune__denominazione")[:5000])


# --- public views --------------------------------------------------------------------------------------------


@vista_pubblica(noindex=True)
def elenco(request: HttpRequest, ambito: Ambito) -> HttpResponse:
    return pagina_pubblica(request, ambito, "pubblico/graduatorie/elenco.html",
                           {"graduatorie": [dati_pubblici(g) for g in graduatorie_pubblicate(ambito=ambito)[:50]]},
                           noindex=True)


@vista_pubblica(noindex=True)
def dettaglio(request: HttpRequest, ambito: Ambito, graduatoria_pk: int) -> HttpResponse:
    dati = dati_pubblici(graduatoria_pubblicata_get(ambito=ambito, pk=graduatoria_pk))
    codice = (request.GET.get("codice") or "").strip().upper()[:12]
    trovata = next((r for r in dati.righe if codice and r.codice == codice), None)
    return pagina_pubblica(request, ambito, "pubblico/graduatorie/dettaglio.html",
                           {"g": dati, "codice": codice, "trovata": trovata}, noindex=True)


@vista_pubblica(noindex=True)
def scarica_csv(request: HttpRequest, ambito: Ambito, graduatoria_pk: int) -> HttpResponse:
    dati = dati_pubblici(graduatoria_pubblicata_get(ambito=ambito, pk=graduatoria_pk))
    risposta = HttpResponse(csv_pubblico(dati, ambito), content_type="text/csv; charset=utf-8")
    risposta["Content-Disposition"] = f'attachment; filename="graduatoria-{dati.pk}.csv"'
    return risposta


@vista_pubblica(noindex=True)
def scarica_pdf(request: HttpRequest, ambito: Ambito, graduatoria_pk: int) -> HttpResponse:
    dati = dati_pubblici(graduatoria_pubblicata_get(ambito=ambito, pk=graduatoria_pk))
    return FileResponse(io.BytesIO(pdf_pubblico(dati, ambito)), as_attachment=True,
                        filename=f"graduatoria-{dati.pk}.pdf", content_type="application/pdf")


@vista_pubblica(noindex=True)
def benefici(request: HttpRequest, ambito: Ambito) -> HttpResponse:
    return pagina_pubblica(request, ambito, "pubblico/graduatorie/benefici.html",
                           {"righe": benefici_concessi(ambito=ambito)}, noindex=True)


def registra() -> None:
    registra_pagina_pubblica(
        "graduatorie", titolo=gettext_lazy("Graduatorie"),
        descrizione=gettext_lazy("Graduatorie delle misure nel periodo di pubblicazione, con codice di verifica; "
                                 "ricerca della propria posizione con il codice della ricevuta."),
        urls="misure.graduatorie_pubblico_urls", url_name="graduatorie_pubbliche:elenco", ordine=30)
