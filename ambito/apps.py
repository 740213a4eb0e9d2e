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
        import ambito.importazioni.jobs
        import ambito.membri.exporters
        import ambito.notifiche.registrazioni
        import ambito.scadenze.registrazioni  # noqa: F401
        from ambito.atti import documenti
        from ambito.atti import pubblico as atti_pubblico
        from ambito.audit import services as audit
        from ambito.demo import registra_demo
        from ambito.importazioni.demo import carica_demo as demo_importazioni
        from ambito.importazioni.tipi import registra_tipi as registra_importazioni
        from ambito.tenancy import rls

        registra_importazioni()
        registra_demo("importazioni", demo_importazioni)

        # The acts' public section (ambito.pubblico registry) and their approval kind (ambito.approvazioni).
        atti_pubblico.registra()

        documenti.registra()  # acts take attachments (ambito.allegati)
        post_migrate.connect(audit.install_append_only_triggers, dispatch_uid="ambito_append_only_triggers")
        # Row-level security on every tenant table, whichever app made it (ambito.tenancy.rls).
        post_migrate.connect(rls.installa, dispatch_uid="ambito_rls")


class AmbitoAdminConfig(AdminConfig):
    """django.contrib.admin with our site (superusers only, second factor verified)."""

    default_site = "ambito.admin_site.AmbitoAdminSite"
