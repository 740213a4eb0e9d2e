"""Core models of the platform. Domain apps keep their own models in their own packages."""

from ambito.models.atti import (
    Atto,
    AttoCollegamento,
    Componente,
    EsitoVotazione,
    OrganoCollegiale,
    Presenza,
    PuntoOdG,
    Seduta,
    TipoAtto,
    TipoOrgano,
    ValoreVoto,
    Voto,
)
from ambito.models.audit import AccessoDatiSensibili
from ambito.models.jobs import Job, StatoJob
from ambito.models.membri import Invito, Membro, Ruolo, Utente
from ambito.models.territorio import (
    Ambito,
    AppartenenzaComune,
    Comune,
    Ente,
    RegolaVoto,
    SubAmbito,
    TipoEnte,
    TipoISEE,
)

__all__ = [
    "AccessoDatiSensibili",
    "Ambito",
    "AppartenenzaComune",
    "Atto",
    "AttoCollegamento",
    "Componente",
    "Comune",
    "Ente",
    "EsitoVotazione",
    "Invito",
    "Job",
    "Membro",
    "OrganoCollegiale",
    "Presenza",
    "PuntoOdG",
    "RegolaVoto",
    "Ruolo",
    "Seduta",
    "StatoJob",
    "SubAmbito",
    "TipoAtto",
    "TipoEnte",
    "TipoISEE",
    "TipoOrgano",
    "Utente",
    "ValoreVoto",
    "Voto",
]
