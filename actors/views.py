from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from actors import selectors, services
from actors.access import DIRECTORY_ROLES
from actors.forms import (
    ActorForm,
    AreaForm,
    ContactPersonForm,
    DirectoryFilterForm,
    LocalContactForm,
    SearchForm,
    SupportOfferForm,
)
from actors.models import Actor, Area, ContactPerson, LocalContact, SupportOffer
from brobygning.core.access import role_required
from brobygning.core.posts import post_form
from brobygning.core.search import Search

GET_POST = require_http_methods(["GET", "POST"])
PAGE_SIZE = 25


def _submit(request, form, save, *, title, success, back_url, next_url=None):
    """Render `form`; on a valid POST call `save(form)` and go to `next_url`, or else to the
    saved object's page (brobygning.core.posts.post_form)."""
    return post_form(
        request,
        form,
        save,
        success=success,
        to=lambda saved: next_url or saved.get_absolute_url(),
        template="actors/form.html",
        context={"title": title, "back_url": back_url},
    )


def _valid_filters(form):
    """The filters that validated. A bad value (say, a letter for an area id) becomes an error
    on the form and is left out, instead of crashing the page or being silently ignored."""
    if not form.is_bound:
        return {}
    form.full_clean()
    return form.cleaned_data


@GET_POST
@role_required(*DIRECTORY_ROLES)
def directory(request):
    # Free-text searches post, so the terms stay out of URLs (brobygning.core.search).
    search = Search(request, private=["q"])
    form = DirectoryFilterForm(search.data or None)
    filters = _valid_filters(form)
    if search.submitted and form.is_valid():
        return search.redirect(form.fields)
    page = Paginator(selectors.directory(filters), PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "actors/directory.html",
        {"form": form, "page": page, "query": search.query},
        status=400 if form.errors else 200,
    )


@require_GET
@role_required(*DIRECTORY_ROLES)
def offer_detail(request, pk):
    offer = get_object_or_404(SupportOffer.objects.for_directory(), pk=pk)
    return render(request, "actors/offer_detail.html", {"offer": offer})


@GET_POST
@role_required(*DIRECTORY_ROLES)
def offer_edit(request, pk=None):
    offer = get_object_or_404(SupportOffer, pk=pk) if pk is not None else SupportOffer()
    actor_id = request.GET.get("aktoer", "")
    initial = {"actor": actor_id} if not offer.pk and actor_id.isdigit() else None
    form = SupportOfferForm(request.POST or None, instance=offer, initial=initial, by=request.user)
    return _submit(
        request,
        form,
        lambda form: services.support_offer_save(
            offer=form.save(commit=False),
            need_categories=form.cleaned_data["need_categories"],
            areas=form.cleaned_data["areas"],
            by=request.user,
        ),
        title=_("Edit support offer") if offer.pk else _("New support offer"),
        success=_("Support offer saved."),
        back_url=offer.get_absolute_url() if offer.pk else reverse("actors:directory"),
    )


@GET_POST
@role_required(*DIRECTORY_ROLES)
def actor_list(request):
    search = Search(request, private=["q"])
    form = SearchForm(search.data or None)
    query = _valid_filters(form).get("q", "")
    if search.submitted and form.is_valid():
        return search.redirect(form.fields)
    page = Paginator(selectors.actor_list(query), PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "actors/actor_list.html",
        {"form": form, "page": page, "query": search.query},
        status=400 if form.errors else 200,
    )


@require_GET
@role_required(*DIRECTORY_ROLES)
def actor_detail(request, pk):
    actor = get_object_or_404(Actor, pk=pk)
    return render(
        request, "actors/actor_detail.html", {"actor": actor, **selectors.actor_page(actor)}
    )


