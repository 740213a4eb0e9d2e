"""The regional catalogue of the unit types (tipologie di Unità d'Offerta Sociale), DGR XI/45/2018

Versioned reference data, shared by every Ambito: a change of the regional rules (a new DGR) is a new
``versione`` of the type with its own validity, never an edit of the old one, so a CPE filed under the old
rules keeps pointing at the rules it was checked against. Seeded by migration ``0002_catalogo`` through
:func:`semina` (idempotent: adds missing codes/versions, refreshes labels, never deletes).

Capacity limits: ``capacita_min``/``capacita_max`` in ``unita_capacita`` (bambini, posti, progetti); ``None``
means the regional rules set no limit. Socio-sanitary types (RSA, RSD, CDI, CDD, CSS) are listed only as
references for incompatibilities: ``sociale=False``, no CPE can be filed for them here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

VERSIONE_INIZIALE = dt.date(2018, 4, 23)  # DGR XI/45 of 23/04/2018 (the current typology)

AREE = {
    "prima_infanzia": "Prima infanzia",
    "minori": "Minori e famiglia",
    "disabili": "Disabili",
    "anziani": "Anziani",
    "sociosanitaria": "Socio-sanitaria (solo riferimento)",
}
# Accredited services without a building (home care, school educational assistance): no CPE, accredited
# directly; vouchers are spent at their providers. ``senza_struttura=True``.

# Requirement checklists by area (self-declared in the CPE, checked on the documents and on site).
REQUISITI_GENERALI = (
    ("GEN-01", "Modulo di CPE sottoscritto dal legale rappresentante"),
    ("GEN-02", "Autocertificazione del possesso dei requisiti strutturali, organizzativi e di personale"),
    ("GEN-03", "Autocertificazione antimafia del legale rappresentante"),
    ("GEN-04", "Planimetria dei locali e agibilità"),
    ("GEN-05", "Carta dei servizi con rette e modalità di accesso"),
    ("GEN-06", "Polizza assicurativa di responsabilità civile"),
)
REQUISITI_AREA = {
    "prima_infanzia": (
        ("INF-01", "Rapporto educatore/bambini conforme alla DGR (prima infanzia)"),
        ("INF-02", "Spazi per il riposo e per il cambio, superfici minime per bambino"),
        ("INF-03", "Titoli di studio del coordinatore e degli educatori"),
    ),
    "minori": (
        ("MIN-01", "Progetto educativo e regolamento del servizio"),
        ("MIN-02", "Rapporto educatori/ospiti e presenza nelle ore di apertura"),
    ),
    "disabili": (
        ("DIS-01", "Progetto individualizzato per ogni persona accolta"),
        ("DIS-02", "Figure professionali e rapporto operatori/ospiti (DGR 20763/2005)"),
    ),
    "anziani": (
        ("ANZ-01", "Assenza di barriere architettoniche e ausili"),
        ("ANZ-02", "Piano di assistenza individuale e figure di assistenza"),
    ),
}


@dataclass(frozen=True)
class Tipo:
    codice: str
    denominazione: str
    area: str
    unita_capacita: str = "posti"  # bambini | posti | progetti
    capacita_min: int | None = None
    capacita_max: int | None = None
    ore_consecutive_max: int | None = None
    fsr_ammissibile: bool = True
    sociale: bool = True
    senza_struttura: bool = False
    riferimento_normativo: str = ""
    note: str = ""
    requisiti_extra: tuple[tuple[str, str], ...] = field(default_factory=tuple)


TIPI: tuple[Tipo, ...] = (
    Tipo("NIDO", "Asilo nido", "prima_infanzia", "bambini", 11, 60,
         riferimento_normativo="DGR XI/2929 del 09/03/2020",
         note="Da 3 mesi a 3 anni; apertura ≥ 9 ore; fino a +20% di iscritti solo con i requisiti di sicurezza.",
         requisiti_extra=(("NIDO-01", "Servizio mensa e spazi per il riposo"),)),
    Tipo("MICRONIDO", "Micronido", "prima_infanzia", "bambini", 1, 10,
         riferimento_normativo="DGR 20588 del 11/02/2005"),
    Tipo("NIDO_FAMIGLIA", "Nido famiglia", "prima_infanzia", "bambini", 1, 5,
         riferimento_normativo="DGR 20588 del 11/02/2005", note="Senza scopo di lucro, famiglie associate."),
    Tipo("CPI", "Centro prima infanzia", "prima_infanzia", "bambini", 1, 30, ore_consecutive_max=4,
         riferimento_normativo="DGR 20588 del 11/02/2005", note="Non continuativo, niente pasti."),
    Tipo("CRD", "Centro ricreativo diurno", "minori", riferimento_normativo="DGR XI/45 del 23/04/2018"),
    Tipo("CAG", "Centro di aggregazione giovanile", "minori", riferimento_normativo="DGR XI/45 del 23/04/2018"),
    Tipo("CED", "Centro educativo diurno", "minori", riferimento_normativo="DGR XI/45 del 23/04/2018"),
    Tipo("CE", "Comunità educativa", "minori", capacita_min=1, capacita_max=12,
         riferimento_normativo="DGR 20943/2005", note="10 posti più 2 di pronto intervento."),
    Tipo("CF", "Comunità familiare", "minori", capacita_min=1, capacita_max=6,
         riferimento_normativo="DGR 20943/2005"),
    Tipo("AA", "Alloggio per l'autonomia", "minori", riferimento_normativo="DGR XI/45 del 23/04/2018",
         note="Giovani 16–21 anni."),
    Tipo("CSE", "Centro socio educativo", "disabili", capacita_min=1, capacita_max=30,
         riferimento_normativo="DGR 20763 del 16/02/2005"),
    Tipo("SFA", "Servizio di formazione all'autonomia", "disabili", "progetti", 1, 35,
         riferimento_normativo="DGR 20763 del 16/02/2005", note="Capacità in progetti individuali contemporanei."),
    Tipo("CAD", "Comunità alloggio disabili", "disabili", capacita_min=1, capacita_max=10,
         riferimento_normativo="DGR 20763 del 16/02/2005"),
    Tipo("APA", "Alloggio protetto anziani", "anziani", riferimento_normativo="DGR XI/45 del 23/04/2018"),
    Tipo("CDA", "Centro diurno anziani", "anziani", riferimento_normativo="DGR XI/45 del 23/04/2018"),
    Tipo("CASA", "Comunità alloggio sociale anziani", "anziani", capacita_min=1, capacita_max=12,
         riferimento_normativo="DGR X/7776 del 17/01/2018"),
    Tipo("SAD_ANZIANI", "Servizio di assistenza domiciliare anziani", "anziani", "utenti", senza_struttura=True,
         riferimento_normativo="L. 328/2000 art. 22"),
    Tipo("SAD_DISABILI", "Servizio di assistenza domiciliare disabili", "disabili", "utenti", senza_struttura=True,
         riferimento_normativo="L. 328/2000 art. 22"),
    Tipo("ADM", "Assistenza domiciliare minori", "minori", "utenti", senza_struttura=True,
         riferimento_normativo="L. 328/2000 art. 22"),
    Tipo("AES", "Assistenza educativa scolastica", "disabili", "utenti", senza_struttura=True, fsr_ammissibile=False,
         riferimento_normativo="L. 104/1992 art. 13"),
    Tipo("RSA", "Residenza sanitaria assistenziale", "sociosanitaria", sociale=False, fsr_ammissibile=False),
    Tipo("RSD", "Residenza sanitaria per disabili", "sociosanitaria", sociale=False, fsr_ammissibile=False),
    Tipo("CDI", "Centro diurno integrato", "sociosanitaria", sociale=False, fsr_ammissibile=False),
    Tipo("CDD", "Centro diurno per disabili", "sociosanitaria", sociale=False, fsr_ammissibile=False),
    Tipo("CSS", "Comunità socio sanitaria", "sociosanitaria", sociale=False, fsr_ammissibile=False),
)


def requisiti_di(tipo: Tipo) -> list[tuple[str, str]]:
    if not tipo.sociale or tipo.senza_struttura:
        return []
    return [*REQUISITI_GENERALI, *REQUISITI_AREA.get(tipo.area, ()), *tipo.requisiti_extra]


def semina(tipologia_model: type, requisito_model: type) -> int:
    """Create missing types (version 1, valid from DGR XI/45/2018) and their checklists; refresh labels."""
    creati = 0
    # Inside an older migration the historical model lacks the fields added later: seed what it has.
    campi = {f.name for f in tipologia_model._meta.get_fields()}
    for ordine, tipo in enumerate(TIPI, start=1):
        valori = {"denominazione": tipo.denominazione, "area": tipo.area, "unita_capacita": tipo.unita_capacita,
                  "capacita_min": tipo.capacita_min, "capacita_max": tipo.capacita_max,
                  "ore_consecutive_max": tipo.ore_consecutive_max, "fsr_ammissibile": tipo.fsr_ammissibile,
                  "sociale": tipo.sociale, "senza_struttura": tipo.senza_struttura,
                  "riferimento_normativo": tipo.riferimento_normativo, "note": tipo.note,
                  "ordine": ordine * 10, "valida_dal": VERSIONE_INIZIALE}
        valori = {k: v for k, v in valori.items() if k in campi}
        tipologia, creato = tipologia_model.objects.update_or_create(codice=tipo.codice, versione=1,
                                                                     defaults=valori)
        creati += int(creato)
        for posizione, (codice, testo) in enumerate(requisiti_di(tipo), start=1):
            requisito_model.objects.update_or_create(tipologia=tipologia, codice=codice,
                                                     defaults={"testo": testo, "ordine": posizione})
    return creati
