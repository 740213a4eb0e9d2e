"""Benchmark of the funds ledger: generate data, then time the position report and the lists.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ambito_bench .venv/bin/python bench/fondi.py [--assegnazioni 200]

``--scala 1000000`` (issue 13) bulk-loads a million movements in one Ambito (INSERT … SELECT, the
trigger skipped, the kept balances rebuilt, then a verification pass of the invariants) plus quote
of 1k…1M movements in another, and prints in one run each page's median/p95/queries (HTTP, logged
in), each write's latency at 1k/100k/1M movements of the same quota, the rendiconto's time,
cells/s and peak memory at 10k/100k/300k movements, and raw-SQL ratios. Use its own database::

    createdb -h 127.0.0.1 -U postgres ambito_bench_fondi
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ambito_bench_fondi .venv/bin/python manage.py migrate
    DATABASE_URL=… .venv/bin/python bench/fondi.py --scala 1000000 --ripetizioni 20

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
from fondi.models import FonteFinanziamento, Movimento, Quota, TipoDestinazione  # noqa: E402


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


# --- at scale (issue 13): bulk loader, pages, writes, rendiconto, raw-SQL ratios -----------------

GIORNI = 1000  # the bulk movements are spread over this many days from INIZIO_BULK
INIZIO_BULK = dt.date(2024, 3, 1)
TAGLIE_SCRITTURE = (1_000, 10_000, 100_000, 300_000, 1_000_000)  # movements of one quota
if os.environ.get("BENCH_RIDOTTO"):  # a quick rehearsal of the whole run on a thousandth of the data
    TAGLIE_SCRITTURE = tuple(n // 1000 * 2 for n in TAGLIE_SCRITTURE)
TAGLIE_PER_SCRITTURE = (TAGLIE_SCRITTURE[0], TAGLIE_SCRITTURE[2], TAGLIE_SCRITTURE[4])  # 1k, 100k, 1M
TAGLIE_PER_RENDICONTO = TAGLIE_SCRITTURE[1:4]  # 10k, 100k, 300k


def _sql(sql: str, parametri=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, parametri)
        return cursor.fetchall() if cursor.description else None


def carica_in_blocco(ambito_id: int, quote: dict[int, int], atto_id: int) -> float:
    """Append ``quote[quota_id]`` movements to each quota with one INSERT … SELECT per quota: alternately
    an impegno of 1,00 and a liquidazione of 0,50, dates rising over GIORNI days (so every prefix
    keeps allocato ≥ impegnato ≥ liquidato ≥ 0). The ledger trigger is skipped (replica mode) and
    the kept balances are rebuilt once at the end; :func:`verifica_carico` then re-checks."""
    from django.db import transaction

    from ambito.tenancy.rls import come_proprietario
    from fondi import db as fondi_db

    inizio = time.perf_counter()
    # Skipping the triggers (replica mode) needs the owner of the tables: the application role cannot (and
    # row-level security does not apply to the owner's bulk load).
    with come_proprietario(), transaction.atomic():
        _sql("SET LOCAL session_replication_role = replica")
        for quota_id, n in quote.items():
            _sql("""
                INSERT INTO fondi_movimento (ambito_id, assegnazione_id, quota_id, tipo, voce, segno, importo,
                    data_contabile, atto_id, comune_id, descrizione, motivo, creato_il)
                SELECT %(ambito)s, q.assegnazione_id, q.id,
                       CASE WHEN g %% 2 = 0 THEN 'impegno' ELSE 'liquidazione' END,
                       CASE WHEN g %% 2 = 0 THEN 'impegnato' ELSE 'liquidato' END, 1,
                       CASE WHEN g %% 2 = 0 THEN 1.00 ELSE 0.50 END,
                       %(inizio)s::date + (g::bigint * %(giorni)s / %(n)s)::int,
                       CASE WHEN g %% 2 = 1 THEN %(atto)s END, q.comune_id, 'Movimento di carico', '', now()
                FROM fondi_quota q CROSS JOIN generate_series(0, %(n)s - 1) g WHERE q.id = %(quota)s
            """, {"ambito": ambito_id, "quota": quota_id, "n": n, "giorni": GIORNI, "inizio": INIZIO_BULK,
                  "atto": atto_id})
        fondi_db.ricalcola_saldi(replica=True)
    _sql("ANALYZE fondi_movimento")
    for tabella in fondi_db.TABELLE_SALDI:
        _sql(f"ANALYZE {tabella}")
    return time.perf_counter() - inizio


def verifica_carico(ambito_id: int) -> dict:
    """The invariants at every kept day, after a bulk load (and the kept rows = their recomputation)."""
    from ambito.tenancy.rls import come_proprietario
    from fondi import db as fondi_db

    inizio = time.perf_counter()
    with come_proprietario():  # the owner reads every row (row-level security does not filter it)
        violazioni = _sql("""SELECT
        (SELECT count(*) FROM fondi_saldoquota WHERE ambito_id = %(a)s
            AND (impegnato > allocato OR liquidato > impegnato OR liquidato < 0)),
        (SELECT count(*) FROM fondi_saldoassegnazione WHERE ambito_id = %(a)s
            AND (allocato > assegnato OR allocato < 0))""", {"a": ambito_id})[0]
        differenze = fondi_db.verifica_saldi(ambito_id=ambito_id)
    return {"violazioni": sum(violazioni), "differenze": sum(differenze.values()),
            "secondi": round(time.perf_counter() - inizio, 1)}


def _ambito_bench(slug: str, nome: str, serie: int) -> tuple[Ambito, Atto, list]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ambito.accounts.models import Membro, Ruolo, Utente

    ambito, _ = Ambito.objects.get_or_create(slug=slug, defaults={"denominazione": nome, "codice": slug.upper()})
    with cross_ambito("bench: build comuni and a user"):
        if not AppartenenzaComune.objects.filter(ambito=ambito).exists():
            for i in range(20):
                c, _ = Comune.objects.get_or_create(codice_istat=f"9{serie}{i:04d}", defaults={
                    "denominazione": f"Comune bench {serie}.{i}", "sigla_provincia": "XX",
                    "codice_catastale": f"Y{serie}{i:02d}", "popolazione": 1000 + 137 * i, "popolazione_anno": 2024})
                AppartenenzaComune.objects.create(ambito=ambito, comune=c, valido_dal=dt.date(2000, 1, 1))
        utente, creato = Utente.objects.get_or_create(email=f"bench@{slug}.invalid", defaults={"first_name": "Bench"})
        if creato:
            Membro.objects.create(ambito=ambito, utente=utente, ruolo=Ruolo.RESPONSABILE)
            TOTPDevice.objects.create(user=utente, name="default", confirmed=True)
    services.fonti_seed()
    with ambito_scope(ambito):
        atto = Atto.objects.get_or_create(ambito=ambito, tipo=TipoAtto.DECRETO_REGIONALE, numero="BENCH",
                                          data=dt.date(2024, 1, 1), defaults={"oggetto": "Bench"})[0]
        comuni = list(comune_list(ambito=ambito, data=dt.date(2025, 1, 1)).order_by("codice_istat"))
    return ambito, atto, comuni


def prepara_scala(totale: int) -> tuple[Ambito, Ambito]:
    """Ambito "bench-scala": 100 assegnazioni × 5 quote and ``totale`` movements among them (pages).
    Ambito "bench-scala-q": one assegnazione per size of TAGLIE_SCRITTURE, one quota each with that
    many movements (writes and rendiconto). Built once; re-runs reuse them."""
    fonti = list(FonteFinanziamento.objects.filter(padre__isnull=True).order_by("ordine", "pk"))
    pagine, atto, comuni = _ambito_bench("bench-scala", "Ambito bench (pagine)", 7)
    with ambito_scope(pagine):
        if not Movimento.objects.filter(ambito=pagine).exists():
            oggi_ = dt.date.today()
            quote = {}
            for i in range(100):
                a = services.assegnazione_create(
                    ambito=pagine, fonte=fonti[i % len(fonti)], descrizione=f"Assegnazione {i}",
                    annualita=2020 + i % 6, esercizio=2021 + i % 6, importo=Decimal("10000000.00"),
                    data_assegnazione=dt.date(2024, 1, 1), atto=atto, actor=None,
                    scadenza_impegno=oggi_ + dt.timedelta(days=i % 90 - 30) if i % 3 == 0 else None)
                for j in range(5):
                    q = services.quota_create(assegnazione=a, tipo_destinazione=TipoDestinazione.COMUNE,
                                              descrizione=f"Quota {i}.{j}", importo=Decimal("1000000.00"), atto=atto,
                                              data_contabile=dt.date(2024, 2, 1), comune=comuni[(i + j) % 20],
                                              actor=None)
                    quote[q.pk] = totale // 500
            print(f"  bulk load of {totale:,} movements (pages): {carica_in_blocco(pagine.pk, quote, atto.pk):.1f} s")
        print(f"  verification (pages): {verifica_carico(pagine.pk)}")
    scritture, atto_s, comuni_s = _ambito_bench("bench-scala-q", "Ambito bench (scritture)", 8)
    with ambito_scope(scritture):
        if not Movimento.objects.filter(ambito=scritture).exists():
            quote = {}
            for n in TAGLIE_SCRITTURE:
                a = services.assegnazione_create(
                    ambito=scritture, fonte=fonti[0], descrizione=f"Quota con {n} movimenti", annualita=2024,
                    esercizio=2025, importo=Decimal("10000000.00"), data_assegnazione=dt.date(2024, 1, 1),
                    atto=atto_s, actor=None)
                # a max-share constraint on the quota's destination: resize and new quote check it
                services.vincolo_create(assegnazione=a, tipo="massimo", percentuale=Decimal("60"),
                                        tipo_destinazione=TipoDestinazione.COMUNE, actor=None)
                q = services.quota_create(assegnazione=a, tipo_destinazione=TipoDestinazione.COMUNE,
                                          descrizione=f"Quota {n}", importo=Decimal("5000000.00"), atto=atto_s,
                                          data_contabile=dt.date(2024, 2, 1), comune=comuni_s[0], actor=None)
                quote[q.pk] = n
            print(f"  bulk load of {sum(quote.values()):,} movements (writes): "
                  f"{carica_in_blocco(scritture.pk, quote, atto_s.pk):.1f} s")
        print(f"  verification (writes): {verifica_carico(scritture.pk)}")
    return pagine, scritture


def _client(ambito: Ambito):
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ambito.accounts.models import Utente

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS.append("testserver")
    utente = Utente.objects.get(email=f"bench@{ambito.slug}.invalid")
    sessione = import_module(settings.SESSION_ENGINE).SessionStore()
    sessione[SESSION_KEY] = str(utente.pk)
    from django.contrib.auth import load_backend

    sessione[BACKEND_SESSION_KEY] = next(b for b in settings.AUTHENTICATION_BACKENDS
                                         if hasattr(load_backend(b), "get_user"))
    sessione[HASH_SESSION_KEY] = utente.get_session_auth_hash()
    sessione[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=utente).persistent_id
    sessione.create()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = sessione.session_key
    return client


def _misura(fn, ripetizioni: int) -> tuple[float, float, int]:
    """Median and p95 in ms, and queries of the last run."""
    fn()  # warm
    tempi, query = [], 0
    for _ in range(ripetizioni):
        with CaptureQueriesContext(connection) as ctx:
            inizio = time.perf_counter()
            fn()
            tempi.append((time.perf_counter() - inizio) * 1000)
        query = len(ctx.captured_queries)
    tempi.sort()
    p95 = tempi[min(len(tempi) - 1, round(0.95 * (len(tempi) - 1)))]
    return statistics.median(tempi), p95, query


def pagine_in_scala(ambito: Ambito, ripetizioni: int) -> None:
    client = _client(ambito)
    with ambito_scope(ambito):
        a = selectors.assegnazione_list(ambito=ambito).first()
        q = a.quote.first()
    base = f"/a/{ambito.slug}"
    pagine = {
        "floor: an empty list (cofinanziamenti)": f"{base}/fondi/cofinanziamenti/",
        "home": f"{base}/",
        "fondi dashboard (+deadlines)": f"{base}/fondi/",
        "position (fonte+annualita)": f"{base}/fondi/posizione/",
        "position (+destinazione+comune)": f"{base}/fondi/posizione/?per=fonte&per=annualita&per=destinazione"
                                           "&per=comune",
        "position (assegnazione+quota)": f"{base}/fondi/posizione/?per=assegnazione&per=quota",
        "position at a past date": f"{base}/fondi/posizione/?data=2024-06-30&per=comune",
        "movements, first page": f"{base}/fondi/movimenti/",
        "movements, last page": f"{base}/fondi/movimenti/?ultima=1",
        "movements of one quota, last page": f"{base}/fondi/movimenti/?quota={q.pk}&ultima=1",
        "assegnazione detail": f"{base}/fondi/assegnazioni/{a.pk}/",
        "new movement form (quota balances)": f"{base}/fondi/quote/{q.pk}/movimenti/nuovo/",
        "quote editor": f"{base}/fondi/assegnazioni/{a.pk}/quote/",
    }
    print(f"{'page':<42} {'median':>8} {'p95':>8} {'queries':>8}   (load average {os.getloadavg()[0]:.1f})")
    for nome, url in pagine.items():
        def richiesta(url=url):
            r = client.get(url)
            assert r.status_code == 200, (url, r.status_code)
        mediana, p95, query = _misura(richiesta, ripetizioni)
        print(f"{nome:<42} {mediana:8.1f} {p95:8.1f} {query:8d}")
    # raw SQL of the main read of some pages, in the same process: ratio page / raw
    with ambito_scope(ambito):
        oggi_ = dt.date.today()
        grezzi = {
            "balances of every assegnazione": (
                lambda: selectors.saldi_assegnazioni(ambito=ambito, data=oggi_),
                lambda: _sql("SELECT a.id, (SELECT assegnato FROM fondi_saldoassegnazione s WHERE "
                             "s.assegnazione_id = a.id AND giorno <= %s ORDER BY giorno DESC LIMIT 1) "
                             "FROM fondi_assegnazione a WHERE a.ambito_id = %s", [oggi_, ambito.pk])),
            "position by comune": (
                lambda: selectors.posizione_get(ambito=ambito, data=oggi_, per=["comune"]),
                lambda: _sql("SELECT q.comune_id, sum(s.allocato), sum(s.impegnato), sum(s.liquidato) FROM "
                             "fondi_quota q CROSS JOIN LATERAL (SELECT * FROM fondi_saldoquota s WHERE s.quota_id = "
                             "q.id AND s.giorno <= %s ORDER BY giorno DESC LIMIT 1) s WHERE q.ambito_id = %s "
                             "GROUP BY 1", [oggi_, ambito.pk])),
            "movements, last page (100)": (
                lambda: list(selectors.movimento_list(ambito=ambito).order_by("-data_contabile", "-pk")[:100]),
                lambda: _sql("SELECT * FROM fondi_movimento WHERE ambito_id = %s ORDER BY data_contabile DESC, "
                             "id DESC LIMIT 100", [ambito.pk])),
        }
        print(f"{'read':<42} {'django':>8} {'raw SQL':>8} {'ratio':>8}")
        for nome, (django_, grezzo) in grezzi.items():
            d, _p, _q = _misura(django_, ripetizioni)
            g, _p, _q = _misura(grezzo, ripetizioni)
            print(f"{nome:<42} {d:8.2f} {g:8.2f} {d / g:8.2f}")


def scritture_in_scala(ambito: Ambito, ripetizioni: int) -> None:
    """Latency of each write on a quota with 1k, 100k and 1M movements (each write rolled back)."""
    from django.db import transaction

    with ambito_scope(ambito):
        quote = {n: Quota.objects.get(ambito=ambito, descrizione=f"Quota {n}") for n in TAGLIE_SCRITTURE}
        atto = Atto.objects.get(ambito=ambito, numero="BENCH")
        ultimo = INIZIO_BULK + dt.timedelta(days=GIORNI)
        scritture = {
            "impegno at the latest date": lambda q: services.impegno_create(
                quota=q, importo=Decimal("1.00"), data_contabile=ultimo, actor=None),
            "liquidazione at the latest date": lambda q: services.liquidazione_create(
                quota=q, importo=Decimal("0.10"), data_contabile=ultimo, atto=atto, actor=None),
            "impegno back-dated 30 days": lambda q: services.impegno_create(
                quota=q, importo=Decimal("1.00"), data_contabile=ultimo - dt.timedelta(days=30), actor=None),
            "impegno back-dated before every movement": lambda q: services.impegno_create(
                quota=q, importo=Decimal("1.00"), data_contabile=dt.date(2024, 2, 2), actor=None),
            "quota_resize (max-share vincolo)": lambda q: services.quota_resize(
                quota=q, nuovo_importo=Decimal("5000001.00"), atto=atto, data_contabile=ultimo, motivo="bench",
                actor=None),
            "quota_create under a max-share vincolo": lambda q: services.quota_create(
                assegnazione=q.assegnazione, tipo_destinazione=TipoDestinazione.COMUNE, descrizione="nuova",
                importo=Decimal("1.00"), atto=atto, data_contabile=ultimo, comune=q.comune, actor=None),
        }
        taglie = TAGLIE_PER_SCRITTURE
        print(f"{'write (median ms; p95)':<44}" + "".join(f"{n:>16,}" for n in taglie) + f"{'1M / 1k':>10}")
        for nome, scrivi in scritture.items():
            risultati = []
            for n in taglie:
                def una(q=quote[n], scrivi=scrivi):
                    try:
                        with transaction.atomic():
                            scrivi(q)
                            raise _Rollback
                    except _Rollback:
                        pass
                mediana, p95, _q = _misura(una, ripetizioni)
                risultati.append((mediana, p95))
            print(f"{nome:<44}" + "".join(f"{m:8.1f};{p:7.1f}" for m, p in risultati)
                  + f"{risultati[-1][0] / risultati[0][0]:10.2f}")


def rendiconto_in_scala(ambito: Ambito) -> None:
    """Time, cells/s and peak Python memory (tracemalloc) of the XLSX rendiconto at 10k/100k/300k
    movements, and the PDF's time and pages (its movements are capped)."""
    import io
    import logging
    import tempfile
    import tracemalloc

    from pypdf import PdfReader

    from ambito.exporters import scrivi_xlsx_fogli
    from ambito.pdf import render_pdf
    from fondi.jobs import MOVIMENTI_NEL_PDF, contesto_rendiconto, fogli_rendiconto, righe_movimenti

    logging.getLogger("weasyprint").setLevel(logging.WARNING)

    print(f"{'rendiconto':<12} {'XLSX s':>8} {'cells':>10} {'cells/s':>10} {'writer c/s':>10} {'raw XW c/s':>10} "
          f"{'peak MB':>8} {'raw fetch s':>12} {'PDF s':>7} {'pages':>6}   (load {os.getloadavg()[0]:.1f})")
    with ambito_scope(ambito):
        for n in TAGLIE_PER_RENDICONTO:
            a = Quota.objects.get(ambito=ambito, descrizione=f"Quota {n}").assegnazione
            data = dt.date(2030, 1, 1)
            with tempfile.TemporaryDirectory() as cartella:
                percorso = Path(cartella) / "r.xlsx"
                inizio = time.perf_counter()
                c = contesto_rendiconto(ambito=ambito, assegnazione_pk=a.pk, data=data)
                celle = scrivi_xlsx_fogli(percorso, fogli_rendiconto(c, ambito=ambito))
                tempo = time.perf_counter() - inizio
                tracemalloc.start()
                c = contesto_rendiconto(ambito=ambito, assegnazione_pk=a.pk, data=data)
                scrivi_xlsx_fogli(percorso, fogli_rendiconto(c, ambito=ambito))
                picco = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
            inizio = time.perf_counter()
            _sql("SELECT data_contabile, tipo, quota_id, importo * segno, atto_id, descrizione FROM fondi_movimento "
                 "WHERE assegnazione_id = %s AND data_contabile <= %s ORDER BY data_contabile, id", [a.pk, data])
            grezzo = time.perf_counter() - inizio
            scrittore, grezzo_xw = _solo_scrittore(ambito, a, data)
            inizio = time.perf_counter()
            c = contesto_rendiconto(ambito=ambito, assegnazione_pk=a.pk, data=data)
            c["movimenti"] = list(righe_movimenti(ambito=ambito, assegnazione=c["assegnazione"], data=data,
                                                  limite=MOVIMENTI_NEL_PDF))
            pdf = render_pdf("fondi/pdf/rendiconto.html", c, ambito=ambito)
            tempo_pdf = time.perf_counter() - inizio
            pagine = len(PdfReader(io.BytesIO(pdf)).pages)
            print(f"{n:<12,} {tempo:8.2f} {celle:10,} {celle / tempo:10,.0f} {scrittore:10,.0f} {grezzo_xw:10,.0f} "
                  f"{picco:8.1f} {grezzo:12.2f} {tempo_pdf:7.2f} {pagine:6d}")


