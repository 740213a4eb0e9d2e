"""Services (writes) of the misure module: beneficiari, their ISEE attestations, certifications and declared
external benefits, and the office's handling of duplicate registration attempts.

Rules (issue 16, "Beneficiaries"; the data-protection rules of social assistance):

* a beneficiary is one person per Ambito: unique codice fiscale (a database constraint), validated with
  ``python-codicefiscale`` including omocodia; sex, birth date and birthplace entered must agree with it;
* the IBAN, when given, is validated (``schwifty``, with the Italian CIN);
* an assistente sociale registers and corrects only residents of their comuni; moving a beneficiary to another
  comune of the Ambito is the office's (:func:`beneficiario_trasferisci`), and the history keeps the old one;
* a codice fiscale another comune already registered is refused **without revealing anything** about that
  person (no name, no comune: one fixed message that sends to the Ufficio di Piano), and the attempt is
  recorded (:class:`~misure.models.TentativoDuplicato`) for the office. The refusal is decided after every
  check of the input, so what the user typed never changes the answer, and it is the same when two requests
  race (the unique constraint's ``IntegrityError`` leads to the same refusal).

Every change is saved through the model (history with the actor); nothing changed → nothing saved.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ambito.accounts.models import Utente
from ambito.errors import Conflitto, RegolaViolata
from ambito.formato import data_it, oggi
from ambito.notifiche.services import notifica_create
from ambito.regole import data_non_futura
from ambito.tenancy.models import Ambito, TipoISEE
from ambito.territorio.models import Comune
from ambito.territorio.selectors import comune_list
from misure.codice_fiscale import analizza_codice_fiscale, normalizza_codice_fiscale, verifica_concordanza
from misure.iban import valida_iban
from misure.models import (
    AttestazioneISEE,
    Beneficiario,
    BeneficioEsterno,
    Certificazione,
    Sesso,
    TentativoDuplicato,
    TipoCertificazione,
)
from misure.selectors.beneficiari import comuni_del_perimetro, registrazione_nell_ambito

# The one answer to a codice fiscale registered by a comune the user cannot see: it names nobody.
MESSAGGIO_DUPLICATO = gettext_lazy(
    "Questo codice fiscale risulta già registrato nell'Ambito. Per motivi di riservatezza non possiamo mostrare "
    "altro: contatta l'Ufficio di Piano, che ha ricevuto la segnalazione del tentativo.")
CODICE_DUPLICATO = "codice_fiscale_gia_registrato"

CAMPI_ANAGRAFICI = (
    "codice_fiscale", "cognome", "nome", "sesso", "data_nascita", "luogo_nascita_belfiore", "cittadinanza",
    "residente_dal", "indirizzo", "domicilio", "telefono", "email", "caregiver_nome", "caregiver_codice_fiscale",
    "caregiver_relazione", "iban", "intestatario_iban", "nucleo_familiare",
)
OBBLIGATORI = ("codice_fiscale", "cognome", "nome", "sesso", "data_nascita", "luogo_nascita_belfiore")
_SLUG = re.compile(r"^[a-z0-9_-]+$")
CAMPI_NUCLEO = ("cognome", "nome", "codice_fiscale", "relazione")


# --- Shared checks ----------------------------------------------------------------------------------------

def _testo(modello: type[models.Model], campo: str, valore: Any) -> str:
    """Trimmed text within the column's limit: refused with the limit, never cut (conventions §4)."""
    testo = "" if valore is None else str(valore).strip()
    limite = modello._meta.get_field(campo).max_length
    if limite and len(testo) > limite:
        raise RegolaViolata(_("Al massimo %(limite)s caratteri: il testo ne ha %(n)s.") % {
            "limite": limite, "n": len(testo)}, campo=campo, codice="testo_troppo_lungo")
    return testo


