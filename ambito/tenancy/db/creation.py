"""Test databases are created, migrated and destroyed by the owner of the tables."""

from __future__ import annotations

from typing import Any

from django.db.backends.postgresql import creation

from ambito.tenancy import rls


class DatabaseCreation(creation.DatabaseCreation):
    def create_test_db(self, *args: Any, **kwargs: Any) -> str:
        with rls.come_proprietario():
            return super().create_test_db(*args, **kwargs)

    def destroy_test_db(self, *args: Any, **kwargs: Any) -> None:
        with rls.come_proprietario():
            super().destroy_test_db(*args, **kwargs)

    def setup_worker_connection(self, *args: Any, **kwargs: Any) -> None:
        with rls.come_proprietario():
            super().setup_worker_connection(*args, **kwargs)
