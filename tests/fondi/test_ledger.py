import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from ambito.atti.models import AttoCollegamento
from ambito.errors import RegolaViolata
from ambito.formato import oggi
from ambito.tenancy import ambito_scope
from fondi import selectors, services
from fondi.models import Movimento, TipoMovimento
from tests.fondi.helpers import D, assegnazione, atto, determina_di_liquidazione, fonte, quota

pytestmark = pytest.mark.django_db


def saldi_quota(q, data=dt.date(2099, 1, 1)):
    return selectors.saldi_quote(ambito=q.ambito, data=data).get(q.pk, selectors.Saldi())


def test_an_assegnazione_opens_its_assigned_balance(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore, importo="250000.00")
        saldi = selectors.saldi_assegnazioni(ambito=w.ambito, data=dt.date(2025, 12, 31))[a.pk]
        prima = selectors.saldi_assegnazioni(ambito=w.ambito, data=dt.date(2025, 1, 9))
    assert saldi.assegnato == D("250000.00")
    assert saldi.residuo == D("250000.00")
    assert a.pk not in prima


def test_a_liquidazione_without_its_act_is_refused_and_records_nothing(mondo, client_per):
    """Issue 14, defect 15: a payment is ordered by an atto di liquidazione (D.Lgs 267/2000, art. 184)."""
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore)
        q = quota(a, w.operatore, importo="10000.00")
        services.impegno_create(quota=q, importo=D("6000.00"), data_contabile=dt.date(2025, 3, 1), actor=w.operatore)
        with pytest.raises(RegolaViolata) as errore:
            services.liquidazione_create(quota=q, importo=D("100.00"), data_contabile=dt.date(2025, 4, 1),
                                         actor=w.operatore)
        assert errore.value.campo == "atto" and "atto di liquidazione" in errore.value.messaggio
        assert saldi_quota(q).liquidato == D("0.00")
    risposta = client_per(w.operatore).post(
        f"/api/v1/a/{w.ambito.slug}/fondi/quote/{q.pk}/movimenti/",
        {"tipo": "liquidazione", "importo": "100.00", "data_contabile": "2025-04-01"}, content_type="application/json")
    assert risposta.status_code == 400 and "atto" in risposta.json()["errore"]["campi"]


def test_commitments_and_payments_follow_the_quota(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore)
        q = quota(a, w.operatore, importo="10000.00")
        services.impegno_create(quota=q, importo=D("6000.00"), data_contabile=dt.date(2025, 3, 1), actor=w.operatore)
        services.liquidazione_create(quota=q, importo=D("2500.50"), data_contabile=dt.date(2025, 4, 1),
                                     atto=determina_di_liquidazione(w.ambito), actor=w.operatore)
        services.disimpegno_create(quota=q, importo=D("1000.00"), data_contabile=dt.date(2025, 5, 1),
                                   actor=w.operatore)
        s = saldi_quota(q)
    assert (s.allocato, s.impegnato, s.liquidato) == (D("10000.00"), D("5000.00"), D("2500.50"))
    assert s.disponibile == D("5000.00")


def test_a_commitment_beyond_the_quota_is_refused_with_the_available_amount(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore)
        q = quota(a, w.operatore, importo="10000.00")
        services.impegno_create(quota=q, importo=D("9000.00"), data_contabile=dt.date(2025, 3, 1), actor=w.operatore)
        with pytest.raises(RegolaViolata) as exc:
            services.impegno_create(quota=q, importo=D("1000.01"), data_contabile=dt.date(2025, 3, 2),
                                    actor=w.operatore)
        assert "1.000,00 €" in exc.value.messaggio
        assert Movimento.objects.filter(quota=q, tipo=TipoMovimento.IMPEGNO).count() == 1


def test_a_backdated_payment_cannot_precede_its_commitment(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore)
        q = quota(a, w.operatore)
        services.impegno_create(quota=q, importo=D("5000.00"), data_contabile=dt.date(2025, 6, 1), actor=w.operatore)
        with pytest.raises(RegolaViolata):
            services.liquidazione_create(quota=q, importo=D("100.00"), data_contabile=dt.date(2025, 5, 31),
                                         atto=determina_di_liquidazione(w.ambito), actor=w.operatore)