def _data(valore: Any, campo: str, *, obbligatoria: bool = True) -> dt.date | None:
    if valore in (None, ""):
        if obbligatoria:
            raise RegolaViolata(_("Indica la data."), campo=campo, codice="obbligatorio")
        return None
    if isinstance(valore, dt.datetime) or not isinstance(valore, dt.date):
        raise RegolaViolata(_("Data non valida."), campo=campo, codice="data_non_valida")
    return valore


def _importo(valore: Any, campo: str, *, obbligatorio: bool = True) -> Decimal | None:
    if valore in (None, ""):
        if obbligatorio:
            raise RegolaViolata(_("Indica l'importo."), campo=campo, codice="obbligatorio")
        return None
    try:
        importo = Decimal(str(valore))
    except (InvalidOperation, ValueError):
        raise RegolaViolata(_("Importo non valido."), campo=campo, codice="importo_non_valido") from None
    if not importo.is_finite():
        raise RegolaViolata(_("Importo non valido."), campo=campo, codice="importo_non_valido")
    if importo < 0:
        raise RegolaViolata(_("L'importo non può essere negativo."), campo=campo, codice="importo_negativo")
    if importo != importo.quantize(Decimal("0.01")) or importo >= Decimal("10000000000"):
        raise RegolaViolata(_("Al massimo due decimali e meno di 10 miliardi di euro."), campo=campo,
                            codice="importo_non_valido")
    return importo


def _comune_del_perimetro(ambito: Ambito, comune: Comune, *, campo: str = "comune") -> Comune:
    """The comune must be of the Ambito today, and one of the user's when they are restricted to some."""
    if not comune_list(ambito=ambito).filter(pk=comune.pk).exists():
        raise RegolaViolata(_("%(comune)s non è un comune dell'Ambito.") % {"comune": comune}, campo=campo,
                            codice="comune_fuori_ambito")
    perimetro = comuni_del_perimetro()
    if perimetro is not None and comune.pk not in perimetro:
        raise RegolaViolata(_("Puoi registrare solo residenti dei comuni per cui lavori."), campo=campo,
                            codice="comune_non_tuo")
    return comune


# --- Beneficiario ------------------------------------------------------------------------------------------

def _nucleo(valore: Any) -> list[dict[str, str]]:
    if valore in (None, ""):
        return []
    if not isinstance(valore, list):
        raise RegolaViolata(_("Il nucleo familiare è un elenco di persone."), campo="nucleo_familiare",
                            codice="nucleo_non_valido")
    componenti = []
    for n, persona in enumerate(valore, 1):
        if not isinstance(persona, dict) or set(persona) - set(CAMPI_NUCLEO):
            raise RegolaViolata(_("Componente %(n)s: servono cognome, nome, codice fiscale e relazione.") % {"n": n},
                                campo="nucleo_familiare", codice="nucleo_non_valido")
        riga = {k: str(persona.get(k) or "").strip()[:200] for k in CAMPI_NUCLEO}
        if not (riga["cognome"] and riga["nome"]):
            raise RegolaViolata(_("Componente %(n)s: indica cognome e nome.") % {"n": n}, campo="nucleo_familiare",
                                codice="nucleo_non_valido")
        if riga["codice_fiscale"]:
            try:
                riga["codice_fiscale"] = analizza_codice_fiscale(riga["codice_fiscale"]).codice
            except RegolaViolata as exc:
                raise RegolaViolata(_("Componente %(n)s: %(errore)s") % {"n": n, "errore": exc.messaggio},
                                    campo="nucleo_familiare", codice=exc.codice) from None
        componenti.append(riga)
    return componenti


