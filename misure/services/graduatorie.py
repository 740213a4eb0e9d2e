"""Services of the graduatorie part: compute (and recompute) a ranking, what-if simulations, approval
(provvisoria by an act; definitiva through the core two-person approval, which commits the funded amounts on
the fondi quota and moves the domande to finanziata / lista d'attesa), scorrimento with residues direction.

The ranking itself is pure (:mod:`misure.regole.graduatoria`); this module reads the snapshot (a constant
number of queries), stores the rows with one bulk insert, and never writes fondi tables except through
``fondi.services``.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ambito.accounts.models import Utente
from ambito.accounts.permissions import contesto_per
from ambito.errors import Conflitto, RegolaViolata
from ambito.formato import euro
from ambito.formato import oggi as oggi_roma
from misure.models import (
    Bando,
    EsitoPosizione,
    Graduatoria,
    ModalitaBando,
    PosizioneGraduatoria,
    ScorrimentoGraduatoria,
    SimulazioneGraduatoria,
    StatoGraduatoria,
    StrumentoBando,
)
from misure.regole.graduatoria import Parametri, Risultato, calcola
from misure.regole.graduatoria import costo as costo_riga
from misure.selectors import graduatorie as selectors

GESTISCI = "misure.graduatorie.gestisci"
APPROVA = "misure.graduatorie.approva"
TIPO_APPROVAZIONE = "misure.graduatoria_definitiva"


def _richiedi(ambito_id: int, actor: Utente | None, capacita: str) -> None:
    if actor is None:
        return
    from ambito.tenancy.models import Ambito

    contesto = contesto_per(actor, Ambito.objects.get(pk=ambito_id))
    if contesto is None or not contesto.puo(capacita):
        raise PermissionDenied(capacita)


def parametri_del_bando(bando: Bando, *, budget: Decimal, parita: tuple[str, ...]) -> Parametri:
    return Parametri(budget=budget, politica=bando.politica_finanziamento, parziale=bando.finanziamento_parziale,
                     parita=parita, sportello=bando.modalita == ModalitaBando.SPORTELLO)


def _budget(bando: Bando, strumento: StrumentoBando | None, budget: Decimal | None) -> tuple[Decimal, Any]:
    if budget is not None:
        if budget < 0:
            raise RegolaViolata(_("Il budget non può essere negativo."), campo="budget")
        _disponibile, quota = selectors.bilancio_bando(bando=bando)
        return budget, quota
    if strumento is not None and strumento.budget_graduatoria is not None:
        _disponibile, quota = selectors.bilancio_bando(bando=bando)
        return strumento.budget_graduatoria, quota
    return selectors.bilancio_bando(bando=bando)


def titolo_graduatoria(bando: Bando, strumento: StrumentoBando | None, fino_al: dt.date | None) -> str:
    titolo = _("Graduatoria — %(b)s") % {"b": bando.titolo}
    if strumento is not None:
        titolo += f" — {strumento}"
    if fino_al is not None:
        titolo += _(" — domande fino al %(d)s") % {"d": fino_al.strftime("%d/%m/%Y")}
    return titolo[:250]


@transaction.atomic
def graduatoria_compute(*, bando: Bando, actor: Utente | None, strumento: StrumentoBando | None = None,
                        fino_al: dt.date | None = None, budget: Decimal | None = None,
                        graduatoria: Graduatoria | None = None) -> Graduatoria:
    """Compute (or recompute, while in bozza) the graduatoria of a bando or of one strumento.

    Rolling bandi (a finestre) need ``fino_al``, the monthly cut-off: domande presented up to that day."""
    _richiedi(bando.ambito_id, actor, GESTISCI)
    if graduatoria is not None:
        graduatoria = Graduatoria.objects.select_for_update().get(pk=graduatoria.pk, ambito_id=bando.ambito_id)
        if graduatoria.stato != StatoGraduatoria.BOZZA:
            raise Conflitto(_("La graduatoria è %(s)s: non si ricalcola più.") % {
                "s": graduatoria.get_stato_display().lower()}, codice="graduatoria_non_in_bozza")
        strumento, fino_al = graduatoria.strumento, graduatoria.fino_al
    if bando.graduatoria_per == "strumento" and strumento is None:
        raise RegolaViolata(_("Il bando prevede una graduatoria per strumento: scegli lo strumento."),
                            campo="strumento")
    if bando.modalita == ModalitaBando.FINESTRE and fino_al is None:
        raise RegolaViolata(_("Bando a finestre: indica la data di chiusura del mese (domande fino al)."),
                            campo="fino_al")
    importo, quota = _budget(bando, strumento, budget)
    from misure.selectors.bandi import versione_corrente

    versione = versione_corrente(bando)
    parita = tuple(((versione.regole_punteggio if versione else {}) or {}).get("parita", []) or [])
    parametri = parametri_del_bando(bando, budget=importo, parita=parita)
    snapshot, preparato = selectors.snapshot_preparato(bando=bando, strumento=strumento, fino_al=fino_al,
                                                       parita=parita, sportello=parametri.sportello)
    risultato = calcola(snapshot, parametri, preparato)
    if graduatoria is None:
        graduatoria = Graduatoria(ambito_id=bando.ambito_id, bando=bando, strumento=strumento, fino_al=fino_al,
                                  titolo=titolo_graduatoria(bando, strumento, fino_al))
    graduatoria.versione_regole = versione
    graduatoria.politica = parametri.politica
    graduatoria.quota = quota
    _registra_risultato(graduatoria, snapshot, parametri, risultato)
    return graduatoria


def _registra_risultato(graduatoria: Graduatoria, snapshot: list[dict], parametri: Parametri,
                        risultato: Risultato) -> None:
    graduatoria.budget = parametri.budget
    graduatoria.parametri = parametri.come_json()
    graduatoria.snapshot = snapshot
    graduatoria.hash_calcolo = risultato.hash
    graduatoria.finanziato = risultato.finanziato
    graduatoria.calcolata_il = timezone.now()
    graduatoria.save()
    PosizioneGraduatoria.objects.filter(ambito_id=graduatoria.ambito_id, graduatoria=graduatoria).delete()
    PosizioneGraduatoria.objects.bulk_create([
        PosizioneGraduatoria(ambito_id=graduatoria.ambito_id, graduatoria=graduatoria, domanda_id=r.domanda,
                             posizione=r.posizione, ordine=i, esito=r.esito, punti=r.punti, punteggio=r.punteggio,
                             importo_richiesto=r.importo_richiesto, importo_assegnato=r.importo_assegnato,
                             mesi_finanziati=r.mesi_finanziati, motivo=r.motivo[:300],
                             quota=graduatoria.quota if r.esito == EsitoPosizione.FINANZIATA else None)
        for i, r in enumerate(risultato.righe, start=1)], batch_size=2000)


def ricalcola_da_snapshot(graduatoria: Graduatoria) -> Risultato:
    """Recompute from the stored snapshot and parameters (reproducibility check: same hash)."""
    return calcola(graduatoria.snapshot, Parametri.da_json(graduatoria.parametri))


def verifica_hash(graduatoria: Graduatoria) -> bool:
    return ricalcola_da_snapshot(graduatoria).hash == graduatoria.hash_calcolo


# --- what-if -------------------------------------------------------------------------------------------------


def _parametri_simulati(base: Parametri, modifiche: dict[str, Any]) -> Parametri:
    def dec(chiave: str) -> Decimal | None:
        valore = modifiche.get(chiave)
        if valore in (None, ""):
            return None
        try:
            numero = Decimal(str(valore))
        except ArithmeticError as exc:
            raise RegolaViolata(_("Valore non numerico."), campo=chiave) from exc
        if not numero.is_finite() or numero < 0 or numero > Decimal("100000000"):
            raise RegolaViolata(_("Valore fuori dall'intervallo ammesso (da 0 a 100.000.000)."), campo=chiave)
        return numero

    pesi: dict[str, Decimal] = {}
    for criterio, peso in (modifiche.get("pesi") or {}).items():
        try:
            valore = Decimal(str(peso))
        except ArithmeticError as exc:
            raise RegolaViolata(_("Peso non numerico per «%(c)s».") % {"c": criterio}, campo="pesi") from exc
        if not valore.is_finite() or valore < 0 or valore > 100:
            raise RegolaViolata(_("Il peso di «%(c)s» deve essere tra 0 e 100.") % {"c": criterio}, campo="pesi")
        pesi[str(criterio)[:60]] = valore
    budget = dec("budget")
    return Parametri(budget=base.budget if budget is None else budget, politica=base.politica,
                     parziale=base.parziale, parita=base.parita, sportello=base.sportello, pesi=pesi,
                     soglia=dec("soglia"), importo_mensile=dec("importo_mensile"))


def confronta(graduatoria: Graduatoria, attuale: Risultato, simulato: Risultato) -> dict[str, Any]:
    """Side by side: who enters and who drops out, cut-off score, euros per comune, residual."""
    fin_a = {r.domanda for r in attuale.righe if r.esito == EsitoPosizione.FINANZIATA}
    fin_s = {r.domanda for r in simulato.righe if r.esito == EsitoPosizione.FINANZIATA}
    comuni = {v["id"]: v["comune"] for v in graduatoria.snapshot}
    codici = {v["id"]: v["codice"] for v in graduatoria.snapshot}

    def per_comune(risultato: Risultato) -> dict[str, str]:
        somme: dict[str, Decimal] = {}
        for r in risultato.righe:
            if r.importo_assegnato:
                chiave = str(comuni[r.domanda])
                somme[chiave] = somme.get(chiave, Decimal(0)) + r.importo_assegnato
        return {k: str(v) for k, v in sorted(somme.items())}

    def soglia(risultato: Risultato) -> str | None:
        valore = risultato.punteggio_soglia
        return None if valore is None else str(valore)

    return {
        "entrano": sorted(codici[d] or str(d) for d in fin_s - fin_a),
        "escono": sorted(codici[d] or str(d) for d in fin_a - fin_s),
        "entrano_id": sorted(fin_s - fin_a), "escono_id": sorted(fin_a - fin_s),
        "soglia_attuale": soglia(attuale), "soglia_simulata": soglia(simulato),
        "per_comune_attuale": per_comune(attuale), "per_comune_simulato": per_comune(simulato),
        "residuo_attuale": str(attuale.residuo), "residuo_simulato": str(simulato.residuo),
        "finanziato_attuale": str(attuale.finanziato), "finanziato_simulato": str(simulato.finanziato),
        "hash_simulato": simulato.hash,
    }


def _in_bozza(graduatoria: Graduatoria) -> None:
    if graduatoria.stato != StatoGraduatoria.BOZZA:
        raise Conflitto(_("Le simulazioni si fanno solo sulla graduatoria in bozza."), codice="non_in_bozza")


def simulazione_create(*, graduatoria: Graduatoria, actor: Utente | None, nome: str,
                       modifiche: dict[str, Any]) -> SimulazioneGraduatoria:
    """Run a what-if on the draft's snapshot and save it with a name; domande and the draft stay as they are."""
    _richiedi(graduatoria.ambito_id, actor, GESTISCI)
    _in_bozza(graduatoria)
    nome = (nome or "").strip()
    if not nome or len(nome) > 120:
        raise RegolaViolata(_("Dai alla simulazione un nome di al massimo 120 caratteri."), campo="nome")
    base = Parametri.da_json(graduatoria.parametri)
    parametri = _parametri_simulati(base, modifiche)
    confronto = confronta(graduatoria, calcola(graduatoria.snapshot, base), calcola(graduatoria.snapshot, parametri))
    return SimulazioneGraduatoria.objects.create(ambito_id=graduatoria.ambito_id, graduatoria=graduatoria,
                                                 nome=nome, parametri=parametri.come_json(), risultato=confronto,
                                                 creata_da=actor)


