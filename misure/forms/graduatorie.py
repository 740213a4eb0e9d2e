"""Forms of the graduatorie pages (choice querysets set in ``__init__`` from selectors)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ambito.forms import CampoData, CampoImporto, ConStileBootstrap
from misure.models import Bando


def _atti(ambito: Any) -> Any:
    from fondi.selectors import atto_list_scelte

    return atto_list_scelte(ambito=ambito)


class CalcolaForm(ConStileBootstrap, forms.Form):
    strumento = forms.ModelChoiceField(label=_("Strumento"), queryset=None, required=False,
                                       empty_label=_("Tutto il bando"))
    fino_al = CampoData(label=_("Domande presentate fino al"), required=False,
                        help_text=_("Solo per i bandi a finestre: la chiusura del mese."))
    budget = CampoImporto(label=_("Budget"), required=False,
                          help_text=_("Vuoto: il disponibile delle quote dei fondi del bando."))

    def __init__(self, *args: Any, bando: Bando, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from misure.selectors.bandi import strumento_bando_list

        self.fields["strumento"].queryset = strumento_bando_list(bando=bando)


class SimulaForm(ConStileBootstrap, forms.Form):
    nome = forms.CharField(label=_("Nome della simulazione"), max_length=120)
    budget = CampoImporto(label=_("Budget"), required=False)
    soglia = forms.DecimalField(label=_("Punteggio minimo"), required=False, min_value=0, max_value=100000,
                                max_digits=10, decimal_places=2)
    importo_mensile = CampoImporto(label=_("Importo mensile"), required=False)

    def __init__(self, *args: Any, criteri: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteri = criteri
        for i, criterio in enumerate(criteri):
            self.fields[f"peso_{i}"] = forms.DecimalField(label=_("Peso di «%(c)s»") % {"c": criterio},
                                                          required=False, min_value=0, max_value=100,
                                                          max_digits=6, decimal_places=2)

    def modifiche(self) -> dict[str, Any]:
        dati = self.cleaned_data
        pesi = {c: str(dati[f"peso_{i}"]) for i, c in enumerate(self.criteri) if dati.get(f"peso_{i}") is not None}
        return {"budget": dati.get("budget"), "soglia": dati.get("soglia"),
                "importo_mensile": dati.get("importo_mensile"), "pesi": pesi}


class AttoForm(ConStileBootstrap, forms.Form):
    atto = forms.ModelChoiceField(label=_("Atto"), queryset=None, empty_label=_("Scegli l'atto"))

    def __init__(self, *args: Any, ambito: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["atto"].queryset = _atti(ambito)


class ScorrimentoForm(AttoForm):
    somma = CampoImporto(label=_("Somma tornata disponibile o nuovi fondi"), required=False)
    usa_residui = forms.BooleanField(label=_("Usa i residui delle graduatorie che li cedono a questa"),
                                     required=False, initial=True)


class ConfigurazioneForm(ConStileBootstrap, forms.Form):
    graduatoria_per = forms.ChoiceField(label=_("Graduatorie"), choices=[
        ("unica", _("Una graduatoria per tutto il bando")), ("strumento", _("Una graduatoria per strumento"))])
    politica_finanziamento = forms.ChoiceField(label=_("Politica di finanziamento"), choices=[
        ("ordine", _("Ordine stretto")), ("riempimento", _("Riempimento"))])
    finanziamento_parziale = forms.BooleanField(label=_("Con l'ordine stretto, l'ultimo è finanziato per meno mesi"),
                                                required=False)
    giorni_pubblicazione = forms.IntegerField(label=_("Giorni di pubblicazione"), min_value=1, max_value=3650)

    def __init__(self, *args: Any, bando: Bando, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from misure.selectors.graduatorie import strumenti_del_bando

        self.offerti = list(strumenti_del_bando(bando=bando))
        scelte = [("", _("Nessuno"))] + [(str(sb.pk), str(sb)) for sb in self.offerti]
        for sb in self.offerti:
            self.fields[f"budget_{sb.pk}"] = CampoImporto(label=_("Budget di «%(s)s»") % {"s": sb}, required=False,
                                                          initial=sb.budget_graduatoria)
            self.fields[f"verso_{sb.pk}"] = forms.ChoiceField(
                label=_("I residui di «%(s)s» vanno a") % {"s": sb}, choices=scelte, required=False,
                initial=str(sb.residui_verso_id or ""))

    def dati_servizio(self) -> dict[str, Any]:
        d = self.cleaned_data
        strumenti = {sb.pk: (d.get(f"budget_{sb.pk}"), int(d[f"verso_{sb.pk}"]) if d.get(f"verso_{sb.pk}") else None)
                     for sb in self.offerti}
        return {"graduatoria_per": d["graduatoria_per"], "politica_finanziamento": d["politica_finanziamento"],
                "finanziamento_parziale": d["finanziamento_parziale"],
                "giorni_pubblicazione": d["giorni_pubblicazione"], "strumenti": strumenti}
