"""State changes of collegial bodies, their sessions and votes (issue #2, "Governance acts").

Rules enforced here, whatever the entry point:

* a componente represents exactly one comune (of the Ambito) or one ente; a delegate
  (``delegato_di``) stands in for a componente of the same body who is not a delegate, and
  represents that member's comune or ente; validity dates are ordered;
* in the Assemblea dei Sindaci each comune has one vote: the mayor's or the delegate's, never
  both (``Voto.comune`` + a unique constraint);
* attendance: only componenti of the body valid on the seduta's date can be marked present, and a
  present member who has voted on an open item cannot be removed;
* a vote may be cast only by a componente present and valid on the seduta's date, on an item that
  requires a vote and is still open, in a seduta not yet closed; it can be changed until closing;
* closing a vote computes the outcome with :mod:`ambito.organi.votazioni` — the Assemblea by the Ambito's
  rule and quorum (``Ambito.regola_voto`` and ``quorum_*_percento``), other bodies by simple
  majority with the members' quorum — stores the explanation in ``PuntoOdG.dettaglio_esito`` and,
  when approved, produces the act named by ``OrganoCollegiale.tipo_atto`` (deliberazione, or
  risoluzione where the Ambito uses that name), linked to the item.

Item and vote changes lock the item row (``select_for_update``), so a vote cannot slip in while
the outcome is being computed and two clicks on "close" cannot produce two acts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ambito.accounts.models import Utente
from ambito.atti.models import Atto, TipoAtto
from ambito.atti.services import atto_create, blocca_numerazione, prossimo_numero
from ambito.errors import Conflitto, RegolaViolata
from ambito.organi import votazioni
from ambito.organi.models import (
    Componente,
    EsitoVotazione,
    OrganoCollegiale,
    Presenza,
    PuntoOdG,
    Seduta,
    TipoOrgano,
    ValoreVoto,
    Voto,
)
from ambito.organi.selectors import comuni_dell_ambito, data_seduta, regola_per, unita_di_voto, valido_alla_data
from ambito.tenancy.models import Ambito
from ambito.territorio.models import Comune, Ente

# The act an approved item produces, by type of body (changeable per body: e.g. "risoluzione").
TIPO_ATTO_PREDEFINITO = {
    TipoOrgano.ASSEMBLEA: TipoAtto.DELIBERAZIONE_ASSEMBLEA,
    TipoOrgano.GIUNTA: TipoAtto.DELIBERAZIONE_GIUNTA,
}
TIPI_ATTO_DELIBERATIVI = (TipoAtto.DELIBERAZIONE_ASSEMBLEA, TipoAtto.RISOLUZIONE_ASSEMBLEA,
                          TipoAtto.DELIBERAZIONE_GIUNTA)


# --- Organi --------------------------------------------------------------------------------

def _valida_organo(organo: OrganoCollegiale) -> None:
    if organo.tipo not in TipoOrgano.values:
        raise RegolaViolata(_("Tipo di organo sconosciuto."), campo="tipo")
    organo.nome = (organo.nome or "").strip()
    if not organo.nome:
        raise RegolaViolata(_("Indica il nome dell'organo."), campo="nome")
    if organo.tipo_atto and organo.tipo_atto not in TIPI_ATTO_DELIBERATIVI:
        raise RegolaViolata(_("Un organo collegiale produce deliberazioni o risoluzioni."), campo="tipo_atto")
    stesso_nome = OrganoCollegiale.objects.filter(ambito_id=organo.ambito_id, nome__iexact=organo.nome)
    if organo.pk:
        stesso_nome = stesso_nome.exclude(pk=organo.pk)
    if stesso_nome.exists():
        raise RegolaViolata(_("Esiste già un organo con questo nome."), campo="nome")


@transaction.atomic
def organo_create(
    *, ambito: Ambito, actor: Utente | None, tipo: str, nome: str, tipo_atto: str | None = None,
) -> OrganoCollegiale:
    """Create a collegial body. ``tipo_atto`` defaults by type (Assemblea → deliberazione)."""
    if tipo_atto is None:
        tipo_atto = TIPO_ATTO_PREDEFINITO.get(tipo, "")
    organo = OrganoCollegiale(ambito=ambito, tipo=tipo, nome=nome, tipo_atto=tipo_atto)
    _valida_organo(organo)
    organo.save()
    return organo


@transaction.atomic
def organo_update(*, organo: OrganoCollegiale, actor: Utente | None, nome: str, tipo_atto: str) -> OrganoCollegiale:
    organo = OrganoCollegiale.objects.select_for_update().get(pk=organo.pk, ambito_id=organo.ambito_id)
    if (organo.nome, organo.tipo_atto) == (nome, tipo_atto):
        return organo
    organo.nome, organo.tipo_atto = nome, tipo_atto
    _valida_organo(organo)
    organo.save(update_fields=["nome", "tipo_atto"])
    return organo


# --- Componenti ----------------------------------------------------------------------------

def _valida_componente(c: Componente) -> None:
    organo = c.organo
    c.nominativo = (c.nominativo or "").strip()
    if not c.nominativo:
        raise RegolaViolata(_("Indica il nominativo del componente."), campo="nominativo")
    if not isinstance(c.valido_dal, dt.date):
        raise RegolaViolata(_("Indica da quando il componente è in carica."), campo="valido_dal")
    if c.valido_al is not None and c.valido_al < c.valido_dal:
        raise RegolaViolata(_("La fine dell'incarico precede l'inizio."), campo="valido_al")
    if c.delegato_di_id is not None:
        titolare = c.delegato_di
        if titolare.organo_id != organo.pk:
            raise RegolaViolata(_("Si può delegare solo un componente dello stesso organo."), campo="delegato_di")
        if titolare.delegato_di_id is not None:
            raise RegolaViolata(_("Un delegato non può a sua volta delegare."), campo="delegato_di")
        if c.pk and titolare.pk == c.pk:
            raise RegolaViolata(_("Un componente non può essere delegato di se stesso."), campo="delegato_di")
        # A delegate represents whom the member they stand in for represents.
        if (c.comune_id and c.comune_id != titolare.comune_id) or (c.ente_id and c.ente_id != titolare.ente_id):
            raise RegolaViolata(_("Il delegato rappresenta lo stesso comune o ente del titolare."), campo="comune")
        c.comune_id, c.ente_id = titolare.comune_id, titolare.ente_id
    if bool(c.comune_id) == bool(c.ente_id):
        raise RegolaViolata(_("Indica il comune oppure l'ente che il componente rappresenta (uno solo)."),
                            campo="comune")
    if organo.tipo == TipoOrgano.ASSEMBLEA and not c.comune_id:
        raise RegolaViolata(_("I componenti dell'Assemblea dei Sindaci rappresentano un comune."), campo="comune")
    if c.comune_id:
        ammessi = {x.pk for x in comuni_dell_ambito(ambito=organo.ambito, dal=c.valido_dal, al=c.valido_al)}
        if c.comune_id not in ammessi:
            raise RegolaViolata(_("Il comune non appartiene all'Ambito nel periodo indicato."), campo="comune")


@transaction.atomic
def componente_create(
    *, organo: OrganoCollegiale, actor: Utente | None, nominativo: str, valido_dal: dt.date,
    valido_al: dt.date | None = None, comune: Comune | None = None, ente: Ente | None = None,
    delegato_di: Componente | None = None, qualifica: str = "", utente: Utente | None = None,
) -> Componente:
    """Add a member (or a delegate of a member) to a body for a period."""
    componente = Componente(
        ambito_id=organo.ambito_id, organo=organo, nominativo=nominativo, valido_dal=valido_dal,
        valido_al=valido_al, comune=comune, ente=ente, delegato_di=delegato_di, qualifica=(qualifica or "").strip(),
        utente=utente,
    )
    _valida_componente(componente)
    componente.save()
    return componente


@transaction.atomic
def componente_update(
    *, componente: Componente, actor: Utente | None, nominativo: str, qualifica: str, valido_dal: dt.date,
    valido_al: dt.date | None,
) -> Componente:
    """Change a member's name, title or period (e.g. close the term with ``valido_al``). Whom they
    represent is not changed: a new mandate is a new componente."""
    c = Componente.objects.select_for_update(of=("self",)).select_related("organo", "delegato_di").get(
        pk=componente.pk, ambito_id=componente.ambito_id)
    nuovi = {"nominativo": nominativo, "qualifica": (qualifica or "").strip(), "valido_dal": valido_dal,
             "valido_al": valido_al}
    cambiati = [k for k, v in nuovi.items() if getattr(c, k) != v]
    if not cambiati:
        return c
    for k in cambiati:
        setattr(c, k, nuovi[k])
    _valida_componente(c)
    c.save(update_fields=cambiati)
    return c


# --- Sedute and agenda -----------------------------------------------------------------------

def _seduta_aperta(seduta: Seduta) -> None:
    if seduta.chiusa:
        raise RegolaViolata(_("La seduta è chiusa: non si può più modificare."), codice="seduta_chiusa")


@transaction.atomic
def seduta_create(
    *, organo: OrganoCollegiale, actor: Utente | None, data: dt.datetime, luogo: str = "",
    data_riferimento_popolazione: dt.date | None = None,
) -> Seduta:
    """Convene a session. The population reference date defaults to the session's date."""
    if not isinstance(data, dt.datetime):
        raise RegolaViolata(_("Indica data e ora della seduta."), campo="data")
    if timezone.is_naive(data):
        data = timezone.make_aware(data)
    seduta = Seduta(ambito_id=organo.ambito_id, organo=organo, data=data, luogo=(luogo or "").strip(),
                    data_riferimento_popolazione=data_riferimento_popolazione or timezone.localdate(data))
    seduta.save()
    return seduta