def _solo_scrittore(ambito: Ambito, assegnazione, data: dt.date) -> tuple[float, float]:
    """Cells/s of the kit's writer alone (rows already read) and of a bare XlsxWriter loop over the
    same rows in the same process: the ratio shows the kit's own cost, whatever the machine's load."""
    import tempfile

    import xlsxwriter

    from ambito.exporters import Colonna, Foglio, scrivi_xlsx_fogli
    from fondi.jobs import contesto_rendiconto, righe_movimenti

    c = contesto_rendiconto(ambito=ambito, assegnazione_pk=assegnazione.pk, data=data)
    righe = list(righe_movimenti(ambito=ambito, assegnazione=c["assegnazione"], data=data, limite=100_000))
    colonne = [Colonna("a", "data"), *(Colonna(x) for x in "bcd"), Colonna("e", "euro"), Colonna("f"), Colonna("g")]
    with tempfile.TemporaryDirectory() as cartella:
        inizio = time.perf_counter()
        celle = scrivi_xlsx_fogli(Path(cartella) / "a.xlsx", [Foglio("x", colonne, righe)])
        kit = celle / (time.perf_counter() - inizio)
        inizio = time.perf_counter()
        libro = xlsxwriter.Workbook(str(Path(cartella) / "b.xlsx"), {"constant_memory": True})
        foglio = libro.add_worksheet()
        for r, riga in enumerate(righe, start=1):
            for k, v in enumerate(riga):
                if isinstance(v, str):
                    foglio.write_string(r, k, v)
                elif isinstance(v, dt.date):
                    foglio.write_number(r, k, (v - dt.date(1899, 12, 30)).days)
                else:
                    foglio.write_number(r, k, v)
        libro.close()
        grezzo = celle / (time.perf_counter() - inizio)
    return kit, grezzo


