"""Projects: the card, actions, budget, fondi quotas, partners' grants, sovrazonale parts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from ambito.accounts.models import Utente
from ambito.atti.models import Atto
from ambito.errors import RegolaViolata
from ambito.tenancy.models import Ambito
from ambito.territorio.models import Ente
from piani.models import (
    AzioneProgetto,
    BudgetProgetto,
    MacroArea,
    Obiettivo,
    PartnerProgetto,
    PianoDiZona,
    Progetto,
    ProgettoSovrazonale,
)
from piani.services._comune import PERMESSO_PARTNER, _testo
from piani.services.piano import _aree_del_piano

# --- projects ---------------------------------------------------------------------------------------

CAMPI_PROGETTO = ("titolo", "contesto", "obiettivi_generali", "obiettivi_specifici", "destinatari",
                  "utenti_stimati", "partner_ruoli", "responsabile", "data_inizio", "data_fine",
                  "integrazione_sociosanitaria")
LIMITI_PROGETTO = {"titolo": 250, "contesto": 20000, "obiettivi_generali": 10000, "obiettivi_specifici": 10000,
                   "destinatari": 5000, "partner_ruoli": 5000, "responsabile": 200}


def _progetto_valida(p: Progetto, obiettivi: list[Obiettivo]) -> None:
    for campo, limite in LIMITI_PROGETTO.items():
        setattr(p, campo, _testo(getattr(p, campo), campo=campo, limite=limite, obbligatorio=campo == "titolo",
                                 nome=_("il titolo")))
    if p.data_inizio and p.data_fine and p.data_fine < p.data_inizio:
        raise RegolaViolata(_("La fine del progetto non può precedere l'inizio."), campo="data_fine")
    for obiettivo in obiettivi:
        if obiettivo.piano_id != p.piano_id:
            raise RegolaViolata(_("L'obiettivo «%(o)s» non è di questo piano.") % {"o": obiettivo}, campo="obiettivi")


@transaction.atomic
def progetto_create(*, piano: PianoDiZona, actor: Utente | None, titolo: str, macro_aree: Iterable[MacroArea],
                    obiettivi: Iterable[Obiettivo] = (), **campi: Any) -> Progetto:
    progetto = Progetto(ambito_id=piano.ambito_id, piano=piano, titolo=titolo,
                        **{k: v for k, v in campi.items() if k in CAMPI_PROGETTO and k != "titolo"})
    obiettivi = list(obiettivi)
    _progetto_valida(progetto, obiettivi)
    aree = _aree_del_piano(piano, macro_aree)
    progetto.save()
    progetto.macro_aree.set(aree)
    progetto.obiettivi.set(obiettivi)
    return progetto


@transaction.atomic
def progetto_update(*, progetto: Progetto, actor: Utente | None, macro_aree: Iterable[MacroArea],
                    obiettivi: Iterable[Obiettivo] = (), **campi: Any) -> Progetto:
    for nome in CAMPI_PROGETTO:
        if nome in campi:
            setattr(progetto, nome, campi[nome])
    obiettivi = list(obiettivi)
    _progetto_valida(progetto, obiettivi)
    aree = _aree_del_piano(progetto.piano, macro_aree)
    progetto.save()
    progetto.macro_aree.set(aree)
    progetto.obiettivi.set(obiettivi)
    return progetto


@transaction.atomic
def azione_create(*, progetto: Progetto, actor: Utente | None, anno: int, descrizione: str) -> AzioneProgetto:
    if anno not in progetto.piano.anni:
        raise RegolaViolata(_("L'annualità deve essere un anno del triennio (%(p)s).") % {"p": progetto.piano.periodo},
                            campo="anno")
    azione = AzioneProgetto(ambito_id=progetto.ambito_id, progetto=progetto, anno=anno,
                            descrizione=_testo(descrizione, campo="descrizione", limite=5000, obbligatorio=True,
                                               nome=_("l'azione")))
    azione.save()
    return azione


@transaction.atomic
def budget_set(*, progetto: Progetto, actor: Utente | None, anno: int, fonte: str, importo: Decimal) -> BudgetProgetto:
    """Set the planned budget of a project for a year and source (0 removes nothing: it records zero)."""
    if anno not in progetto.piano.anni:
        raise RegolaViolata(_("L'anno deve essere del triennio (%(p)s).") % {"p": progetto.piano.periodo}, campo="anno")
    if importo < 0 or importo != importo.quantize(Decimal("0.01")):
        raise RegolaViolata(_("Indica un importo non negativo, al centesimo."), campo="importo")
    fonte = _testo(fonte, campo="fonte", limite=120, obbligatorio=True, nome=_("la fonte"))
    voce = BudgetProgetto.objects.filter(progetto=progetto, anno=anno, fonte=fonte).first()
    if voce is None:
        voce = BudgetProgetto(ambito_id=progetto.ambito_id, progetto=progetto, anno=anno, fonte=fonte, importo=importo)
        voce.save()
    elif voce.importo != importo:
        voce.importo = importo
        voce.save()
    return voce


@transaction.atomic
def progetto_quota_create(*, progetto: Progetto, actor: Utente | None, assegnazione: Any, importo: Decimal,
                          atto: Atto, data_contabile: dt.date, descrizione: str = "") -> Any:
    """Allocate a fondi quota to the project (``fondi.services.quota_create(..., oggetto=progetto)``): the money
    the plan's budget tables and the spending-per-area figures read."""
    from fondi.models import TipoDestinazione
    from fondi.services import quota_create

    return quota_create(assegnazione=assegnazione, tipo_destinazione=TipoDestinazione.PROGETTO,
                        descrizione=descrizione or progetto.titolo,
                        importo=importo, atto=atto, data_contabile=data_contabile, actor=actor, oggetto=progetto)