def _valida_anagrafica(dati: dict[str, Any]) -> dict[str, Any]:
    """Every field checked and normalised; the codice fiscale agrees with sex, birth date and birthplace."""
    sconosciuti = set(dati) - set(CAMPI_ANAGRAFICI)
    if sconosciuti:
        raise TypeError(f"unknown fields for a beneficiario: {sorted(sconosciuti)}")
    for campo in OBBLIGATORI:
        if dati.get(campo) in (None, ""):
            raise RegolaViolata(_("Campo obbligatorio."), campo=campo, codice="obbligatorio")
    puliti: dict[str, Any] = {}
    for campo in ("cognome", "nome", "cittadinanza", "indirizzo", "domicilio", "telefono", "caregiver_nome",
                  "caregiver_relazione", "intestatario_iban", "email"):
        if campo in dati:
            puliti[campo] = _testo(Beneficiario, campo, dati[campo])
    if "cittadinanza" in puliti and not puliti["cittadinanza"]:
        puliti["cittadinanza"] = "italiana"
    if puliti.get("email"):
        try:
            validate_email(puliti["email"])
        except ValidationError:
            raise RegolaViolata(_("Indirizzo e-mail non valido."), campo="email", codice="email_non_valida") from None
    if dati["sesso"] not in Sesso.values:
        raise RegolaViolata(_("Il sesso è F o M."), campo="sesso", codice="sesso_non_valido")
    puliti["sesso"] = dati["sesso"]
    puliti["data_nascita"] = _data(dati["data_nascita"], "data_nascita")
    data_non_futura(puliti["data_nascita"], campo="data_nascita",
                    messaggio=_("La data di nascita non può essere successiva a oggi (%(oggi)s)."))
    puliti["luogo_nascita_belfiore"] = normalizza_codice_fiscale(str(dati["luogo_nascita_belfiore"]))
    if not re.fullmatch(r"[A-Z][0-9]{3}", puliti["luogo_nascita_belfiore"]):
        raise RegolaViolata(_("Il codice catastale (Belfiore) è una lettera e tre cifre, es. E648 per Lodi o Z404 "
                              "per gli Stati Uniti."), campo="luogo_nascita_belfiore", codice="belfiore_non_valido")
    cf = analizza_codice_fiscale(str(dati["codice_fiscale"]))
    verifica_concordanza(cf, sesso=puliti["sesso"], data_nascita=puliti["data_nascita"],
                         luogo_nascita_belfiore=puliti["luogo_nascita_belfiore"])
    puliti["codice_fiscale"] = cf.codice
    if "residente_dal" in dati:
        puliti["residente_dal"] = _data(dati["residente_dal"], "residente_dal", obbligatoria=False)
        if puliti["residente_dal"] and puliti["residente_dal"] < puliti["data_nascita"]:
            raise RegolaViolata(_("La residenza non può iniziare prima della nascita."), campo="residente_dal",
                                codice="date_incoerenti")
    if dati.get("caregiver_codice_fiscale"):
        try:
            puliti["caregiver_codice_fiscale"] = analizza_codice_fiscale(str(dati["caregiver_codice_fiscale"])).codice
        except RegolaViolata as exc:
            raise RegolaViolata(exc.messaggio, campo="caregiver_codice_fiscale", codice=exc.codice) from None
        if puliti["caregiver_codice_fiscale"] == puliti["codice_fiscale"]:
            raise RegolaViolata(_("Il caregiver familiare è un'altra persona: il codice fiscale è quello del "
                                  "beneficiario."), campo="caregiver_codice_fiscale", codice="caregiver_se_stesso")
    elif "caregiver_codice_fiscale" in dati:
        puliti["caregiver_codice_fiscale"] = ""
    if "iban" in dati:
        puliti["iban"] = valida_iban(str(dati["iban"] or ""))
    if "nucleo_familiare" in dati:
        puliti["nucleo_familiare"] = _nucleo(dati["nucleo_familiare"])
    return puliti


