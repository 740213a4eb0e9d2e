"""The rules of ambito.atti.services: PDF uploads, private storage, numbering, publication, links."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings

from ambito.atti.models import Atto, AttoCollegamento, TipoAtto
from ambito.atti.selectors import atti_dell_oggetto
from ambito.atti.services import atto_allegato_set, atto_create, atto_link, atto_publish, atto_update
from ambito.errors import RegolaViolata
from ambito.tenancy import ambito_scope
from tests.governance.helpers import PDF, crea_assemblea, crea_atto, non_pdf, pdf

pytestmark = pytest.mark.django_db


def nuovo(w, **campi):
    dati = {"tipo": TipoAtto.DGR, "numero": "XII/2167", "data": dt.date(2024, 4, 15),
            "oggetto": "Linee di indirizzo per la programmazione sociale 2025-2027"}
    dati.update(campi)
    with ambito_scope(w.ambito, actor=w.operatore):
        return atto_create(ambito=w.ambito, actor=w.operatore, **dati)


class TestAllegato:
    def test_the_pdf_is_stored_in_private_storage_under_a_random_name(self, mondo):
        atto = nuovo(mondo.a, allegato=pdf("../../etc/Delibera Assemblea.pdf"))
        percorso = Path(atto.allegato.path)
        assert percorso.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
        assert percorso.read_bytes() == PDF
        assert "Delibera" not in percorso.name and ".." not in atto.allegato.name
        assert atto.allegato.name.startswith(f"ambiti/{mondo.a.ambito.pk}/atti/")
        assert not str(settings.MEDIA_URL).startswith("/static")

    def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name_and_declared_type(self, mondo):
        with pytest.raises(RegolaViolata, match="non è un PDF") as errore:
            nuovo(mondo.a, allegato=non_pdf())
        assert errore.value.campo == "allegato"
        with ambito_scope(mondo.a.ambito):
            assert not Atto.objects.exists()

    def test_a_file_above_the_size_limit_is_refused(self, mondo, settings):
        settings.AMBITO_MAX_UPLOAD_MB = 1
        grande = pdf(contenuto=PDF + b"0" * (1024 * 1024))
        with pytest.raises(RegolaViolata, match="1 MB"):
            nuovo(mondo.a, allegato=grande)

    def test_an_empty_file_is_refused(self, mondo):
        with pytest.raises(RegolaViolata, match="vuoto"):
            nuovo(mondo.a, allegato=pdf(contenuto=b""))

    def test_replacing_the_pdf_keeps_the_old_file_as_a_version(self, mondo):
        atto = crea_atto(mondo.a)
        vecchio = Path(atto.allegato.path)
        with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
            atto = atto_allegato_set(atto=atto, actor=mondo.a.operatore, allegato=pdf("nuova versione.pdf"))
            versioni = [(v.numero, Path(v.file.path)) for v in atto.documento.allegato.versioni.order_by("numero")]
        assert vecchio.exists() and Path(atto.allegato.path) != vecchio
        assert versioni == [(1, vecchio), (2, Path(atto.allegato.path))]


class TestDatiDellAtto:
    def test_two_acts_with_the_same_type_number_and_date_are_refused(self, mondo):
        nuovo(mondo.a)
        with pytest.raises(RegolaViolata, match="Esiste già"):
            nuovo(mondo.a, oggetto="Altro")

    def test_the_same_number_in_another_ambito_is_fine(self, mondo):
        nuovo(mondo.a)
        assert nuovo(mondo.b).pk

    def test_an_organo_of_another_ambito_is_refused(self, mondo):
        organo_b = crea_assemblea(mondo.b).organo
        with pytest.raises(RegolaViolata, match="non appartiene"):
            nuovo(mondo.a, organo=organo_b)

    def test_an_update_records_before_after_and_who(self, mondo):
        atto = crea_atto(mondo.a, numero="12")
        with ambito_scope(mondo.a.ambito, actor=mondo.a.responsabile):
            atto_update(atto=atto, actor=mondo.a.responsabile, numero="13", oggetto="Oggetto corretto")
            ultimo, precedente = atto.history.order_by("-history_date")[:2]
        assert (precedente.numero, ultimo.numero) == ("12", "13")
        assert ultimo.history_user == mondo.a.responsabile

    def test_an_update_that_changes_nothing_writes_no_history(self, mondo):
        atto = crea_atto(mondo.a)
        with ambito_scope(mondo.a.ambito, actor=mondo.a.responsabile):
            atto_update(atto=atto, actor=mondo.a.responsabile, numero=atto.numero, oggetto=atto.oggetto)
            assert atto.history.count() == 1


class TestPubblicazione:
    def test_publishing_records_when_and_cannot_be_repeated(self, mondo):
        atto = crea_atto(mondo.a)
        with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
            atto = atto_publish(atto=atto, actor=mondo.a.operatore)
            assert atto.pubblicato and atto.pubblicato_il is not None
            with pytest.raises(RegolaViolata, match="già pubblicato"):
                atto_publish(atto=atto, actor=mondo.a.operatore)


class TestCollegamenti:
    def test_an_act_approves_an_object_of_its_ambito_and_the_object_finds_its_act(self, mondo):
        atto = crea_atto(mondo.a)
        seduta = crea_assemblea(mondo.a).seduta
        with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore):
            atto_link(atto=atto, actor=mondo.a.operatore, oggetto=seduta, descrizione="verbale")
            assert list(atti_dell_oggetto(ambito=mondo.a.ambito, oggetto=seduta)) == [atto]
            with pytest.raises(RegolaViolata, match="già collegato"):
                atto_link(atto=atto, actor=mondo.a.operatore, oggetto=seduta)

    def test_an_object_of_another_ambito_cannot_be_linked(self, mondo):
        atto = crea_atto(mondo.a)
        seduta_b = crea_assemblea(mondo.b).seduta
        with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore), pytest.raises(RegolaViolata, match="solo oggetti"):
            atto_link(atto=atto, actor=mondo.a.operatore, oggetto=seduta_b)
        with ambito_scope(mondo.a.ambito):
            assert not AttoCollegamento.objects.exists()

    def test_shared_reference_data_cannot_be_linked(self, mondo):
        atto = crea_atto(mondo.a)
        with ambito_scope(mondo.a.ambito, actor=mondo.a.operatore), pytest.raises(RegolaViolata, match="solo oggetti"):
            atto_link(atto=atto, actor=mondo.a.operatore, oggetto=mondo.a.comuni[0])



def test_a_link_description_beyond_its_limit_is_refused_not_cut(mondo):
    """Issue 14, defect 8: the service cut the description at 250 characters without a word."""
    w = mondo.a
    with ambito_scope(w.ambito):
        atto, altro = crea_atto(w, numero="9"), crea_atto(w, numero="10")
        with pytest.raises(RegolaViolata) as errore:
            atto_link(atto=atto, actor=w.responsabile, oggetto=altro, descrizione="x" * 251)
        assert errore.value.campo == "descrizione" and "251" in errore.value.messaggio
        assert not AttoCollegamento.objects.filter(atto=atto).exists()
