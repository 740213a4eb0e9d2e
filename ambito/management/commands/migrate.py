"""``migrate`` as the owner of the tables (the application role may not change the schema).

Creates the application role first when it is missing; ``post_migrate`` then installs row-level security
(:mod:`ambito.tenancy.rls`).
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import migrate
from django.db import connections

from ambito.tenancy import rls


class Command(migrate.Command):
    def handle(self, *args: Any, **options: Any) -> Any:
        with rls.come_proprietario():
            conn = connections[options.get("database") or "default"]
            if conn.vendor == "postgresql":
                with conn.cursor() as cursor:
                    rls.assicura_ruolo(cursor)
            return super().handle(*args, **options)
