"""State changes of the territory: reference data imports, enti, the Ambito's settings, its comuni
over time and its sub-ambiti.

Every function is one transition, atomic, and saves through the model so django-simple-history
records who changed what (bulk imports use simple-history's bulk helpers for the same effect).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from PIL import Image
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ambito.accounts.models import Utente
from ambito.errors import RegolaViolata
from ambito.tenancy.models import Ambito, RegolaVoto, TipoISEE
from ambito.territorio.importers import ErroreRiga, ImportazioneRifiutata
from ambito.territorio.importers.istat import RigaComune, RigaFusione
from ambito.territorio.importers.popolazione import RigaPopolazione
from ambito.territorio.models import AppartenenzaComune, Comune, Ente, SubAmbito, TipoEnte
from ambito.territorio.selectors import appartenenze_sovrapposte, ente_modificabile, ente_per_codice_fiscale
from ambito.territorio.validators import validate_codice_fiscale_ente, validate_partita_iva

# ---------------------------------------------------------------------------------------------
# Reference data: comuni and population
# ---------------------------------------------------------------------------------------------

CAMPI_ISTAT = ("codice_catastale", "denominazione", "sigla_provincia", "provincia", "codice_regione")
LOTTO = 2000


@dataclass(frozen=True)
class ComuneAssente:
    """A comune known here, still valid, but absent from the imported (complete) list: ISTAT has
    suppressed it (usually merged into another). ``successore``/``valido_al`` come from the known
    mergers when the comune is among them; ``chiuso`` says whether this import closed it."""

    codice_istat: str
    denominazione: str
    successore: str = ""
    successore_denominazione: str = ""
    valido_al: dt.date | None = None
    chiuso: bool = False

    def __str__(self) -> str:
        testo = f"{self.denominazione} ({self.codice_istat})"
        if self.successore:
            testo += f" → {self.successore_denominazione} ({self.successore})"
        if self.valido_al:
            testo += f", cessato il {_data_it(self.valido_al)}"
        return testo


@dataclass(frozen=True)
class RiepilogoImport:
    creati: int = 0
    aggiornati: int = 0
    invariati: int = 0
    chiusi: int = 0
    fusioni: int = 0
    assenti: tuple[ComuneAssente, ...] = ()

    @property
    def assenti_aperti(self) -> list[ComuneAssente]:
        """Absent comuni this import left valid (to be closed by someone who knows the date)."""
        return [a for a in self.assenti if not a.chiuso]


def _data_it(data: dt.date | None) -> str:
    return data.strftime("%d/%m/%Y") if data else "—"


@transaction.atomic
def comuni_import(
    *, righe: Sequence[RigaComune], actor: Utente | None = None, chiudi_assenti: bool = False,
    valido_al_assenti: dt.date | None = None, fusioni: Sequence[RigaFusione] = (),
    fusioni_note: Sequence[RigaFusione] = (),
) -> RiepilogoImport:
    """Upsert comuni by ISTAT code from ISTAT's list (already read by ``ambito.territorio.importers.istat``).

    Everything or nothing: any inconsistency raises :class:`ImportazioneRifiutata` before a row
    is written. ``fusioni`` rows (given explicitly) close a comune and name its successor.

    The list is ISTAT's *complete* list, so a comune known here, still valid and absent from it has
    been suppressed: every such comune is reported in ``assenti`` (with its successor and date when
    ``fusioni_note``, the known mergers, name it) and is never deleted. It is closed only when asked
    (``chiudi_assenti``): a known merger with its own date and successor, any other absent comune with
    ``valido_al_assenti`` (without it, the unknown ones stay valid and reported).
    """
    esistenti = {c.codice_istat: c for c in Comune.objects.all()}
    nuovi_codici = {r.codice_istat for r in righe}
    errori = [
        ErroreRiga(f.riga, messaggio)
        for f in fusioni
        for messaggio in _problemi_fusione(f, esistenti, nuovi_codici)
    ]
    if errori:
        raise ImportazioneRifiutata(errori)

    da_creare, da_aggiornare, invariati = [], [], 0
    for riga in righe:
        comune = esistenti.get(riga.codice_istat)
        valori = {campo: getattr(riga, campo) for campo in CAMPI_ISTAT}
        if comune is None:
            da_creare.append(Comune(codice_istat=riga.codice_istat, **valori))
        elif any(getattr(comune, campo) != valore for campo, valore in valori.items()):
            for campo, valore in valori.items():
                setattr(comune, campo, valore)
            da_aggiornare.append(comune)
        else:
            invariati += 1
    motivo = "import_comuni (ISTAT)"
    creati = bulk_create_with_history(da_creare, Comune, batch_size=LOTTO, default_user=actor,
                                      default_change_reason=motivo)
    if da_aggiornare:
        bulk_update_with_history(da_aggiornare, Comune, list(CAMPI_ISTAT), batch_size=LOTTO, default_user=actor,
                                 default_change_reason=motivo)
    per_codice = {**esistenti, **{c.codice_istat: c for c in creati}}

    fusi: dict[str, Comune] = {}
    for f in fusioni:
        comune = per_codice[f.codice_istat]
        comune.valido_al = f.valido_al
        comune.successore = per_codice[f.codice_istat_successore]
        fusi[comune.codice_istat] = comune
    assenti, chiusi = _assenti(esistenti, nuovi_codici, fusi, per_codice, fusioni_note,
                               chiudi=chiudi_assenti, valido_al=valido_al_assenti)
    da_chiudere = {c.codice_istat: c for c in chiusi} | fusi
    if da_chiudere:
        bulk_update_with_history(list(da_chiudere.values()), Comune, ["valido_al", "successore"], batch_size=LOTTO,
                                 default_user=actor, default_change_reason="import_comuni: comuni cessati")
    return RiepilogoImport(creati=len(creati), aggiornati=len(da_aggiornare), invariati=invariati,
                           chiusi=len(chiusi), fusioni=len(fusi), assenti=tuple(assenti))


def _assenti(
    esistenti: dict[str, Comune], nuovi_codici: set[str], fusi: dict[str, Comune], per_codice: dict[str, Comune],
    fusioni_note: Sequence[RigaFusione], *, chiudi: bool, valido_al: dt.date | None,
) -> tuple[list[ComuneAssente], list[Comune]]:
    """The still-valid comuni absent from the list, and those of them to close now (never deleted)."""
    note = {f.codice_istat: f for f in fusioni_note}
    assenti: list[ComuneAssente] = []
    chiusi: list[Comune] = []
    for codice in sorted(esistenti):
        comune = esistenti[codice]
        if codice in nuovi_codici or codice in fusi or comune.valido_al is not None:
            continue
        nota = note.get(codice)
        successore = per_codice.get(nota.codice_istat_successore) if nota else None
        data = nota.valido_al if nota else valido_al
        chiudere = chiudi and data is not None
        if chiudere:
            comune.valido_al = data
            comune.successore = successore
            chiusi.append(comune)
        assenti.append(ComuneAssente(
            codice_istat=codice, denominazione=comune.denominazione,
            successore=successore.codice_istat if successore else "",
            successore_denominazione=successore.denominazione if successore else "",
            valido_al=nota.valido_al if nota else (valido_al if chiudere else None), chiuso=chiudere))
    return assenti, chiusi


def _problemi_fusione(f: RigaFusione, esistenti: dict[str, Comune], nuovi: set[str]) -> list[str]:
    problemi = []
    if f.codice_istat not in esistenti and f.codice_istat not in nuovi:
        problemi.append(f"comune cessato {f.codice_istat} sconosciuto")
    if f.codice_istat in nuovi:
        problemi.append(f"il comune {f.codice_istat} è ancora nell'elenco ISTAT: non può essere cessato")
    if f.codice_istat_successore not in esistenti and f.codice_istat_successore not in nuovi:
        problemi.append(f"comune successore {f.codice_istat_successore} sconosciuto")
    return problemi


@transaction.atomic
def popolazione_import(
    *, righe: Sequence[RigaPopolazione], actor: Utente | None = None, fonte: str = "ISTAT",
) -> RiepilogoImport:
    """Set population, reference year and source of each listed comune; every code must be known,
    otherwise nothing is written (:class:`ImportazioneRifiutata` lists the lines)."""
    fonte = fonte.strip()
    if not fonte or len(fonte) > 100:
        raise RegolaViolata("Indicare la fonte della popolazione (al massimo 100 caratteri).", campo="fonte")
    comuni = Comune.objects.in_bulk([r.codice_istat for r in righe], field_name="codice_istat")
    errori = [ErroreRiga(r.riga, f"codice ISTAT {r.codice_istat} sconosciuto: importare prima l'elenco dei comuni")
              for r in righe if r.codice_istat not in comuni]
    if errori:
        raise ImportazioneRifiutata(errori)
    cambiati = []
    for r in righe:
        comune = comuni[r.codice_istat]
        nuovi = {"popolazione": r.popolazione, "popolazione_anno": r.anno, "popolazione_fonte": fonte}
        if any(getattr(comune, k) != v for k, v in nuovi.items()):
            for k, v in nuovi.items():
                setattr(comune, k, v)
            cambiati.append(comune)
    if cambiati:
        bulk_update_with_history(cambiati, Comune, ["popolazione", "popolazione_anno", "popolazione_fonte"],
                                 batch_size=LOTTO, default_user=actor,
                                 default_change_reason=f"import_popolazione ({fonte})")
    return RiepilogoImport(aggiornati=len(cambiati), invariati=len(righe) - len(cambiati))


# ---------------------------------------------------------------------------------------------
# Enti (shared registry)
# ---------------------------------------------------------------------------------------------

CAMPI_ENTE = ("tipo", "denominazione", "codice_fiscale", "partita_iva", "pec", "legale_rappresentante",
              "numero_runts", "comune")


def _normalizza_ente(dati: dict[str, Any]) -> dict[str, Any]:
    puliti = dict(dati)
    for campo in ("codice_fiscale", "partita_iva"):
        if campo in puliti:
            # As python-stdnum's compact(): spaces, dashes and dots are layout, not part of the code.
            valore = re.sub(r"[\s.\-]", "", puliti[campo] or "").upper()
            if campo == "partita_iva" and valore.startswith("IT") and len(valore) == 13:
                valore = valore[2:]
            puliti[campo] = valore
    for campo in ("denominazione", "pec", "legale_rappresentante", "numero_runts"):
        if campo in puliti:
            puliti[campo] = (puliti[campo] or "").strip()
    if puliti.get("pec"):
        puliti["pec"] = puliti["pec"].lower()
    return puliti


def _valida_ente(ente: Ente) -> None:
    if ente.tipo not in TipoEnte.values:
        raise RegolaViolata("Tipo di ente non valido.", campo="tipo")
    if not ente.denominazione:
        raise RegolaViolata("La denominazione è obbligatoria.", campo="denominazione")
    controlli = (
        ("codice_fiscale", validate_codice_fiscale_ente),
        ("partita_iva", validate_partita_iva),
        ("pec", EmailValidator(message="Indirizzo PEC non valido.")),
    )
    for campo, validatore in controlli:
        valore = getattr(ente, campo)
        if valore:
            try:
                validatore(valore)
            except ValidationError as exc:
                raise RegolaViolata(" ".join(exc.messages), campo=campo) from exc
    if ente.tipo == TipoEnte.COMUNE and ente.comune_id is None:
        raise RegolaViolata("Per un ente di tipo comune indicare il comune.", campo="comune")
    if ente.codice_fiscale:
        altro = ente_per_codice_fiscale(ente.codice_fiscale)
        if altro is not None and altro.pk != ente.pk:
            raise RegolaViolata(f"Il codice fiscale {ente.codice_fiscale} è già registrato per «{altro}».",
                                campo="codice_fiscale")


def _salva_ente(ente: Ente) -> None:
    try:
        with transaction.atomic():
            ente.save()
    except IntegrityError as exc:  # a concurrent registration of the same codice fiscale
        raise RegolaViolata(f"Il codice fiscale {ente.codice_fiscale} è già registrato.",
                            campo="codice_fiscale") from exc


@transaction.atomic
def ente_create(*, ambito: Ambito, actor: Utente, dati: dict[str, Any]) -> Ente:
    """Register an ente in the shared registry on behalf of ``ambito`` (recorded as ``registrato_da``).

    Codice fiscale (11 digits, or 16 characters for a sole trader) and partita IVA are checked with
    python-stdnum; the PEC must be an e-mail address; a codice fiscale is registered only once.
    """
    sconosciuti = set(dati) - set(CAMPI_ENTE)
    if sconosciuti:
        raise RegolaViolata(f"Campi non previsti: {', '.join(sorted(sconosciuti))}.")
    ente = Ente(registrato_da=ambito, **_normalizza_ente(dati))
    _valida_ente(ente)
    _salva_ente(ente)
    return ente


@transaction.atomic
def ente_update(*, ente: Ente, ambito: Ambito, actor: Utente, dati: dict[str, Any]) -> Ente:
    """Change an ente. Only staff of the Ambito that registered it, or a platform administrator,
    may (enti are shared: an ATS or a cooperative serves many Ambiti)."""
    if not ente_modificabile(ente=ente, ambito=ambito, utente=actor):
        raise PermissionDenied("Solo l'Ambito che ha registrato l'ente (o un amministratore) può modificarlo.")
    sconosciuti = set(dati) - set(CAMPI_ENTE)
    if sconosciuti:
        raise RegolaViolata(f"Campi non previsti: {', '.join(sorted(sconosciuti))}.")
    ente = Ente.objects.select_for_update().get(pk=ente.pk)
    cambiati = [k for k, v in _normalizza_ente(dati).items() if getattr(ente, k) != v]
    if not cambiati:
        return ente
    for campo in cambiati:
        setattr(ente, campo, _normalizza_ente(dati)[campo])
    _valida_ente(ente)
    _salva_ente(ente)
    return ente


# ---------------------------------------------------------------------------------------------
# Settings of the Ambito
# ---------------------------------------------------------------------------------------------

CAMPI_IMPOSTAZIONI = ("regola_voto", "quorum_componenti_percento", "quorum_popolazione_percento",
                      "mese_inizio_esercizio", "tipi_isee_default")
LOGO_MAX_BYTES = 1024 * 1024
LOGO_ESTENSIONI = {".png", ".jpg", ".jpeg"}


def _valida_impostazioni(valori: dict[str, Any]) -> None:
    if "regola_voto" in valori and valori["regola_voto"] not in RegolaVoto.values:
        raise RegolaViolata("Regola di voto non valida.", campo="regola_voto")
    for campo in ("quorum_componenti_percento", "quorum_popolazione_percento"):
        if campo in valori and not (isinstance(valori[campo], int) and 0 <= valori[campo] <= 100):
            raise RegolaViolata("Il quorum è una percentuale tra 0 e 100.", campo=campo)
    mese = valori.get("mese_inizio_esercizio", 1)
    if not (isinstance(mese, int) and 1 <= mese <= 12):
        raise RegolaViolata("Il mese di inizio dell'esercizio va da 1 (gennaio) a 12 (dicembre).",
                            campo="mese_inizio_esercizio")
    tipi = valori.get("tipi_isee_default", [])
    if any(t not in TipoISEE.values for t in tipi):
        raise RegolaViolata("Tipo di ISEE non valido.", campo="tipi_isee_default")


def _valida_logo(logo: UploadedFile) -> None:
    """A PNG or JPEG by its content (not only its name), at most 1 MB."""
    if PurePath(logo.name or "").suffix.lower() not in LOGO_ESTENSIONI:
        raise RegolaViolata("Il logo deve essere un'immagine PNG o JPEG.", campo="logo")
    if logo.size is None or logo.size > LOGO_MAX_BYTES:
        raise RegolaViolata("Il logo non può superare 1 MB.", campo="logo")
    try:
        logo.seek(0)
        with Image.open(logo) as immagine:
            formato = immagine.format
            immagine.verify()
    except (OSError, SyntaxError, ValueError) as exc:
        raise RegolaViolata("Il file del logo non è un'immagine valida.", campo="logo") from exc
    finally:
        logo.seek(0)
    if formato not in ("PNG", "JPEG"):
        raise RegolaViolata("Il logo deve essere un'immagine PNG o JPEG.", campo="logo")


@transaction.atomic
def ambito_impostazioni_update(
    *, ambito: Ambito, actor: Utente, dati: dict[str, Any], logo: UploadedFile | None = None,
    rimuovi_logo: bool = False,
) -> Ambito:
    """Change the Ambito's settings: voting rule and quorum of the Assemblea (a rule of
    each Accordo di programma), first month of the fiscal year, default ISEE types, logo."""
    sconosciuti = set(dati) - set(CAMPI_IMPOSTAZIONI)
    if sconosciuti:
        raise RegolaViolata(f"Campi non previsti: {', '.join(sorted(sconosciuti))}.")
    ambito = Ambito.objects.select_for_update().get(pk=ambito.pk)
    valori = {campo: getattr(ambito, campo) for campo in CAMPI_IMPOSTAZIONI} | dati
    if "tipi_isee_default" in dati:
        valori["tipi_isee_default"] = list(dict.fromkeys(dati["tipi_isee_default"]))
    _valida_impostazioni(valori)
    for campo, valore in valori.items():
        setattr(ambito, campo, valore)
    if logo is not None:
        _valida_logo(logo)
        ambito.logo.save(f"{ambito.slug}{PurePath(logo.name or '').suffix.lower()}", logo, save=False)
    elif rimuovi_logo:
        ambito.logo = ""
    ambito.save()
    return ambito


# ---------------------------------------------------------------------------------------------
# Comuni of the Ambito over time, sub-ambiti
# ---------------------------------------------------------------------------------------------

VINCOLO_UN_AMBITO = "appartenenza_un_ambito_per_data"


def _salva_appartenenza(app: AppartenenzaComune) -> None:
    """Save, turning the database's exclusion constraint into an Italian message."""
    try:
        with transaction.atomic():
            app.save()
    except IntegrityError as exc:
        vincolo = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
        if vincolo != VINCOLO_UN_AMBITO:
            raise
        raise RegolaViolata(
            f"Il comune di {app.comune.denominazione} appartiene già a un altro Ambito in un periodo che si "
            f"sovrappone a quello indicato (dal {_data_it(app.valido_dal)} al {_data_it(app.valido_al)}): "
            "un comune appartiene a un solo Ambito per volta. Occorre prima chiudere l'appartenenza all'altro "
            "Ambito.", codice="comune_in_altro_ambito", campo="comune") from exc