@transaction.atomic
def simulazione_promuovi(*, simulazione: SimulazioneGraduatoria, actor: Utente | None) -> Graduatoria:
    """Make the simulated parameters the draft's (same snapshot, recomputed rows and hash)."""
    _richiedi(simulazione.ambito_id, actor, GESTISCI)
    graduatoria = Graduatoria.objects.select_for_update().get(pk=simulazione.graduatoria_id,
                                                              ambito_id=simulazione.ambito_id)
    _in_bozza(graduatoria)
    parametri = Parametri.da_json(simulazione.parametri)
    _registra_risultato(graduatoria, graduatoria.snapshot, parametri, calcola(graduatoria.snapshot, parametri))
    return graduatoria


# --- approval ------------------------------------------------------------------------------------------------


@transaction.atomic
def graduatoria_approva_provvisoria(*, graduatoria: Graduatoria, atto: Any, actor: Utente | None,
                                    oggi: dt.date | None = None) -> Graduatoria:
    """Bozza → provvisoria, approved by ``atto`` (linked with atto_link) and published for the bando's period."""
    from ambito.atti.services import atto_link

    _richiedi(graduatoria.ambito_id, actor, GESTISCI)
    graduatoria = Graduatoria.objects.select_for_update().get(pk=graduatoria.pk, ambito_id=graduatoria.ambito_id)
    if graduatoria.stato != StatoGraduatoria.BOZZA:
        raise Conflitto(_("Solo una graduatoria in bozza diventa provvisoria."), codice="non_in_bozza")
    if atto is None or atto.ambito_id != graduatoria.ambito_id:
        raise RegolaViolata(_("Indica l'atto che approva la graduatoria provvisoria."), campo="atto")
    atto_link(atto=atto, actor=actor, oggetto=graduatoria, descrizione=str(_("Graduatoria provvisoria")))
    oggi = oggi or oggi_roma()
    graduatoria.stato = StatoGraduatoria.PROVVISORIA
    graduatoria.atto_provvisoria = atto
    _pubblica(graduatoria, oggi)
    graduatoria.save()
    return graduatoria


