"""The body of one process of the multi-process concurrency test (tests/fondi/test_concorrenza_processi.py).

Kept free of Django imports at module level: a spawned interpreter imports this module before
Django is set up (the parent passes the test database through ``DATABASE_URL``).
"""

from __future__ import annotations

import time
from typing import Any


def impegna(ambito_id: int, quota_id: int, importo: str, barriera: Any, risultati: Any) -> None:
    import django

    django.setup()
    from decimal import Decimal

    from django.db import connections

    from ambito.errors import RegolaViolata
    from ambito.tenancy import ambito_scope, cross_ambito
    from ambito.tenancy.models import Ambito
    from fondi import services
    from fondi.models import Quota

    originale = services.andamento_get

    def lento(**kwargs: Any) -> Any:
        # Widen the window between reading the balances and inserting, where a race would strike.
        risultato = originale(**kwargs)
        time.sleep(0.3)
        return risultato

    services.andamento_get = lento
    try:
        with cross_ambito("test process: resolve the Ambito by id"):
            ambito = Ambito.objects.get(pk=ambito_id)
        with ambito_scope(ambito):
            quota = Quota.objects.get(pk=quota_id)
            barriera.wait(60)
            try:
                services.impegno_create(quota=quota, importo=Decimal(importo), data_contabile=quota.creato_il.date(),
                                        actor=None)
                risultati.put(("ok", importo))
            except RegolaViolata as exc:
                risultati.put(("rifiutato", exc.messaggio))
    except Exception as exc:  # report, do not hang the parent
        risultati.put(("errore", repr(exc)))
    finally:
        connections.close_all()
