import pytest

from tests.conftest import RUOLI_CHIAVE


@pytest.mark.django_db
@pytest.mark.parametrize("chiave", RUOLI_CHIAVE)
def test_every_member_reaches_their_dashboard(mondo, client_per, chiave):
    response = client_per(mondo.a.utente(chiave)).get(f"/a/{mondo.a.ambito.slug}/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_member_of_another_ambito_gets_404(mondo, client_per):
    response = client_per(mondo.b.responsabile).get(f"/a/{mondo.a.ambito.slug}/")
    assert response.status_code == 404
