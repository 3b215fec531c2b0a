"""`{% pk_url %}` and `pk_url_maker` give what `{% url %}` and reverse() give."""

from django.template import Context, Template
from django.urls import reverse

from brobygning.core.templatetags.pk_urls import pk_url_maker


def test_a_list_url_is_the_reversed_url_of_each_id():
    url = pk_url_maker("actors:offer_detail")
    for pk in (1, 7, 1634, 2**40):
        assert url(pk) == reverse("actors:offer_detail", args=[pk])


def test_the_tag_renders_what_the_url_tag_renders():
    ids = [3, 1634, 3]
    fast = Template(
        "{% load pk_urls %}{% for pk in ids %}{% pk_url 'portal:answer' pk %};{% endfor %}"
    )
    slow = Template("{% for pk in ids %}{% url 'portal:answer' pk %};{% endfor %}")
    assert fast.render(Context({"ids": ids})) == slow.render(Context({"ids": ids}))
