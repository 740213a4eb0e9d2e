from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FondiConfig(AppConfig):
    name = "fondi"
    verbose_name = "Fondi"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ambito.accounts.models import Ruolo
        from ambito.accounts.permissions import STAFF, registra
        from ambito.demo import registra_demo
        from ambito.scadenze.registry import registra_tipo_scadenza
        from ambito.ui.navigation import registra_voce, registra_widget
        from fondi.demo import carica_demo
        from fondi.scadenze import CODICE, scadenze_fondi
        from fondi.views import widget_dashboard, widget_grafici

        registra("fondi.vedi", *STAFF, Ruolo.ASSEMBLEA,
                 descrizione="Vedere fondi, assegnazioni, movimenti e posizione (l'Assemblea in sola lettura)")
        registra("fondi.gestisci", *STAFF,
                 descrizione="Registrare assegnazioni, quote, riparti, impegni, liquidazioni e rettifiche")
        registra_voce(_("Fondi"), "fondi:dashboard", "fondi.vedi", ordine=40, icona="it-card")
        registra_widget("fondi/widget.html", "fondi.vedi", ordine=30, contesto=widget_dashboard)
        # The Assemblea dei Sindaci's home shows the funds as charts (each with its table).
        registra_widget("fondi/widget_grafici.html", "ambito.dashboard.assemblea", ordine=31,
                        contesto=widget_grafici)
        registra_demo("fondi", carica_demo)
        registra_tipo_scadenza(CODICE, _("Scadenze dei fondi"), fornitore=scadenze_fondi, capacita="fondi.vedi")
