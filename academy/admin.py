"""Django admin for people and organisations: the superuser's and support team's view."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Invitation, JobRole, Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = [
        "organisation",
        "job_role",
        "is_worker",
        "is_manager",
        "is_assessor",
        "contract_type",
        "start_date",
        "end_date",
        "accepted_at",
    ]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_superuser", "groups"]
    search_fields = ["email", "first_name", "last_name", "public_id"]
    readonly_fields = ["public_id", "last_login", "date_joined"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password", "public_id")}),
        ("Name", {"fields": ("first_name", "last_name")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "first_name", "last_name", "password1", "password2")},
        ),
    )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "area", "postcode", "cqc_location_id", "is_active"]
    list_filter = ["type", "area", "is_active"]
    search_fields = ["name", "postcode", "cqc_location_id", "ascwds_establishment_id"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = [
        "person",
        "organisation",
        "job_role",
        "contract_type",
        "is_manager",
        "is_assessor",
        "start_date",
        "end_date",
    ]
    list_filter = ["organisation", "contract_type", "is_manager", "is_assessor", "pathway_category"]
    search_fields = ["person__email", "person__last_name", "organisation__name", "ascwds_worker_id"]
    autocomplete_fields = ["person", "organisation"]
    list_select_related = ["person", "organisation", "job_role"]


@admin.register(JobRole)
class JobRoleAdmin(admin.ModelAdmin):
    list_display = ["name", "ascwds_code"]
    search_fields = ["name"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["membership", "invited_by", "created_at", "sent_at"]
    list_select_related = ["membership__person", "membership__organisation", "invited_by"]
    readonly_fields = ["membership", "invited_by", "created_at", "sent_at"]
