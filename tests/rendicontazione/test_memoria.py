"""Exports stream: the peak memory of producing a return does not grow with its rows (checks and writing both
read the rows as a stream; nothing is kept per row for a return without a ``chiave``)."""

from __future__ import annotations

import tracemalloc

import pytest

from ambito.jobs.models import StatoJob
from tests.rendicontazione import ritorno_prova  # noqa: F401  (registers the test returns)
from tests.rendicontazione.helpers import produci

pytestmark = pytest.mark.django_db


def picco(w, capture, formato: str, righe: int) -> int:
    tracemalloc.start()
    try:
        invio = produci(w, capture, codice="prova_grande", formato=formato, periodo=1,
                        parametri={"righe": str(righe)})
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        assert invio.job.stato == StatoJob.COMPLETATO, invio.job.errore


@pytest.mark.parametrize("formato", ["csv", "xlsx", "xml"])
def test_memory_stays_flat_as_rows_grow(mondo, django_capture_on_commit_callbacks, formato):
    picco(mondo.a, django_capture_on_commit_callbacks, formato, 100)  # first run: imports, caches
    piccolo = picco(mondo.a, django_capture_on_commit_callbacks, formato, 1_000)
    grande = picco(mondo.a, django_capture_on_commit_callbacks, formato, 10_000)
    # 9,000 more rows held in memory would take ~3 MB; the peak may move only by bounded caches (the writer's
    # cache of short texts holds at most 4,096 entries).
    assert grande - piccolo < 1024 * 1024, (piccolo, grande)
