"""Reads about collegial bodies, sessions, attendance and votes — and the voting units the rules in
:mod:`ambito.organi.votazioni` count.

Voting units (see :func:`unita_di_voto`):

* **Assemblea dei Sindaci**: one unit per comune that belongs to the Ambito on the seduta's date
  (``AppartenenzaComune``), whether or not a componente is registered for it — the Assemblea is
  made of every comune's mayor. The comune is present if its mayor or a delegate is present, and
  votes with whichever of them voted. Its weight is the comune's population.
* **Other bodies**: one unit per componente in office on the seduta's date (a delegate stands in
  for the member they represent); weight = population of the comune represented, 0 for an ente.

Population at the reference date — a documented simplification: the reference data
(``Comune.popolazione``) holds one figure per comune, the latest imported, with its year
(``popolazione_anno``) and source. We use that figure whatever the seduta's
``data_riferimento_popolazione``; the year actually used is written in the computation's notes, and
each unit's weight is stored with the outcome, so a later population update never changes a past vote.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ambito.accounts.models import Membro, Utente
from ambito.errors import uno
from ambito.organi import votazioni
from ambito.organi.models import Componente, OrganoCollegiale, Presenza, PuntoOdG, Seduta, TipoOrgano, Voto
from ambito.tenancy.models import Ambito, RegolaVoto
from ambito.territorio.models import Comune, Ente
from ambito.territorio.selectors import comune_list

# --- Plain helpers ---------------------------------------------------------------------------


def data_seduta(seduta: Seduta) -> dt.date:
    """The seduta's calendar day in the Ambito's time zone."""
    return timezone.localdate(seduta.data) if timezone.is_aware(seduta.data) else seduta.data.date()


def valido_alla_data(componente: Componente, giorno: dt.date) -> bool:
    return componente.valido_dal <= giorno and (componente.valido_al is None or giorno <= componente.valido_al)


def regola_per(*, organo: OrganoCollegiale, ambito: Ambito) -> tuple[str, int, int]:
    """(rule, members' quorum %, population quorum %) for a body. The Ambito's settings govern the
    Assemblea; the other bodies decide by simple majority with the members' quorum only."""
    if organo.tipo == TipoOrgano.ASSEMBLEA:
        return ambito.regola_voto, ambito.quorum_componenti_percento, ambito.quorum_popolazione_percento
    return RegolaVoto.MAGGIORANZA_SEMPLICE, ambito.quorum_componenti_percento, 0


# --- Organi, componenti ----------------------------------------------------------------------


def organo_list(*, ambito: Ambito) -> QuerySet[OrganoCollegiale]:
    oggi = timezone.localdate()
    in_carica = Q(componenti__valido_dal__lte=oggi) & (
        Q(componenti__valido_al__isnull=True) | Q(componenti__valido_al__gte=oggi))
    return (
        OrganoCollegiale.objects.filter(ambito=ambito)
        .annotate(n_componenti=Count("componenti", filter=in_carica, distinct=True),
                  n_sedute=Count("sedute", distinct=True))
        .order_by("tipo", "nome")
    )


def organo_get(*, ambito: Ambito, pk: int) -> OrganoCollegiale:
    """One collegial body of the Ambito, or :class:`~ambito.errors.NonTrovato`."""
    return uno(OrganoCollegiale.objects.filter(ambito=ambito), messaggio=_("Organo inesistente."), pk=pk)


def componente_list(*, organo: OrganoCollegiale, alla_data: dt.date | None = None) -> QuerySet[Componente]:
    """Members of a body (all periods, or those in office on ``alla_data``), titulars before delegates."""
    qs = Componente.objects.filter(ambito_id=organo.ambito_id, organo=organo).select_related(
        "comune", "ente", "delegato_di", "utente")
    if alla_data is not None:
        qs = qs.filter(Q(valido_al__isnull=True) | Q(valido_al__gte=alla_data), valido_dal__lte=alla_data)
    return qs.order_by("comune__denominazione", "ente__denominazione", "delegato_di_id", "nominativo")


def componente_get(*, ambito: Ambito, pk: int) -> Componente:
    """One member of a body of the Ambito, or :class:`~ambito.errors.NonTrovato`."""
    componenti = Componente.objects.filter(ambito=ambito).select_related("organo", "comune", "ente", "delegato_di")
    return uno(componenti, messaggio=_("Componente inesistente."), pk=pk)


def enti_per_componenti() -> QuerySet[Ente]:
    return Ente.objects.order_by("denominazione")


def utenti_collegabili(*, ambito: Ambito) -> QuerySet[Utente]:
    """Users with an active membership of the Ambito (a componente may be linked to one)."""
    ids = Membro.objects.filter(ambito=ambito, revocato_il__isnull=True).values("utente_id")
    return Utente.objects.filter(pk__in=ids).order_by("last_name", "first_name", "email")


# --- Sedute ----------------------------------------------------------------------------------


def seduta_list(*, organo: OrganoCollegiale) -> QuerySet[Seduta]:
    return (Seduta.objects.filter(ambito_id=organo.ambito_id, organo=organo).select_related("organo")
            .annotate(n_punti=Count("punti")).order_by("-data"))


def seduta_get(*, ambito: Ambito, pk: int) -> Seduta:
    """One session of the Ambito, with its body, or :class:`~ambito.errors.NonTrovato`."""
    return uno(Seduta.objects.filter(ambito=ambito).select_related("organo"), messaggio=_("Seduta inesistente."),
               pk=pk)


def punto_list(*, seduta: Seduta) -> QuerySet[PuntoOdG]:
    """Agenda items with their votes and produced act (constant number of queries)."""
    voti = Voto.objects.select_related("componente", "comune").order_by("componente__nominativo")
    return (PuntoOdG.objects.filter(ambito_id=seduta.ambito_id, seduta=seduta)
            .select_related("atto").prefetch_related(Prefetch("voti", queryset=voti)).order_by("numero"))


def punto_get(*, ambito: Ambito, pk: int) -> PuntoOdG:
    """One agenda item of the Ambito, with its session and act, or :class:`~ambito.errors.NonTrovato`."""
    punti = PuntoOdG.objects.filter(ambito=ambito).select_related("seduta__organo", "atto")
    return uno(punti, messaggio=_("Punto all'ordine del giorno inesistente."), pk=pk)


def presenti_ids(*, seduta: Seduta) -> set[int]:
    return set(Presenza.objects.filter(seduta=seduta).values_list("componente_id", flat=True))


def componenti_convocabili(*, seduta: Seduta) -> QuerySet[Componente]:
    """Members of the body in office on the seduta's day: who may be marked present."""
    return componente_list(organo=seduta.organo, alla_data=data_seduta(seduta))


def componenti_votanti(*, seduta: Seduta) -> QuerySet[Componente]:
    """Members in office on the seduta's day and present: who may vote."""
    return componenti_convocabili(seduta=seduta).filter(presenze__seduta=seduta)


# --- Voting units ----------------------------------------------------------------------------


def _peso(comune: Comune | None) -> Decimal:
    return Decimal(comune.popolazione or 0) if comune is not None else Decimal(0)


def unita_di_voto(*, seduta: Seduta, punto: PuntoOdG) -> tuple[list[votazioni.UnitaDiVoto], list[str]]:
    """The voting units of ``punto`` (plain data for :func:`ambito.organi.votazioni.calcola_esito`) and notes
    on how they were built (population source and year)."""
    giorno = data_seduta(seduta)
    componenti = list(componenti_convocabili(seduta=seduta))
    presenti = presenti_ids(seduta=seduta)
    voti = {v.componente_id: v.valore for v in Voto.objects.filter(punto=punto)}
    note: list[str] = []

    if seduta.organo.tipo == TipoOrgano.ASSEMBLEA:
        comuni = list(comune_list(ambito=seduta.organo.ambito, data=giorno))
        unita = []
        for comune in comuni:
            suoi = [c for c in componenti if c.comune_id == comune.pk]
            presente = any(c.pk in presenti for c in suoi)
            voto = next((voti[c.pk] for c in suoi if c.pk in voti), None)
            unita.append(votazioni.UnitaDiVoto(chiave=f"comune:{comune.codice_istat}", nome=comune.denominazione,
                                               peso=_peso(comune), presente=presente, voto=voto))
        anni = sorted({c.popolazione_anno for c in comuni if c.popolazione_anno})
        fonti = sorted({c.popolazione_fonte for c in comuni if c.popolazione_fonte})
        riferimento = seduta.data_riferimento_popolazione or giorno
        note.append(_("Componenti: i %(n)d comuni dell'Ambito al %(data)s, un voto per comune (sindaco o delegato).")
                    % {"n": len(comuni), "data": formats.date_format(giorno, "d/m/Y")})
        note.append(_("Pesi: popolazione residente (%(fonti)s, anno %(anni)s), ultimo dato disponibile per ogni "
                      "comune; data di riferimento della seduta %(rif)s.") % {
            "fonti": ", ".join(fonti) or _("fonte non indicata"),
            "anni": ", ".join(str(a) for a in anni) or "—",
            "rif": formats.date_format(riferimento, "d/m/Y")})
        return unita, note

    gruppi: dict[int, list[Componente]] = {}
    for c in componenti:  # a delegate joins the unit of the member they stand in for
        gruppi.setdefault(c.delegato_di_id or c.pk, []).append(c)
    unita = []
    for titolare_id, gruppo in gruppi.items():
        titolare = next((c for c in gruppo if c.pk == titolare_id), None) or gruppo[0].delegato_di
        presente = any(c.pk in presenti for c in gruppo)
        voto = next((voti[c.pk] for c in gruppo if c.pk in voti), None)
        unita.append(votazioni.UnitaDiVoto(chiave=f"componente:{titolare_id}", nome=titolare.nominativo,
                                           peso=_peso(titolare.comune), presente=presente, voto=voto))
    note.append(_("Componenti: i %(n)d componenti in carica al %(data)s, un voto ciascuno (titolare o delegato).")
                % {"n": len(unita), "data": formats.date_format(giorno, "d/m/Y")})
    return unita, note
