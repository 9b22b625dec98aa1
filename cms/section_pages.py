"""Making a site section's index page from a data migration, so a new deployment has it at once.

Migrations work with historical models, which lack Wagtail's tree methods, so the page's place in
the tree (its treebeard path) is worked out here.
"""

_STEP_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _next_child_path(Page, parent) -> str:
    last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("-path").first()
    number = int(last.path[-4:], 36) + 1 if last else 1
    step = ""
    for _ in range(4):
        number, remainder = divmod(number, 36)
        step = _STEP_DIGITS[remainder] + step
    return parent.path + step


def create_section_page(apps, *, app_label: str, model: str, title: str, slug: str, **fields):
    """Add a live page of `app_label.model` under the home page, once; None if it was there already."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    page_model = apps.get_model(app_label, model)
    home = Page.objects.filter(depth=2, content_type__app_label="cms", content_type__model="homepage").first()
    if home is None or page_model.objects.exists():
        return None
    if Page.objects.filter(path__startswith=home.path, depth=home.depth + 1, slug=slug).exists():
        slug = f"{slug}-section"
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model.lower())
    page = page_model.objects.create(
        title=title,
        draft_title=title,
        slug=slug,
        content_type=content_type,
        path=_next_child_path(Page, home),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{slug}/",
        locale_id=home.locale_id,
        live=True,
        has_unpublished_changes=False,
        **fields,
    )
    home.numchild = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).count()
    home.save(update_fields=["numchild"])
    return page
