"""What the notifications feature adds to the platform's registries (imported by ``AmbitoConfig.ready()``)."""

from ambito.accounts.permissions import TUTTI, registra

registra("ambito.notifiche.vedi", *TUTTI, descrizione="Ricevere e leggere le proprie notifiche")