def test_the_database_refuses_an_overcommitment_that_bypasses_the_services(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore)
        q = quota(a, w.operatore, importo="100.00")
        with pytest.raises(IntegrityError, match="fondi:"), transaction.atomic():
            Movimento.objects.create(ambito=w.ambito, assegnazione=a, quota=q, tipo="impegno", voce="impegnato",
                                     segno=1, importo=D("100.01"), data_contabile=dt.date(2025, 3, 1))


def test_movements_can_be_neither_changed_nor_deleted(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore)
        m = Movimento.objects.get(assegnazione=a)
        with pytest.raises(Exception, match="append-only"), transaction.atomic():
            Movimento.objects.filter(pk=m.pk).update(importo=D("1.00"))
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as c:
            c.execute("DELETE FROM fondi_movimento WHERE id = %s", [m.pk])
        assert Movimento.objects.get(pk=m.pk).importo == D("100000.00")


def test_the_database_refuses_an_allocation_beyond_the_assignment_that_bypasses_the_services(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore, importo="1000.00")
        q = quota(a, w.operatore, importo="900.00")
        with pytest.raises(IntegrityError, match="allocato"), transaction.atomic():
            Movimento.objects.create(ambito=w.ambito, assegnazione=a, quota=q, tipo="allocazione", voce="allocato",
                                     segno=1, importo=D("100.01"), data_contabile=dt.date(2025, 3, 1))


def test_the_database_refuses_a_payment_beyond_the_commitment_that_bypasses_the_services(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore)
        q = quota(a, w.operatore, importo="1000.00")
        services.impegno_create(quota=q, importo=D("400.00"), data_contabile=dt.date(2025, 3, 1), actor=w.operatore)
        with pytest.raises(IntegrityError, match="liquidato"), transaction.atomic():
            Movimento.objects.create(ambito=w.ambito, assegnazione=a, quota=q, tipo="liquidazione", voce="liquidato",
                                     segno=1, importo=D("400.01"), data_contabile=dt.date(2025, 4, 1))


def test_the_database_refuses_a_backdated_release_that_breaks_a_later_payment(mondo):
    """On 01/04 400 are committed; 300 are paid on 01/05. Releasing 200 on 15/04 leaves 200
    committed from 15/04, below the 300 paid from 01/05: the balance at a later date breaks."""
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore)
        q = quota(a, w.operatore, importo="1000.00")
        services.impegno_create(quota=q, importo=D("400.00"), data_contabile=dt.date(2025, 4, 1), actor=w.operatore)
        services.liquidazione_create(quota=q, importo=D("300.00"), data_contabile=dt.date(2025, 5, 1),
                                     atto=determina_di_liquidazione(w.ambito), actor=w.operatore)
        with pytest.raises(RegolaViolata, match=r"100,00 € al 01/05/2025"):
            services.disimpegno_create(quota=q, importo=D("200.00"), data_contabile=dt.date(2025, 4, 15),
                                       actor=w.operatore)
        with pytest.raises(IntegrityError, match="2025-05-01"), transaction.atomic():
            Movimento.objects.create(ambito=w.ambito, assegnazione=a, quota=q, tipo="disimpegno", voce="impegnato",
                                     segno=-1, importo=D("200.00"), data_contabile=dt.date(2025, 4, 15))
        services.disimpegno_create(quota=q, importo=D("100.00"), data_contabile=dt.date(2025, 4, 15),
                                   actor=w.operatore)
        assert saldi_quota(q).impegnato == D("300.00")


def test_a_quota_shrinks_only_down_to_what_is_committed(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore)
        q = quota(a, w.operatore, importo="1000.00")
        services.impegno_create(quota=q, importo=D("600.00"), data_contabile=dt.date(2025, 3, 1), actor=w.operatore)
        delibera = q.atto
        with pytest.raises(RegolaViolata, match="parte non impegnata della quota: 400,00 €"):
            services.quota_resize(quota=q, nuovo_importo=D("599.99"), atto=delibera,
                                  data_contabile=dt.date(2025, 6, 1), motivo="Rimodulazione", actor=w.operatore)
        services.quota_resize(quota=q, nuovo_importo=D("600.00"), atto=delibera, data_contabile=dt.date(2025, 6, 1),
                              motivo="Rimodulazione", actor=w.operatore)
        assert saldi_quota(q).allocato == D("600.00")
        assert saldi_quota(q, dt.date(2025, 5, 31)).allocato == D("1000.00")
        assert Movimento.objects.filter(quota=q, tipo=TipoMovimento.RIDUZIONE).get().importo == D("400.00")