def _rifiuta_se_registrato(*, ambito: Ambito, codice_fiscale: str, comune: Comune, actor: Utente | None,
                           escluso: int | None = None) -> None:
    """Refuse a codice fiscale already registered in the Ambito. Visible to the user → say so (they can open
    it); not visible → the fixed message and a record for the office (committed even though we refuse)."""
    registrazione = registrazione_nell_ambito(ambito=ambito, codice_fiscale=codice_fiscale, escluso=escluso)
    if registrazione is None:
        return
    if registrazione.visibile:
        raise RegolaViolata(_("Questo codice fiscale è già registrato tra i beneficiari che puoi vedere: cercalo "
                              "nell'elenco invece di registrarlo di nuovo."), campo="codice_fiscale",
                            codice="codice_fiscale_gia_presente")
    if actor is not None and getattr(actor, "is_authenticated", False):
        TentativoDuplicato.objects.create(ambito=ambito, codice_fiscale=codice_fiscale,
                                          beneficiario_id=registrazione.pk, comune_richiedente=comune, utente=actor)
        _avvisa_ufficio(ambito=ambito, comune=comune, actor=actor)
    raise RegolaViolata(str(MESSAGGIO_DUPLICATO), campo="codice_fiscale", codice=CODICE_DUPLICATO)


TIPO_NOTIFICA_DUPLICATO = "misure.registrazione_duplicata"


def _avvisa_ufficio(*, ambito: Ambito, comune: Comune, actor: Utente) -> None:
    """The office (``misure.beneficiari.ufficio``) is told, in the application and by e-mail as each chose."""
    notifica_create(
        ambito=ambito, tipo=TIPO_NOTIFICA_DUPLICATO, capacita="misure.beneficiari.ufficio", actor=actor,
        titolo=_("Tentativo di registrazione duplicata (%(comune)s)") % {"comune": comune},
        testo=_("%(utente)s ha provato a registrare a %(comune)s un codice fiscale già registrato da un altro comune "
                "dell'Ambito.") % {"utente": actor.get_full_name() or actor.email, "comune": comune},
        url=reverse("misure:tentativo_duplicato_list", args=[ambito.slug]))


def _salva_unico(beneficiario: Beneficiario, *, ambito: Ambito, comune: Comune, actor: Utente | None) -> None:
    """Save under the unique (Ambito, codice fiscale) constraint: a concurrent registration of the same code
    makes this save fail, and the loser gets the same refusal as if it had come second."""
    try:
        with transaction.atomic():
            beneficiario.save()
    except IntegrityError:
        _rifiuta_se_registrato(ambito=ambito, codice_fiscale=beneficiario.codice_fiscale, comune=comune,
                               actor=actor, escluso=beneficiario.pk)
        raise Conflitto(_("Il beneficiario è stato modificato da un'altra operazione nello stesso momento: "
                          "ricarica la pagina e riprova.")) from None


def beneficiario_create(*, ambito: Ambito, comune: Comune, actor: Utente | None, **dati: Any) -> Beneficiario:
    """Register a person resident in ``comune`` (see the module docstring for the rules).

    Not one atomic block on purpose: a refused duplicate leaves its :class:`TentativoDuplicato` behind (in the
    caller's transaction, if there is one: a caller that rolls back on the refusal also drops the record)."""
    puliti = _valida_anagrafica(dati)
    _comune_del_perimetro(ambito, comune)
    _rifiuta_se_registrato(ambito=ambito, codice_fiscale=puliti["codice_fiscale"], comune=comune, actor=actor)
    beneficiario = Beneficiario(ambito=ambito, comune=comune, **puliti)
    _salva_unico(beneficiario, ambito=ambito, comune=comune, actor=actor)
    return beneficiario


def beneficiario_update(*, beneficiario: Beneficiario, actor: Utente | None, **dati: Any) -> Beneficiario:
    """Correct a beneficiary's data (the history keeps every version). The comune of residence changes only
    through :func:`beneficiario_trasferisci`; a corrected codice fiscale goes through the same checks as a new
    one (agreement, and the duplicate refusal)."""
    if "comune" in dati:
        raise RegolaViolata(_("Il comune di residenza si cambia con il trasferimento, a cura dell'Ufficio di "
                              "Piano."), campo="comune", codice="comune_con_trasferimento")
    attuali = {campo: getattr(beneficiario, campo) for campo in CAMPI_ANAGRAFICI}
    puliti = _valida_anagrafica({**attuali, **dati})
    cambiati = {k: v for k, v in puliti.items() if attuali.get(k) != v}
    if not cambiati:
        return beneficiario
    if "codice_fiscale" in cambiati:
        _rifiuta_se_registrato(ambito=beneficiario.ambito, codice_fiscale=puliti["codice_fiscale"],
                               comune=beneficiario.comune, actor=actor, escluso=beneficiario.pk)
    for campo, valore in cambiati.items():
        setattr(beneficiario, campo, valore)
    _salva_unico(beneficiario, ambito=beneficiario.ambito, comune=beneficiario.comune, actor=actor)
    return beneficiario