def _pubblica(graduatoria: Graduatoria, oggi: dt.date) -> None:
    """On the Ambito's public page from ``oggi`` for the bando's publication days (then it disappears)."""
    graduatoria.pubblicata_dal = oggi
    graduatoria.pubblicata_al = oggi + dt.timedelta(days=graduatoria.bando.giorni_pubblicazione)


def graduatoria_richiedi_definitiva(*, graduatoria: Graduatoria, atto: Any, actor: Utente) -> Any:
    """Prepare the two-person approval of the definitive graduatoria (the preparer never approves)."""
    from ambito.approvazioni.services import richiesta_create

    _richiedi(graduatoria.ambito_id, actor, GESTISCI)
    if graduatoria.stato != StatoGraduatoria.PROVVISORIA:
        raise Conflitto(_("Si approva in via definitiva solo una graduatoria provvisoria."),
                        codice="non_provvisoria")
    if atto is None or atto.ambito_id != graduatoria.ambito_id:
        raise RegolaViolata(_("Indica l'atto che approva la graduatoria definitiva."), campo="atto")
    return richiesta_create(ambito=graduatoria.ambito, actor=actor, tipo=TIPO_APPROVAZIONE, oggetto=graduatoria,
                            descrizione=str(_("Graduatoria definitiva: %(t)s") % {"t": graduatoria.titolo}),
                            parametri={"atto": atto.pk, "finanziato": str(graduatoria.finanziato),
                                       "hash": graduatoria.hash_calcolo})


