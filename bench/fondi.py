"""Benchmark of the funds ledger: generate data, then time the position report and the lists.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ambito_bench .venv/bin/python bench/fondi.py [--assegnazioni 200]

Creates (idempotently, in its own Ambito "bench-fondi") assegnazioni with quote and movements
through the real services, then prints timings of the selectors behind the dashboard, the position
report (by several groupings) and the movement list. Needs a migrated database.

``--scritture`` times the writes instead: a fresh assegnazione with ``--quote`` quote of
``--movimenti`` movements each (a riparto-sized ledger), then impegni, liquidazioni and allocations
on it, split into the time of the INSERT of the movement (the database trigger runs inside it) and
the rest (the service's locks and checks, the history row). Rolled back, so it can be re-run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ambito.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from ambito.atti.models import Atto, TipoAtto  # noqa: E402
from ambito.tenancy import ambito_scope, cross_ambito  # noqa: E402
from ambito.tenancy.models import Ambito  # noqa: E402
from ambito.territorio.models import AppartenenzaComune, Comune  # noqa: E402
from ambito.territorio.selectors import comune_list  # noqa: E402
from fondi import selectors, services  # noqa: E402
from fondi.models import FonteFinanziamento, Movimento, TipoDestinazione  # noqa: E402


def prepara(n_assegnazioni: int, quote_per: int, movimenti_per: int) -> Ambito:
    ambito, _ = Ambito.objects.get_or_create(slug="bench-fondi", defaults={"denominazione": "Ambito bench",
                                                                           "codice": "BENCH-FONDI"})
    with cross_ambito("bench: build comuni"):
        if not AppartenenzaComune.objects.filter(ambito=ambito).exists():
            for i in range(20):
                c, _ = Comune.objects.get_or_create(codice_istat=f"99{i:04d}", defaults={
                    "denominazione": f"Comune bench {i}", "sigla_provincia": "XX", "codice_catastale": f"Z{i:03d}",
                    "popolazione": 1000 + 137 * i, "popolazione_anno": 2024})
                AppartenenzaComune.objects.create(ambito=ambito, comune=c, valido_dal=dt.date(2000, 1, 1))
    services.fonti_seed()
    fonti = list(FonteFinanziamento.objects.filter(padre__isnull=True))
    rnd = random.Random(42)
    with ambito_scope(ambito):
        esistenti = selectors.assegnazione_list(ambito=ambito).count()
        atto = Atto.objects.get_or_create(ambito=ambito, tipo=TipoAtto.DECRETO_REGIONALE, numero="BENCH",
                                          data=dt.date(2024, 1, 1), defaults={"oggetto": "Bench"})[0]
        comuni = list(comune_list(ambito=ambito, data=dt.date(2025, 1, 1)).order_by("codice_istat"))
        for i in range(esistenti, n_assegnazioni):
            a = services.assegnazione_create(
                ambito=ambito, fonte=fonti[i % len(fonti)], descrizione=f"Assegnazione {i}", annualita=2020 + i % 6,
                esercizio=2021 + i % 6, importo=Decimal("100000.00"), data_assegnazione=dt.date(2024, 1, 1),
                atto=atto, actor=None)
            for j in range(quote_per):
                comune = comuni[(i + j) % len(comuni)]
                q = services.quota_create(assegnazione=a, tipo_destinazione=TipoDestinazione.COMUNE,
                                          descrizione=f"Quota {j}", importo=Decimal("10000.00"), atto=atto,
                                          data_contabile=dt.date(2024, 2, 1), comune=comune, actor=None)
                for k in range(movimenti_per):
                    giorno = dt.date(2024, 3, 1) + dt.timedelta(days=k * 3)
                    services.impegno_create(quota=q, importo=Decimal(rnd.randint(1, 50)), data_contabile=giorno,
                                            actor=None)
                    services.liquidazione_create(quota=q, importo=Decimal("1.00"), data_contabile=giorno,
                                                 atto=atto, actor=None)
    return ambito


def cronometra(nome: str, fn, ripetizioni: int = 5) -> None:
    tempi, query = [], 0
    for _ in range(ripetizioni):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as ctx:
            inizio = time.perf_counter()
            fn()
            tempi.append((time.perf_counter() - inizio) * 1000)
        query = len(ctx.captured_queries)
    print(f"{nome:<45} median {statistics.median(tempi):8.1f} ms   max {max(tempi):8.1f} ms   {query} queries")


class _Rollback(Exception):
    pass


def _tempi_scrittura(nome: str, scrivi, ripetizioni: int) -> None:
    """Median time of one write and of its INSERT INTO fondi_movimento (trigger included)."""
    totali, insert, query = [], [], 0
    for i in range(ripetizioni):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as ctx:
            inizio = time.perf_counter()
            scrivi(i)
            totali.append((time.perf_counter() - inizio) * 1000)
        query = len(ctx.captured_queries)
        insert.append(sum(float(q["time"]) * 1000 for q in ctx.captured_queries
                          if q["sql"].startswith('INSERT INTO "fondi_movimento"')))
    print(f"{nome:<45} median {statistics.median(totali):8.1f} ms   of which INSERT+trigger "
          f"{statistics.median(insert):6.1f} ms   {query} queries")


def scritture(quote: int, movimenti: int, ripetizioni: int) -> None:
    """Time impegni/liquidazioni/allocations on an assegnazione with quote × movimenti movements."""
    from django.db import transaction

    ambito = prepara(0, 0, 0)
    fonte = FonteFinanziamento.objects.get(codice="FSR")
    try:
        with ambito_scope(ambito), transaction.atomic():
            atto = Atto.objects.get(ambito=ambito, numero="BENCH")
            comuni = list(comune_list(ambito=ambito, data=dt.date(2025, 1, 1)).order_by("codice_istat"))
            a = services.assegnazione_create(
                ambito=ambito, fonte=fonte, descrizione="Bench scritture", annualita=2024, esercizio=2025,
                importo=Decimal("100000000.00"), data_assegnazione=dt.date(2024, 1, 1), atto=atto, actor=None)
            inizio = time.perf_counter()
            elenco = []
            for j in range(quote):
                q = services.quota_create(assegnazione=a, tipo_destinazione=TipoDestinazione.COMUNE,
                                          descrizione=f"Quota {j}", importo=Decimal("100000.00"), atto=atto,
                                          data_contabile=dt.date(2024, 2, 1), comune=comuni[j % len(comuni)],
                                          actor=None)
                for k in range(movimenti // 2):
                    giorno = dt.date(2024, 3, 1) + dt.timedelta(days=k)
                    services.impegno_create(quota=q, importo=Decimal("10.00"), data_contabile=giorno, actor=None)
                    services.liquidazione_create(quota=q, importo=Decimal("5.00"), data_contabile=giorno,
                                                 atto=atto, actor=None)
                elenco.append(q)
            print(f"ledger of {quote} quote x {movimenti} movements built in {time.perf_counter() - inizio:.1f} s")
            q = elenco[0]
            _tempi_scrittura("impegno on a busy quota (latest date)", lambda i: services.impegno_create(
                quota=q, importo=Decimal("1.00"), data_contabile=dt.date(2025, 6, 1), actor=None), ripetizioni)
            _tempi_scrittura("impegno back-dated before every movement", lambda i: services.impegno_create(
                quota=q, importo=Decimal("1.00"), data_contabile=dt.date(2024, 2, 2), actor=None), ripetizioni)
            _tempi_scrittura("liquidazione on a busy quota", lambda i: services.liquidazione_create(
                quota=q, importo=Decimal("1.00"), data_contabile=dt.date(2025, 6, 1), atto=atto, actor=None),
                ripetizioni)
            _tempi_scrittura("new quota (allocation on a busy assegnazione)", lambda i: services.quota_create(
                assegnazione=a, tipo_destinazione=TipoDestinazione.ALTRO, descrizione=f"Nuova {i}",
                importo=Decimal("1.00"), atto=atto, data_contabile=dt.date(2024, 2, 1), actor=None), ripetizioni)
            raise _Rollback
    except _Rollback:
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assegnazioni", type=int, default=100)
    parser.add_argument("--quote", type=int, default=5)
    parser.add_argument("--movimenti", type=int, default=10)
    parser.add_argument("--scritture", action="store_true", help="time the writes (see the module docstring)")
    parser.add_argument("--ripetizioni", type=int, default=30)
    args = parser.parse_args()
    if args.scritture:
        services.fonti_seed()
        scritture(args.quote, args.movimenti, args.ripetizioni)
        return
    inizio = time.perf_counter()
    ambito = prepara(args.assegnazioni, args.quote, args.movimenti)
    print(f"data ready in {time.perf_counter() - inizio:.1f} s")
    with ambito_scope(ambito):
        print(f"movements: {Movimento.objects.filter(ambito=ambito).count()}")
        data = dt.date(2025, 1, 1)
        cronometra("dashboard (assegnazioni with balances)",
                   lambda: [selectors.saldi_di(a) for a in selectors.assegnazione_list(ambito=ambito, data=data)])
        for per in (["fonte"], ["fonte", "annualita"], ["fonte", "annualita", "destinazione", "comune"],
                    ["assegnazione", "quota"]):
            cronometra(f"position by {'+'.join(per)}", lambda per=per: selectors.posizione_get(ambito=ambito, data=data,
                                                                                           per=per))
        cronometra("position at a past date (2024-03-15)",
                   lambda: selectors.posizione_get(ambito=ambito, data=dt.date(2024, 3, 15)))
        cronometra("movement list (first 500)", lambda: list(selectors.movimento_list(ambito=ambito)[:500]))
        cronometra("deadlines", lambda: selectors.scadenza_list(ambito=ambito, data=data))


if __name__ == "__main__":
    main()
