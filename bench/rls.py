"""What row-level security costs: the fondi position report and the movement list with and without it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ambito_bench .venv/bin/python bench/rls.py [--movimenti 1000000]

Builds (once; idempotent) two Ambiti sharing ``--movimenti`` movements half and half, written in bulk by
SQL as the owner of the tables (the ledger's triggers are off for the load: the data is consistent by
construction, and 1M movements through the services would take hours). Then, in the same run and
alternating, times each query inside Ambito A's scope:

* **with RLS**: as the application role, the way the application runs (the policy filters every table);
* **without RLS**: as the owner of the tables, a superuser, which row-level security does not apply to.

and prints the medians and their ratio (target ≤ 1.1×). Needs a migrated database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ambito.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Q  # noqa: E402

from ambito.tenancy import ambito_scope, rls  # noqa: E402
from ambito.tenancy.models import Ambito  # noqa: E402
from fondi import selectors, services  # noqa: E402
from fondi.models import Movimento  # noqa: E402

SLUG = ("bench-rls-a", "bench-rls-b")
ASSEGNAZIONI, QUOTE = 200, 10  # per Ambito


def _carica(ambito: Ambito, movimenti: int, comuni: list[int], fonti: list[int]) -> None:
    """One Ambito's ledger: ASSEGNAZIONI × QUOTE quote, their assigned and allocated amounts, then
    impegni and liquidazioni spread over 600 days up to ``movimenti`` rows."""
    per_quota = max(2, (movimenti - ASSEGNAZIONI - ASSEGNAZIONI * QUOTE) // (ASSEGNAZIONI * QUOTE))
    p = {"ambito": ambito.pk, "na": ASSEGNAZIONI, "nq": QUOTE, "m": per_quota, "comuni": comuni, "fonti": fonti}
    with connection.cursor() as c:
        c.execute("SET LOCAL session_replication_role = replica")  # the ledger's triggers: off for the load
        c.execute("INSERT INTO ambito_atto (ambito_id, tipo, numero, data, oggetto, pubblicato) "
                  "VALUES (%(ambito)s, 'decreto_regionale', 'BENCH', '2024-01-01', 'Bench RLS', true) "
                  "RETURNING id", p)
        p["atto"] = c.fetchone()[0]
        c.execute("""
            INSERT INTO fondi_assegnazione (descrizione, annualita, esercizio, importo, data_assegnazione, note,
                                            creato_il, ambito_id, atto_id, fonte_id)
            SELECT 'Bench ' || g, 2020 + g %% 6, 2021 + g %% 6, 100000000, '2024-01-01', '', now(), %(ambito)s,
                   %(atto)s, (%(fonti)s::bigint[])[1 + g %% cardinality(%(fonti)s::bigint[])]
            FROM generate_series(1, %(na)s) g""", p)
        c.execute("""
            INSERT INTO fondi_quota (tipo_destinazione, descrizione, area, creato_il, ambito_id, assegnazione_id,
                                     atto_id, comune_id)
            SELECT 'comune', 'Quota ' || q, '', now(), %(ambito)s, a.id, %(atto)s,
                   (%(comuni)s::bigint[])[1 + (a.id + q) %% cardinality(%(comuni)s::bigint[])]
            FROM fondi_assegnazione a, generate_series(1, %(nq)s) q WHERE a.ambito_id = %(ambito)s""", p)
        c.execute("""
            INSERT INTO fondi_movimento (tipo, voce, segno, importo, data_contabile, descrizione, motivo, creato_il,
                                         ambito_id, assegnazione_id, atto_id)
            SELECT 'assegnazione', 'assegnato', 1, importo, '2024-01-01', '', '', now(), ambito_id, id, atto_id
            FROM fondi_assegnazione WHERE ambito_id = %(ambito)s""", p)
        c.execute("""
            INSERT INTO fondi_movimento (tipo, voce, segno, importo, data_contabile, descrizione, motivo, creato_il,
                                         ambito_id, assegnazione_id, quota_id, comune_id, atto_id)
            SELECT 'allocazione', 'allocato', 1, 1000000, '2024-02-01', '', '', now(), ambito_id, assegnazione_id,
                   id, comune_id, atto_id
            FROM fondi_quota WHERE ambito_id = %(ambito)s""", p)
        c.execute("""
            INSERT INTO fondi_movimento (tipo, voce, segno, importo, data_contabile, descrizione, motivo, creato_il,
                                         ambito_id, assegnazione_id, quota_id, comune_id, atto_id)
            SELECT CASE WHEN k %% 2 = 0 THEN 'impegno' ELSE 'liquidazione' END,
                   CASE WHEN k %% 2 = 0 THEN 'impegnato' ELSE 'liquidato' END,
                   1, 1 + k %% 7, date '2024-03-01' + (k / 2) %% 600, '', '', now(), ambito_id, assegnazione_id, id,
                   comune_id, atto_id
            FROM fondi_quota, generate_series(0, %(m)s - 1) k WHERE ambito_id = %(ambito)s""", p)
        c.execute("SET LOCAL session_replication_role = origin")
    from fondi import db as fondi_db

    fondi_db.ricalcola_saldi(replica=True)  # the kept balances the pages read (the triggers were off)


def prepara(movimenti: int) -> Ambito:
    services.fonti_seed()
    with rls.come_proprietario(), transaction.atomic():
        from ambito.territorio.models import Comune
        from fondi.models import FonteFinanziamento

        comuni = []
        for i in range(20):
            comune, _ = Comune.objects.get_or_create(codice_istat=f"97{i:04d}", defaults={
                "denominazione": f"Comune bench RLS {i}", "sigla_provincia": "XX", "codice_catastale": f"Y{i:03d}",
                "popolazione": 1000 + 137 * i, "popolazione_anno": 2024})
            comuni.append(comune.pk)
        fonti = list(FonteFinanziamento.objects.filter(padre__isnull=True).values_list("pk", flat=True))
        ambiti = []
        for slug in SLUG:
            ambito, creato = Ambito.objects.get_or_create(slug=slug, defaults={"denominazione": f"Ambito {slug}",
                                                                               "codice": slug.upper()})
            if creato:
                _carica(ambito, movimenti // len(SLUG), comuni, fonti)
            ambiti.append(ambito)
    with rls.come_proprietario(), connection.cursor() as c:
        c.execute("ANALYZE fondi_movimento; ANALYZE fondi_quota; ANALYZE fondi_assegnazione; ANALYZE ambito_atto")
    return ambiti[0]


def tempo(fn) -> float:
    inizio = time.perf_counter()
    fn()
    return (time.perf_counter() - inizio) * 1000


def confronta(nome: str, ambito: Ambito, fn, ripetizioni: int) -> float:
    """Median ms with and without RLS, alternating so both see the same cache; returns the ratio."""
    con, senza = [], []
    with transaction.atomic():  # one connection throughout: the owner's block ends with SET ROLE, not a close
        for giro in range(ripetizioni + 1):  # the first round warms the cache and is not counted
            with ambito_scope(ambito):
                t_con = tempo(fn)
            with rls.come_proprietario(), ambito_scope(ambito):
                t_senza = tempo(fn)
            if giro:
                con.append(t_con)
                senza.append(t_senza)
    m_con, m_senza = statistics.median(con), statistics.median(senza)
    rapporto = m_con / m_senza
    print(f"{nome:<42} with RLS {m_con:8.1f} ms   without {m_senza:8.1f} ms   ratio {rapporto:5.2f}x")
    return rapporto


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--movimenti", type=int, default=1_000_000, help="movements in all (two Ambiti)")
    parser.add_argument("--ripetizioni", type=int, default=7)
    parser.add_argument("--ambito", default="", help="measure this Ambito's existing ledger (e.g. bench/fondi.py's)")
    args = parser.parse_args()
    inizio = time.perf_counter()
    ambito = Ambito.objects.get(slug=args.ambito) if args.ambito else prepara(args.movimenti)
    with rls.come_proprietario():
        totale = Movimento._base_manager.count()
    with ambito_scope(ambito):
        del_bench = Movimento.objects.filter(ambito=ambito).count()
        with connection.cursor() as c:
            c.execute("SELECT current_user")
            ruolo = c.fetchone()[0]
    print(f"data ready in {time.perf_counter() - inizio:.1f} s: {totale} movements, {del_bench} in the measured "
          f"Ambito; the application runs as {ruolo!r}")
    data = dt.date(2025, 1, 1)
    raggruppamenti = (["fonte", "annualita"], ["fonte", "annualita", "destinazione", "comune"],
                      ["assegnazione", "quota"])
    rapporti = [confronta(f"position by {'+'.join(per)}", ambito,
                          lambda per=per: selectors.posizione_get(ambito=ambito, data=data, per=per), args.ripetizioni)
                for per in raggruppamenti]
    rapporti.append(confronta("position at a past date (2024-06-15)", ambito,
                              lambda: selectors.posizione_get(ambito=ambito, data=dt.date(2024, 6, 15)),
                              args.ripetizioni))
    rapporti.append(confronta("movement list (first 500)", ambito,
                              lambda: list(selectors.movimento_list(ambito=ambito)[:500]), args.ripetizioni))
    rapporti.append(confronta("movement list (a page deep: 500 from 100000)", ambito,
                              lambda: list(selectors.movimento_list(ambito=ambito)[100_000:100_500]),
                              args.ripetizioni))
    # What the movement page runs since issue 13: a keyset page (the rows after a given one), not an OFFSET.
    with ambito_scope(ambito):
        mezzo = list(selectors.movimento_list(ambito=ambito).values_list("data_contabile", "pk")[5_000:5_001])
    if mezzo:
        giorno, pk = mezzo[0]
        rapporti.append(confronta("movement list (keyset page after row 5000)", ambito,
                                  lambda: list(selectors.movimento_list(ambito=ambito).filter(
                                      Q(data_contabile__gt=giorno) | Q(data_contabile=giorno, pk__gt=pk))[:100]),
                                  args.ripetizioni))
    print(f"worst ratio {max(rapporti):.2f}x (target <= 1.10x)")


if __name__ == "__main__":
    main()
