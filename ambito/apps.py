from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import post_migrate


class AmbitoConfig(AppConfig):
    name = "ambito"
    verbose_name = "Ambito (piattaforma)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The core's own export kinds: the job registry discovers ``<app>.jobs``/``<app>.exporters``
        # modules, and the core keeps its exporters in the feature they export.
        import ambito.atti.exporters
        import ambito.membri.exporters  # noqa: F401
        from ambito.audit import services as audit
        from ambito.tenancy import rls

        post_migrate.connect(audit.install_append_only_triggers, dispatch_uid="ambito_append_only_triggers")
        # Row-level security on every tenant table, whichever app made it (ambito.tenancy.rls).
        post_migrate.connect(rls.installa, dispatch_uid="ambito_rls")


class AmbitoAdminConfig(AdminConfig):
    """django.contrib.admin with our site (superusers only, second factor verified)."""

    default_site = "ambito.admin_site.AmbitoAdminSite"