def _controlla_periodo(app: AppartenenzaComune) -> None:
    if app.valido_al is not None and app.valido_al < app.valido_dal:
        raise RegolaViolata("La data di fine precede la data di inizio.", campo="valido_al")
    comune = app.comune
    if comune.valido_al is not None and comune.valido_al < app.valido_dal:
        raise RegolaViolata(f"Il comune di {comune.denominazione} è cessato il {_data_it(comune.valido_al)}.",
                            campo="comune")
    propri = appartenenze_sovrapposte(ambito=app.ambito, comune=comune, valido_dal=app.valido_dal,
                                      valido_al=app.valido_al, escludi_pk=app.pk)
    if propri:
        p = propri[0]
        raise RegolaViolata(f"Il comune di {comune.denominazione} appartiene già a questo Ambito dal "
                            f"{_data_it(p.valido_dal)}" + (f" al {_data_it(p.valido_al)}." if p.valido_al else "."),
                            campo="valido_dal")


def _controlla_sub_ambito(ambito: Ambito, sub_ambito: SubAmbito | None) -> None:
    if sub_ambito is not None and sub_ambito.ambito_id != ambito.pk:
        raise RegolaViolata("Sub-ambito non valido.", campo="sub_ambito")


@transaction.atomic
def appartenenza_create(
    *, ambito: Ambito, actor: Utente | None, comune: Comune, valido_dal: dt.date, valido_al: dt.date | None = None,
    sub_ambito: SubAmbito | None = None,
) -> AppartenenzaComune:
    """Add a comune to the Ambito from ``valido_dal`` (to ``valido_al``, inclusive).

    A comune belongs to at most one Ambito at a date: the database's exclusion constraint
    refuses overlaps with any Ambito; the message says so in Italian.
    """
    _controlla_sub_ambito(ambito, sub_ambito)
    app = AppartenenzaComune(ambito=ambito, comune=comune, valido_dal=valido_dal, valido_al=valido_al,
                             sub_ambito=sub_ambito)
    _controlla_periodo(app)
    _salva_appartenenza(app)
    return app


