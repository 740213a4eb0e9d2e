"""The pages every Ambito publishes about itself: informativa privacy, dichiarazione di accessibilità."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ambito.tenancy.models import TenantModel


class TipoPaginaIstituzionale(models.TextChoices):
    PRIVACY = "privacy", _("Informativa sul trattamento dei dati personali")
    ACCESSIBILITA = "accessibilita", _("Dichiarazione di accessibilità")


class PaginaIstituzionale(TenantModel):
    """The text of one of the Ambito's institutional pages, as the responsabile wrote it.

    Until it is written, the public page shows a default text (``templates/pubblico/predefinite/``).
    Every change is in the history (who, when, before/after).
    """

    tipo = models.CharField(_("pagina"), max_length=20, choices=TipoPaginaIstituzionale.choices)
    testo = models.TextField(_("testo"), max_length=20000)
    aggiornata_il = models.DateTimeField(_("ultimo aggiornamento"), auto_now=True)

    class Meta:
        verbose_name = _("pagina istituzionale")
        verbose_name_plural = _("pagine istituzionali")
        constraints = [
            models.UniqueConstraint(fields=["ambito", "tipo"], name="pagina_istituzionale_unica"),
        ]

    def __str__(self) -> str:
        return str(self.get_tipo_display())
