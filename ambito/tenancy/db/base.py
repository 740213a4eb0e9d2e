"""Django's PostgreSQL backend, plus the two things row-level security needs from every connection.

* It runs as the application role (``SET ROLE`` right after connecting, Django's ``assume_role``), except
  inside :func:`ambito.tenancy.rls.come_proprietario` (migrations, flush, test-database set-up).
* Before each query it makes the session settings ``ambito.id``/``ambito.cross`` say what the current
  scope says (:func:`ambito.tenancy.rls.stato_voluto`): one extra statement when they changed, none
  otherwise. A rollback may undo a ``set_config`` of its transaction, so after one the settings are
  written again before the next query.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus

from ambito.tenancy import rls
from ambito.tenancy.db.creation import DatabaseCreation


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ambito_applicato: tuple[str, str] | None = None
        self.execute_wrappers.append(self._allinea_prima_della_query)

    # --- role -------------------------------------------------------------------------------------
    def _configure_role(self, connection: Any) -> bool:
        if rls.in_modo_proprietario():
            return False
        ruolo = rls.ruolo_applicazione()
        if not ruolo or ruolo == self.settings_dict["USER"]:
            return False  # already connected as the application role
        with connection.cursor() as cursor:
            cursor.execute(self.ops.compose_sql("SET ROLE %s", [ruolo]))
        return True

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        self._ambito_applicato = None
        return super().get_new_connection(conn_params)

    # --- scope ------------------------------------------------------------------------------------
    def allinea_ambito(self, *, subito: bool = False) -> None:
        """Write the scope into the session if it differs from what the session holds.

        ``subito``: called outside a query (a scope just ended); a failure only forgets what was written,
        and the next query writes it again.
        """
        if self.connection is None or self.needs_rollback:
            return
        if self.connection.info.transaction_status == TransactionStatus.INERROR:
            return  # an aborted transaction: the query fails with its own error, the rollback comes next
        voluto = rls.stato_voluto()
        if voluto == self._ambito_applicato:
            return
        try:
            with self.wrap_database_errors, self.connection.cursor() as cursor:
                cursor.execute("SELECT set_config('ambito.id', %s, false), set_config('ambito.cross', %s, false)",
                               voluto)
        except Exception:
            self._ambito_applicato = None
            if subito:
                return
            raise
        self._ambito_applicato = voluto

    def _allinea_prima_della_query(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.allinea_ambito()
        return execute(sql, params, many, context)

    def _rollback(self) -> None:
        super()._rollback()
        self._ambito_applicato = None

    def _savepoint_rollback(self, sid: str) -> None:
        super()._savepoint_rollback(sid)
        self._ambito_applicato = None

    def _close(self) -> None:
        self._ambito_applicato = None
        super()._close()