@transaction.atomic
def beneficiario_trasferisci(*, beneficiario: Beneficiario, comune: Comune, residente_dal: dt.date,
                             actor: Utente | None) -> Beneficiario:
    """Move a beneficiary to another comune of the Ambito (change of residence): the office's operation, since
    the person leaves one comune's social workers for another's. The history keeps the previous comune and
    date; the domande already filed stay with the comune that filed them."""
    if comuni_del_perimetro() is not None:
        raise RegolaViolata(_("Il cambio di comune di residenza è a cura dell'Ufficio di Piano."), campo="comune",
                            codice="solo_ufficio")
    if comune.pk == beneficiario.comune_id:
        raise RegolaViolata(_("Il beneficiario risiede già a %(comune)s.") % {"comune": comune}, campo="comune",
                            codice="stesso_comune")
    _comune_del_perimetro(beneficiario.ambito, comune)
    residente_dal = _data(residente_dal, "residente_dal")
    if residente_dal < beneficiario.data_nascita or (beneficiario.residente_dal and
                                                     residente_dal < beneficiario.residente_dal):
        raise RegolaViolata(_("La nuova residenza deve iniziare dopo la precedente (dal %(dal)s).") % {
            "dal": data_it(beneficiario.residente_dal or beneficiario.data_nascita)}, campo="residente_dal",
            codice="date_incoerenti")
    beneficiario.comune = comune
    beneficiario.residente_dal = residente_dal
    beneficiario.save(update_fields=["comune", "residente_dal"])
    return beneficiario


@transaction.atomic
def tentativo_duplicato_mark_gestito(*, tentativo: TentativoDuplicato, actor: Utente | None,
                                     nota: str = "") -> TentativoDuplicato:
    """The office has dealt with a duplicate attempt (contacted the comuni, moved the person…)."""
    if tentativo.gestito:
        raise Conflitto(_("La segnalazione risulta già gestita."))
    tentativo.gestito = True
    tentativo.gestito_da = actor if getattr(actor, "is_authenticated", False) else None
    tentativo.gestito_il = timezone.now()
    tentativo.nota_gestione = _testo(TentativoDuplicato, "nota_gestione", nota)
    tentativo.save(update_fields=["gestito", "gestito_da", "gestito_il", "nota_gestione"])
    return tentativo


# --- ISEE, certifications, external benefits ---------------------------------------------------------------

def _aggiorna(oggetto: models.Model, puliti: dict[str, Any]) -> models.Model:
    cambiati = {k: v for k, v in puliti.items() if getattr(oggetto, k) != v}
    if cambiati:
        for campo, valore in cambiati.items():
            setattr(oggetto, campo, valore)
        oggetto.save()
    return oggetto


CAMPI_ISEE = ("tipo_isee", "valore_isee", "protocollo_dsu", "anno_dsu", "rilasciata_il", "scade_il", "difforme")