def scala(totale: int, ripetizioni: int, sezioni: str = "pagine,scritture,rendiconto") -> None:
    inizio = time.perf_counter()
    pagine, scritture = prepara_scala(totale)
    print(f"data ready in {time.perf_counter() - inizio:.1f} s")
    with cross_ambito("bench: counts"):
        print(f"movements: pages Ambito {Movimento.objects.filter(ambito=pagine).count():,}, "
              f"writes Ambito {Movimento.objects.filter(ambito=scritture).count():,}")
    if "pagine" in sezioni:
        pagine_in_scala(pagine, ripetizioni)
    if "scritture" in sezioni:
        scritture_in_scala(scritture, ripetizioni)
    if "rendiconto" in sezioni:
        rendiconto_in_scala(scritture)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scala", type=int, default=0, metavar="N",
                        help="issue 13: bulk-load N movements (e.g. 1000000) and print pages, writes, rendiconto")
    parser.add_argument("--assegnazioni", type=int, default=100)
    parser.add_argument("--quote", type=int, default=5)
    parser.add_argument("--movimenti", type=int, default=10)
    parser.add_argument("--sezioni", default="pagine,scritture,rendiconto", help="with --scala: which parts to run")
    parser.add_argument("--scritture", action="store_true", help="time the writes (see the module docstring)")
    parser.add_argument("--ripetizioni", type=int, default=30)
    args = parser.parse_args()
    if args.scala:
        services.fonti_seed()
        scala(args.scala, args.ripetizioni, args.sezioni)
        return
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
