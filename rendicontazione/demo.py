"""Demo data for ``manage.py seed_demo``: a few mapping rows (idempotent, written through the services), so the
funds returns of the demo Ambito have their interventions mapped, the demo B2 strumenti (loaded before: the
demo loaders run by name, misure first) have their ISTAT area and service for the dashboard by measure and their
regional code for the B2 quarterly monitoring and their SIUSS benefit code, the Dopo di Noi template's strumenti
their intervention code, and the Ambito its SIUSS ente data. The SINA assessments the SIUSS file needs come from
misure's own demo."""

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
    # The FSR's contributions to units and the office's running costs: the FSR, ISTAT and SMAF/MEF returns of the
    # demo year find every paid quota mapped.
    {"tipo_oggetto": "fondi.destinazione", "chiave_oggetto": "udos",
     "descrizione": "Contributi alle unità d'offerta (demo)", "istat_area": "FAM", "istat_servizio": "DAYC",
     "voce_regionale": "FSR-UDO", "macroarea_pdz": "I"},
    {"tipo_oggetto": "fondi.destinazione", "chiave_oggetto": "spese_amministrative",
     "descrizione": "Gestione dell'Ufficio di Piano (demo)", "istat_area": "MULBEN", "istat_servizio": "ALL",
     "voce_regionale": "GESTIONE", "macroarea_pdz": "F"},
]


def carica_demo(*, ambito: Ambito, actor: Utente) -> None:
    for voce in VOCI:
        if not VoceMappatura.objects.filter(ambito=ambito, tipo_oggetto=voce["tipo_oggetto"],
                                            chiave_oggetto=voce["chiave_oggetto"]).exists():
            services.voce_mappatura_create(ambito=ambito, actor=actor, **voce)

    _mappa_strumenti(ambito=ambito, actor=actor)
    _siuss(ambito=ambito, actor=actor)


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
                   siuss_area_utenza="2", macroarea_pdz="J", b2_strumento=STRUMENTI_B2.get(strumento.codice, "ALT"),
                   siuss_codice_prestazione=CODICE_PRESTAZIONE_DEMO)
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


# The SIUSS nomenclatore's code for a monthly economic contribution supporting home care (the B2 buoni for the
# caregiver or the assistente familiare): A1 "Contributi economici", A1.11 "Assegnazioni economiche per il sostegno
# della domiciliarità e dell'autonomia personale". Source: the A1–A3 list of benefit codes (``PrestazioneDaErogare``)
# in the public OpenMSP project, lsantalu/OpenMSP on GitHub, OpenMSP/inps.py (``TIPO_PRESTAZIONE_DA_EROGARE``),
# consistent with the "Elenco prestazioni SIUSS aggiornato al 20 settembre 2019" (Synergia srl) — secondary
# sources, not INPS's own publication: see ``dati/README.md``. The office confirms it in the mapping page.
CODICE_PRESTAZIONE_DEMO = "A1.11"
CODICI_DEMO_PRECEDENTI = ("", "A1.99")  # the placeholder an older seed wrote: brought up to date by a new seed


def _siuss(*, ambito: Ambito, actor: Utente) -> None:
    """The SIUSS side of the demo that is the returns' own: the B2 strumenti's benefit code (A1.11) and the ente
    data (no WaaS credential: INPS's is set by the office). The SINA assessments the flow reads are misure's
    records, made by misure's demo (``misure.demo.erogazioni.valutazioni_sina``, loaded before this one): with both,
    the Lodi demo can produce its SIUSS file (what still blocks a row is listed by the pre-flight)."""
    from rendicontazione import selectors

    for voce in VoceMappatura.objects.filter(ambito=ambito, tipo_oggetto="misure.strumento",
                                             siuss_codice_prestazione__in=CODICI_DEMO_PRECEDENTI,
                                             descrizione__endswith="(demo)"):
        services.voce_mappatura_update(voce=voce, actor=actor, descrizione=voce.descrizione,
                                       siuss_codice_prestazione=CODICE_PRESTAZIONE_DEMO,
                                       **{c: getattr(voce, c) for c in services.CAMPI_CODICI
                                          if c != "siuss_codice_prestazione"})
    _cittadinanze(ambito=ambito, actor=actor)
    capofila = ambito.ente_capofila
    sede = capofila.comune.codice_catastale if capofila is not None and capofila.comune is not None else "E648"
    if selectors.configurazione_waas(ambito=ambito) is None:
        services.configurazione_waas_set(ambito=ambito, actor=actor, codice_ente=f"{ambito.codice}-DEMO"[:32],
                                         belfiore_ente=sede, cf_operatore="RSSMRA80A01E648X",
                                         denominazione_ente=ambito.denominazione[:100])


# The numeric codes of the States (ISO 3166-1, as INPS's example flow writes 380 for Italy) of the citizenships the
# misure demo records: the SIUSS file codes them through the mapping.
CITTADINANZE_DEMO = {"marocchina": "504", "rumena": "642", "albanese": "008"}


def _cittadinanze(*, ambito: Ambito, actor: Utente) -> None:
    """A mapping row for each citizenship of the demo's beneficiaries that has none (what the office set is kept)."""
    from misure.selectors import rendicontazione as misure_selectors

    mappate = set(VoceMappatura.objects.filter(ambito=ambito, tipo_oggetto="misure.cittadinanza")
                  .values_list("chiave_oggetto", flat=True))
    for chiave, testo in misure_selectors.cittadinanza_mappabile_list(ambito=ambito):
        if chiave in CITTADINANZE_DEMO and chiave not in mappate:
            services.voce_mappatura_create(ambito=ambito, actor=actor, tipo_oggetto="misure.cittadinanza",
                                           chiave_oggetto=chiave, descrizione=f"Cittadinanza {testo} (demo)",
                                           codice_cittadinanza=CITTADINANZE_DEMO[chiave])
