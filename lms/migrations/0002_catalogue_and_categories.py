"""Give a new site its course catalogue at /courses/, the ASC-WDS training categories and course topics.

The categories are the November 2025 bulk-upload codes; they are data, kept in the Django admin.
"""

from django.db import migrations

from cms.section_pages import create_section_page

CATEGORIES = {
    1: "Control and restraint",
    2: "Dementia care",
    5: "Emergency aid awareness",
    6: "Fire safety",
    7: "Basic life support and first aid",
    8: "Food hygiene",
    9: "Health and safety awareness",
    10: "Infection prevention and control",
    11: "Leadership and management",
    12: "Learning disability",
    13: "Medication management",
    14: "Mental capacity and liberty safeguards",
    15: "Assisting and moving people",
    16: "Nutrition and hydration",
    17: "Palliative, end of life care",
    18: "Physical disability",
    19: "Positive behaviour support and non-restrictive practice",
    20: "Safeguarding adults",
    21: "Other",
    22: "Dignity, respect, person-centered care",
    23: "Equality and diversity",
    25: "Children's, young people's related training",
    26: "Data management and GDPR",
    27: "Epilepsy",
    28: "Communication",
    29: "Diabetes",
    30: "COSHH",
    31: "Mental health",
    32: "Autism",
    33: "Continence care",
    34: "Duty of care",
    35: "Supervision, performance management",
    36: "Stroke",
    37: "Complaints handling, conflict resolution",
    38: "Personal care",
    39: "Activity provision, wellbeing",
    40: "Sensory disability",
    41: "Oliver McGowan Mandatory Training (elearning)",
    42: "Oliver McGowan (Tier 1)",
    43: "Oliver McGowan (Tier 2)",
    44: "Oral health",
    45: "Moving and handling objects",
    46: "Assisted digital and accessibility",
    47: "Digital leadership skills",
    48: "In-house systems and applications",
    49: "Online safety and security",
    50: "Social media and communications",
    51: "Working with digital technology",
}
TOPICS = [
    ("Mandatory training", "mandatory-training"),
    ("Care Certificate", "care-certificate"),
    ("Learning disability and autism", "learning-disability-and-autism"),
    ("Leadership and management", "leadership-and-management"),
    ("Person-centred and strengths-based practice", "person-centred-practice"),
    ("Health and clinical skills", "health-and-clinical-skills"),
]


def forwards(apps, schema_editor):
    TrainingCategory = apps.get_model("lms", "TrainingCategory")
    CourseTopic = apps.get_model("lms", "CourseTopic")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    for code, name in CATEGORIES.items():
        TrainingCategory.objects.get_or_create(code=code, defaults={"name": name})
    for order, (name, slug) in enumerate(TOPICS):
        CourseTopic.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})

    create_section_page(
        apps,
        app_label="lms",
        model="CourseCatalogPage",
        title="Courses",
        slug="courses",
        introduction="Free training for everyone working in adult social care locally: online, live and face to face.",
    )

    editor = Group.objects.filter(name="Editor").first()
    if editor is not None:
        content_type, _ = ContentType.objects.get_or_create(app_label="lms", model="coursetopic")
        for action in ("add", "change", "delete"):
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_coursetopic", defaults={"name": f"Can {action} topic"}
            )
            editor.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0001_courses_and_enrolment"),
        ("cms", "0004_site_sections"),
        ("events", "0002_event_calendar_page"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
