from django.contrib import admin

from actors.models import Area, HousingOrganisation


@admin.register(HousingOrganisation)
class HousingOrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "max_offers")
    search_fields = ("name",)


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "municipality", "is_transformation_area", "is_receiving_area")
    list_filter = ("is_transformation_area", "is_receiving_area", "municipality")
    search_fields = ("name",)