@transaction.atomic
def punto_create(
    *, seduta: Seduta, actor: Utente | None, oggetto: str, richiede_votazione: bool = True,
    numero: int | None = None,
) -> PuntoOdG:
    """Add an item to the agenda (numbered after the last one unless a number is given)."""
    seduta = Seduta.objects.select_for_update().get(pk=seduta.pk, ambito_id=seduta.ambito_id)
    _seduta_aperta(seduta)
    oggetto = (oggetto or "").strip()
    if not oggetto:
        raise RegolaViolata(_("Indica l'oggetto del punto."), campo="oggetto")
    if numero is None:
        numero = (PuntoOdG.objects.filter(seduta=seduta).aggregate(m=Max("numero"))["m"] or 0) + 1
    elif PuntoOdG.objects.filter(seduta=seduta, numero=numero).exists():
        raise RegolaViolata(_("Esiste già il punto n. %(n)d.") % {"n": numero}, campo="numero")
    punto = PuntoOdG(ambito_id=seduta.ambito_id, seduta=seduta, numero=numero, oggetto=oggetto,
                     richiede_votazione=richiede_votazione,
                     esito=EsitoVotazione.DA_VOTARE)
    punto.save()
    return punto


@transaction.atomic
def seduta_presenze_set(*, seduta: Seduta, actor: Utente | None, presenti: Iterable[Componente]) -> Seduta:
    """Record who is present (the full list). Each added or removed presence is its own audited row."""
    seduta = Seduta.objects.select_for_update(of=("self",)).select_related("organo").get(pk=seduta.pk,
                                                                             ambito_id=seduta.ambito_id)
    _seduta_aperta(seduta)
    giorno = data_seduta(seduta)
    nuovi = {c.pk: c for c in presenti}
    for c in nuovi.values():
        if c.organo_id != seduta.organo_id:
            raise RegolaViolata(_("%(nome)s non è componente di questo organo.") % {"nome": c.nominativo},
                                campo="presenti")
        if not valido_alla_data(c, giorno):
            raise RegolaViolata(_("%(nome)s non è in carica alla data della seduta.") % {"nome": c.nominativo},
                                campo="presenti")
    attuali = {p.componente_id: p for p in Presenza.objects.filter(seduta=seduta)}
    rimossi = set(attuali) - set(nuovi)
    votanti = set(Voto.objects.filter(punto__seduta=seduta, componente_id__in=rimossi,
                                      punto__esito=EsitoVotazione.DA_VOTARE).values_list("componente_id", flat=True))
    if votanti:
        nomi = sorted(attuali[pk].componente.nominativo for pk in votanti)
        raise RegolaViolata(_("Hanno già votato su un punto aperto e non possono risultare assenti: %(nomi)s.")
                            % {"nomi": ", ".join(nomi)}, campo="presenti")
    for pk in rimossi:
        attuali[pk].delete()
    for pk in set(nuovi) - set(attuali):
        Presenza(ambito_id=seduta.ambito_id, seduta=seduta, componente=nuovi[pk]).save()
    return seduta


