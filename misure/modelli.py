"""Seeded templates of the measures (the regional measures of Lombardy), as data: today's values, editable per Ambito.

No code reads these numbers: :func:`modelli_create` copies them into the Ambito's own Misura / EdizioneMisura /
Strumento rows (idempotent: what already exists, by code, is left as the Ufficio di Piano edited it), and every
later evaluation reads the rows and the bando's rule versions. Documents a bando of an edition usually requires
are in ``documenti`` and are added to a bando by :func:`documenti_da_modello`.

Sources: DGR XII/3719 of 30/12/2024 (FNA 2024, esercizio 2025: B1 and B2); L.112/2016 and DGR XII/2912 of
05/08/2024 (Dopo di Noi; amounts as in the Tradate 2021–22 avviso); PRO.VI (DGR XII/2033/2024; caps as in the
Alto Milanese 2025 and Castellucchio avvisi); accredited-provider vouchers (regolamenti of Azzate and
Cinisello Balsamo).
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from ambito.accounts.models import Utente
from ambito.tenancy.models import Ambito

D = Decimal

_INCOMPATIBILITA_B2 = {"regole": [
    {"codice": "b1", "descrizione": "Misura B1 (gravissima disabilità, ASST)", "tipo": "beneficio_esterno",
     "riferimento": "b1", "modo": "esclusiva"},
    {"codice": "rsa-definitivo", "descrizione": "Ricovero definitivo in RSA/RSD/CSS", "tipo": "beneficio_esterno",
     "riferimento": "rsa_definitivo", "modo": "esclusiva"},
    {"codice": "rsa-aperta", "descrizione": "RSA aperta (DGR 7769/2018)", "tipo": "beneficio_esterno",
     "riferimento": "rsa_aperta", "modo": "esclusiva"},
    {"codice": "hcp", "descrizione": "INPS Home Care Premium", "tipo": "beneficio_esterno", "riferimento": "hcp",
     "modo": "esclusiva"},
    {"codice": "provi-assistente", "descrizione": "PRO.VI per l'assistente personale",
     "tipo": "beneficio_esterno", "riferimento": "provi_assistente", "modo": "esclusiva"},
    {"codice": "pro-vi", "descrizione": "Progetto PRO.VI dell'Ambito", "tipo": "misura", "riferimento": "pro-vi",
     "modo": "esclusiva"},
    {"codice": "dopo-di-noi", "descrizione": "Dopo di Noi: contributi per la stessa assistenza",
     "tipo": "misura", "riferimento": "dopo-di-noi", "modo": "entro_costo"},
]}

_B2_2025 = {
    "titolo": "Misura B2 — FNA 2024, esercizio 2025",
    "atto_regionale": "DGR XII/3719 del 30/12/2024",
    "data_atto_regionale": dt.date(2024, 12, 30),
    "annualita": 2024, "esercizio": 2025,
    "valida_dal": dt.date(2025, 1, 1), "valida_al": dt.date(2025, 12, 31),
    "regole_ammissibilita": {
        "residenza_ambito": True,
        "domicilio": True,
        "isee": {"in_corso_di_validita": True, "classi": [
            {"classe": "maggiorenni", "eta_min": 18, "tipi": ["sociosanitario"], "massimo": "25000.00"},
            {"classe": "minorenni", "eta_max": 17, "tipi": ["ordinario", "minorenni"], "massimo": "40000.00"},
        ]},
        "certificazioni": {"modo": "almeno_una", "elenco": [{"tipo": "l104_c3"}, {"tipo": "accompagnamento"}]},
    },
    "regole_punteggio": {
        "isee": {"fasce": [
            {"da": "0", "a": "8000.00", "punti": 20}, {"da": "8000.01", "a": "15000.00", "punti": 14},
            {"da": "15000.01", "a": "20000.00", "punti": 8}, {"da": "20000.01", "a": None, "punti": 3}]},
        "eta": {"fasce": [{"da": 0, "a": 17, "punti": 6}, {"da": 18, "a": 64, "punti": 2},
                          {"da": 65, "a": 79, "punti": 4}, {"da": 80, "a": None, "punti": 6}]},
        "condizioni": [
            {"codice": "caregiver_solo", "descrizione": "Caregiver familiare unico", "punti": 6},
            {"codice": "caregiver_anziano", "descrizione": "Caregiver con più di 75 anni", "punti": 4},
            {"codice": "vive_solo", "descrizione": "Vive solo", "punti": 5},
            {"codice": "nessun_servizio", "descrizione": "Non riceve altri servizi (SAD, CDI, CSE)", "punti": 5},
        ],
        "valutazione": {"punti_massimi": 30, "scala_massima": 100, "inversa": True},
        "parita": ["isee_crescente", "eta_decrescente", "protocollo_crescente"],
    },
    "regole_incompatibilita": _INCOMPATIBILITA_B2,
    "strumenti": [
        {"codice": "caregiver", "nome": "Buono caregiver familiare", "importo_mensile": D("100.00"), "mesi": 12,
         "descrizione": "Buono mensile al caregiver familiare che assiste la persona al domicilio."},
        {"codice": "assistente-familiare", "nome": "Buono assistente familiare",
         "importo_mensile_massimo": D("800.00"), "mesi": 12, "parametro_fasce": "ore settimanali del contratto",
         "fasce_importo": [{"da": "0", "a": "24", "importo": "400.00"}, {"da": "24.01", "a": "35.99", "importo":
                                                                         "600.00"},
                           {"da": "36", "a": None, "importo": "800.00"}],
         "descrizione": "Buono per l'assistente familiare regolarmente assunto, graduato sulle ore di contratto."},
        {"codice": "voucher-sad", "nome": "Voucher per il servizio di assistenza domiciliare (SAD)",
         "importo_mensile_massimo": D("300.00"), "mesi": 12,
         "descrizione": "Voucher dell'Ambito spendibile presso gli enti accreditati per il SAD."},
    ],
    "documenti": [
        {"codice": "isee", "descrizione": "Attestazione ISEE in corso di validità"},
        {"codice": "certificazione", "descrizione": "Verbale L.104/1992 art. 3 c. 3 o di indennità di "
                                                     "accompagnamento"},
        {"codice": "contratto-inps", "strumento": "assistente-familiare",
         "descrizione": "Contratto di lavoro dell'assistente familiare registrato all'INPS"},
        {"codice": "buste-paga", "strumento": "assistente-familiare",
         "descrizione": "Ultime buste paga dell'assistente familiare"},
    ],
}

_DOPO_DI_NOI = {
    "titolo": "Dopo di Noi — L.112/2016, programma regionale 2024",
    "atto_regionale": "DGR XII/2912 del 05/08/2024",
    "data_atto_regionale": dt.date(2024, 8, 5),
    "annualita": 2024, "esercizio": 2025,
    "regole_ammissibilita": {
        "residenza_ambito": True,
        "eta": {"min": 18, "max": 64},
        "isee": {"in_corso_di_validita": True, "classi": [
            {"classe": "tutti", "tipi": ["sociosanitario"]}]},
        "certificazioni": {"modo": "tutte", "elenco": [{"tipo": "l104_c3"}]},
        "condizioni": [
            {"codice": "uvm", "descrizione": "Valutazione multidimensionale (UVM) con l'ASST svolta"},
            {"codice": "progetto_individuale", "descrizione": "Progetto individuale sottoscritto"},
            {"codice": "disabilita_non_senile", "descrizione": "Disabilità non dovuta a invecchiamento"},
        ],
    },
    "regole_punteggio": {
        "condizioni": [
            {"codice": "senza_genitori", "descrizione": "Entrambi i genitori mancanti", "punti": 10},
            {"codice": "genitori_non_in_grado", "descrizione": "Genitori non in grado di sostenere", "punti": 6},
        ],
        "valutazione": {"punti_massimi": 20},
        "parita": ["isee_crescente", "protocollo_crescente"],
    },
    "regole_incompatibilita": {"regole": [
        {"codice": "provi", "descrizione": "PRO.VI (per accompagnamento e residenzialità)", "tipo": "misura",
         "riferimento": "pro-vi", "modo": "esclusiva"},
        {"codice": "b1", "descrizione": "Misura B1: contributi per l'assistenza entro il costo effettivo",
         "tipo": "beneficio_esterno", "riferimento": "b1", "modo": "entro_costo"},
    ]},
    "strumenti": [
        {"codice": "a", "nome": "A — Adeguamento dell'abitazione (domotica, impianti, teleassistenza)",
         "importo_una_tantum_massimo": D("20000.00"), "percentuale_massima_costo": D("70.00")},
        {"codice": "b1", "nome": "B1 — Sostegno al canone di locazione"},
        {"codice": "b2", "nome": "B2 — Spese condominiali"},
        {"codice": "c1", "nome": "C1 — Voucher di accompagnamento all'autonomia",
         "importo_annuo_massimo": D("4800.00"), "importo_una_tantum_massimo": D("600.00"),
         "descrizione": "Fino a 4.800 € l'anno per persona, più fino a 600 € per consulenza e auto-mutuo aiuto "
                        "delle famiglie."},
        {"codice": "c2", "nome": "C2 — Voucher «Durante Noi»"},
        {"codice": "d", "nome": "D — Voucher per il gruppo appartamento con ente gestore"},
        {"codice": "e", "nome": "E — Contributo per il gruppo appartamento autogestito"},
    ],
    "documenti": [
        {"codice": "verbale-uvm", "descrizione": "Verbale della valutazione multidimensionale con l'ASST"},
        {"codice": "progetto-individuale", "descrizione": "Progetto individuale sottoscritto"},
        {"codice": "isee", "descrizione": "Attestazione ISEE sociosanitario in corso di validità"},
    ],
}

_PRO_VI = {
    "titolo": "PRO.VI — Progetti di vita indipendente 2025",
    "atto_regionale": "DGR XII/2033 del 18/03/2024",
    "data_atto_regionale": dt.date(2024, 3, 18),
    "annualita": 2024, "esercizio": 2025,
    "regole_ammissibilita": {
        "residenza_ambito": True,
        "eta": {"min": 18, "max": 64},
        "isee": {"in_corso_di_validita": True, "classi": [
            {"classe": "tutti", "tipi": ["sociosanitario"], "massimo": "30000.00"}]},
        "certificazioni": {"modo": "almeno_una", "elenco": [{"tipo": "l104_c3"}, {"tipo": "invalidita",
                                                                                  "minimo": 67}]},
        "condizioni": [
            {"codice": "uvm", "descrizione": "Valutazione multidimensionale (UVM) con l'ASST svolta"},
            {"codice": "progetto_individuale", "descrizione": "Progetto individuale sottoscritto"},
            {"codice": "due_macroaree", "descrizione": "Il progetto copre almeno due macro-aree (assistente "
                                                       "personale, abitare, inclusione, trasporto, domotica, "
                                                       "azioni di sistema)"},
        ],
    },
    "regole_punteggio": {"valutazione": {"punti_massimi": 20}, "parita": ["isee_crescente", "protocollo_crescente"]},
    "regole_incompatibilita": {"regole": [
        {"codice": "b1", "descrizione": "Misura B1 per l'assistente personale", "tipo": "beneficio_esterno",
         "riferimento": "b1", "modo": "esclusiva"},
        {"codice": "b2-assistente", "descrizione": "Buono B2 per l'assistente familiare", "tipo": "strumento",
         "riferimento": "assistente-familiare", "modo": "esclusiva"},
        {"codice": "ddn-accompagnamento", "descrizione": "Dopo di Noi: voucher di accompagnamento all'autonomia",
         "tipo": "strumento", "riferimento": "c1", "modo": "esclusiva"},
        {"codice": "ddn-residenziale", "descrizione": "Dopo di Noi: voucher residenziale con ente gestore",
         "tipo": "strumento", "riferimento": "d", "modo": "esclusiva"},
    ]},
    "strumenti": [
        {"codice": "progetto", "nome": "Contributo al progetto di vita indipendente",
         "importo_una_tantum_massimo": D("20000.00"), "percentuale_massima_costo": D("80.00"),
         "descrizione": "Tetto locale per progetto; cofinanziamento dell'Ambito almeno al 20%."},
    ],
    "documenti": [
        {"codice": "verbale-uvm", "descrizione": "Verbale della valutazione multidimensionale con l'ASST"},
        {"codice": "progetto-individuale", "descrizione": "Progetto individuale sottoscritto"},
        {"codice": "contratto-assistente", "descrizione": "Contratto dell'assistente personale", "obbligatorio":
         False},
    ],
}

_VOUCHER = {
    "titolo": "Voucher sociali presso enti accreditati",
    "annualita": 2025, "esercizio": 2025,
    "regole_ammissibilita": {
        "residenza_ambito": True,
        "isee": {"in_corso_di_validita": True, "classi": [
            {"classe": "tutti", "tipi": ["ordinario", "sociosanitario", "minorenni"], "massimo": "20000.00"}]},
        "condizioni": [{"codice": "piano_assistenza", "descrizione": "Piano di assistenza concordato con il "
                                                                    "servizio sociale del comune"}],
    },
    "regole_punteggio": {
        "isee": {"fasce": [{"da": "0", "a": "6000.00", "punti": 10}, {"da": "6000.01", "a": "12000.00",
                                                                       "punti": 6},
                           {"da": "12000.01", "a": None, "punti": 2}]},
        "parita": ["isee_crescente", "protocollo_crescente"],
    },
    "regole_incompatibilita": {},
    "strumenti": [
        {"codice": "voucher-sad", "nome": "Voucher SAD presso ente accreditato (Azzate)",
         "importo_mensile_massimo": D("300.00"), "mesi": 6},
        {"codice": "voucher-educativo", "nome": "Voucher educativo domiciliare (Cinisello Balsamo)",
         "importo_mensile_massimo": D("400.00"), "mesi": 10},
    ],
    "documenti": [{"codice": "isee", "descrizione": "Attestazione ISEE in corso di validità"},
                  {"codice": "piano-assistenza", "descrizione": "Piano di assistenza firmato"}],
}

_LOCALE = {
    "titolo": "Misura locale — edizione da definire",
    "annualita": 2025, "esercizio": 2025,
    "regole_ammissibilita": {"residenza_ambito": True},
    "regole_punteggio": {"parita": ["protocollo_crescente"]},
    "regole_incompatibilita": {},
    "strumenti": [{"codice": "contributo", "nome": "Contributo"}],
    "documenti": [],
}

MODELLI: list[dict[str, Any]] = [
    {"codice": "b2", "nome": "FNA — Misura B2 (grave disabilità / basso bisogno)", "fonte": "FNA",
     "riferimenti_normativi": "FNA; DGR XII/3719/2024 (programma operativo FNA 2024, esercizio 2025)",
     "descrizione": "Buoni e voucher per persone di ogni età che vivono al domicilio, con L.104/1992 art. 3 c. 3 "
                    "o indennità di accompagnamento.", "edizioni": [_B2_2025]},
    {"codice": "b1", "nome": "FNA — Misura B1 (gravissima disabilità)", "fonte": "FNA", "gestore": "asst",
     "esterna": True, "riferimenti_normativi": "DM 26/09/2016 art. 3; DGR XII/3719/2024",
     "descrizione": "Gestita dall'ASST: si dichiara nelle domande e si controlla l'incompatibilità con la B2.",
     "edizioni": []},
    {"codice": "dopo-di-noi", "nome": "Dopo di Noi (L.112/2016)", "fonte": "DDN",
     "riferimenti_normativi": "L.112/2016; DGR XII/2912/2024", "edizioni": [_DOPO_DI_NOI]},
    {"codice": "pro-vi", "nome": "PRO.VI — Progetti di vita indipendente", "fonte": "FNA",
     "riferimenti_normativi": "DPCM 21/11/2019; DGR XII/2033/2024", "edizioni": [_PRO_VI]},
    {"codice": "voucher", "nome": "Voucher e buoni presso enti accreditati",
     "riferimenti_normativi": "Regolamenti comunali per i voucher (Azzate, Cinisello Balsamo)",
     "edizioni": [_VOUCHER]},
    {"codice": "locale", "nome": "Misura locale", "descrizione": "Modello libero: regole e strumenti a cura "
                                                                 "dell'Ufficio di Piano.", "edizioni": [_LOCALE]},
]

_CAMPI_MISURA = ("nome", "descrizione", "riferimenti_normativi", "gestore", "esterna")
_CAMPI_EDIZIONE = ("atto_regionale", "data_atto_regionale", "valida_dal", "valida_al", "regole_ammissibilita",
                   "regole_punteggio", "regole_incompatibilita")


def modello_edizione(codice_misura: str, annualita: int) -> dict[str, Any] | None:
    """The template of one edition (a deep copy), or None."""
    for modello in MODELLI:
        if modello["codice"] == codice_misura:
            for edizione in modello["edizioni"]:
                if edizione["annualita"] == annualita:
                    return copy.deepcopy(edizione)
    return None


@transaction.atomic
def modelli_create(*, ambito: Ambito, actor: Utente | None) -> list:
    """Create the seeded measures, editions and strumenti for ``ambito`` (idempotent by code)."""
    from misure.models import EdizioneMisura, Misura, Strumento
    from misure.services import bandi as servizi

    misure = []
    for modello in MODELLI:
        misura = Misura.objects.filter(ambito=ambito, codice=modello["codice"]).first()
        if misura is None:
            campi = {k: modello[k] for k in _CAMPI_MISURA if k in modello}
            misura = servizi.misura_create(ambito=ambito, actor=actor, codice=modello["codice"],
                                           fonte=_fonte(modello.get("fonte")), **campi)
        for dati in modello["edizioni"]:
            edizione = EdizioneMisura.objects.filter(ambito=ambito, misura=misura,
                                                     annualita=dati["annualita"]).first()
            if edizione is None:
                edizione = servizi.edizione_create(
                    misura=misura, actor=actor, titolo=dati["titolo"], annualita=dati["annualita"],
                    esercizio=dati["esercizio"], **{k: copy.deepcopy(dati[k]) for k in _CAMPI_EDIZIONE if k in dati})
            presenti = set(Strumento.objects.filter(ambito=ambito, edizione=edizione).values_list("codice", flat=True))
            for strumento in dati["strumenti"]:
                if strumento["codice"] not in presenti:
                    servizi.strumento_create(edizione=edizione, actor=actor, **copy.deepcopy(strumento))
        misure.append(misura)
    return misure


def _fonte(codice: str | None) -> Any:
    if not codice:
        return None
    from fondi.selectors import fonte_list

    return fonte_list(solo_attive=False).filter(codice=codice).first()


@transaction.atomic
def documenti_da_modello(*, bando: Any, actor: Utente | None) -> list:
    """Add to a draft bando the documents its edition's template requires (skips those it already has)."""
    from misure.selectors.bandi import documento_list, strumento_bando_list
    from misure.services import bandi as servizi

    modello = modello_edizione(bando.edizione.misura.codice, bando.edizione.annualita) or {}
    presenti = set(documento_list(bando=bando).values_list("codice", flat=True))
    offerti = {s.strumento.codice: s for s in strumento_bando_list(bando=bando)}
    creati = []
    for doc in modello.get("documenti", []):
        if doc["codice"] in presenti or (doc.get("strumento") and doc["strumento"] not in offerti):
            continue
        creati.append(servizi.documento_create(
            bando=bando, actor=actor, codice=doc["codice"], descrizione=doc["descrizione"],
            obbligatorio=doc.get("obbligatorio", True), strumento=offerti.get(doc.get("strumento", ""))))
    return creati
