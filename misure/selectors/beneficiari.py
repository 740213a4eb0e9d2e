"""Selectors (reads) of the misure module: beneficiari.

Visibility is the scope's: an assistente sociale's scope holds their comuni (``comune`` dimension), so
``Beneficiario.objects`` and the special-category rows hanging off it (ISEE, certifications, external benefits)
show only residents of those comuni; staff see the whole Ambito. Every selector also filters by ``ambito``.

One read looks past the comune dimension: :func:`registrazione_nell_ambito`, which the registration service uses
to refuse a codice fiscale another comune already registered. It re-enters the *same* Ambito's scope without the
comune restriction (``ambito_scope(ambito)``, not ``cross_ambito``: the database's row-level security still
shows one Ambito only) and returns two facts, never the row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django_scopes import get_scope

from ambito.errors import NonTrovato, uno
from ambito.tenancy import ambito_scope
from ambito.tenancy.attori import current_actor
from ambito.tenancy.models import Ambito
from misure.codice_fiscale import normalizza_codice_fiscale
from misure.models import AttestazioneISEE, Beneficiario, BeneficioEsterno, Certificazione, TentativoDuplicato


def comuni_del_perimetro() -> list[int] | None:
    """The comuni the current scope is restricted to (an assistente sociale's), None for the whole Ambito."""
    comuni = get_scope().get("comune")
    return list(comuni) if comuni is not None else None


def beneficiario_list(*, ambito: Ambito, cerca: str = "", comune: int | None = None) -> QuerySet[Beneficiario]:
    """Beneficiari visible in the scope, by surname and name; ``cerca`` matches the codice fiscale (from its
    start, spaces ignored) or words of the surname/name."""
    qs = Beneficiario.objects.filter(ambito=ambito).select_related("comune")
    if comune:
        qs = qs.filter(comune_id=comune)
    testo = (cerca or "").strip()
    if testo:
        codice = normalizza_codice_fiscale(testo)
        filtro = Q(codice_fiscale__startswith=codice) if codice.isalnum() else Q()
        parole = Q()
        for parola in testo.split():
            parole &= Q(cognome__icontains=parola) | Q(nome__icontains=parola)
        qs = qs.filter(filtro | parole) if filtro else qs.filter(parole)
    return qs.order_by("cognome", "nome", "pk")


def beneficiario_get(*, ambito: Ambito, pk: int) -> Beneficiario:
    """One beneficiary visible in the scope, or NonTrovato (another comune's resident is "not found")."""
    return uno(Beneficiario.objects.filter(ambito=ambito).select_related("comune"),
               messaggio="Beneficiario inesistente.", pk=pk)


def beneficiario_per_codice_fiscale(cf: str, *, ambito: Ambito | None = None) -> Beneficiario | None:
    """The beneficiary with this codice fiscale if visible in the current scope, else None (also for a malformed
    code). Another comune's resident is None for an assistente sociale: nothing is revealed."""
    codice = normalizza_codice_fiscale(cf)
    if len(codice) != 16:
        return None
    qs = Beneficiario.objects.filter(codice_fiscale=codice).select_related("comune")
    if ambito is not None:
        qs = qs.filter(ambito=ambito)
    return qs.first()


@dataclass(frozen=True)
class Registrazione:
    """That a codice fiscale is registered in the Ambito, and whether the current scope may see it."""

    pk: int
    visibile: bool


def registrazione_nell_ambito(*, ambito: Ambito, codice_fiscale: str, escluso: int | None = None
                              ) -> Registrazione | None:
    """Whether ``codice_fiscale`` is registered anywhere in ``ambito`` (all comuni), and visible to the caller.

    The registration service needs it to refuse a duplicate the assistente cannot see. The comune dimension is
    lifted for this one query inside the same Ambito (see the module docstring); what leaves is a pk (for the
    office's record of the attempt) and a flag, never the person's data."""
    perimetro = comuni_del_perimetro()
    with ambito_scope(ambito, actor=current_actor()):
        qs = Beneficiario.objects.filter(ambito=ambito, codice_fiscale=codice_fiscale)
        if escluso is not None:
            qs = qs.exclude(pk=escluso)
        trovato = qs.values_list("pk", "comune_id").first()
    if trovato is None:
        return None
    pk, comune_id = trovato
    return Registrazione(pk=pk, visibile=perimetro is None or comune_id in perimetro)


# --- Special-category rows (read here, displayed only through ambito.audit.sensibili) --------------------

def attestazione_isee_list(*, beneficiario: Beneficiario) -> QuerySet[AttestazioneISEE]:
    return AttestazioneISEE.objects.filter(ambito_id=beneficiario.ambito_id, beneficiario=beneficiario).select_related(
        "beneficiario").order_by("-rilasciata_il", "-pk")


def certificazione_list(*, beneficiario: Beneficiario) -> QuerySet[Certificazione]:
    return Certificazione.objects.filter(ambito_id=beneficiario.ambito_id, beneficiario=beneficiario).select_related(
        "beneficiario").order_by("-data", "-pk")


def beneficio_esterno_list(*, beneficiario: Beneficiario) -> QuerySet[BeneficioEsterno]:
    return BeneficioEsterno.objects.filter(ambito_id=beneficiario.ambito_id,
                                           beneficiario=beneficiario).order_by("-dal", "-pk")


def attestazione_isee_get(*, ambito: Ambito, pk: int) -> AttestazioneISEE:
    return uno(AttestazioneISEE.objects.filter(ambito=ambito).select_related("beneficiario", "beneficiario__comune"),
               messaggio="Attestazione ISEE inesistente.", pk=pk)


def certificazione_get(*, ambito: Ambito, pk: int) -> Certificazione:
    return uno(Certificazione.objects.filter(ambito=ambito).select_related("beneficiario", "beneficiario__comune"),
               messaggio="Certificazione inesistente.", pk=pk)


def beneficio_esterno_get(*, ambito: Ambito, pk: int) -> BeneficioEsterno:
    return uno(BeneficioEsterno.objects.filter(ambito=ambito).select_related("beneficiario", "beneficiario__comune"),
               messaggio="Beneficio esterno inesistente.", pk=pk)


# --- The office's list of duplicate registration attempts ---------------------------------------------------

def tentativo_duplicato_list(*, ambito: Ambito, solo_da_gestire: bool = False) -> QuerySet[TentativoDuplicato]:
    qs = TentativoDuplicato.objects.filter(ambito=ambito).select_related(
        "beneficiario", "beneficiario__comune", "comune_richiedente", "utente", "gestito_da")
    if solo_da_gestire:
        qs = qs.filter(gestito=False)
    return qs.order_by("gestito", "-quando", "-pk")


def tentativo_duplicato_get(*, ambito: Ambito, pk: int) -> TentativoDuplicato:
    if comuni_del_perimetro() is not None:
        raise NonTrovato()  # the office's list: never an assistente's
    return uno(TentativoDuplicato.objects.filter(ambito=ambito), messaggio="Segnalazione inesistente.", pk=pk)


def tentativi_da_gestire(*, ambito: Ambito) -> int:
    return TentativoDuplicato.objects.filter(ambito=ambito, gestito=False).count()