def _valida_isee(dati: dict[str, Any]) -> dict[str, Any]:
    if set(dati) - set(CAMPI_ISEE):
        raise TypeError(f"unknown fields for an attestazione ISEE: {sorted(set(dati) - set(CAMPI_ISEE))}")
    if dati.get("tipo_isee") not in TipoISEE.values:
        raise RegolaViolata(_("Scegli il tipo di ISEE."), campo="tipo_isee", codice="tipo_non_valido")
    rilasciata = _data(dati.get("rilasciata_il"), "rilasciata_il")
    data_non_futura(rilasciata, campo="rilasciata_il",
                    messaggio=_("Un'attestazione non può essere rilasciata dopo oggi (%(oggi)s)."))
    scade = _data(dati.get("scade_il"), "scade_il")
    if scade < rilasciata:
        raise RegolaViolata(_("La scadenza non può precedere il rilascio (%(data)s).") % {"data": data_it(rilasciata)},
                            campo="scade_il", codice="date_incoerenti")
    anno = dati.get("anno_dsu")
    if anno not in (None, ""):
        if not isinstance(anno, int) or isinstance(anno, bool) or not 2000 <= anno <= rilasciata.year:
            raise RegolaViolata(_("L'anno della DSU è tra il 2000 e l'anno del rilascio (%(anno)s).") % {
                "anno": rilasciata.year}, campo="anno_dsu", codice="anno_non_valido")
    else:
        anno = None
    return {"tipo_isee": dati["tipo_isee"], "valore_isee": _importo(dati.get("valore_isee"), "valore_isee"),
            "protocollo_dsu": _testo(AttestazioneISEE, "protocollo_dsu", dati.get("protocollo_dsu")),
            "anno_dsu": anno, "rilasciata_il": rilasciata, "scade_il": scade, "difforme": bool(dati.get("difforme"))}


@transaction.atomic
def attestazione_isee_create(*, beneficiario: Beneficiario, actor: Utente | None, **dati: Any) -> AttestazioneISEE:
    """Record an ISEE attestation (type, value ≥ 0, DSU protocol and year, issue ≤ today ≤/≥ expiry in order)."""
    attestazione = AttestazioneISEE(ambito_id=beneficiario.ambito_id, beneficiario=beneficiario, **_valida_isee(dati))
    attestazione.save()
    return attestazione


@transaction.atomic
def attestazione_isee_update(*, attestazione: AttestazioneISEE, actor: Utente | None, **dati: Any
                             ) -> AttestazioneISEE:
    attuali = {campo: getattr(attestazione, campo) for campo in CAMPI_ISEE}
    return _aggiorna(attestazione, _valida_isee({**attuali, **dati}))


CAMPI_CERTIFICAZIONE = ("tipo_certificazione", "percentuale_invalidita", "data", "revisione_il", "note_certificazione")


def _valida_certificazione(beneficiario: Beneficiario, dati: dict[str, Any]) -> dict[str, Any]:
    if set(dati) - set(CAMPI_CERTIFICAZIONE):
        raise TypeError(f"unknown fields for a certificazione: {sorted(set(dati) - set(CAMPI_CERTIFICAZIONE))}")
    tipo = dati.get("tipo_certificazione")
    if tipo not in TipoCertificazione.values:
        raise RegolaViolata(_("Scegli il tipo di certificazione."), campo="tipo_certificazione",
                            codice="tipo_non_valido")
    percentuale = dati.get("percentuale_invalidita")
    if percentuale in (None, ""):
        percentuale = None
        if tipo == TipoCertificazione.INVALIDITA:
            raise RegolaViolata(_("Per l'invalidità civile indica la percentuale."), campo="percentuale_invalidita",
                                codice="obbligatorio")
    elif not isinstance(percentuale, int) or isinstance(percentuale, bool) or not 0 <= percentuale <= 100:
        raise RegolaViolata(_("La percentuale di invalidità è un numero intero da 0 a 100."),
                            campo="percentuale_invalidita", codice="percentuale_non_valida")
    data = _data(dati.get("data"), "data")
    data_non_futura(data, campo="data", messaggio=_("La certificazione non può avere una data successiva a oggi "
                                                    "(%(oggi)s)."))
    if data < beneficiario.data_nascita:
        raise RegolaViolata(_("La certificazione non può precedere la nascita (%(data)s).") % {
            "data": data_it(beneficiario.data_nascita)}, campo="data", codice="date_incoerenti")
    revisione = _data(dati.get("revisione_il"), "revisione_il", obbligatoria=False)
    if revisione and revisione < data:
        raise RegolaViolata(_("La revisione non può precedere la certificazione (%(data)s).") % {"data": data_it(data)},
                            campo="revisione_il", codice="date_incoerenti")
    return {"tipo_certificazione": tipo, "percentuale_invalidita": percentuale, "data": data, "revisione_il": revisione,
            "note_certificazione": str(dati.get("note_certificazione") or "").strip()}


