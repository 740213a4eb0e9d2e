"""Benchmark of the ranking (issue 17): 60 comuni, 20,000 domande in one bando, 6 criteria, 3 tie-breakers.

    createdb -h 127.0.0.1 -U postgres ambito_bench_grad
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ambito_bench_grad .venv/bin/python manage.py migrate
    DATABASE_URL=… .venv/bin/python bench/graduatorie.py [--domande 20000] [--ripetizioni 7] [--dettaglio compatto]

Generates (idempotently, bulk inserts, in its own Ambito "bench-grad", then ``ANALYZE`` as the table owner) the
comuni, a B2 bando with two strumenti and the assessed domande: their points stored as the rules engine stores
them (criterion, description, value, "12.50", note; ``--dettaglio compatto``: the first version's criterion and
integer points only, in a bando of its own), nine in ten with an assessment score (a tie-breaker reads it).
Then prints, measured in the same run and alternated within each repetition: the ranking with its funding line
(:func:`misure.selectors.graduatorie.snapshot_preparato` and :func:`misure.regole.graduatoria.calcola`: read,
order, funding, hash), one raw SQL read of the same rows and stored columns (latest assessment included) with the
database's default settings and again with the ranking read's settings (no JIT, sort in memory), the ratios, this
process's CPU time, the 1-minute load, the queries of the ranking, and the peak Python memory (tracemalloc).

The machine is shared and its load swings: compare versions by alternating runs in the same minutes and take
medians (figures and method: docs/issue-17-checklist-graduatorie.md, "Performance"). Last measured
(06:07–06:12 UTC, load 3.4–4.8, no quieter moment): ranking ≈ 515–525 ms median (≈ 440 ms min; one run
737 ms) on the engine-shaped data and ≈ 480 ms on the first shape (one run 612 ms); raw read 0.22–0.44 s
(0.12–0.32 s with the ranking's settings); ratio 1.4–2.5× (2.1–2.4× engine-shaped, 2.9–4.6× first shape, with
the same settings); about 2.1× faster than the previous version alternated in the same minutes; this process's
CPU for the ranking ≈ 210–250 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
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

from ambito.tenancy import ambito_scope, cross_ambito  # noqa: E402
from ambito.tenancy.models import Ambito  # noqa: E402
from ambito.tenancy.rls import come_proprietario  # noqa: E402
from ambito.territorio.models import AppartenenzaComune, Comune  # noqa: E402
from misure.models import (  # noqa: E402
    Bando,
    Beneficiario,
    Domanda,
    EdizioneMisura,
    Misura,
    Strumento,
    StrumentoBando,
    Valutazione,
    VersioneRegole,
)
from misure.regole.graduatoria import Parametri, calcola  # noqa: E402
from misure.selectors.graduatorie import IMPOSTAZIONI_LETTURA, snapshot_preparato  # noqa: E402
from misure.services.domande import codice_pubblico_nuovo  # noqa: E402

CRITERI = ["isee", "eta", "condizione:vive_solo", "condizione:caregiver_over75", "condizione:minori", "valutazione"]
PARITA = ["isee_crescente", "eta_decrescente", "valutazione_decrescente"]
TITOLI = {"motore": "Bench B2 motore", "compatto": "Bench B2"}
DESCRIZIONI = {"isee": "Fascia ISEE", "eta": "Fascia d'età", "condizione:vive_solo": "Vive solo",
               "condizione:caregiver_over75": "Caregiver con più di 75 anni", "condizione:minori": "Minori nel nucleo",
               "valutazione": "Valutazione multidimensionale"}
VALORI = {"isee": "da 10.000,00 € a 20.000,00 €", "eta": "87 anni", "condizione:vive_solo": "sì",
          "condizione:caregiver_over75": "no", "condizione:minori": "sì", "valutazione": "45,00 / 100,00"}


def prepara(n_domande: int, dettaglio: str = "motore") -> tuple[Ambito, Bando]:
    ambito, _ = Ambito.objects.get_or_create(slug="bench-grad", defaults={"denominazione": "Ambito bench grad",
                                                                          "codice": "BENCH-GRAD"})
    with cross_ambito("bench: build comuni"):
        if not AppartenenzaComune.objects.filter(ambito=ambito).exists():
            for i in range(60):
                c, _ = Comune.objects.get_or_create(codice_istat=f"98{i:04d}", defaults={
                    "denominazione": f"Comune grad {i}", "sigla_provincia": "XX", "codice_catastale": f"Y{i:03d}",
                    "popolazione": 1000 + 97 * i, "popolazione_anno": 2024})
                AppartenenzaComune.objects.create(ambito=ambito, comune=c, valido_dal=dt.date(2000, 1, 1))
        comuni = list(Comune.objects.filter(codice_istat__startswith="98").order_by("codice_istat")[:60])
    with ambito_scope(ambito):
        titolo = TITOLI[dettaglio]
        bando = Bando.objects.filter(ambito=ambito, titolo=titolo).first()
        if bando is None:
            bando = _bando(ambito, titolo)
        esistenti = Domanda.objects.filter(bando=bando).count()
        if esistenti < n_domande:
            _domande(ambito, bando, comuni, esistenti, n_domande, dettaglio)
            with come_proprietario(), connection.cursor() as cursor:  # fresh statistics, as on a real table
                cursor.execute("ANALYZE misure_domanda, misure_beneficiario, misure_valutazione")
    return ambito, bando


def _bando(ambito: Ambito, titolo: str) -> Bando:
    codice = "b2-bench" if titolo == TITOLI["compatto"] else "b2-bench-motore"
    misura = Misura.objects.create(ambito=ambito, codice=codice, nome="B2 bench")
    edizione = EdizioneMisura.objects.create(ambito=ambito, misura=misura, titolo="B2 bench", annualita=2024,
                                             esercizio=2025)
    bando = Bando.objects.create(ambito=ambito, edizione=edizione, titolo=titolo, stato="pubblicato")
    for codice, importo in (("caregiver", "400.00"), ("assistente", "800.00")):
        s = Strumento.objects.create(ambito=ambito, edizione=edizione, codice=codice, nome=codice,
                                     importo_mensile=Decimal(importo), mesi=12)
        StrumentoBando.objects.create(ambito=ambito, bando=bando, strumento=s, importo_mensile=Decimal(importo),
                                      mesi=12)
    VersioneRegole.objects.create(ambito=ambito, bando=bando, numero=1, congelata=True,
                                  regole_punteggio={"parita": PARITA})
    return bando


def _domande(ambito: Ambito, bando: Bando, comuni: list, da: int, a: int, dettaglio: str) -> None:
    rnd = random.Random(17)
    strumenti = list(StrumentoBando.objects.filter(bando=bando))
    versione = VersioneRegole.objects.get(bando=bando)
    prefisso, anno = ("BNC", 2025) if dettaglio == "compatto" else ("BNM", 2026)
    with transaction.atomic():
        for inizio in range(da, a, 2000):
            fine = min(a, inizio + 2000)
            persone = Beneficiario.objects.bulk_create([
                Beneficiario(ambito=ambito, comune=comuni[i % 60], codice_fiscale=f"{prefisso}{i:013d}",
                             cognome=f"C{i}", nome=f"N{i}", sesso="F",
                             data_nascita=dt.date(1930, 1, 1) + dt.timedelta(days=i % 9000),
                             luogo_nascita_belfiore="E648") for i in range(inizio, fine)])
            domande = Domanda.objects.bulk_create([
                Domanda(ambito=ambito, comune=p.comune, bando=bando, strumento=strumenti[i % 2],
                        versione_regole=versione, beneficiario=p, stato="ammissibile" if i % 20 else "in_sospeso",
                        protocollo_anno=anno, protocollo_numero=i + 1, codice_pubblico=codice_pubblico_nuovo(),
                        isee_tipo="sociosanitario", isee_valore=Decimal(rnd.randint(0, 2500000)) / 100,
                        punteggio_dettaglio=_dettaglio(rnd, dettaglio))
                for i, p in zip(range(inizio, fine), persone, strict=True)])
            if dettaglio == "motore":  # nine domande in ten assessed (the valutazione tie-breaker reads them)
                Valutazione.objects.bulk_create([
                    Valutazione(ambito=ambito, domanda=d, strumento="svama", data=dt.date(2025, 1, 1 + i % 28),
                                punteggio=Decimal(rnd.randint(0, 10000)) / 100, punteggio_massimo=Decimal(100))
                    for i, d in enumerate(domande) if i % 10])


def _dettaglio(rnd: random.Random, forma: str) -> list[dict[str, str]]:
    """The points of one domanda. "motore": what the rules engine stores (misure.regole.valutazione._riga: the
    criterion, its description, the value read, points as a two-decimal string, a note); "compatto": the first
    version of this bench (criterion and integer points only, "12": a shape the engine never writes, read by the
    checked normalisation)."""
    punti = [rnd.randint(0, 20) for _ in CRITERI]
    if forma == "compatto":
        return [{"criterio": c, "punti": str(p)} for c, p in zip(CRITERI, punti, strict=True)]
    return [{"criterio": c, "descrizione": DESCRIZIONI[c], "valore": VALORI[c], "punti": f"{p}.{rnd.choice('05')}0",
             "nota": "" if p else "Dato non dichiarato: 0 punti."} for c, p in zip(CRITERI, punti, strict=True)]


def graduatoria(bando: Bando) -> tuple[int, Decimal]:
    snap, preparato = snapshot_preparato(bando=bando, parita=PARITA)
    risultato = calcola(snap, Parametri(budget=Decimal("30000000"), parita=tuple(PARITA)), preparato)
    return len(risultato.righe), risultato.finanziato


# The stored columns the ranking needs, for the same rows, in one plain query (no JSON path, no ranking order):
# what the checked path of the snapshot reads, the latest assessment score included (a tie-breaker).
SQL_GREZZO = """
SELECT d.id, d.codice_pubblico, d.comune_id, d.strumento_id, d.stato, d.motivo_esito, d.punteggio_dettaglio,
       d.protocollo_anno, d.protocollo_numero, d.parametro_fasce, d.isee_valore, b.data_nascita,
       (SELECT v.punteggio FROM misure_valutazione v WHERE v.ambito_id = %(ambito)s AND v.domanda_id = d.id
        ORDER BY v.data DESC, v.id DESC LIMIT 1)
