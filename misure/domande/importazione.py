"""Import of domande for a bando from a CSV/XLSX file (offices migrating from spreadsheets), through the core's
import helper (``ambito.importazioni``): upload → column mapping → dry run with per-row errors → save, and
nothing is saved unless every row is valid or the user confirms saving only the valid ones.

Each row names the bando (the number shown on the domande pages), the strumento's code, the beneficiary's
codice fiscale (already registered in the Ambito) and the declared data. Rows become **drafts**
(:func:`misure.services.domande.domanda_create`): the office attaches the documents the bando requires and
submits them, which gives them their protocol number; the capofila's own protocol can be imported beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ambito.accounts.models import Utente
from ambito.importazioni.registry import (
    Colonna,
    ErroreCampo,
    RigaImportata,
    ValoreNonValido,
    data_it,
    importo_euro,
    intero,
    registra_importazione,
    testo,
)
from ambito.tenancy.models import Ambito, TipoISEE
from misure.models import STATI_APERTI, Beneficiario, Domanda, StatoBando, StrumentoBando
from misure.services import domande as services

CODICE = "misure.domande"
SI = {"si", "sì", "s", "x", "1", "vero", "true", "yes"}
NO = {"no", "n", "0", "falso", "false", ""}


def si_no(valore: str) -> bool | None:
    pulito = valore.strip().lower()
    if pulito in SI:
        return True
    if pulito in NO:
        return None if pulito == "" else False
    raise ValoreNonValido(_("scrivere sì o no"))


def tipo_isee(valore: str) -> str:
    pulito = valore.strip().lower().replace("isee", "").strip()
    if pulito not in TipoISEE.values:
        raise ValoreNonValido(_("tipo di ISEE non valido: ordinario, sociosanitario, minorenni o corrente"))
    return pulito


def codice_fiscale(valore: str) -> str:
    pulito = "".join(valore.split()).upper()
    if len(pulito) != 16 or not pulito.isalnum():
        raise ValoreNonValido(_("il codice fiscale ha 16 lettere e cifre"))
    return pulito


def _strumenti(ambito: Ambito, bandi: set[int]) -> dict[tuple[int, str], StrumentoBando]:
    return {(s.bando_id, s.strumento.codice): s for s in StrumentoBando.objects.filter(
        ambito=ambito, bando_id__in=bandi, bando__stato=StatoBando.PUBBLICATO).select_related("strumento", "bando")}


def domande_controlla(*, ambito: Ambito, righe: Sequence[RigaImportata]) -> list[ErroreCampo]:
    """Rules that need the database, per row: the bando is a published bando of the Ambito with that strumento,
    the beneficiary is registered, no open domanda exists already, no row repeats another (3 queries)."""
    strumenti = _strumenti(ambito, {r.valori["bando"] for r in righe})
    beneficiari = {b.codice_fiscale: b for b in Beneficiario.objects.filter(
        ambito=ambito, codice_fiscale__in=[r.valori["codice_fiscale"] for r in righe])}
    aperte = set(Domanda.objects.filter(ambito=ambito, stato__in=STATI_APERTI,
                                        beneficiario__in=beneficiari.values())
                 .values_list("beneficiario__codice_fiscale", "bando_id", "strumento__strumento__codice"))
    errori, visti = [], {}
    for riga in righe:
        v = riga.valori
        chiave = (v["codice_fiscale"], v["bando"], v["strumento"])
        if not any(b == v["bando"] for b, _c in strumenti):
            errori.append(ErroreCampo(riga.numero, "bando", str(v["bando"]),
                                      _("nessun bando pubblicato con questo numero")))
        elif (v["bando"], v["strumento"]) not in strumenti:
            errori.append(ErroreCampo(riga.numero, "strumento", v["strumento"],
                                      _("il bando non offre uno strumento con questo codice")))
        if v["codice_fiscale"] not in beneficiari:
            errori.append(ErroreCampo(riga.numero, "codice_fiscale", v["codice_fiscale"],
                                      _("beneficiario non registrato: registrarlo prima tra i beneficiari")))
        elif chiave in aperte:
            errori.append(ErroreCampo(riga.numero, "codice_fiscale", v["codice_fiscale"],
                                      _("ha già una domanda aperta per questo bando e strumento")))
        if chiave in visti:
            errori.append(ErroreCampo(riga.numero, "codice_fiscale", v["codice_fiscale"],
                                      _("domanda ripetuta (già alla riga %(riga)d)") % {"riga": visti[chiave]}))
        else:
            visti[chiave] = riga.numero
        if v.get("isee_valore") is not None and not v.get("isee_tipo"):
            errori.append(ErroreCampo(riga.numero, "isee_tipo", "", _("indicare il tipo di ISEE del valore")))
    return errori


DICHIARATI = ("isee_tipo", "isee_valore", "isee_scadenza", "l104_c3", "l104_c1", "indennita_accompagnamento",
              "invalidita_percentuale", "vive_al_domicilio", "protocollo_capofila", "data_protocollo_capofila")


def domande_salva(*, ambito: Ambito, actor: Utente | None, righe: Sequence[RigaImportata]) -> int:
    """Each row through :func:`domanda_create` (the same checks as the pages), all in one transaction."""
    strumenti = _strumenti(ambito, {r.valori["bando"] for r in righe})
    beneficiari = {b.codice_fiscale: b for b in Beneficiario.objects.filter(
        ambito=ambito, codice_fiscale__in=[r.valori["codice_fiscale"] for r in righe])}
    for riga in righe:
        v = riga.valori
        strumento = strumenti[(v["bando"], v["strumento"])]
        dichiarati = {k: v[k] for k in DICHIARATI if v.get(k) not in (None, "")}
        services.domanda_create(ambito=ambito, actor=actor, bando=strumento.bando, strumento=strumento,
                                beneficiario=beneficiari[v["codice_fiscale"]], **dichiarati)
    return len(righe)


def registra() -> None:
    registra_importazione(
        CODICE, etichetta=_l("Domande delle misure"), capacita="misure.domande.importa",
        descrizione=_l("Domande di un bando da un foglio di calcolo (per chi le teneva in Excel): ogni riga diventa "
                       "una bozza da completare con i documenti e presentare."),
        colonne=[
            Colonna("bando", _l("Numero del bando"), intero(1), alias=("bando", "id bando"), esempio="12"),
            Colonna("strumento", _l("Codice dello strumento"), testo(40), alias=("sottomisura",),
                    esempio="caregiver"),
            Colonna("codice_fiscale", _l("Codice fiscale del beneficiario"), codice_fiscale,
                    alias=("cf", "codice fiscale"), esempio="RSSMRA40A01E648X"),
            Colonna("isee_tipo", _l("Tipo di ISEE"), tipo_isee, obbligatoria=False, esempio="sociosanitario"),
            Colonna("isee_valore", _l("Valore ISEE"), importo_euro, obbligatoria=False, alias=("isee",),
                    esempio="12.345,67"),
            Colonna("isee_scadenza", _l("Scadenza dell'ISEE"), data_it, obbligatoria=False, esempio="31/12/2025"),
            Colonna("l104_c3", _l("L.104 art. 3 c. 3"), si_no, obbligatoria=False, esempio="sì"),
            Colonna("l104_c1", _l("L.104 art. 3 c. 1"), si_no, obbligatoria=False, esempio="no"),
            Colonna("indennita_accompagnamento", _l("Indennità di accompagnamento"), si_no, obbligatoria=False,
                    alias=("accompagnamento",), esempio="sì"),
            Colonna("invalidita_percentuale", _l("Invalidità (%)"), intero(0, 100), obbligatoria=False,
                    alias=("invalidità",), esempio="100"),
            Colonna("vive_al_domicilio", _l("Vive al domicilio"), si_no, obbligatoria=False, alias=("domicilio",),
                    esempio="sì"),
            Colonna("protocollo_capofila", _l("Protocollo dell'ente capofila"), testo(40), obbligatoria=False,
                    esempio="2025/1234"),
            Colonna("data_protocollo_capofila", _l("Data del protocollo dell'ente capofila"), data_it,
                    obbligatoria=False, esempio="15/03/2025"),
        ],
        salva=domande_salva, controlla=domande_controlla,
    )