def test_a_quota_for_a_comune_names_a_comune_of_the_ambito(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore)
        with pytest.raises(RegolaViolata, match="indicare il comune"):
            quota(a, w.operatore, tipo="comune", descrizione="Quota senza comune")
        with pytest.raises(RegolaViolata, match="non fa parte dell'Ambito"):
            quota(a, w.operatore, tipo="comune", descrizione="Quota a Sesto", comune=mondo.b.comuni[0])
        assert not Movimento.objects.filter(assegnazione=a, quota__isnull=False).exists()


def test_a_movement_records_the_object_of_the_module_that_wrote_it(mondo):
    """Other modules pass their own object (an erogazione, a graduatoria) as ``riferimento``."""
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore)
        q = quota(a, w.operatore)
        graduatoria = atto(w.ambito, oggetto="Graduatoria B2")
        m = services.impegno_create(quota=q, importo=D("10.00"), data_contabile=dt.date(2025, 3, 1),
                                    actor=w.operatore, riferimento=graduatoria)
        assert Movimento.objects.get(pk=m.pk).riferimento == graduatoria


def test_the_act_lists_the_assegnazione_and_the_quote_it_approves(mondo, client_per):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore, codice="FNPS")
        q = quota(a, w.operatore, descrizione="Tutela minori")
        delibera = atto(w.ambito, oggetto="Rimodulazione")
        services.quota_resize(quota=q, nuovo_importo=D("9000.00"), atto=delibera, data_contabile=dt.date(2025, 6, 1),
                              motivo="Rimodulazione", actor=w.operatore)
        services.quota_resize(quota=q, nuovo_importo=D("8000.00"), atto=delibera, data_contabile=dt.date(2025, 6, 2),
                              motivo="Seconda", actor=w.operatore)
        atti = {"assegnazione": a.atto.pk, "quota": q.atto.pk}
    c = client_per(w.operatore)
    assert "FNPS 2024" in c.get(f"/a/{w.ambito.slug}/atti/{atti['assegnazione']}/").content.decode()
    assert "Tutela minori" in c.get(f"/a/{w.ambito.slug}/atti/{atti['quota']}/").content.decode()
    assert "Tutela minori" in c.get(f"/a/{w.ambito.slug}/atti/{delibera.pk}/").content.decode()
    with ambito_scope(w.ambito):
        assert AttoCollegamento.objects.filter(atto=delibera).count() == 1  # linked once, not per rimodulazione


def test_accounting_dates_after_today_are_refused_everywhere(mondo, client_per):
    """Issue 14, defect 6: a commitment dated 2031 was accepted, and later availability errors quoted figures
    'al 01/01/2031' that no page showed. Accounting dates record what happened: never after today."""
    w = mondo.a
    domani = oggi() + dt.timedelta(days=1)
    with ambito_scope(w.ambito, actor=w.operatore):
        with pytest.raises(RegolaViolata) as errore:
            services.assegnazione_create(
                ambito=w.ambito, fonte=fonte("FNA"), descrizione="FNA futuro", annualita=2026, esercizio=2026,
                importo=D("1000.00"), data_assegnazione=domani, atto=atto(w.ambito, data=oggi()), actor=w.operatore)
        assert errore.value.campo == "data_assegnazione"
        a = assegnazione(w.ambito, w.operatore)
        q = quota(a, w.operatore, importo="10000.00")
        with pytest.raises(RegolaViolata) as errore:
            services.impegno_create(quota=q, importo=D("100.00"), data_contabile=dt.date(2031, 1, 1),
                                    actor=w.operatore)
        assert errore.value.campo == "data_contabile" and "il 01/01/2031 è successivo a oggi" in str(errore.value)
        assert saldi_quota(q).impegnato == D("0.00")
    risposta = client_per(w.operatore).post(
        f"/api/v1/a/{w.ambito.slug}/fondi/quote/{q.pk}/movimenti/",
        {"tipo": "impegno", "importo": "100.00", "data_contabile": "2031-01-01"}, content_type="application/json")
    assert risposta.status_code == 400 and "data_contabile" in risposta.json()["errore"]["campi"]
    pagina = client_per(w.operatore).post(f"/a/{w.ambito.slug}/fondi/quote/{q.pk}/movimenti/nuovo/", {
        "tipo": "impegno", "importo": "100,00", "data_contabile": "01/01/2031"})
    assert pagina.status_code == 400 and "successivo a oggi" in pagina.content.decode()
    with ambito_scope(w.ambito):
        assert saldi_quota(q).impegnato == D("0.00")
