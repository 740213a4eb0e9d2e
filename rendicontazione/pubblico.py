"""The opt-in public page of an Ambito's statistics (/p/<slug>/statistiche/): the aggregate figures of the measures
dashboard — domande, beneficiaries, waiting lists, time to decision per measure, ISTAT area and comune — with small
counts always suppressed (``conteggio_mostrato``, the mayors' threshold) and their per-1,000 rate hidden. No login,
``noindex``; nothing per person (the dashboard's selectors return counts only). Off until the Ambito's office
switches it on (:class:`~rendicontazione.models.StatistichePubbliche`): otherwise 404 and not listed on the public
home."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ambito.errors import NonTrovato
from ambito.pubblico.registry import registra_pagina_pubblica
from ambito.pubblico.vista import pagina_pubblica, vista_pubblica
from ambito.tenancy.models import Ambito
from misure.selectors import rendicontazione as misure_selectors
from rendicontazione import selectors
from rendicontazione.cruscotto import conteggio_mostrato
from rendicontazione.cruscotto_misure import Riga, cruscotto_misure


@vista_pubblica(noindex=True)
def statistiche(request: HttpRequest, ambito: Ambito) -> HttpResponse:
    if not selectors.statistiche_pubbliche_attive(ambito=ambito):
        raise NonTrovato(_("Statistiche non pubblicate."))
    anni = misure_selectors.anni_con_domande(ambito=ambito)
    anno = int(request.GET["anno"]) if request.GET.get("anno", "").isdigit() and int(request.GET["anno"]) in anni \
        else anni[0]
    dati = cruscotto_misure(ambito=ambito, anno=anno, sopprimi=True)
    return pagina_pubblica(request, ambito, "pubblico/rendicontazione/statistiche.html", {
        "cruscotto": dati, "anni": anni, "per_misura": [_riga_pubblica(r, dati.soglia) for r in dati.per_misura]},
        noindex=True)


def _riga_pubblica(riga: Riga, soglia: int) -> dict:
    """A measure's row for the public: the decided count suppressed like the others, and no decision time drawn
    from fewer than ``soglia`` domande (it would describe a few people's cases)."""
    pochi = 0 < riga.decise < soglia
    return {"etichetta": riga.etichetta, "domande": riga.domande, "beneficiari": riga.beneficiari,
            "in_attesa": riga.in_attesa, "decise": conteggio_mostrato(riga.decise, soglia=soglia, sopprimi=True),
            "giorni_mediani": None if pochi else riga.giorni_mediani}


def registra() -> None:
    registra_pagina_pubblica(
        "statistiche", titolo=gettext_lazy("Statistiche delle misure"),
        descrizione=gettext_lazy("Domande, beneficiari e liste d'attesa per misura, area e comune: solo cifre "
                                 "aggregate, i numeri piccoli non sono mostrati."),
        urls="rendicontazione.pubblico_urls", url_name="statistiche_pubbliche:statistiche", ordine=70,
        visibile=lambda ambito: selectors.statistiche_pubbliche_attive(ambito=ambito))
