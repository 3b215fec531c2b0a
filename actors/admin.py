from django.contrib import admin

from actors.forms import AreaCriterionValueForm, CriterionThresholdForm
from actors.models import (
    Actor,
    Agreement,
    Area,
    AreaCriterionValue,
    AreaListStatus,
    ContactPerson,
    CriterionThreshold,
    DoorHangerTranslation,
    HousingOrganisation,
    LocalContact,
    SupportOffer,
    SupportOfferCategory,
)
from brobygning.core.admin_accessibility import LabelledTabularInline, NamedValuesListFilter
from brobygning.core.forms import VersionedAdminMixin


@admin.register(HousingOrganisation)
class HousingOrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "max_offers")
    search_fields = ("name",)


class LocalContactInline(VersionedAdminMixin, LabelledTabularInline):
    model = LocalContact
    fields = ("name", "kind", "phone", "email", "is_active", "version")
    extra = 0


class AreaListStatusInline(LabelledTabularInline):
    model = AreaListStatus
    fields = ("year", "status")
    extra = 0


class AreaCriterionValueInline(LabelledTabularInline):
    model = AreaCriterionValue
    form = AreaCriterionValueForm
    fields = ("year", "criterion", "value", "source", "data_year")
    extra = 0


@admin.register(Area)
class AreaAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = (
        "name",
        "municipality",
        "is_transformation_area",
        "is_receiving_area",
        "has_social_housing_plan",
    )
    list_filter = (
        "is_transformation_area",
        "is_receiving_area",
        "has_social_housing_plan",
        ("municipality", NamedValuesListFilter),
    )
    search_fields = ("name",)
    # The name follows the municipality chosen by code (Area.clean).
    readonly_fields = ("municipality",)
    inlines = [LocalContactInline, AreaListStatusInline, AreaCriterionValueInline]


@admin.register(LocalContact)
class LocalContactAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "area", "is_active")
    list_filter = ("kind", "is_active", "area__municipality")
    list_select_related = ("area",)
    search_fields = ("name", "area__name")


@admin.register(AreaListStatus)
class AreaListStatusAdmin(admin.ModelAdmin):
    list_display = ("area", "year", "status")
    list_filter = ("status", "year")
    list_select_related = ("area",)


@admin.register(CriterionThreshold)
class CriterionThresholdAdmin(admin.ModelAdmin):
    form = CriterionThresholdForm
    list_display = ("criterion", "list_status", "value", "valid_from")
    list_filter = ("list_status", "criterion")


@admin.register(AreaCriterionValue)
class AreaCriterionValueAdmin(admin.ModelAdmin):
    form = AreaCriterionValueForm
    list_display = ("area", "year", "criterion", "value", "source")
    list_filter = ("year", "criterion")
    list_select_related = ("area",)


class ContactPersonInline(VersionedAdminMixin, LabelledTabularInline):
    model = ContactPerson
    fields = ("name", "role", "phone", "email", "user", "is_active", "version")
    raw_id_fields = ("user",)
    extra = 0


class AgreementInline(admin.StackedInline):
    model = Agreement
    fields = ("title", "description", "valid_from", "valid_until")
    extra = 0


@admin.register(Actor)
class ActorAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "municipality", "is_active")
    list_filter = ("kind", "is_active", ("municipality", NamedValuesListFilter))
    search_fields = ("name",)
    readonly_fields = ("municipality",)
    inlines = [ContactPersonInline, AgreementInline]


@admin.register(ContactPerson)
class ContactPersonAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "actor", "role", "user", "is_active")
    list_filter = ("is_active",)
    list_select_related = ("actor", "user")
    search_fields = ("name", "actor__name")
    raw_id_fields = ("user",)


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ("title", "actor", "valid_from", "valid_until")
    list_select_related = ("actor",)
    search_fields = ("title", "actor__name")


class SupportOfferCategoryInline(LabelledTabularInline):
    model = SupportOfferCategory
    fields = ("category",)
    extra = 1


@admin.register(SupportOffer)
class SupportOfferAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "actor", "agreement", "is_active")
    list_filter = ("is_active", "categories__category")
    list_select_related = ("actor", "agreement")
    search_fields = ("name", "actor__name")
    filter_horizontal = ("areas",)
    inlines = [SupportOfferCategoryInline]


@admin.register(SupportOfferCategory)
class SupportOfferCategoryAdmin(admin.ModelAdmin):
    list_display = ("offer", "category")
    list_filter = ("category",)
    list_select_related = ("offer",)


@admin.register(DoorHangerTranslation)
class DoorHangerTranslationAdmin(admin.ModelAdmin):
    list_display = ("area", "language")
    list_filter = ("area",)