def esegui_definitiva(richiesta: Any, actor: Utente) -> Graduatoria:
    """Run by the approval (inside its transaction): freeze, commit, move the domande."""
    from ambito.atti.models import Atto

    graduatoria = Graduatoria.objects.select_for_update().get(pk=richiesta.object_id, ambito_id=richiesta.ambito_id)
    atto = Atto.objects.get(pk=richiesta.parametri["atto"], ambito_id=graduatoria.ambito_id)
    if graduatoria.hash_calcolo != richiesta.parametri.get("hash"):
        raise Conflitto(_("La graduatoria è cambiata dopo la richiesta di approvazione."), codice="cambiata")
    return graduatoria_rendi_definitiva(graduatoria=graduatoria, atto=atto, actor=actor)


@transaction.atomic
def graduatoria_rendi_definitiva(*, graduatoria: Graduatoria, atto: Any, actor: Utente | None,
                                 oggi: dt.date | None = None) -> Graduatoria:
    """Provvisoria → definitiva: commit the funded total on the quota (impegno with the act and the graduatoria
    as reference), funded domande → finanziata, the other idonee → lista d'attesa (the social worker is
    notified by the domande transition); the definitive list is published for the bando's period from today."""
    from ambito.atti.services import atto_link
    from fondi.services import impegno_create
    from misure.services.domande import domanda_transition

    if graduatoria.stato != StatoGraduatoria.PROVVISORIA:
        raise Conflitto(_("Solo una graduatoria provvisoria diventa definitiva."), codice="non_provvisoria")
    oggi = oggi or oggi_roma()
    if graduatoria.finanziato > 0:
        if graduatoria.quota is None:
            raise RegolaViolata(_("Il bando non ha una quota di fondi su cui impegnare il finanziato."),
                                codice="quota_mancante")
        impegno_create(quota=graduatoria.quota, importo=graduatoria.finanziato, data_contabile=oggi, actor=actor,
                       atto=atto, riferimento=graduatoria,
                       descrizione=str(_("Impegno graduatoria: %(t)s") % {"t": graduatoria.titolo})[:250])
    atto_link(atto=atto, actor=actor, oggetto=graduatoria, descrizione=str(_("Graduatoria definitiva")))
    posizioni = (PosizioneGraduatoria.objects.filter(ambito_id=graduatoria.ambito_id, graduatoria=graduatoria,
                                                     esito__in=[EsitoPosizione.FINANZIATA,
                                                                EsitoPosizione.NON_FINANZIATA])
                 .select_related("domanda"))
    for posizione in posizioni:
        domanda = posizione.domanda
        if posizione.esito == EsitoPosizione.FINANZIATA:
            domanda_transition(domanda=domanda, azione="finanzia", actor=None, oggi=oggi,
                               motivo=_("Finanziata: %(e)s per %(m)s mesi.") % {
                                   "e": euro(posizione.importo_assegnato), "m": posizione.mesi_finanziati})
        elif domanda.stato == "ammissibile":
            domanda_transition(domanda=domanda, azione="metti_in_lista_attesa", actor=None, oggi=oggi)
    graduatoria.stato = StatoGraduatoria.DEFINITIVA
    graduatoria.atto_definitiva = atto
    _pubblica(graduatoria, oggi)  # the definitive list is published in its turn, for the bando's period
    graduatoria.save()
    return graduatoria


