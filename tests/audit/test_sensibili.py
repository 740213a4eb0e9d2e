"""Sensitive data, enforced: reading declared sensitive fields through ambito.audit.sensibili writes the access
log (who, when, which object, which fields, why), and a conventions check fails on any template, serializer or
export that reads them another way."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from ambito.audit.models import AccessoDatiSensibili
from ambito.audit.sensibili import (
    DatiSensibili,
    Lettura,
    RegistroLetture,
    leggi_sensibili,
    leggi_sensibili_elenco,
    leggi_sensibili_righe,
    modelli_sensibili,
)
from ambito.tenancy import ambito_scope
from tests.audit.controllo_sensibili import file_da_controllare, violazioni_python, violazioni_template
from tests.scoping_app.models import ValutazioneDiProva

ROOT = Path(__file__).resolve().parents[2]
ESEMPI = Path(__file__).resolve().parent / "esempi_sensibili"
CAMPI = {"valore_isee", "diagnosi", "percentuale_invalidita"}


def valutazione(w, descrizione="Domanda B2", cf="RSSMRA80A01F205X") -> ValutazioneDiProva:
    with ambito_scope(w.ambito):
        return ValutazioneDiProva.objects.create(
            ambito=w.ambito, comune=w.comuni[0], descrizione=descrizione, codice_fiscale=cf,
            valore_isee=Decimal("8432.17"), diagnosi="Demenza di grado moderato", percentuale_invalidita=100)


@pytest.mark.django_db
class TestLettura:
    def test_reading_through_the_path_writes_one_log_row_with_who_what_and_which_fields(self, mondo):
        oggetto = valutazione(mondo.a)
        with ambito_scope(mondo.a.ambito):
            dati = leggi_sensibili(oggetto, utente=mondo.a.assistente_1, motivo="scheda della domanda B2",
                                   campi=["valore_isee", "diagnosi"], indirizzo_ip="10.0.0.7")
            righe = list(AccessoDatiSensibili.objects.all())
        assert (dati.valore_isee, dati["diagnosi"]) == (Decimal("8432.17"), "Demenza di grado moderato")
        assert len(righe) == 1
        riga = righe[0]
        assert (riga.ambito, riga.utente, riga.utente_email) == (mondo.a.ambito, mondo.a.assistente_1,
                                                                 mondo.a.assistente_1.email)
        assert (riga.content_type.model_class(), riga.object_id) == (ValutazioneDiProva, str(oggetto.pk))
        assert riga.campi == ["valore_isee", "diagnosi"] and riga.etichette_campi() == ["valore ISEE", "diagnosi"]
        assert riga.categoria == "salute, ISEE"
        assert (riga.interessato, riga.contesto, riga.indirizzo_ip) == ("***F205X", "scheda della domanda B2",
                                                                        "10.0.0.7")
        assert riga.avvenuto_il is not None

    def test_what_was_not_read_cannot_be_shown(self, mondo):
        oggetto = valutazione(mondo.a)
        with ambito_scope(mondo.a.ambito):
            dati = leggi_sensibili(oggetto, utente=mondo.a.operatore, motivo="elenco", campi=["valore_isee"])
        with pytest.raises(AttributeError, match="not read through leggi_sensibili"):
            dati.diagnosi  # noqa: B018
        with pytest.raises(AttributeError):
            dati.valore_isee = Decimal(0)
        with pytest.raises(AttributeError):
            dati.descrizione  # noqa: B018  (only sensitive fields that were read)

    def test_a_read_needs_a_reason_and_declared_fields(self, mondo):
        oggetto = valutazione(mondo.a)
        with ambito_scope(mondo.a.ambito):
            with pytest.raises(ValueError, match="reason"):
                leggi_sensibili(oggetto, utente=mondo.a.operatore, motivo=" ")
            with pytest.raises(ValueError, match="not sensitive fields"):
                leggi_sensibili(oggetto, utente=mondo.a.operatore, motivo="x", campi=["descrizione"])
            assert not AccessoDatiSensibili.objects.exists()

    def test_an_export_logs_one_row_per_person(self, mondo):
        oggetti = [valutazione(mondo.a, f"Domanda {n}", f"RSSMRA80A01F20{n}X") for n in range(3)]
        with ambito_scope(mondo.a.ambito):
            letti = leggi_sensibili_elenco(oggetti, utente=mondo.a.operatore, motivo="esportazione domande B2")
            righe = list(AccessoDatiSensibili.objects.order_by("pk"))
        assert [type(d) for d in letti] == [DatiSensibili] * 3
        assert [r.interessato for r in righe] == ["***F200X", "***F201X", "***F202X"]
        assert {tuple(r.campi) for r in righe} == {("valore_isee", "diagnosi", "percentuale_invalidita")}
        assert {r.categoria for r in righe} == {"salute, disabilità, ISEE"}

    def test_values_fetched_in_bulk_are_logged_like_an_export_and_given_back_only_as_read(self, mondo):
        oggetti = [valutazione(mondo.a, f"Domanda {n}", f"RSSMRA80A01F20{n}X") for n in range(2)]
        letture = [Lettura(o.ambito_id, o.pk, o.interessato_sensibile(), {"valore_isee": o.valore_isee})
                   for o in oggetti]
        with ambito_scope(mondo.a.ambito):
            letti = leggi_sensibili_righe(ValutazioneDiProva, letture, utente=mondo.a.operatore,
                                          motivo="monitoraggio", campi=["valore_isee"])
            righe = list(AccessoDatiSensibili.objects.order_by("pk"))
        assert [d.valore_isee for d in letti] == [Decimal("8432.17")] * 2
        assert [d.pk for d in letti] == [o.pk for o in oggetti]
        with pytest.raises(AttributeError):
            letti[0].diagnosi  # noqa: B018  (not read)
        assert [(r.object_id, r.interessato, tuple(r.campi), r.categoria) for r in righe] == [
            (str(oggetti[0].pk), "***F200X", ("valore_isee",), "ISEE"),
            (str(oggetti[1].pk), "***F201X", ("valore_isee",), "ISEE")]
        assert {r.utente_id for r in righe} == {mondo.a.operatore.pk}

    def test_a_bulk_read_must_carry_exactly_the_fields_it_logs(self, mondo):
        oggetto = valutazione(mondo.a)
        di_piu = Lettura(oggetto.ambito_id, oggetto.pk, "x", {"valore_isee": 1, "diagnosi": "d"})
        with ambito_scope(mondo.a.ambito):
            with pytest.raises(ValueError, match="exactly the fields"):
                leggi_sensibili_righe(ValutazioneDiProva, [di_piu], utente=mondo.a.operatore, motivo="x",
                                      campi=["valore_isee"])
            with pytest.raises(ValueError, match="sistema"):
                leggi_sensibili_righe(ValutazioneDiProva, [], utente=None, motivo="x", campi=["valore_isee"])
            assert not AccessoDatiSensibili.objects.exists()

    def test_a_long_export_logs_every_read_in_batches_and_the_rest_when_it_ends(self, mondo):
        oggetti = [valutazione(mondo.a, f"Domanda {n}", f"RSSMRA80A01F20{n}X") for n in range(5)]

        def letture(scelti):
            return [Lettura(o.ambito_id, o.pk, o.interessato_sensibile(), {"valore_isee": o.valore_isee})
                    for o in scelti]

        with ambito_scope(mondo.a.ambito):
            with RegistroLetture(utente=mondo.a.operatore, motivo="debito informativo",
                                 righe_per_insert=2) as registro:
                letti = registro.leggi(ValutazioneDiProva, letture(oggetti[:1]), campi=["valore_isee"])
                assert letti[0].valore_isee == Decimal("8432.17")
                assert not AccessoDatiSensibili.objects.exists()  # kept until the batch is full
                registro.leggi(ValutazioneDiProva, letture(oggetti[1:3]), campi=["valore_isee"])
                assert AccessoDatiSensibili.objects.count() == 3  # the batch reached two rows: written
                registro.leggi(ValutazioneDiProva, letture(oggetti[3:]), campi=["valore_isee"])
            righe = list(AccessoDatiSensibili.objects.order_by("pk"))
        assert [r.object_id for r in righe] == [str(o.pk) for o in oggetti]
        assert {(r.utente_id, r.contesto, tuple(r.campi)) for r in righe} == {
            (mondo.a.operatore.pk, "debito informativo", ("valore_isee",))}

    def test_a_read_that_ends_in_an_error_is_still_logged(self, mondo):
        oggetto = valutazione(mondo.a)
        lettura = Lettura(oggetto.ambito_id, oggetto.pk, "x", {"valore_isee": oggetto.valore_isee})
        with ambito_scope(mondo.a.ambito):
            with pytest.raises(ValueError, match="file non valido"),  \
                    RegistroLetture(utente=mondo.a.operatore, motivo="debito informativo") as registro:
                registro.leggi(ValutazioneDiProva, [lettura], campi=["valore_isee"])
                raise ValueError("file non valido")
            assert list(AccessoDatiSensibili.objects.values_list("object_id", flat=True)) == [str(oggetto.pk)]

    def test_the_responsabile_sees_the_read_and_its_fields_in_the_access_log(self, mondo, client_per):
        oggetto = valutazione(mondo.a)
        with ambito_scope(mondo.a.ambito):
            leggi_sensibili(oggetto, utente=mondo.a.assistente_1, motivo="scheda della domanda B2")
        pagina = client_per(mondo.a.responsabile).get("/a/lodi/storico/accessi/").content.decode()
        assert "***F205X" in pagina and "scheda della domanda B2" in pagina
        assert "valore ISEE, diagnosi, percentuale di invalidità" in pagina


def test_declared_fields_are_found_on_the_models():
    assert modelli_sensibili()[ValutazioneDiProva] == ValutazioneDiProva.campi_sensibili


class TestControllo:
    """The check is not vacuous: it catches the planted reads and lets the lawful ones through."""

    def test_it_catches_a_template_reading_a_sensitive_field(self):
        trovate = violazioni_template((ESEMPI / "scheda.html").read_text(encoding="utf-8"), CAMPI, "scheda.html")
        assert trovate == ["scheda.html:3: valutazione.valore_isee", "scheda.html:5: pratica.valutazione.diagnosi"]

    def test_it_catches_serializers_and_exports_reading_a_sensitive_field(self):
        testo = (ESEMPI / "serializers.py").read_text(encoding="utf-8")
        trovate = violazioni_python(testo, CAMPI, {"ValutazioneDiProva"}, "serializers.py")
        righe_segnate = sorted(int(t.split(":")[1]) for t in trovate)
        attese = [n for n, riga in enumerate(testo.splitlines(), 1) if riga.endswith("VIOLAZIONE")]
        assert righe_segnate == attese and len(attese) == 6


def test_no_template_serializer_or_export_reads_a_sensitive_field_outside_the_path():
    """The convention itself, on the whole project (templates, views, API, serializers, exporters, jobs)."""
    dichiarati = modelli_sensibili()
    assert dichiarati, "no model declares sensitive fields: the check would prove nothing"
    campi = {nome for campi_modello in dichiarati.values() for nome in campi_modello}
    modelli = {modello.__name__ for modello in dichiarati}
    template, python = file_da_controllare(ROOT, ["ambito", *settings.AMBITO_MODULI])
    assert template and python
    trovate = []
    for percorso in template:
        trovate += violazioni_template(percorso.read_text(encoding="utf-8"), campi, str(percorso.relative_to(ROOT)))
    for percorso in python:
        trovate += violazioni_python(percorso.read_text(encoding="utf-8"), campi, modelli,
                                     str(percorso.relative_to(ROOT)))
    assert trovate == []