@GET_POST
@role_required(*DIRECTORY_ROLES)
def actor_edit(request, pk=None):
    actor = get_object_or_404(Actor, pk=pk) if pk is not None else Actor()
    form = ActorForm(request.POST or None, instance=actor)
    return _submit(
        request,
        form,
        lambda form: services.actor_save(actor=form.save(commit=False)),
        title=_("Edit actor") if actor.pk else _("New actor"),
        success=_("Actor saved."),
        back_url=actor.get_absolute_url() if actor.pk else reverse("actors:actor_list"),
    )


@GET_POST
@role_required(*DIRECTORY_ROLES)
def contact_edit(request, pk, contact_pk=None):
    actor = get_object_or_404(Actor, pk=pk)
    contact = (
        get_object_or_404(ContactPerson, pk=contact_pk, actor=actor)
        if contact_pk is not None
        else ContactPerson(actor=actor)
    )
    form = ContactPersonForm(request.POST or None, instance=contact, by=request.user)
    return _submit(
        request,
        form,
        lambda form: services.contact_person_save(contact=form.save(commit=False)),
        title=_("Edit contact person") if contact.pk else _("New contact person"),
        success=_("Contact person saved."),
        back_url=actor.get_absolute_url(),
        next_url=actor.get_absolute_url(),
    )


@GET_POST
@role_required(*DIRECTORY_ROLES)
def area_list(request):
    search = Search(request, private=["q"])
    form = SearchForm(search.data or None)
    query = _valid_filters(form).get("q", "")
    if search.submitted and form.is_valid():
        return search.redirect(form.fields)
    return render(
        request,
        "actors/area_list.html",
        {"form": form, "areas": selectors.area_list(query)},
        status=400 if form.errors else 200,
    )


@require_GET
@role_required(*DIRECTORY_ROLES)
def area_detail(request, pk):
    area = get_object_or_404(Area.objects.select_related("housing_organisation"), pk=pk)
    return render(request, "actors/area_detail.html", {"area": area, **selectors.area_page(area)})


@GET_POST
@role_required(*DIRECTORY_ROLES)
def area_edit(request, pk):
    area = get_object_or_404(Area, pk=pk)
    form = AreaForm(request.POST or None, instance=area)
    return _submit(
        request,
        form,
        lambda form: services.area_update(
            area=area, changes={name: form.cleaned_data[name] for name in form.Meta.fields}
        ),
        title=_("Edit area: %(name)s") % {"name": area.name},
        success=_("Area saved."),
        back_url=area.get_absolute_url(),
    )


@GET_POST
@role_required(*DIRECTORY_ROLES)
def local_contact_edit(request, pk, contact_pk=None):
    area = get_object_or_404(Area, pk=pk)
    contact = (
        get_object_or_404(LocalContact, pk=contact_pk, area=area)
        if contact_pk is not None
        else LocalContact(area=area)
    )
    form = LocalContactForm(request.POST or None, instance=contact)
    return _submit(
        request,
        form,
        lambda form: services.local_contact_save(contact=form.save(commit=False)),
        title=_("Edit local contact") if contact.pk else _("New local contact"),
        success=_("Local contact saved."),
        back_url=area.get_absolute_url(),
        next_url=area.get_absolute_url(),
    )


@GET_POST
@role_required(*DIRECTORY_ROLES)
def door_hanger(request, pk):
    """A printable two-sided door hanger for a stairwell in a receiving area: a welcome to the
    newly moved-in household, and an invitation to the neighbours to welcome them."""
    area = get_object_or_404(Area, pk=pk)
    # The stairwell is where a rehoused family now lives: it stays out of the URL.
    search = Search(request, private=["opgang"])
    if search.submitted:
        return search.redirect(["opgang", "sprog"])
    translations = list(area.door_hangers.all())
    chosen = search.data.get("sprog", "")
    translation = next((t for t in translations if t.language == chosen), None)
    return render(
        request,
        "actors/door_hanger.html",
        {
            "area": area,
            "stairwell": search.data.get("opgang", "")[:100],
            "contacts": area.local_contacts.filter(is_active=True),
            "translations": translations,
            "translation": translation,
        },
    )