@transaction.atomic
def progetto_partner_grant(*, progetto: Progetto, actor: Utente | None, utente: Utente) -> None:
    """Let a partner (a user of the Ambito with the partner role) see this project (django-guardian)."""
    from ambito.accounts.models import Membro, Ruolo

    if not Membro.objects.filter(ambito_id=progetto.ambito_id, utente=utente, ruolo=Ruolo.PARTNER,
                                 revocato_il__isnull=True).exists():
        raise RegolaViolata(_("Si concede un progetto solo a un referente partner di questo Ambito."),
                            campo="utente")
    if not PartnerProgetto.objects.filter(progetto=progetto, utente=utente).exists():
        PartnerProgetto.objects.create(ambito_id=progetto.ambito_id, progetto=progetto, utente=utente)
    assign_perm(PERMESSO_PARTNER, utente, progetto)


@transaction.atomic
def progetto_partner_revoke(*, progetto: Progetto, actor: Utente | None, utente: Utente) -> None:
    """Withdraw the grant (the audited record goes, its history stays)."""
    for concessione in PartnerProgetto.objects.filter(progetto=progetto, utente=utente):
        concessione.delete()
    remove_perm(PERMESSO_PARTNER, utente, progetto)


# --- sovrazonale projects ----------------------------------------------------------------------------


@transaction.atomic
def sovrazonale_create(*, ambito: Ambito, actor: Utente | None, titolo: str, ambiti: Iterable[Ambito],
                       descrizione: str = "", ente: Ente | None = None) -> ProgettoSovrazonale:
    """The shared header of a project of several Ambiti (this one leading). Each Ambito then adds its own
    part with :func:`progetto_sovrazonale_set`."""
    partecipanti = {a.pk: a for a in ambiti}
    partecipanti[ambito.pk] = ambito
    if len(partecipanti) < 2:
        raise RegolaViolata(_("Un progetto sovrazonale riunisce almeno due Ambiti."), campo="ambiti")
    testata = ProgettoSovrazonale(
        titolo=_testo(titolo, campo="titolo", limite=250, obbligatorio=True, nome=_("il titolo")),
        descrizione=_testo(descrizione, campo="descrizione", limite=10000), ente=ente, ambito_capofila=ambito)
    testata.save()
    testata.ambiti.set(list(partecipanti.values()))
    return testata


@transaction.atomic
def sovrazonale_update(*, testata: ProgettoSovrazonale, ambito: Ambito, actor: Utente | None, titolo: str,
                       ambiti: Iterable[Ambito], descrizione: str = "",
                       ente: Ente | None = None) -> ProgettoSovrazonale:
    """Change the shared header: only the leading Ambito may, and an Ambito that holds a part stays in it."""
    from piani.sovrazonale import ambiti_con_parte

    testata = ProgettoSovrazonale.objects.select_for_update().get(pk=testata.pk)
    if testata.ambito_capofila_id != ambito.pk:
        raise RegolaViolata(_("Solo l'Ambito capofila modifica il progetto sovrazonale."), campo="titolo")
    partecipanti = {a.pk: a for a in ambiti}
    partecipanti[ambito.pk] = ambito
    if len(partecipanti) < 2:
        raise RegolaViolata(_("Un progetto sovrazonale riunisce almeno due Ambiti."), campo="ambiti")
    if ambiti_con_parte(testata=testata) - set(partecipanti):
        raise RegolaViolata(_("Un Ambito che ha già la sua parte del progetto non può essere tolto."), campo="ambiti")
    testata.titolo = _testo(titolo, campo="titolo", limite=250, obbligatorio=True, nome=_("il titolo"))
    testata.descrizione = _testo(descrizione, campo="descrizione", limite=10000)
    testata.ente = ente
    testata.save()
    testata.ambiti.set(list(partecipanti.values()))
    return testata


@transaction.atomic
def progetto_sovrazonale_set(*, progetto: Progetto, actor: Utente | None,
                             testata: ProgettoSovrazonale | None) -> Progetto:
    """Make the project this Ambito's part of a sovrazonale project in which the Ambito takes part."""
    if testata is not None and not testata.ambiti.filter(pk=progetto.ambito_id).exists():
        raise RegolaViolata(_("L'Ambito non partecipa a questo progetto sovrazonale."), campo="sovrazonale")
    progetto.sovrazonale = testata
    progetto.save()
    return progetto
