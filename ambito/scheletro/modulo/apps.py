"""Everything the module adds to the platform, registered from ``ready()`` (the core imports no module)."""

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ModuloModelloConfig(AppConfig):
    name = "modulo_modello"
    verbose_name = "modulo_modello"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ambito.accounts.models import Ruolo
        from ambito.accounts.permissions import STAFF, registra
        from ambito.allegati.registry import registra_allegati
        from ambito.demo import registra_demo
        from ambito.ui.navigation import registra_voce
        from modulo_modello import selectors
        from modulo_modello.demo import carica_demo

        registra("modulo_modello.vedi", *STAFF, Ruolo.ASSEMBLEA, descrizione="Vedere gli elementi")
        registra("modulo_modello.gestisci", *STAFF, descrizione="Registrare e modificare gli elementi")
        registra_voce(_("Elementi"), "modulo_modello:elemento_list", "modulo_modello.vedi", ordine=60,
                      icona="it-list")
        registra_demo("modulo_modello", carica_demo)
        # Attachments of an element (the panel on its page): the kinds it takes, checked by content, and who
        # reads and writes them; ``trova`` gives the element as the user may see it (404 otherwise).
        registra_allegati("modulo_modello.elemento", tipi={"pdf", "pdfa", "p7m", "png", "jpeg"},
                          capacita_lettura="modulo_modello.vedi", capacita_scrittura="modulo_modello.gestisci",
                          trova=lambda contesto, pk: selectors.elemento_get(ambito=contesto.ambito, pk=pk),
                          url=lambda elemento, slug: reverse("modulo_modello:elemento_detail",
                                                             kwargs={"ambito_slug": slug, "elemento_pk": elemento.pk}))