FROM misure_domanda d JOIN misure_beneficiario b ON b.id = d.beneficiario_id
WHERE d.ambito_id = %(ambito)s AND d.bando_id = %(bando)s
  AND d.stato IN ('ammissibile', 'lista_attesa', 'in_sospeso', 'non_ammissibile')
ORDER BY d.id"""


def lettura_sql(bando: Bando) -> int:
    with connection.cursor() as cursor:
        cursor.execute(SQL_GREZZO, {"ambito": bando.ambito_id, "bando": bando.pk})
        return len(cursor.fetchall())


def lettura_sql_come_graduatoria(bando: Bando) -> int:
    """The raw read with the settings the ranking's read takes (no JIT, sort in memory): the fair other side."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(IMPOSTAZIONI_LETTURA)
        cursor.execute(SQL_GREZZO, {"ambito": bando.ambito_id, "bando": bando.pk})
        return len(cursor.fetchall())


CPU: dict[int, list[float]] = {}  # per function position: this process's CPU time (less sensitive to the load)


def tempi_alternati(funzioni: list, ripetizioni: int) -> list[list[float]]:
    """Each repetition times every function once, in turn: both see the same moments of a shared machine."""
    misure: list[list[float]] = [[] for _ in funzioni]
    for _ in range(ripetizioni):
        for i, (fn, tempi) in enumerate(zip(funzioni, misure, strict=True)):
            inizio, cpu = time.perf_counter(), time.process_time()
            fn()
            tempi.append(time.perf_counter() - inizio)
            CPU.setdefault(i, []).append(time.process_time() - cpu)
    return misure


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--domande", type=int, default=20000)
    parser.add_argument("--ripetizioni", type=int, default=7)
    parser.add_argument("--dettaglio", choices=sorted(TITOLI), default="motore")
    args = parser.parse_args()
    ambito, bando = prepara(args.domande, args.dettaglio)
    carico = os.getloadavg()[0]
    with ambito_scope(ambito):
        righe, finanziato = graduatoria(bando)  # warm-up
        lettura_sql(bando)
        lettura_sql_come_graduatoria(bando)
        t_grad, t_sql, t_sql2 = tempi_alternati([lambda: graduatoria(bando), lambda: lettura_sql(bando),
                                                 lambda: lettura_sql_come_graduatoria(bando)], args.ripetizioni)
        with CaptureQueriesContext(connection) as q:
            graduatoria(bando)
        tracemalloc.start()
        graduatoria(bando)
        picco = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    mg, ms, ms2 = statistics.median(t_grad), statistics.median(t_sql), statistics.median(t_sql2)
    print(f"dettaglio {args.dettaglio}; domande in graduatoria: {righe}, finanziato {finanziato} €; "
          f"carico (load average 1 min) {carico:.1f} → {os.getloadavg()[0]:.1f}")
    print(f"graduatoria con linea di finanziamento: mediana {mg * 1000:.0f} ms (min {min(t_grad) * 1000:.0f})")
    print(f"lettura SQL grezza delle stesse righe: mediana {ms * 1000:.0f} ms (min {min(t_sql) * 1000:.0f})")
    print(f"  con le impostazioni della graduatoria (jit off, work_mem 32MB): mediana {ms2 * 1000:.0f} ms "
          f"(min {min(t_sql2) * 1000:.0f})")
    print(f"rapporto: {mg / ms:.2f}× (min/min {min(t_grad) / min(t_sql):.2f}×); con le stesse impostazioni "
          f"{mg / ms2:.2f}× (min/min {min(t_grad) / min(t_sql2):.2f}×)")
    print(f"CPU di questo processo (mediana): graduatoria {statistics.median(CPU[0]) * 1000:.0f} ms, lettura "
          f"grezza {statistics.median(CPU[1]) * 1000:.0f} ms (il resto è attesa del database e della macchina)")
    print(f"query della graduatoria: {len(q)}  memoria di picco: {picco:.1f} MiB")


if __name__ == "__main__":
    main()
