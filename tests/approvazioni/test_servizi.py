"""The rules of two-person approval, through the services (ASVS V4.3.3)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from ambito.approvazioni import services
from ambito.approvazioni.models import RichiestaApprovazione, StatoRichiesta
from ambito.atti.models import Atto
from ambito.errors import Conflitto, RegolaViolata
from ambito.tenancy import ambito_scope
from tests.approvazioni.helpers import richiesta_pubblicazione
from tests.conftest import Mondo

pytestmark = pytest.mark.django_db


def test_a_second_person_approves_and_the_act_is_published_online(mondo: Mondo):
    richiesta = richiesta_pubblicazione(mondo.a)
    with ambito_scope(mondo.a.ambito, actor=mondo.a.responsabile):
        services.richiesta_approve(richiesta=richiesta, actor=mondo.a.responsabile, secondo_fattore_verificato=True)
        richiesta.refresh_from_db()
        atto = Atto.objects.get(pk=richiesta.object_id)
        storia = list(richiesta.history.order_by("history_date"))
    assert richiesta.stato == StatoRichiesta.APPROVATA and richiesta.decisa_da == mondo.a.responsabile
    assert atto.pubblicazione_dal == timezone.localdate() and atto.pubblicato
    assert [(h.stato, h.history_user) for h in storia][-1] == ("approvata", mondo.a.responsabile)


def test_the_preparer_can_never_approve_their_own_request(mondo: Mondo):
    richiesta = richiesta_pubblicazione(mondo.a, preparata_da=mondo.a.responsabile)
    with ambito_scope(mondo.a.ambito), pytest.raises(RegolaViolata, match="seconda persona"):
        services.richiesta_approve(richiesta=richiesta, actor=mondo.a.responsabile, secondo_fattore_verificato=True)
    with ambito_scope(mondo.a.ambito):
        assert RichiestaApprovazione.objects.get(pk=richiesta.pk).stato == StatoRichiesta.IN_ATTESA
        assert Atto.objects.get(pk=richiesta.object_id).pubblicazione_dal is None


def test_the_database_refuses_a_decision_by_the_preparer(mondo: Mondo):
    richiesta = richiesta_pubblicazione(mondo.a)
    with ambito_scope(mondo.a.ambito), pytest.raises(IntegrityError), transaction.atomic():
        RichiestaApprovazione.objects.filter(pk=richiesta.pk).update(
            stato=StatoRichiesta.APPROVATA, decisa_da=mondo.a.operatore, decisa_il=timezone.now())


def test_the_database_refuses_a_refusal_without_reason(mondo: Mondo):
    richiesta = richiesta_pubblicazione(mondo.a)
    with ambito_scope(mondo.a.ambito), pytest.raises(IntegrityError), transaction.atomic():
        RichiestaApprovazione.objects.filter(pk=richiesta.pk).update(
            stato=StatoRichiesta.RIFIUTATA, decisa_da=mondo.a.responsabile, decisa_il=timezone.now())


def test_an_approver_without_the_second_factor_verified_is_refused(mondo: Mondo):
    richiesta = richiesta_pubblicazione(mondo.a)
    with ambito_scope(mondo.a.ambito), pytest.raises(services.SecondoFattoreRichiesto):
        services.richiesta_approve(richiesta=richiesta, actor=mondo.a.responsabile, secondo_fattore_verificato=False)


def test_an_approver_without_the_capability_is_denied(mondo: Mondo):
    richiesta = richiesta_pubblicazione(mondo.a, preparata_da=mondo.a.responsabile)
    for chi in (mondo.a.operatore, mondo.b.responsabile):
        with ambito_scope(mondo.a.ambito), pytest.raises(PermissionDenied):
            services.richiesta_approve(richiesta=richiesta, actor=chi, secondo_fattore_verificato=True)


def test_a_refusal_needs_a_reason_and_is_final(mondo: Mondo):
    richiesta = richiesta_pubblicazione(mondo.a)
    with ambito_scope(mondo.a.ambito):
        with pytest.raises(RegolaViolata, match="motivo"):
            services.richiesta_reject(richiesta=richiesta, actor=mondo.a.responsabile, motivo="  ",
                                      secondo_fattore_verificato=True)
        services.richiesta_reject(richiesta=richiesta, actor=mondo.a.responsabile, secondo_fattore_verificato=True,
                                  motivo="L'oggetto nomina un beneficiario.")
        with pytest.raises(Conflitto):
            services.richiesta_approve(richiesta=richiesta, actor=mondo.a.responsabile, secondo_fattore_verificato=True)
        assert Atto.objects.get(pk=richiesta.object_id).pubblicazione_dal is None


def test_one_pending_request_per_object_and_only_the_preparer_cancels(mondo: Mondo):
    richiesta = richiesta_pubblicazione(mondo.a)
    with ambito_scope(mondo.a.ambito):
        atto = Atto.objects.get(pk=richiesta.object_id)
        with pytest.raises(RegolaViolata, match="già una richiesta"):
            services.richiesta_create(ambito=mondo.a.ambito, actor=mondo.a.operatore, tipo=richiesta.tipo,
                                      oggetto=atto, descrizione="Di nuovo")
        with pytest.raises(RegolaViolata, match="Solo chi ha preparato"):
            services.richiesta_cancel(richiesta=richiesta, actor=mondo.a.responsabile)
        assert services.richiesta_cancel(richiesta=richiesta, actor=mondo.a.operatore).stato == "annullata"


def test_an_object_of_another_ambito_cannot_be_submitted(mondo: Mondo):
    richiesta = richiesta_pubblicazione(mondo.b)
    with ambito_scope(mondo.b.ambito):
        atto_b = Atto.objects.get(pk=richiesta.object_id)
    with ambito_scope(mondo.a.ambito), pytest.raises(RegolaViolata, match="solo oggetti di questo Ambito"):
        services.richiesta_create(ambito=mondo.a.ambito, actor=mondo.a.operatore, tipo=richiesta.tipo, oggetto=atto_b,
                                  descrizione="Estraneo")


def test_a_publication_period_without_end_or_too_long_is_refused(mondo: Mondo):
    import datetime as dt

    from ambito.atti import services as atti

    oggi = timezone.localdate()
    with ambito_scope(mondo.a.ambito):
        atto = Atto.objects.create(ambito=mondo.a.ambito, tipo="avviso", numero="1", data=oggi, oggetto="Avviso")
        with pytest.raises(RegolaViolata, match="ha sempre una fine"):
            atti.atto_online_request(atto=atto, actor=mondo.a.operatore, dal=oggi, al=None)
        with pytest.raises(RegolaViolata, match="cinque anni"):
            atti.atto_online_request(atto=atto, actor=mondo.a.operatore, dal=oggi, al=oggi + dt.timedelta(days=6 * 366))
        with pytest.raises(RegolaViolata, match="prima della data dell'atto"):
            atti.atto_online_request(atto=atto, actor=mondo.a.operatore, dal=oggi - dt.timedelta(days=1), al=oggi)
