"""Job kinds registered only for tests. Imported by the test modules and, with ``-I``, by the real
Celery worker that tests/jobs/test_worker.py starts."""

from __future__ import annotations

import time

from django import forms
from django.db import OperationalError

from ambito.errors import RegolaViolata
from ambito.jobs.esecuzione import ContestoJob
from ambito.jobs.registry import ParametriForm, Risultato, tipo_job

CAPACITA = "ambito.jobs.avvia"
MESSAGGIO_FALLIMENTO = "Mancano i dati del 2025: caricali prima di esportare."

# How many times "prova.db_transitorio" has failed, per job uuid (one process: eager tests only).
FALLIMENTI_TRANSITORI: dict[str, int] = {}


class LentoForm(ParametriForm):
    passi = forms.IntegerField(min_value=1, max_value=1000)
    pausa_ms = forms.IntegerField(min_value=0, max_value=2000)


@tipo_job("prova.lento", etichetta="Prova lenta", capacita=CAPACITA, form=LentoForm)
def lento(ctx: ContestoJob) -> Risultato:
    """Writes one line per step to a temp file, sleeping between steps and reporting progress."""
    passi, pausa = ctx.dati["passi"], ctx.dati["pausa_ms"] / 1000
    percorso = ctx.file_temporaneo(".txt")
    with percorso.open("w", encoding="utf-8") as handle:
        for passo in range(1, passi + 1):
            time.sleep(pausa)
            handle.write(f"riga {passo} (tentativo {ctx.tentativo})\n")
            handle.flush()
            ctx.progresso(passo * 100 // passi, f"Passo {passo} di {passi}")
    return "lento.txt", percorso


@tipo_job("prova.fallisce", etichetta="Prova che fallisce", capacita=CAPACITA)
def fallisce(ctx: ContestoJob) -> Risultato:
    ctx.progresso(10, "Controllo dei dati")
    raise RegolaViolata(MESSAGGIO_FALLIMENTO)


@tipo_job("prova.esplode", etichetta="Prova con un errore imprevisto", capacita=CAPACITA)
def esplode(ctx: ContestoJob) -> Risultato:
    ctx.progresso(10, "Calcolo")
    return "x.txt", str(1 // 0).encode()


@tipo_job("prova.db_transitorio", etichetta="Prova con un errore transitorio", capacita=CAPACITA)
def db_transitorio(ctx: ContestoJob) -> Risultato:
    chiave = str(ctx.job.uuid)
    if FALLIMENTI_TRANSITORI.get(chiave, 0) < 1:
        FALLIMENTI_TRANSITORI[chiave] = FALLIMENTI_TRANSITORI.get(chiave, 0) + 1
        raise OperationalError("server closed the connection unexpectedly")
    return "ok.txt", f"tentativo {ctx.tentativo}".encode()
