"""Demo data for ``manage.py seed_demo``: a few mapping rows (idempotent, written through the services), so the
funds returns of the demo Ambito have their interventions mapped, and the demo B2 strumenti (loaded before: the
demo loaders run by name, misure first) have their ISTAT area and service for the dashboard by measure."""

from __future__ import annotations

from ambito.accounts.models import Utente
from ambito.tenancy.models import Ambito
from rendicontazione import services
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

    _mappa_strumenti_b2(ambito=ambito, actor=actor)
    _siuss(ambito=ambito, actor=actor)


def _mappa_strumenti_b2(*, ambito: Ambito, actor: Utente) -> None:
    from misure.selectors import rendicontazione as misure_selectors

    gia = set(VoceMappatura.objects.filter(ambito=ambito, tipo_oggetto="misure.strumento")
              .values_list("chiave_oggetto", flat=True))
    for strumento in misure_selectors.strumento_mappabile_list(ambito=ambito):
        if strumento.edizione.misura.codice == "b2" and str(strumento.pk) not in gia:
            services.voce_mappatura_create(ambito=ambito, actor=actor, tipo_oggetto="misure.strumento",
                                           chiave_oggetto=str(strumento.pk), descrizione=f"{strumento.nome} (demo)",
                                           istat_area="DIS", istat_servizio="HEALTHV", siuss_area_utenza="2",
                                           siuss_codice_prestazione=CODICE_PRESTAZIONE_DEMO, macroarea_pdz="J")


# A placeholder benefit code (the INPS nomenclatore is not public in machine-readable form): to be replaced by the
# Ufficio di Piano with the code of its B2 buoni in the mapping page.
CODICE_PRESTAZIONE_DEMO = "A1.99"
SINA_DEMO = ({"sina_mobilita": 2, "sina_attivita_quotidiane": 3, "sina_disturbi_cognitivi": 2,
              "sina_bisogni_sanitari": 2, "sina_rete_supporto": 2},
             {"sina_mobilita": 3, "sina_attivita_quotidiane": 4, "sina_disturbi_cognitivi": 3,
              "sina_bisogni_sanitari": 3, "sina_rete_supporto": 1})


def _siuss(*, ambito: Ambito, actor: Utente) -> None:
    """The SIUSS side of the demo: the B2 strumenti's benefit code (a placeholder), the ente data (no WaaS
    credential: INPS's is set by the office), and a SINA assessment on each funded domanda with a plan, so the
    Lodi demo can produce its SIUSS file (what still blocks a row is listed by the pre-flight)."""
    import datetime as dt
    from decimal import Decimal

    from ambito.errors import RegolaViolata
    from misure.selectors import siuss as misure_siuss
    from misure.services.valutazioni import valutazione_create
    from rendicontazione import selectors

    for voce in VoceMappatura.objects.filter(ambito=ambito, tipo_oggetto="misure.strumento",
                                             siuss_codice_prestazione="", descrizione__endswith="(demo)"):
        services.voce_mappatura_update(voce=voce, actor=actor, descrizione=voce.descrizione,
                                       siuss_codice_prestazione=CODICE_PRESTAZIONE_DEMO,
                                       **{c: getattr(voce, c) for c in services.CAMPI_CODICI
                                          if c != "siuss_codice_prestazione"})
    capofila = ambito.ente_capofila
    sede = capofila.comune.codice_catastale if capofila is not None and capofila.comune is not None else "E648"
    if selectors.configurazione_waas(ambito=ambito) is None:
        services.configurazione_waas_set(ambito=ambito, actor=actor, codice_ente=f"{ambito.codice}-DEMO"[:32],
                                         belfiore_ente=sede, cf_operatore="RSSMRA80A01E648X",
                                         denominazione_ente=ambito.denominazione[:100])
    for n, domanda in enumerate(misure_siuss.domande_con_piano_senza_sina(ambito=ambito)):
        try:
            valutazione_create(domanda=domanda, actor=actor, strumento="svama" if n % 2 else "adl",
                               punteggio=Decimal(10 + n % 7), data=dt.date(2025, 5, 1), uvm_asst=bool(n % 2),
                               **SINA_DEMO[n % 2])
        except RegolaViolata:
            continue  # a domanda closed meanwhile: its rows will say what is missing
