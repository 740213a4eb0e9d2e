"""Object-level grants (django-guardian) where a role is not enough: e.g. a partner given access to
one object only. No core page uses a grant yet; domain modules call ``ha_permesso_oggetto``."""

from __future__ import annotations

import pytest
from guardian.shortcuts import assign_perm, remove_perm

from ambito.accounts.permissions import ha_permesso_oggetto
from tests.governance.helpers import crea_atto

pytestmark = pytest.mark.django_db


def test_a_grant_on_one_object_gives_that_object_only_and_can_be_withdrawn(mondo):
    condiviso = crea_atto(mondo.a, numero="1")
    altro = crea_atto(mondo.a, numero="2")
    partner = mondo.a.partner
    assert not ha_permesso_oggetto(partner, "ambito.view_atto", condiviso)

    assign_perm("ambito.view_atto", partner, condiviso)
    partner = type(partner).objects.get(pk=partner.pk)  # fresh object: no permission cache
    assert ha_permesso_oggetto(partner, "ambito.view_atto", condiviso)
    assert not ha_permesso_oggetto(partner, "ambito.view_atto", altro)
    assert not ha_permesso_oggetto(mondo.a.sindaco, "ambito.view_atto", condiviso)
    assert not partner.has_perm("ambito.view_atto")  # no model-wide permission came with it

    remove_perm("ambito.view_atto", partner, condiviso)
    partner = type(partner).objects.get(pk=partner.pk)
    assert not ha_permesso_oggetto(partner, "ambito.view_atto", condiviso)