@transaction.atomic
def seduta_close(*, seduta: Seduta, actor: Utente | None) -> Seduta:
    """Close a session once every item that needs a vote has been voted."""
    seduta = Seduta.objects.select_for_update().get(pk=seduta.pk, ambito_id=seduta.ambito_id)
    _seduta_aperta(seduta)
    aperti = PuntoOdG.objects.filter(seduta=seduta, richiede_votazione=True, esito=EsitoVotazione.DA_VOTARE)
    if aperti.exists():
        raise RegolaViolata(_("Ci sono ancora punti da votare: chiudi prima le votazioni."), codice="punti_aperti")
    seduta.chiusa = True
    seduta.save(update_fields=["chiusa"])
    return seduta


# --- Votes -----------------------------------------------------------------------------------

def _blocca_punto(punto: PuntoOdG) -> PuntoOdG:
    punto = (PuntoOdG.objects.select_for_update(of=("self",)).select_related("seduta__organo")
             .get(pk=punto.pk, ambito_id=punto.ambito_id))
    _seduta_aperta(punto.seduta)
    if not punto.richiede_votazione:
        raise RegolaViolata(_("Questo punto non prevede una votazione."), codice="senza_votazione")
    if punto.esito != EsitoVotazione.DA_VOTARE:
        raise RegolaViolata(_("La votazione su questo punto è chiusa."), codice="votazione_chiusa")
    return punto