# --- scorrimento ---------------------------------------------------------------------------------------------


def residui_ricevibili(graduatoria: Graduatoria) -> list[Graduatoria]:
    """Definitive graduatorie of the same bando whose strumento sends its residues to this one's (one way)."""
    if graduatoria.strumento_id is None:
        return []
    mittenti = Graduatoria.objects.filter(
        ambito_id=graduatoria.ambito_id, bando_id=graduatoria.bando_id, stato=StatoGraduatoria.DEFINITIVA,
        strumento__residui_verso_id=graduatoria.strumento_id).exclude(pk=graduatoria.pk)
    # One way only: a strumento this one sends its own residues to never sends back (a mutual configuration
    # A→B, B→A would let money go round; the receiver of ours is ignored as a sender).
    verso = graduatoria.strumento.residui_verso_id
    if verso is not None:
        mittenti = mittenti.exclude(strumento_id=verso)
    return list(mittenti)


def residuo_di(graduatoria: Graduatoria) -> Decimal:
    return graduatoria.budget - graduatoria.finanziato


@transaction.atomic
def scorrimento_create(*, graduatoria: Graduatoria, atto: Any, actor: Utente | None, somma: Decimal = Decimal(0),
                       usa_residui: bool = True, oggi: dt.date | None = None) -> ScorrimentoGraduatoria:
    """Fund the next waiting rows in order with ``somma`` (returned or new funds) plus, if allowed, the residues
    of the graduatorie configured to send them here (never the other way). Recorded with its act.

    The graduatoria's funding policy applies: fill skips a row that does not fit; strict order stops at it, and
    funds it for the whole months the residual covers when the bando allows partial funding. A row funded
    partially earlier keeps its months (its payment plan may be running): the scorrimento funds waiting rows."""
    from fondi.services import impegno_create
    from misure.services.domande import domanda_transition

    _richiedi(graduatoria.ambito_id, actor, GESTISCI)
    graduatoria = Graduatoria.objects.select_for_update().get(pk=graduatoria.pk, ambito_id=graduatoria.ambito_id)
    if graduatoria.stato != StatoGraduatoria.DEFINITIVA:
        raise Conflitto(_("Lo scorrimento si fa su una graduatoria definitiva."), codice="non_definitiva")
    if atto is None or atto.ambito_id != graduatoria.ambito_id:
        raise RegolaViolata(_("Indica l'atto che dispone lo scorrimento."), campo="atto")
    if somma < 0:
        raise RegolaViolata(_("La somma non può essere negativa."), campo="somma")
    oggi = oggi or oggi_roma()
    donatrici = residui_ricevibili(graduatoria) if usa_residui else []
    da_residui = [(g, residuo_di(g)) for g in donatrici if residuo_di(g) > 0]
    disponibile = somma + residuo_di(graduatoria) + sum((r for _g, r in da_residui), Decimal(0))
    residuo, finanziate = disponibile, []
    attesa = (PosizioneGraduatoria.objects.select_for_update()
              .filter(ambito_id=graduatoria.ambito_id, graduatoria=graduatoria, esito=EsitoPosizione.NON_FINANZIATA,
                      domanda__stato="lista_attesa").select_related("domanda").order_by("ordine"))
    parametri = Parametri.da_json(graduatoria.parametri)
    voci = {v["id"]: v for v in graduatoria.snapshot}
    for posizione in attesa:
        pieno, mensile, mesi = costo_riga(voci.get(posizione.domanda_id, {}), parametri)
        if pieno is None:
            continue
        assegnato, mesi_finanziati = pieno, mesi
        if pieno > residuo:
            if parametri.politica != "ordine":
                continue  # fill: skip the row that does not fit, go on with the next
            # strict order: the first row that does not fit closes the scorrimento, funded for the whole months
            # the residual covers when the bando allows partial funding (the same rule as the funding line)
            mesi_finanziati = int(residuo // mensile) if parametri.parziale and mensile and mensile > 0 else 0
            if mesi_finanziati < 1:
                break
            assegnato = (mensile * mesi_finanziati).quantize(Decimal("0.01"), ROUND_HALF_UP)
        residuo -= assegnato
        _finanzia_con_scorrimento(posizione, graduatoria, assegnato, mesi_finanziati, mesi, oggi,
                                  domanda_transition)
        finanziate.append(posizione.domanda_id)
        if mesi_finanziati < mesi:
            break
    usato = disponibile - residuo
    if usato > 0:
        if graduatoria.quota is None:
            raise RegolaViolata(_("Il bando non ha una quota di fondi su cui impegnare."), codice="quota_mancante")
        impegno_create(quota=graduatoria.quota, importo=usato, data_contabile=oggi, actor=actor, atto=atto,
                       riferimento=graduatoria,
                       descrizione=str(_("Scorrimento: %(t)s") % {"t": graduatoria.titolo})[:250])
    da_prendere = usato - somma - residuo_di(graduatoria)
    graduatoria.budget += somma
    presi = []
    for donatrice, disponibile_donatrice in da_residui:
        if da_prendere <= 0:
            break
        preso = min(disponibile_donatrice, da_prendere)
        donatrice.budget -= preso
        donatrice.save(update_fields=["budget"])
        graduatoria.budget += preso
        da_prendere -= preso
        presi.append(donatrice.pk)
    graduatoria.finanziato += usato
    graduatoria.save()
    from ambito.atti.services import atto_link

    scorrimento = ScorrimentoGraduatoria.objects.create(
        ambito_id=graduatoria.ambito_id, graduatoria=graduatoria, atto=atto, disponibile=disponibile,
        finanziato=usato, domande=finanziate, da_residui=presi)
    atto_link(atto=atto, actor=actor, oggetto=scorrimento, descrizione=str(_("Scorrimento della graduatoria")))
    return scorrimento


def _finanzia_con_scorrimento(posizione: PosizioneGraduatoria, graduatoria: Graduatoria, assegnato: Decimal,
                              mesi_finanziati: int, mesi: int, oggi: dt.date, domanda_transition: Any) -> None:
    posizione.esito, posizione.importo_assegnato = EsitoPosizione.FINANZIATA, assegnato
    posizione.mesi_finanziati = mesi_finanziati
    posizione.quota = graduatoria.quota
    if mesi_finanziati < mesi:
        posizione.motivo = str(_("Finanziata con scorrimento per %(m)d mesi su %(t)d") % {"m": mesi_finanziati,
                                                                                          "t": mesi})
    else:
        posizione.motivo = str(_("Finanziata con scorrimento"))
    posizione.save()
    domanda_transition(domanda=posizione.domanda, azione="finanzia", actor=None, oggi=oggi,
                       motivo=_("Finanziata con scorrimento della graduatoria: %(e)s per %(m)s mesi.") % {
                           "e": euro(assegnato), "m": mesi_finanziati})


# --- configuration -------------------------------------------------------------------------------------------


@transaction.atomic
def configurazione_set(*, bando: Bando, actor: Utente | None, graduatoria_per: str, politica_finanziamento: str,
                       finanziamento_parziale: bool, giorni_pubblicazione: int,
                       strumenti: dict[int, tuple[Decimal | None, int | None]] | None = None) -> Bando:
    """Set the ranking configuration of a bando (and per strumento: own budget, where residues go). Refused once
    a graduatoria of the bando has been approved (provvisoria or definitiva)."""
    _richiedi(bando.ambito_id, actor, GESTISCI)
    bando = Bando.objects.select_for_update().get(pk=bando.pk, ambito_id=bando.ambito_id)
    if Graduatoria.objects.filter(ambito_id=bando.ambito_id, bando=bando).exclude(
            stato=StatoGraduatoria.BOZZA).exists():
        raise Conflitto(_("Il bando ha già una graduatoria approvata: la configurazione non cambia più."),
                        codice="graduatoria_approvata")
    if graduatoria_per not in ("unica", "strumento"):
        raise RegolaViolata(_("Scelta non valida."), campo="graduatoria_per")
    if politica_finanziamento not in ("ordine", "riempimento"):
        raise RegolaViolata(_("Scelta non valida."), campo="politica_finanziamento")
    if not 1 <= int(giorni_pubblicazione) <= 3650:
        raise RegolaViolata(_("Da 1 a 3650 giorni."), campo="giorni_pubblicazione")
    offerti = {sb.pk: sb for sb in selectors.strumenti_del_bando(bando=bando)}
    for pk, (budget, verso) in (strumenti or {}).items():
        sb = offerti.get(pk)
        if sb is None or (verso is not None and (verso not in offerti or verso == pk)):
            raise RegolaViolata(_("I residui vanno a un altro strumento dello stesso bando."), campo="strumenti")
        if budget is not None and budget < 0:
            raise RegolaViolata(_("Il budget non può essere negativo."), campo="strumenti")
        sb.budget_graduatoria, sb.residui_verso_id = budget, verso
        sb.save(update_fields=["budget_graduatoria", "residui_verso"])
    for sb in offerti.values():
        if sb.residui_verso_id and offerti[sb.residui_verso_id].residui_verso_id == sb.pk:
            raise RegolaViolata(_("I residui vanno in un solo verso: «%(a)s» e «%(b)s» non possono cederseli a "
                                  "vicenda.") % {"a": sb, "b": offerti[sb.residui_verso_id]}, campo="strumenti")
    bando.graduatoria_per = graduatoria_per
    bando.politica_finanziamento = politica_finanziamento
    bando.finanziamento_parziale = bool(finanziamento_parziale)
    bando.giorni_pubblicazione = int(giorni_pubblicazione)
    bando.save(update_fields=["graduatoria_per", "politica_finanziamento", "finanziamento_parziale",
                              "giorni_pubblicazione"])
    return bando
