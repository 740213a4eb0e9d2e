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

    _mappa_strumenti_b2(ambito=ambito, actor=actor)


def _mappa_strumenti_b2(*, ambito: Ambito, actor: Utente) -> None:
    from misure.selectors import rendicontazione as misure_selectors

    gia = set(VoceMappatura.objects.filter(ambito=ambito, tipo_oggetto="misure.strumento")
              .values_list("chiave_oggetto", flat=True))
    for strumento in misure_selectors.strumento_mappabile_list(ambito=ambito):
        if strumento.edizione.misura.codice == "b2" and str(strumento.pk) not in gia:
            services.voce_mappatura_create(ambito=ambito, actor=actor, tipo_oggetto="misure.strumento",
                                           chiave_oggetto=str(strumento.pk), descrizione=f"{strumento.nome} (demo)",
                                           istat_area="DIS", istat_servizio="HEALTHV", siuss_area_utenza="2",
                                           macroarea_pdz="J")