@transaction.atomic
def voto_record(*, punto: PuntoOdG, actor: Utente | None, componente: Componente, valore: str) -> Voto:
    """Record (or change, until the vote is closed) one member's vote on an item."""
    punto = _blocca_punto(punto)
    seduta = punto.seduta
    if valore not in ValoreVoto.values:
        raise RegolaViolata(_("Voto non valido: favorevole, contrario o astenuto."), campo="valore")
    if componente.organo_id != seduta.organo_id:
        raise RegolaViolata(_("%(nome)s non è componente di questo organo.") % {"nome": componente.nominativo},
                            campo="componente")
    if not valido_alla_data(componente, data_seduta(seduta)):
        raise RegolaViolata(_("%(nome)s non è in carica alla data della seduta.") % {"nome": componente.nominativo},
                            campo="componente")
    if not Presenza.objects.filter(seduta=seduta, componente=componente).exists():
        raise RegolaViolata(_("%(nome)s non risulta presente: registra prima la presenza.")
                            % {"nome": componente.nominativo}, campo="componente")
    per_comune = seduta.organo.tipo == TipoOrgano.ASSEMBLEA
    if per_comune and not comuni_dell_ambito(ambito=seduta.organo.ambito, dal=data_seduta(seduta)).filter(
            pk=componente.comune_id).exists():
        raise RegolaViolata(_("Il comune di %(nome)s non fa parte dell'Ambito alla data della seduta.")
                            % {"nome": componente.nominativo}, campo="componente")
    titolare_id = componente.delegato_di_id or componente.pk
    stessa_unita = (Voto.objects.filter(punto=punto, comune_id=componente.comune_id) if per_comune else
                    Voto.objects.filter(Q(componente_id=titolare_id) | Q(componente__delegato_di_id=titolare_id),
                                        punto=punto))
    altro = stessa_unita.exclude(componente=componente).select_related("componente").first()
    if altro is not None:
        raise RegolaViolata(
            _("Per %(chi)s ha già votato %(nome)s.") % {
                "chi": componente.comune or componente.nominativo, "nome": altro.componente.nominativo},
            campo="componente", codice="voto_doppio")
    voto = Voto.objects.filter(punto=punto, componente=componente).first()
    if voto is None:
        voto = Voto(ambito_id=punto.ambito_id, punto=punto, componente=componente,
                    comune_id=componente.comune_id if per_comune else None, valore=valore)
    elif voto.valore == valore:
        return voto
    voto.valore = valore
    try:
        with transaction.atomic():
            voto.save()
    except IntegrityError as exc:
        raise Conflitto(_("Un altro voto per lo stesso comune è stato appena registrato."),
                        campo="componente") from exc
    return voto