@transaction.atomic
def appartenenza_close(*, appartenenza: AppartenenzaComune, actor: Utente | None,
                       valido_al: dt.date | None) -> AppartenenzaComune:
    """The comune leaves the Ambito after ``valido_al`` (e.g. it moved to another Ambito).

    ``None`` reopens the period (a closing date entered by mistake); the one-Ambito-per-date
    rule still applies."""
    app = AppartenenzaComune.objects.select_for_update().select_related("comune").get(pk=appartenenza.pk)
    if app.valido_al == valido_al:
        return app
    app.valido_al = valido_al
    _controlla_periodo(app)
    _salva_appartenenza(app)
    return app


@transaction.atomic
def appartenenza_set_sub_ambito(*, appartenenza: AppartenenzaComune, actor: Utente | None,
                                sub_ambito: SubAmbito | None) -> AppartenenzaComune:
    """Assign the comune (for this period) to a sub-ambito of the same Ambito, or to none."""
    app = AppartenenzaComune.objects.select_for_update().get(pk=appartenenza.pk)
    _controlla_sub_ambito(app.ambito, sub_ambito)
    if app.sub_ambito_id != (sub_ambito.pk if sub_ambito else None):
        app.sub_ambito = sub_ambito
        app.save()
    return app


def _valida_nome_sub_ambito(ambito: Ambito, nome: str, escludi_pk: int | None = None) -> str:
    nome = " ".join(nome.split())
    if not nome or len(nome) > 120:
        raise RegolaViolata("Il nome del sub-ambito è obbligatorio (al massimo 120 caratteri).", campo="nome")
    if SubAmbito.objects.filter(ambito=ambito, nome__iexact=nome).exclude(pk=escludi_pk).exists():
        raise RegolaViolata(f"Esiste già un sub-ambito «{nome}».", campo="nome")
    return nome


