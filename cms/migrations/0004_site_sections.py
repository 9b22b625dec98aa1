"""Give a new site its sections (resource centre, career pathways, news), topics and audiences, and
let editors upload the files and pictures those pages need. Publishing stays with Wagtail's review
workflow: editors submit, moderators approve."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from cms.section_pages import create_section_page

TOPICS = [
    ("Recruitment and retention", "recruitment-and-retention", "Finding, welcoming and keeping good staff."),
    ("Wellbeing", "wellbeing", "Looking after yourself and your team."),
    ("Equality, diversity and inclusion", "equality-diversity-and-inclusion", "Fair workplaces and fair care."),
    ("Policies and templates", "policies-and-templates", "Ready-to-adapt policies, forms and templates."),
    ("Good Employment Charter", "good-employment-charter", "What good employment looks like, and how to get there."),
    ("Leadership", "leadership", "Leading teams and services."),
    ("Learning and development", "learning-and-development", "Training, supervision and growing skills."),
    ("Career pathways", "career-pathways", "Moving on and up in adult social care."),
    ("Funding", "funding", "Money available for training and development."),
]
AUDIENCES = [
    ("Care workers", "care-workers"),
    ("Managers", "managers"),
    ("Providers", "providers"),
    ("Job seekers", "job-seekers"),
]
SECTIONS = [
    (
        "resourceindexpage",
        "Resource centre",
        "resources",
        "Toolkits, templates, policies, guides and videos for care workers, managers and providers.",
    ),
    (
        "pathwayindexpage",
        "Career pathways",
        "careers",
        "Where a job in care can take you: roles from your first day to running a service.",
    ),
    ("newsindexpage", "News and stories", "news", "What is happening at the academy, and stories from people in care."),
]


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    ResourceTopic = apps.get_model("cms", "ResourceTopic")
    Audience = apps.get_model("cms", "Audience")

    for order, (name, slug, description) in enumerate(TOPICS):
        ResourceTopic.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order}
        )
    for order, (name, slug) in enumerate(AUDIENCES):
        Audience.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})

    for model, title, slug, introduction in SECTIONS:
        create_section_page(apps, app_label="cms", model=model, title=title, slug=slug, introduction=introduction)

    editor = Group.objects.get(name="Editor")
    # Topics and audiences are the editors' to keep.
    for model in ("resourcetopic", "audience"):
        content_type, _ = ContentType.objects.get_or_create(app_label="cms", model=model)
        for action in ("add", "change", "delete"):
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_{model}", defaults={"name": f"Can {action} {model}"}
            )
            editor.permissions.add(permission)
    # Resources need files and pictures uploaded.
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for app_label, model in (("wagtaildocs", "document"), ("wagtailimages", "image")):
            content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
            for action in ("add", "change", "choose"):
                permission = Permission.objects.filter(content_type=content_type, codename=f"{action}_{model}").first()
                if permission is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=editor, collection=root_collection, permission=permission
                    )
    # Wagtail's default "Moderators approval" workflow covers the whole tree; say what it is for.
    Workflow.objects.filter(name="Moderators approval").update(name="Review, then publish")
    Task.objects.filter(name="Moderators approval").update(name="Review by a moderator")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_resources_pathways_news"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        # Typo-tolerant search on PostgreSQL; other databases skip this.
        TrigramExtension(),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