@transaction.atomic
def certificazione_create(*, beneficiario: Beneficiario, actor: Utente | None, **dati: Any) -> Certificazione:
    """Record a certification (L.104 art. 3 c.1/c.3, invalidità with its %, accompagnamento, NPI, sensoriale)."""
    certificazione = Certificazione(ambito_id=beneficiario.ambito_id, beneficiario=beneficiario,
                                    **_valida_certificazione(beneficiario, dati))
    certificazione.save()
    return certificazione


@transaction.atomic
def certificazione_update(*, certificazione: Certificazione, actor: Utente | None, **dati: Any) -> Certificazione:
    attuali = {campo: getattr(certificazione, campo) for campo in CAMPI_CERTIFICAZIONE}
    return _aggiorna(certificazione, _valida_certificazione(certificazione.beneficiario, {**attuali, **dati}))


CAMPI_BENEFICIO = ("codice", "descrizione", "dal", "al", "importo_mensile", "costo_coperto")


def _valida_beneficio(dati: dict[str, Any]) -> dict[str, Any]:
    if set(dati) - set(CAMPI_BENEFICIO):
        raise TypeError(f"unknown fields for a beneficio esterno: {sorted(set(dati) - set(CAMPI_BENEFICIO))}")
    codice = str(dati.get("codice") or "").strip().lower()
    if not codice or len(codice) > 40 or not _SLUG.match(codice):
        raise RegolaViolata(_("Il codice del beneficio è fatto di lettere minuscole, cifre e trattini, es. b1, hcp, "
                              "rsa_definitivo (al massimo 40 caratteri)."), campo="codice", codice="codice_non_valido")
    dal = _data(dati.get("dal"), "dal")
    al = _data(dati.get("al"), "al", obbligatoria=False)
    if al and al < dal:
        raise RegolaViolata(_("La fine non può precedere l'inizio (%(data)s).") % {"data": data_it(dal)}, campo="al",
                            codice="date_incoerenti")
    return {"codice": codice, "descrizione": _testo(BeneficioEsterno, "descrizione", dati.get("descrizione")),
            "dal": dal, "al": al,
            "importo_mensile": _importo(dati.get("importo_mensile"), "importo_mensile", obbligatorio=False),
            "costo_coperto": _testo(BeneficioEsterno, "costo_coperto", dati.get("costo_coperto"))}


@transaction.atomic
def beneficio_esterno_create(*, beneficiario: Beneficiario, actor: Utente | None, **dati: Any) -> BeneficioEsterno:
    """Declare a benefit or event the rules may exclude (Misura B1 from the ASST, Home Care Premium, definitive
    RSA admission…), with its period and, for the "sum within the actual cost" rule, amount and cost covered."""
    beneficio = BeneficioEsterno(ambito_id=beneficiario.ambito_id, beneficiario=beneficiario, **_valida_beneficio(dati))
    beneficio.save()
    return beneficio


@transaction.atomic
def beneficio_esterno_update(*, beneficio: BeneficioEsterno, actor: Utente | None, **dati: Any) -> BeneficioEsterno:
    attuali = {campo: getattr(beneficio, campo) for campo in CAMPI_BENEFICIO}
    return _aggiorna(beneficio, _valida_beneficio({**attuali, **dati}))


def eta(beneficiario: Beneficiario, *, al: dt.date | None = None) -> int:
    """Age in whole years at ``al`` (today by default)."""
    giorno = al or oggi()
    nascita = beneficiario.data_nascita
    return giorno.year - nascita.year - ((giorno.month, giorno.day) < (nascita.month, nascita.day))
