"""Demo data for ``manage.py seed_demo``: a few mapping rows (idempotent, written through the services), so the
funds returns of the demo Ambito have their interventions mapped, the demo B2 strumenti (loaded before: the
demo loaders run by name, misure first) have their ISTAT area and service for the dashboard by measure and their
regional code for the B2 quarterly monitoring, and the Dopo di Noi template's strumenti their intervention code."""

from __future__ import annotations

from ambito.accounts.models import Utente
from ambito.tenancy.models import Ambito
from rendicontazione import codici, services
from rendicontazione.models import VoceMappatura

VOCI = [
    {"tipo_oggetto": "fondi.destinazione", "chiave_oggetto": "bando", "descrizione": "Bandi e avvisi (demo)",
     "istat_area": "DIS", "istat_servizio": "HEALTHV", "siuss_area_utenza": "2", "macroarea_pdz": "J"},
    {"tipo_oggetto": "fondi.destinazione", "chiave_oggetto": "progetto", "descrizione": "Progetti del Piano (demo)",
     "istat_area": "POV", "istat_servizio": "PSW", "siuss_area_utenza": "3", "macroarea_pdz": "A"},
    {"tipo_oggetto": "fondi.destinazione", "chiave_oggetto": "comune", "descrizione": "Quote dei comuni (demo)",
     "istat_area": "MULBEN", "istat_servizio": "ALL", "macroarea_pdz": "C"},
]


def carica_demo(*, ambito: Ambito, actor: Utente) -> None:
    for voce in VOCI:
        if not VoceMappatura.objects.filter(ambito=ambito, tipo_oggetto=voce["tipo_oggetto"],
                                            chiave_oggetto=voce["chiave_oggetto"]).exists():
            services.voce_mappatura_create(ambito=ambito, actor=actor, **voce)

    _mappa_strumenti(ambito=ambito, actor=actor)


# The demo B2 strumenti in the Region's quarterly monitoring (``dati/b2_strumenti.csv``); any other: ALT.
STRUMENTI_B2 = {"caregiver": "BCF", "assistente-familiare": "BAF", "voucher-sad": "VSA"}


def _mappa_strumenti(*, ambito: Ambito, actor: Utente) -> None:
    """The B2 strumenti: ISTAT area and service (dashboard by measure) and the regional strumento code (the
    quarterly monitoring ``b2_trimestrale``); the Dopo di Noi strumenti: their intervention code (the Dopo di
    Noi sheet), the template's strumento code being the regional one (a, b1, … → A, B1, …)."""
    from misure.selectors import rendicontazione as misure_selectors

    gia = {v.chiave_oggetto: v for v in VoceMappatura.objects.filter(ambito=ambito, tipo_oggetto="misure.strumento")}
    interventi = codici.ddn_interventi()
    for strumento in misure_selectors.strumento_mappabile_list(ambito=ambito):
        misura = strumento.edizione.misura.codice
        if misura == "b2":
            _mappa(ambito, actor, gia.get(str(strumento.pk)), strumento, istat_area="DIS", istat_servizio="HEALTHV",
                   siuss_area_utenza="2", macroarea_pdz="J", b2_strumento=STRUMENTI_B2.get(strumento.codice, "ALT"))
        elif misura == "dopo-di-noi" and strumento.codice.upper() in interventi:
            _mappa(ambito, actor, gia.get(str(strumento.pk)), strumento, istat_area="DIS", siuss_area_utenza="2",
                   macroarea_pdz="J", ddn_intervento=strumento.codice.upper())


def _mappa(ambito: Ambito, actor: Utente, voce: VoceMappatura | None, strumento: object, **codici_voce: str) -> None:
    """Create the strumento's row, or fill the codes an older demo row lacks (what the office set is kept)."""
    if voce is None:
        services.voce_mappatura_create(ambito=ambito, actor=actor, tipo_oggetto="misure.strumento",
                                       chiave_oggetto=str(strumento.pk), descrizione=f"{strumento.nome} (demo)",
                                       **codici_voce)
        return
    attuali = {c: getattr(voce, c) for c in services.CAMPI_CODICI}
    nuovi = {**attuali, **{c: v for c, v in codici_voce.items() if not attuali.get(c)}}
    if nuovi != attuali:
        services.voce_mappatura_update(voce=voce, actor=actor, descrizione=voce.descrizione, **nuovi)
