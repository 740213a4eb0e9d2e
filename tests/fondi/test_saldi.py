"""The balances kept by the ledger trigger (fondi.db) agree to the cent with the movements.

After random sequences of operations (back-dated ones included, refusals included) every kept
row equals its recomputation from the movements alone; a raw-SQL movement that bypasses the
services still moves them; a raw write to the balance tables is refused.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ambito.errors import RegolaViolata
from ambito.tenancy import ambito_scope
from fondi import selectors, services
from fondi.models import Movimento, SaldoQuota
from tests.fondi.helpers import D, assegnazione, atto, determina_di_liquidazione, quota, saldi_verificati

pytestmark = pytest.mark.django_db

ZERI = {"fondi_saldoassegnazione": 0, "fondi_saldoquota": 0, "fondi_saldocomune": 0}
INIZIO = dt.date(2025, 2, 1)


def ricalcolati(ambito, data) -> dict[int, selectors.Saldi]:
    """Each quota's balances at ``data`` summed from its movements (the old way)."""
    saldi: dict[int, dict[str, Decimal]] = {}
    for m in Movimento.objects.filter(ambito=ambito, quota__isnull=False, data_contabile__lte=data):
        voci = saldi.setdefault(m.quota_id, {"allocato": D("0"), "impegnato": D("0"), "liquidato": D("0")})
        voci[m.voce] += m.importo * m.segno
    return {pk: selectors.Saldi(D("0"), v["allocato"], v["impegnato"], v["liquidato"]) for pk, v in saldi.items()}


def posizione_dai_movimenti(ambito, data) -> dict:
    """The report by destination and comune grouped from the movements (the old way)."""
    righe: dict = {}
    for m in Movimento.objects.filter(ambito=ambito, data_contabile__lte=data).select_related("quota"):
        chiave = (m.quota.tipo_destinazione if m.quota else None,
                  m.comune_id or (m.quota.comune_id if m.quota else None))
        voci = righe.setdefault(chiave, dict.fromkeys(selectors.VOCI, D("0")))
        voci[m.voce] += m.importo * m.segno
    saldi = {k: selectors.Saldi(*(v[voce] for voce in selectors.VOCI)) for k, v in righe.items()}
    # A destination and comune whose movements cancel out (an impegno then its disimpegno) has no row to compare:
    # posizione_tenuta leaves out all-zero rows too.
    return {k: s for k, s in saldi.items() if s != selectors.Saldi()}


def posizione_tenuta(ambito, data) -> dict:
    p = selectors.posizione_get(ambito=ambito, data=data, per=["destinazione", "comune"])
    return {(r.chiavi["quota__tipo_destinazione"], r.chiavi["comune_effettivo"]): r.saldi for r in p.righe
            if r.saldi != selectors.Saldi()}