@transaction.atomic
def voti_record(*, punto: PuntoOdG, actor: Utente | None, voti: Iterable[tuple[Componente, str]]) -> list[Voto]:
    """Record several members' votes at once: all of them or, if one is refused, none."""
    return [voto_record(punto=punto, actor=actor, componente=c, valore=valore) for c, valore in voti]


@transaction.atomic
def votazione_close(*, punto: PuntoOdG, actor: Utente | None) -> PuntoOdG:
    """Compute and record the outcome of an item; an approved item produces its act.

    The computation (rule, quorum, counts, each unit's weight and vote) is stored in
    ``dettaglio_esito`` so the outcome can be re-checked later even if populations change.
    """
    punto = _blocca_punto(punto)
    seduta = punto.seduta
    organo = seduta.organo
    ambito = Ambito.objects.get(pk=punto.ambito_id)
    regola, quorum_componenti, quorum_popolazione = regola_per(organo=organo, ambito=ambito)
    unita, note = unita_di_voto(seduta=seduta, punto=punto)
    if regola in (votazioni.PONDERATO_POPOLAZIONE, votazioni.DOPPIA_MAGGIORANZA) or quorum_popolazione:
        senza = [u.nome for u in unita if u.peso <= 0]
        if senza:
            raise RegolaViolata(_("Manca la popolazione di: %(nomi)s. Aggiorna i dati dei comuni prima di chiudere "
                                  "la votazione.") % {"nomi": ", ".join(senza)}, codice="popolazione_mancante")
    if not unita:
        raise RegolaViolata(_("L'organo non ha componenti in carica alla data della seduta."),
                            codice="senza_componenti")
    risultato = votazioni.calcola_esito(unita, regola=regola, quorum_componenti_percento=quorum_componenti,
                                        quorum_popolazione_percento=quorum_popolazione)
    dettaglio: dict[str, Any] = risultato.as_dict()
    dettaglio["note"] = note
    dettaglio["chiusa_il"] = timezone.now().isoformat()
    punto.esito = risultato.esito
    punto.dettaglio_esito = dettaglio
    campi = ["esito", "dettaglio_esito"]
    if risultato.approvato and organo.tipo_atto:
        punto.atto = _atto_da_punto(punto=punto, actor=actor, ambito=ambito)
        campi.append("atto")
    punto.save(update_fields=campi)
    return punto


def _atto_da_punto(*, punto: PuntoOdG, actor: Utente | None, ambito: Ambito) -> Atto:
    seduta = punto.seduta
    giorno = data_seduta(seduta)
    blocca_numerazione(ambito=ambito)
    numero = prossimo_numero(ambito=ambito, tipo=seduta.organo.tipo_atto, anno=giorno.year)
    return atto_create(ambito=ambito, actor=actor, tipo=seduta.organo.tipo_atto, numero=numero, data=giorno,
                       oggetto=punto.oggetto, organo=seduta.organo)
