"""``flush`` as the owner of the tables: TRUNCATE is not granted to the application role."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush

from ambito.tenancy import rls


class Command(flush.Command):
    def handle(self, *args: Any, **options: Any) -> Any:
        with rls.come_proprietario():
            return super().handle(*args, **options)
