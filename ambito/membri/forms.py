"""Forms of the membership pages: invite a user, change a member's role with its comuni or ente.

Choice querysets come from selectors and are set in ``__init__`` (nothing is queried at import).
The rules of a role's bindings are checked by ``ambito.membri.services``; these forms only parse input.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ambito.accounts.models import Ruolo
from ambito.forms import ConStileBootstrap
from ambito.tenancy.models import Ambito
from ambito.territorio.selectors import comune_list, enti_rappresentabili


class RuoloForm(ConStileBootstrap, forms.Form):
    """Role with its bindings: comuni (assistente sociale, Assemblea) or ente (partner)."""

    # No default: the first role of the list is the most powerful one, and an invitation sent with it by
    # mistake is the worst mistake this form allows.
    ruolo = forms.ChoiceField(label=_("Ruolo"), choices=[("", _("— Scegli il ruolo —")), *Ruolo.choices],
                              error_messages={"required": _("Scegli il ruolo da assegnare.")})
    comuni = forms.ModelMultipleChoiceField(
        label=_("Comuni"), required=False, queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Assistente sociale: i comuni per cui opera (almeno uno). "
                    "Componente dell'Assemblea: il comune che rappresenta (uno solo). "
                    "Nessuno per gli altri ruoli."),
    )
    ente = forms.ModelChoiceField(
        label=_("Ente rappresentato"), required=False, queryset=None,
        help_text=_("Solo per i referenti di enti partner (ATS, ASST, enti del Terzo Settore) e di enti gestori di "
                    "unità d'offerta."),
    )

    # Which roles each binding is shown for (the page hides the others; the service refuses them anyway).
    RUOLI_CON_COMUNI = [Ruolo.ASSISTENTE_SOCIALE.value, Ruolo.ASSEMBLEA.value]
    RUOLI_CON_ENTE = [Ruolo.PARTNER.value, Ruolo.GESTORE.value]

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["comuni"].queryset = comune_list(ambito=ambito)
        self.fields["ente"].queryset = enti_rappresentabili()

    @property
    def ruolo_scelto(self) -> str:
        return self["ruolo"].value() or ""


class InvitoForm(RuoloForm):
    email = forms.EmailField(label=_("Indirizzo e-mail"), help_text=_("Riceverà un link personale per accedere."))

    field_order = ["email", "ruolo", "comuni", "ente"]


class MembroForm(RuoloForm):
    pass
