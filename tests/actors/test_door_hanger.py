from django.urls import reverse

from actors.models import DoorHangerTranslation
from tests.factories import AreaFactory, LocalContactFactory


def test_door_hanger_shows_facilities_contacts_and_the_chosen_translation(client, bridge_builder):
    area = AreaFactory(name="Hasle", facilities="Netto, halal-slagter, bibliotek")
    LocalContactFactory(area=area, name="Karin Social Vicevært", phone="12345678")
    DoorHangerTranslation.objects.create(
        area=area, language="arabisk", welcome_text="MRK-AR-WELCOME", neighbour_text="MRK-AR-N"
    )
    client.force_login(bridge_builder)
    url = reverse("actors:door_hanger", args=[area.pk])
    response = client.post(url, {"opgang": "Opgang 12", "sprog": "arabisk"}, follow=True)
    html = response.content.decode()
    # The stairwell (where the family now lives) stays out of the URL; the language may not.
    ((shown, _status),) = response.redirect_chain
    assert "Opgang" not in shown and "sprog=arabisk" in shown
    assert "halal-slagter" in html and "Karin Social Vicevært" in html and "Opgang 12" in html
    assert "MRK-AR-WELCOME" in html and "MRK-AR-N" in html
    assert "MRK-AR-WELCOME" not in client.get(url).content.decode()


def test_a_stairwell_text_is_escaped(client, bridge_builder):
    area = AreaFactory(name="Trige")
    client.force_login(bridge_builder)
    response = client.post(
        reverse("actors:door_hanger", args=[area.pk]),
        {"opgang": "<script>alert(1)</script>"},
        follow=True,
    )
    html = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html
