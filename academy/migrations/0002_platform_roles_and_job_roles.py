"""Platform roles as groups, and the ASC-WDS main job roles the academy starts with."""

from django.db import migrations

PLATFORM_GROUPS = ["Editor", "Commissioner", "Recruiter", "Bank coordinator"]

# MAINJOBROLE codes from the ASC-WDS bulk-upload guidance. More can be added in the admin.
JOB_ROLES = [
    (4, "Registered manager"),
    (7, "Senior care worker"),
    (8, "Care worker"),
    (37, "Nursing associate"),
    (43, "Deputy manager"),
    (45, "Team leader"),
    (52, "Support worker"),
]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    JobRole = apps.get_model("academy", "JobRole")

    for name in PLATFORM_GROUPS:
        Group.objects.get_or_create(name=name)

    # Editors work in the Wagtail admin; page permissions are granted where the pages are made.
    admin_ct, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_ct, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    Group.objects.get(name="Editor").permissions.add(access_admin)

    for code, name in JOB_ROLES:
        JobRole.objects.update_or_create(ascwds_code=code, defaults={"name": name})


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=PLATFORM_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("academy", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
