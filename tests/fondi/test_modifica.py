"""Descriptive fields and deadlines of an assegnazione change; the figures of the ledger do not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, transaction

from ambito.errors import RegolaViolata
from ambito.tenancy import ambito_scope
from fondi import services
from fondi.models import Assegnazione, Quota
from tests.fondi.helpers import D, assegnazione, quota

pytestmark = pytest.mark.django_db


def test_the_deadlines_and_the_description_of_an_assegnazione_can_be_changed(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore)
        services.assegnazione_update(assegnazione=a, actor=w.operatore, descrizione="FNA 2024 — Misura B2",
                                     scadenza_impegno=dt.date(2026, 6, 30))
        services.assegnazione_mark_rendicontata(assegnazione=a, data=dt.date(2026, 9, 1), actor=w.operatore)
        a = Assegnazione.objects.get(pk=a.pk)
    assert (a.descrizione, a.scadenza_impegno, a.rendicontata_il) == (
        "FNA 2024 — Misura B2", dt.date(2026, 6, 30), dt.date(2026, 9, 1))


def test_the_amount_of_an_assegnazione_is_not_among_the_fields_that_change(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore)
        with pytest.raises(RegolaViolata, match="non modificabili: importo"):
            services.assegnazione_update(assegnazione=a, actor=w.operatore, importo=D("1.00"))


def test_the_database_refuses_to_change_the_amount_of_an_assegnazione_or_move_a_quota(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore)
        altra = assegnazione(w.ambito, w.operatore, annualita=2025)
        q = quota(a, w.operatore)
        with pytest.raises(DatabaseError, match="do not change"), transaction.atomic():
            Assegnazione.objects.filter(pk=a.pk).update(importo=D("1.00"))
        with pytest.raises(DatabaseError, match="does not move"), transaction.atomic():
            Quota.objects.filter(pk=q.pk).update(assegnazione=altra)
        Quota.objects.filter(pk=q.pk).update(descrizione="Bando B2 2025")  # a description may change
        assert Assegnazione.objects.get(pk=a.pk).importo == D("100000.00")
        assert Quota.objects.get(pk=q.pk).descrizione == "Bando B2 2025"


def test_staff_edit_the_deadlines_from_the_page_and_mark_the_report_as_sent(mondo, client_per):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore, scadenza_rendicontazione=dt.date(2026, 3, 31))
    c = client_per(w.responsabile)
    pagina = f"/a/{w.ambito.slug}/fondi/assegnazioni/{a.pk}/modifica/"
    r = c.post(pagina, {"descrizione": "FNA 2024 (B2)", "scadenza_impegno": "2025-12-31",
                        "scadenza_rendicontazione": "2026-03-31", "rendicontata_il": "2026-03-20"})
    assert r.status_code == 302
    with ambito_scope(w.ambito):
        a = Assegnazione.objects.get(pk=a.pk)
    assert (a.descrizione, a.scadenza_impegno, a.rendicontata_il) == (
        "FNA 2024 (B2)", dt.date(2025, 12, 31), dt.date(2026, 3, 20))
    testo = c.get(r["Location"]).content.decode()
    assert "31/12/2025" in testo and "20/03/2026" in testo


def test_deadlines_out_of_order_are_refused_next_to_the_field_and_nothing_changes(mondo, client_per):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        a = assegnazione(w.ambito, w.operatore)
    r = client_per(w.operatore).post(f"/a/{w.ambito.slug}/fondi/assegnazioni/{a.pk}/modifica/", {
        "descrizione": "Nuova descrizione", "scadenza_impegno": "2026-12-31", "scadenza_spesa": "2026-06-30"})
    assert r.status_code == 400
    assert "Le scadenze devono essere in ordine" in r.content.decode()
    with ambito_scope(w.ambito):
        a = Assegnazione.objects.get(pk=a.pk)
    assert a.descrizione == "FNA 2024" and a.scadenza_impegno is None
