"""What the deadlines feature adds to the platform's registries (imported by ``AmbitoConfig.ready()``)."""

from django.utils.translation import gettext_lazy as _

from ambito.accounts.permissions import TUTTI, registra
from ambito.scadenze.views import widget_scadenze
from ambito.ui.navigation import registra_voce, registra_widget

registra("ambito.scadenze.vedi", *TUTTI,
         descrizione="Vedere il calendario delle scadenze (di ogni modulo, secondo le proprie capacità)")
registra_voce(_("Scadenze"), "scadenze:calendario", "ambito.scadenze.vedi", ordine=25, icona="it-clock")
# First on every role's home page: what is due soon for me.
registra_widget("ambito/scadenze/widget.html", "ambito.scadenze.vedi", ordine=5, contesto=widget_scadenze)
