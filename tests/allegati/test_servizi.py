"""The attachment service's rules, through the service: content, size, registered objects, versions."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.conf import settings

from ambito.allegati import registry
from ambito.allegati.models import Allegato, VersioneAllegato
from ambito.allegati.registry import registra_allegati
from ambito.allegati.services import allegato_create, allegato_replace
from ambito.errors import RegolaViolata
from ambito.tenancy import ambito_scope
from ambito.territorio.models import SubAmbito
from tests.allegati.helpers import DOCX, EXE, PDFA, caricato, firmato
from tests.governance.helpers import PDF, PNG, crea_atto

pytestmark = pytest.mark.django_db


def allega(w, oggetto, file, **kwargs):
    with ambito_scope(w.ambito, actor=w.operatore):
        return allegato_create(oggetto=oggetto, actor=w.operatore, file=file, **kwargs)


def test_a_signed_pdf_is_accepted_and_kept_as_it_came(mondo):
    atto = crea_atto(mondo.a, allegato=False)
    p7m = firmato("delibera_firmata_der.pdf.p7m")
    allegato = allega(mondo.a, atto, caricato("Determina 12.pdf.p7m", p7m, "application/octet-stream"))
    versione = allegato.versione_corrente
    assert (versione.tipo, versione.numero, versione.nome_file) == ("p7m", 1, "Determina 12.pdf.p7m")
    assert Path(versione.file.path).read_bytes() == p7m and versione.file.name.endswith(".p7m")
    assert versione.sha256 == hashlib.sha256(p7m).hexdigest() and versione.dimensione == len(p7m)
    assert Path(versione.file.path).is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))


def test_a_png_named_pdf_is_refused_with_what_it_really_is_and_nothing_is_saved(mondo):
    atto = crea_atto(mondo.a, allegato=False)
    with pytest.raises(RegolaViolata) as errore:
        allega(mondo.a, atto, caricato("delibera.pdf", PNG))
    assert errore.value.messaggio.startswith("Il file non è un PDF: il contenuto di «delibera.pdf» è un'immagine PNG.")
    assert (errore.value.campo, errore.value.codice) == ("file", "tipo_file_non_ammesso")
    with ambito_scope(mondo.a.ambito):
        assert not Allegato.objects.exists() and not VersioneAllegato.objects.exists()


def test_a_renamed_program_is_refused(mondo):
    atto = crea_atto(mondo.a, allegato=False)
    with pytest.raises(RegolaViolata, match="è un programma eseguibile"):
        allega(mondo.a, atto, caricato("verbale.pdf", EXE))


def test_a_kind_the_module_does_not_allow_is_refused_even_when_named_right(mondo):
    atto = crea_atto(mondo.a, allegato=False)
    with pytest.raises(RegolaViolata, match="documento Word"):
        allega(mondo.a, atto, caricato("relazione.docx", DOCX, "application/vnd.openxmlformats"))


def test_a_file_above_the_limit_is_refused_and_one_at_the_limit_is_accepted(mondo, settings):
    settings.AMBITO_MAX_UPLOAD_MB = 1
    atto = crea_atto(mondo.a, allegato=False)
    with pytest.raises(RegolaViolata, match="dimensione massima di 1 MB") as errore:
        allega(mondo.a, atto, caricato("grande.pdf", PDF + b"0" * (1024 * 1024 - len(PDF) + 1)))
    assert errore.value.codice == "file_troppo_grande"
    assert allega(mondo.a, atto, caricato("giusto.pdf", PDF + b"0" * (1024 * 1024 - len(PDF)))).pk


def test_a_module_may_set_a_lower_limit_for_its_objects(mondo, monkeypatch):
    monkeypatch.setattr(registry, "_REGOLE", dict(registry._REGOLE))
    registra_allegati(SubAmbito, tipi={"png"}, capacita_lettura="ambito.territorio.vedi",
                      capacita_scrittura="ambito.enti.gestisci", dimensione_massima_mb=1)
    with ambito_scope(mondo.a.ambito):
        sub = SubAmbito.objects.create(ambito=mondo.a.ambito, nome="Nord")
    with pytest.raises(RegolaViolata, match="1 MB"):
        allega(mondo.a, sub, caricato("mappa.png", PNG + b"0" * (1024 * 1024), "image/png"))


def test_an_empty_file_is_refused(mondo):
    with pytest.raises(RegolaViolata, match="vuoto"):
        allega(mondo.a, crea_atto(mondo.a, allegato=False), caricato("vuoto.pdf", b""))


def test_an_object_whose_module_takes_no_attachment_is_refused(mondo):
    with ambito_scope(mondo.a.ambito):
        sub = SubAmbito.objects.create(ambito=mondo.a.ambito, nome="Nord")
    with pytest.raises(RegolaViolata, match="non accetta allegati"):
        allega(mondo.a, sub, caricato("x.pdf", PDF))


def test_replacement_adds_a_version_and_keeps_the_old_one_row_and_file(mondo):
    atto = crea_atto(mondo.a, allegato=False)
    allegato = allega(mondo.a, atto, caricato("verbale.pdf", PDF), titolo="Verbale della seduta")
    prima = allegato.versione_corrente
    with ambito_scope(mondo.a.ambito, actor=mondo.a.responsabile):
        allegato = allegato_replace(allegato=allegato, actor=mondo.a.responsabile, file=caricato("verbale-a.pdf", PDFA))
        versioni = list(allegato.versioni.order_by("numero"))
        storia = allegato.history.count()
    assert [(v.numero, v.tipo, v.caricato_da) for v in versioni] == [
        (1, "pdf", mondo.a.operatore), (2, "pdfa", mondo.a.responsabile)]
    assert allegato.versione_corrente == versioni[1] and allegato.titolo == "Verbale della seduta"
    assert Path(prima.file.path).read_bytes() == PDF and Path(versioni[1].file.path).read_bytes() == PDFA
    assert storia == 3  # created, first version set, second version set: who and when, in the history


def test_a_replacement_is_checked_like_an_upload(mondo):
    allegato = allega(mondo.a, crea_atto(mondo.a, allegato=False), caricato("verbale.pdf", PDF))
    with ambito_scope(mondo.a.ambito), pytest.raises(RegolaViolata, match="immagine PNG"):
        allegato_replace(allegato=allegato, actor=mondo.a.operatore, file=caricato("verbale.pdf", PNG))
    with ambito_scope(mondo.a.ambito):
        assert allegato.versioni.count() == 1


def test_the_stored_name_is_random_and_the_label_keeps_no_folders(mondo):
    allegato = allega(mondo.a, crea_atto(mondo.a, allegato=False), caricato("../../etc/Delibera.exe", PDF))
    versione = allegato.versione_corrente
    assert versione.nome_file == "Delibera.exe.pdf"  # the extension of the content, whatever the name said
    assert "Delibera" not in versione.file.name and ".." not in versione.file.name
    assert versione.file.name.startswith(f"ambiti/{mondo.a.ambito.pk}/atti/")


@pytest.mark.parametrize(("dimensione", "testo"), [(303, "303 byte"), (12_700, "12,4 kB"), (1_887_437, "1,8 MB")])
def test_sizes_read_the_italian_way(dimensione, testo):
    assert VersioneAllegato(dimensione=dimensione).dimensione_leggibile == testo