@transaction.atomic
def sub_ambito_create(*, ambito: Ambito, actor: Utente | None, nome: str,
                      comuni: Iterable[AppartenenzaComune] = ()) -> SubAmbito:
    """A named group of the Ambito's comuni (e.g. Legnanese and Castanese in Alto Milanese)."""
    sub = SubAmbito(ambito=ambito, nome=_valida_nome_sub_ambito(ambito, nome))
    sub.save()
    for app in comuni:
        appartenenza_set_sub_ambito(appartenenza=app, actor=actor, sub_ambito=sub)
    return sub


@transaction.atomic
def sub_ambito_update(*, sub_ambito: SubAmbito, actor: Utente | None, nome: str) -> SubAmbito:
    nome = _valida_nome_sub_ambito(sub_ambito.ambito, nome, escludi_pk=sub_ambito.pk)
    if nome != sub_ambito.nome:
        sub_ambito.nome = nome
        sub_ambito.save()
    return sub_ambito


@transaction.atomic
def sub_ambito_delete(*, sub_ambito: SubAmbito, actor: Utente | None) -> None:
    """Delete a sub-ambito; its comuni stay in the Ambito without a sub-ambito (each change audited)."""
    for app in AppartenenzaComune.objects.filter(ambito_id=sub_ambito.ambito_id, sub_ambito=sub_ambito):
        app.sub_ambito = None
        app.save()
    sub_ambito.delete()
