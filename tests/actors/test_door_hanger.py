from django.urls import reverse

from actors.models import DoorHangerTranslation
from tests.factories import AreaFactory, LocalContactFactory


def test_door_hanger_shows_facilities_contacts_and_the_chosen_translation(client, bridge_builder):
    area = AreaFactory(name="Hasle", facilities="Netto, halal-slagter, bibliotek")
    LocalContactFactory(area=area, name="Karin Social Vicevært", phone="12345678")
    DoorHangerTranslation.objects.create(
        area=area, language="ar", welcome_text="MRK-AR-WELCOME", neighbour_text="MRK-AR-N"
    )
    client.force_login(bridge_builder)
    url = reverse("actors:door_hanger", args=[area.pk])
    response = client.post(url, {"opgang": "Opgang 12", "sprog": "ar"}, follow=True)
    html = response.content.decode()
    # The stairwell (where the family now lives) stays out of the URL; the language may not.
    ((shown, _status),) = response.redirect_chain
    assert "Opgang" not in shown and "sprog=ar" in shown
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


def test_the_second_language_block_carries_lang_and_right_to_left_dir(client, bridge_builder):
    area = AreaFactory(name="Hasle")
    DoorHangerTranslation.objects.create(
        area=area, language="ar", welcome_text="مرحبًا", neighbour_text="جار جديد"
    )
    client.force_login(bridge_builder)
    url = reverse("actors:door_hanger", args=[area.pk])
    html = client.post(url, {"sprog": "ar"}, follow=True).content.decode()
    assert 'lang="ar" dir="rtl"' in html
    assert ">Arabisk</option>" in html


def test_a_typed_language_name_is_read_as_its_code():
    from actors.languages import direction, language_code

    assert language_code("Arabisk") == "ar" and direction("ar") == "rtl"
    assert language_code(" somali ") == "so" and direction("so") == "ltr"
    assert language_code("dansk") == ""


def test_the_demo_ships_english_arabic_somali_and_turkish_as_editable_rows(db):
    from actors.door_hanger_demo import seed_door_hangers

    area = AreaFactory(is_receiving_area=True)
    seed_door_hangers()
    mine = DoorHangerTranslation.objects.get(area=area, language="so")
    mine.welcome_text = "Rettet af personalet"
    mine.save()
    seed_door_hangers()  # again: edited rows stay as staff left them
    assert set(area.door_hangers.values_list("language", flat=True)) == {"en", "ar", "so", "tr"}
    assert DoorHangerTranslation.objects.get(pk=mine.pk).welcome_text == "Rettet af personalet"
