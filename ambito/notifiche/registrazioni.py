"""What the notifications feature adds to the platform's registries (imported by ``AmbitoConfig.ready()``)."""

from django.utils.translation import gettext_lazy as _

from ambito.accounts.permissions import TUTTI, registra
from ambito.demo import registra_demo
from ambito.notifiche.demo import TIPO, carica_demo
from ambito.notifiche.registry import registra_tipo_notifica

registra("ambito.notifiche.vedi", *TUTTI, descrizione="Ricevere e leggere le proprie notifiche")
registra_tipo_notifica(TIPO, _("Avvisi dell'Ufficio di Piano"),
                       descrizione=_("Comunicazioni dell'Ufficio di Piano agli utenti dell'Ambito"))
registra_demo("notifiche", carica_demo)
