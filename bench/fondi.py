"""Benchmark of the funds ledger: generate data, then time the position report and the lists.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ambito_bench .venv/bin/python bench/fondi.py [--assegnazioni 200]

Creates (idempotently, in its own Ambito "bench-fondi") assegnazioni with quote and movements
through the real services, then prints timings of the selectors behind the dashboard, the position
report (by several groupings) and the movement list. Needs a migrated database.
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

from ambito.models import Ambito, AppartenenzaComune, Atto, Comune, TipoAtto  # noqa: E402
from ambito.tenancy import ambito_scope, cross_ambito  # noqa: E402
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
        comuni = selectors.comuni_dell_ambito(ambito=ambito, data=dt.date(2025, 1, 1))
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
                    services.liquidazione_create(quota=q, importo=Decimal("1.00"), data_contabile=giorno, actor=None)
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assegnazioni", type=int, default=100)
    parser.add_argument("--quote", type=int, default=5)
    parser.add_argument("--movimenti", type=int, default=10)
    args = parser.parse_args()
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
            cronometra(f"position by {'+'.join(per)}", lambda per=per: selectors.posizione(ambito=ambito, data=data,
                                                                                           per=per))
        cronometra("position at a past date (2024-03-15)",
                   lambda: selectors.posizione(ambito=ambito, data=dt.date(2024, 3, 15)))
        cronometra("movement list (first 500)", lambda: list(selectors.movimento_list(ambito=ambito)[:500]))
        cronometra("deadlines", lambda: selectors.scadenze(ambito=ambito, data=data))


if __name__ == "__main__":
    main()