operazione = st.tuples(
    st.sampled_from(["impegno", "liquidazione", "disimpegno", "rettifica", "rimodula", "nuova_quota", "riporto"]),
    st.integers(min_value=0, max_value=3),  # which quota
    st.integers(min_value=1, max_value=60000).map(lambda c: Decimal(c) / 100),  # amount, up to 600,00
    st.integers(min_value=0, max_value=120),  # days after INIZIO: many are back-dated
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(operazioni=st.lists(operazione, min_size=1, max_size=25))
@example(operazioni=[("impegno", 1, Decimal("0.01"), 0), ("disimpegno", 1, Decimal("0.01"), 0)])
def test_after_random_operations_every_kept_balance_equals_the_movements(mondo, operazioni):
    w = mondo.a
    try:
        with transaction.atomic(), ambito_scope(w.ambito, actor=w.operatore):
            a = assegnazione(w.ambito, w.operatore, importo="5000.00")
            seconda = assegnazione(w.ambito, w.operatore, importo="100.00", annualita=2025)
            liquidazioni = determina_di_liquidazione(w.ambito)
            quote = [quota(a, w.operatore, importo="1000.00", data=INIZIO),
                     quota(a, w.operatore, importo="800.00", data=INIZIO, comune=w.comuni[0])]
            for tipo, indice, importo, giorni in operazioni:
                q = quote[indice % len(quote)]
                giorno = INIZIO + dt.timedelta(days=giorni)
                try:
                    with transaction.atomic():
                        if tipo in ("impegno", "disimpegno"):
                            # odd indices name a comune of their own (the comune exceptions)
                            services.movimento_create(quota=q, tipo=tipo, importo=importo, data_contabile=giorno,
                                                      comune=w.comuni[1] if indice % 2 else None,
                                                      actor=w.operatore)
                        elif tipo == "liquidazione":
                            services.liquidazione_create(quota=q, importo=importo, data_contabile=giorno,
                                                         atto=liquidazioni, actor=w.operatore)
                        elif tipo == "rettifica":
                            m = Movimento.objects.filter(quota=q).exclude(tipo="rettifica").order_by("-pk").first()
                            services.rettifica_create(movimento=m, importo=-importo, data_contabile=giorno,
                                                      motivo="Errore", actor=w.operatore)
                        elif tipo == "rimodula":
                            services.quota_resize(quota=q, nuovo_importo=importo * 3, atto=atto(w.ambito),
                                                  data_contabile=giorno, motivo="Rimodulazione", actor=w.operatore)
                        elif tipo == "nuova_quota":
                            quote.append(quota(a, w.operatore, importo=str(importo), data=giorno))
                        else:
                            services.riporto_create(assegnazione=a, destinazione=seconda, importo=importo,
                                                    data_contabile=giorno, motivo="Riporto", actor=w.operatore)
                except RegolaViolata:
                    pass
            assert saldi_verificati(ambito_id=w.ambito.pk) == ZERI
            for giorno in (INIZIO, INIZIO + dt.timedelta(days=30), INIZIO + dt.timedelta(days=200)):
                tenuti = selectors.saldi_quote(ambito=w.ambito, data=giorno)
                assert tenuti == ricalcolati(w.ambito, giorno)
                assert posizione_tenuta(w.ambito, giorno) == posizione_dai_movimenti(w.ambito, giorno)
            raise _Annulla
    except _Annulla:
        pass


class _Annulla(Exception):
    pass


def test_a_raw_sql_movement_bypassing_the_services_moves_the_kept_balances(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        q = quota(assegnazione(w.ambito, w.operatore), w.operatore, importo="1000.00")
    with ambito_scope(w.ambito), connection.cursor() as cursor:  # raw SQL, inside the scope as RLS requires
        cursor.execute("INSERT INTO fondi_movimento (ambito_id, assegnazione_id, quota_id, tipo, voce, segno, importo, "
                       "data_contabile, descrizione, motivo, creato_il) VALUES (%s, %s, %s, 'impegno', 'impegnato', 1, "
                       "250.00, '2025-03-01', '', '', now())", [w.ambito.pk, q.assegnazione_id, q.pk])
    with ambito_scope(w.ambito):
        assert selectors.saldi_quote(ambito=w.ambito, data=dt.date(2025, 3, 1), quota=q)[q.pk].impegnato == D("250.00")
        assert selectors.saldi_quote(ambito=w.ambito, data=dt.date(2025, 2, 28), quota=q)[q.pk].impegnato == D("0.00")
    assert saldi_verificati(ambito_id=w.ambito.pk) == ZERI
    # and a raw movement that would break the invariant is refused, balances untouched
    with ambito_scope(w.ambito), pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO fondi_movimento (ambito_id, assegnazione_id, quota_id, tipo, voce, segno, importo, "
                       "data_contabile, descrizione, motivo, creato_il) VALUES (%s, %s, %s, 'impegno', 'impegnato', 1, "
                       "800.00, '2025-02-15', '', '', now())", [w.ambito.pk, q.assegnazione_id, q.pk])
    assert saldi_verificati(ambito_id=w.ambito.pk) == ZERI


@pytest.mark.parametrize("sql", [
    "UPDATE fondi_saldoquota SET impegnato = 0",
    "DELETE FROM fondi_saldoquota",
    "UPDATE fondi_saldoassegnazione SET assegnato = assegnato + 1000",
    "INSERT INTO fondi_saldoassegnazione (ambito_id, assegnazione_id, giorno, assegnato, allocato) "
    "SELECT ambito_id, id, '2030-01-01', 1, 0 FROM fondi_assegnazione LIMIT 1",
])
def test_a_raw_write_to_the_balance_tables_is_refused(mondo, sql):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        q = quota(assegnazione(w.ambito, w.operatore), w.operatore, importo="1000.00")
        services.impegno_create(quota=q, importo=D("10.00"), data_contabile=dt.date(2025, 3, 1), actor=w.operatore)
    with ambito_scope(w.ambito), pytest.raises(Exception, match="kept by the ledger trigger"), \
            transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert saldi_verificati() == ZERI


def test_a_back_dated_movement_moves_every_later_day_and_is_checked_against_them(mondo):
    w = mondo.a
    with ambito_scope(w.ambito, actor=w.operatore):
        q = quota(assegnazione(w.ambito, w.operatore), w.operatore, importo="1000.00")
        for giorno in range(1, 11):
            services.impegno_create(quota=q, importo=D("50.00"), data_contabile=dt.date(2025, 3, giorno),
                                    actor=w.operatore)
        services.impegno_create(quota=q, importo=D("400.00"), data_contabile=dt.date(2025, 2, 10), actor=w.operatore)
        with pytest.raises(RegolaViolata, match="disponibilità della quota: 100,00"):
            services.impegno_create(quota=q, importo=D("100.01"), data_contabile=dt.date(2025, 2, 11),
                                    actor=w.operatore)
        righe = list(SaldoQuota.objects.filter(quota=q).order_by("giorno").values_list("giorno", "impegnato"))
    assert righe[0] == (dt.date(2025, 2, 1), D("0.00"))
    assert righe[1] == (dt.date(2025, 2, 10), D("400.00"))
    assert righe[-1] == (dt.date(2025, 3, 10), D("900.00"))
    assert len(righe) == 12  # one row per day that moved, not per movement
    assert saldi_verificati(ambito_id=w.ambito.pk) == ZERI
