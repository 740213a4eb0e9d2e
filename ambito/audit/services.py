"""Writing the audit trail.

* Changes: every tenant model derives from :class:`ambito.tenancy.models.TenantModel`, which carries
  django-simple-history; each save/delete writes a historical row with the actor (from the
  scope entry point), the time and the full state, so before/after is the diff of two
  consecutive rows (read by :func:`ambito.audit.selectors.storia_oggetto`).
* Reads of sensitive personal data: :func:`registra_lettura_sensibile`.
* Both kinds of rows are append-only in the database: :func:`install_append_only_triggers`
  (run after every ``migrate``) refuses UPDATE and DELETE on them, so no code path — the
  application, the admin, a shell — can rewrite history.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models

from ambito.accounts.models import Utente
from ambito.audit.models import AccessoDatiSensibili
from ambito.tenancy.models import Ambito

_TRIGGER_FUNCTION = """
CREATE OR REPLACE FUNCTION ambito_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit rows are append-only (table %)', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def append_only_models() -> list[type[models.Model]]:
    """Historical models of every audited model, the sensitive-read log, and every log model that declares
    ``solo_aggiunta = True`` (e.g. the attachments' download log)."""
    # Historical models and their M2M history tables (e.g. HistoricalMembro_comuni).
    storici = [m for m in apps.get_models() if m.__name__.startswith("Historical")]
    dichiarati = [m for m in apps.get_models() if getattr(m, "solo_aggiunta", False) and m is not AccessoDatiSensibili]
    return [AccessoDatiSensibili, *storici, *dichiarati]


def install_append_only_triggers(sender: Any = None, using: str = "default", **kwargs: Any) -> None:
    """Create (idempotently) the triggers that make audit tables append-only."""
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        cursor.execute(_TRIGGER_FUNCTION)
        for model in append_only_models():
            table = model._meta.db_table
            if table not in existing:
                continue
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"DROP TRIGGER IF EXISTS ambito_append_only ON {quoted}")
            cursor.execute(
                f"CREATE TRIGGER ambito_append_only BEFORE UPDATE OR DELETE ON {quoted} "
                "FOR EACH ROW EXECUTE FUNCTION ambito_append_only()"
            )


def registra_lettura_sensibile(
    *, ambito: Ambito, utente: Utente, oggetto: models.Model, interessato: str, categoria: str,
    contesto: str = "", indirizzo_ip: str | None = None,
) -> AccessoDatiSensibili:
    """Log that ``utente`` read ``categoria`` data (health, disability, ISEE) of ``interessato``.

    The low-level writer: models that declare ``campi_sensibili`` are read through
    :func:`ambito.audit.sensibili.leggi_sensibili`, which calls this shape of row with the fields read.
    """
    return AccessoDatiSensibili.objects.create(
        ambito=ambito,
        utente=utente,
        utente_email=utente.email,
        content_type=ContentType.objects.get_for_model(oggetto),
        object_id=str(oggetto.pk),
        interessato=interessato,
        categoria=categoria,
        contesto=contesto,
        indirizzo_ip=indirizzo_ip,
    )
