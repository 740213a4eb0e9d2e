"""Benchmark of the monthly run (issue 17): an Ambito with 60 comuni and ``--piani`` (12,000) active payment plans on
one bando; times preparing the run (collect + re-check every line + store the lines) and confirming it (payments,
one liquidazione per quota × comune, SIUSS outbox), with query counts and peak memory. Target: < 5 s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ambito_bench_erog .venv/bin/python manage.py migrate
    DATABASE_URL=… .venv/bin/python bench/erogazioni.py --piani 12000 --ripetizioni 3

The generator (idempotent, Ambito "bench-erog") bulk-loads beneficiari, domande (attiva) and plans; a few plans
get a suspension, an expired ISEE or an incompatible benefit so the exclusions are exercised. Each measured run is
rolled back, so it can be repeated; before each one (not timed) the database gets a ``VACUUM ANALYZE``, the state
autovacuum keeps in production (it is off on the shared bench server: without it the tables had no statistics and
every rolled-back run left ~36,000 dead rows that slowed the next one).

Measured figures, method (versions alternated within the same minutes, medians, load) and where the remaining time
goes: docs/issue-17-checklist-erogazioni.md, "Performance". In short, on the shared 2-core machine at load 7–12:
median ≈ 17 s before → ≈ 4 s (the same-Ambito check of an INSERT is set-based: ambito/tenancy/rls.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ambito.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from ambito.atti.models import Atto, TipoAtto  # noqa: E402
from ambito.tenancy import ambito_scope, cross_ambito, rls  # noqa: E402
from ambito.tenancy.models import Ambito  # noqa: E402
from ambito.territorio.models import AppartenenzaComune, Comune  # noqa: E402
from fondi import services as fondi  # noqa: E402
from fondi.models import FonteFinanziamento, TipoDestinazione  # noqa: E402
from misure.models import (  # noqa: E402
    Bando,
    Beneficiario,
    BeneficioEsterno,
    Domanda,
    EdizioneMisura,
    EventoBeneficio,
    Misura,
    PianoErogazione,
    StatoBando,
    StatoDomanda,
    Strumento,
    StrumentoBando,
    VersioneRegole,
)
from misure.services import erogazioni as services  # noqa: E402

IBAN = "IT60X0542811101000000123456"
MESE = dt.date(2025, 3, 1)


class Rollback(Exception):
    pass


def prepara(n: int) -> tuple[Ambito, Bando]:
    ambito, _ = Ambito.objects.get_or_create(slug="bench-erog", defaults={"denominazione": "Ambito bench erogazioni",
                                                                          "codice": "BENCH-EROG"})
    with cross_ambito("bench: build comuni"):
        if not AppartenenzaComune.objects.filter(ambito=ambito).exists():
            for i in range(60):
                c, _ = Comune.objects.get_or_create(codice_istat=f"98{i:04d}", defaults={
                    "denominazione": f"Comune erog {i}", "sigla_provincia": "XX", "codice_catastale": f"Y{i:03d}",
                    "popolazione": 1000 + 37 * i, "popolazione_anno": 2024})
                AppartenenzaComune.objects.create(ambito=ambito, comune=c, valido_dal=dt.date(2000, 1, 1))
    fondi.fonti_seed()
    with ambito_scope(ambito):
        bando = Bando.objects.filter(ambito=ambito, titolo="Bando bench").first()
        if bando is None:
            bando = _bando(ambito, n)
        presenti = PianoErogazione.objects.filter(ambito=ambito).count()
        if presenti < n:
            _genera(ambito, bando, presenti, n)
    return ambito, bando


def _bando(ambito: Ambito, n: int) -> Bando:
    misura = Misura.objects.create(ambito=ambito, codice="b2-bench", nome="B2 bench")
    edizione = EdizioneMisura.objects.create(ambito=ambito, misura=misura, titolo="B2 bench", annualita=2024,
                                             esercizio=2025)
    strumento = Strumento.objects.create(ambito=ambito, edizione=edizione, codice="caregiver", nome="Caregiver",
                                         importo_mensile=Decimal("400.00"), mesi=12)
    bando = Bando.objects.create(ambito=ambito, edizione=edizione, titolo="Bando bench", stato=StatoBando.PUBBLICATO)
    StrumentoBando.objects.create(ambito=ambito, bando=bando, strumento=strumento, importo_mensile=Decimal("400.00"),
                                  mesi=12)
    VersioneRegole.objects.create(ambito=ambito, bando=bando, numero=1, congelata=True, regole_incompatibilita={
        "regole": [{"codice": "b1", "descrizione": "B1", "tipo": "beneficio", "riferimento": "b1", "modo": "x"}]})
    atto = Atto.objects.create(ambito=ambito, tipo=TipoAtto.DECRETO_REGIONALE, numero="BENCH", data=dt.date(2024, 1, 1),
                               oggetto="Bench")
    a = fondi.assegnazione_create(ambito=ambito, fonte=FonteFinanziamento.objects.filter(padre__isnull=True).first(),
                                  descrizione="FNA bench", annualita=2024, esercizio=2025,
                                  importo=Decimal("100000000.00"), data_assegnazione=dt.date(2024, 1, 1), atto=atto,
                                  actor=None)
    q = fondi.quota_create(assegnazione=a, tipo_destinazione=TipoDestinazione.BANDO, descrizione="Bando bench",
                           importo=Decimal("90000000.00"), atto=atto, data_contabile=dt.date(2024, 2, 1), actor=None,
                           oggetto=bando)
    fondi.impegno_create(quota=q, importo=Decimal("80000000.00"), data_contabile=dt.date(2024, 2, 1), actor=None,
                         atto=atto)
    return bando


def _genera(ambito: Ambito, bando: Bando, da: int, n: int) -> None:
    from ambito.territorio.selectors import comune_list

    comuni = list(comune_list(ambito=ambito, data=MESE))
    sb = bando.strumenti.get()
    from fondi.models import Quota

    quota = Quota.objects.get(ambito=ambito, object_id=bando.pk)
    for inizio in range(da, n, 2000):
        fine = min(inizio + 2000, n)
        ben = Beneficiario.objects.bulk_create([Beneficiario(
            ambito=ambito, comune=comuni[i % 60], codice_fiscale=f"BNCH{i:012d}", cognome=f"Bench{i}", nome="X",
            sesso="F", data_nascita=dt.date(1940, 1, 1), luogo_nascita_belfiore="E648", iban=IBAN)
            for i in range(inizio, fine)])
        dom = Domanda.objects.bulk_create([Domanda(
            ambito=ambito, comune=b.comune, bando=bando, strumento=sb, beneficiario=b, stato=StatoDomanda.ATTIVA,
            protocollo_anno=2025, protocollo_numero=100000 + i, isee_scadenza=dt.date(2025, 1, 31) if i % 500 == 7
            else dt.date(2025, 12, 31)) for i, b in zip(range(inizio, fine), ben, strict=True)])
        piani = PianoErogazione.objects.bulk_create([PianoErogazione(
            ambito=ambito, comune=d.comune, domanda=d, beneficiario=d.beneficiario, strumento=sb, quota=quota,
            mese_inizio=dt.date(2025, 1, 1), mese_fine=dt.date(2025, 12, 1), importo_mensile=Decimal("400.00"),
            totale=Decimal("4800.00"), intestatario="Bench", iban=IBAN) for d in dom])
        EventoBeneficio.objects.bulk_create([EventoBeneficio(
            ambito=ambito, piano=p, tipo="sospensione", dal=dt.date(2025, 3, 10), al=dt.date(2025, 3, 19),
            motivo="bench") for p in piani[::100]])
        BeneficioEsterno.objects.bulk_create([BeneficioEsterno(
            ambito=ambito, beneficiario=p.beneficiario, codice="b1", dal=dt.date(2025, 2, 1)) for p in piani[3::400]])
        print(f"  generati {fine} piani", flush=True)


def vacuum() -> None:
    """``VACUUM ANALYZE`` as the owner, before every measured run (not timed): the steady state of a database whose
    autovacuum runs. Without it (autovacuum is off on the shared bench server) the tables keep no statistics, and
    every rolled-back run leaves its ~36,000 rows behind as dead tuples that the next run's unique checks and
    scans wade through: each repetition got slower than the one before."""
    with rls.come_proprietario(), connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def misura(ambito: Ambito, bando: Bando, *, memoria: bool) -> dict:
    vacuum()
    atto = Atto.objects.filter(ambito=ambito, numero="BENCH").first()
    risultato: dict = {}
    try:
        with transaction.atomic():
            if memoria:
                tracemalloc.start()
            with CaptureQueriesContext(connection) as q1:
                t0 = time.perf_counter()
                distinta = services.distinta_prepara(bando=bando, mese=MESE, actor=None)
                t1 = time.perf_counter()
            with CaptureQueriesContext(connection) as q2:
                services.distinta_conferma(distinta=distinta, actor=None, atto=atto, data_contabile=MESE)
                t2 = time.perf_counter()
            if memoria:
                risultato["picco_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
                tracemalloc.stop()
            risultato.update(prepara=t1 - t0, conferma=t2 - t1, query_prepara=len(q1.captured_queries),
                             query_conferma=len(q2.captured_queries), incluse=distinta.righe_incluse,
                             escluse=distinta.righe_escluse, totale=distinta.totale)
            raise Rollback
    except Rollback:
        pass
    return risultato


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--piani", type=int, default=12000)
    parser.add_argument("--ripetizioni", type=int, default=3)
    args = parser.parse_args()
    ambito, bando = prepara(args.piani)
    with ambito_scope(ambito):
        misure = [misura(ambito, bando, memoria=False) for _ in range(args.ripetizioni)]
        memoria = misura(ambito, bando, memoria=True)
    m = misure[-1]
    prep = statistics.median(x["prepara"] for x in misure)
    conf = statistics.median(x["conferma"] for x in misure)
    print(f"piani attivi: {args.piani}; righe pagate {m['incluse']}, escluse {m['escluse']}, totale {m['totale']}")
    print(f"prepara (raccolta + ricontrolli + righe): mediana {prep:.2f} s, {m['query_prepara']} query")
    print(f"conferma (pagamenti + liquidazioni per comune + SIUSS): mediana {conf:.2f} s, {m['query_conferma']} query")
    print(f"distinta completa: {prep + conf:.2f} s (obiettivo < 5 s)")
    print(f"picco di memoria Python (tracemalloc, una esecuzione): {memoria['picco_mb']:.1f} MB")


if __name__ == "__main__":
    main()
