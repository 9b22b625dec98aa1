"""Workforce figures on the report date: headcount by provider, type, job role, pathway and contract."""

from __future__ import annotations

from django.db import connection
from django.db.models import Count

from academy.models import ContractType, Organisation, OrganisationType, PathwayCategory

from .registry import figure, table
from .scope import Scope
from .staff import fetch, sql_of, staff_on, team_link
from .table import PERCENT, TEXT, Chart, Column, Row, Table, percent

_HEADCOUNT_NOTE = (
    "Staff in post on the report date: accepted workers who had started and not yet left. "
    "A person working for two providers counts once at each."
)


def _headcount_table(scope: Scope, rows: list[Row], *, label: str, first: list[Column]) -> Table:
    total = sum(row.values["staff"] for row in rows)
    for row in rows:
        row.values["share"] = percent(row.values["staff"], total)
    totals_values = {column.key: None for column in first}
    totals_values[first[0].key] = "Total"
    totals_values.update(staff=total, share=100.0 if total else None)
    return table(
        [*first, Column("staff", "Staff"), Column("share", "Share of staff", PERCENT)],
        rows,
        totals=Row("total", totals_values),
        chart=Chart(first[0].key, ("staff",), summary=f"Bar chart of staff in post by {label}."),
        notes=[_HEADCOUNT_NOTE],
    )


@figure("headcount-by-provider", "Staff by provider", "How many staff each provider has in post.")
def headcount_by_provider(scope: Scope):
    # Counted by organisation id, then joined to the organisations for their names: grouping the staff
    # by name, type and area as well sorted 100,000 wide rows on disk (twice the time of the count).
    counts_sql, counts_params = sql_of(
        staff_on(scope).values_list("organisation_id").annotate(n=Count("pk")).order_by()
    )
    organisation = connection.ops.quote_name(Organisation._meta.db_table)
    found = fetch(
        f"""SELECT o.id, o.name, o.type, o.area, c.n
        FROM ({counts_sql}) c JOIN {organisation} o ON o.id = c.organisation_id
        ORDER BY o.name, o.id""",
        counts_params,
    )
    types = dict(OrganisationType.choices)
    rows = [
        Row(
            str(organisation_id),
            {"provider": name, "type": types.get(kind, kind), "area": area, "staff": n},
            links={"staff": link} if (link := team_link(scope, organisation_id)) else {},
        )
        for organisation_id, name, kind, area, n in found
    ]
    return _headcount_table(
        scope,
        rows,
        label="provider",
        first=[
            Column("provider", "Provider", TEXT),
            Column("type", "Type", TEXT),
            Column("area", "Area", TEXT),
        ],
    )


def _by_choice(scope: Scope, field: str, choices, label: str, heading: str):
    counts = dict(staff_on(scope).values_list(field).annotate(n=Count("pk")).order_by())
    rows = [
        Row(value, {"name": name, "staff": counts[value]}) for value, name in choices if counts.get(value)
    ]
    return _headcount_table(scope, rows, label=label, first=[Column("name", heading, TEXT)])


@figure("headcount-by-provider-type", "Staff by provider type", "Staff in post in each kind of service.")
def headcount_by_provider_type(scope: Scope):
    return _by_choice(scope, "organisation__type", OrganisationType.choices, "provider type", "Provider type")


@figure(
    "headcount-by-pathway-category",
    "Staff by care workforce pathway category",
    "Staff in post in each of the care workforce pathway's role categories.",
)
def headcount_by_pathway_category(scope: Scope):
    return _by_choice(
        scope, "pathway_category", PathwayCategory.choices, "pathway category", "Pathway category"
    )


@figure(
    "headcount-by-contract-type", "Staff by contract type", "Permanent, bank, zero-hours and agency staff."
)
def headcount_by_contract_type(scope: Scope):
    return _by_choice(scope, "contract_type", ContractType.choices, "contract type", "Contract type")


@figure("headcount-by-job-role", "Staff by job role", "Staff in post in each ASC-WDS main job role.")
def headcount_by_job_role(scope: Scope):
    found = (
        staff_on(scope)
        .values("job_role_id", "job_role__name")
        .annotate(n=Count("pk"))
        .order_by("job_role__name", "job_role_id")
    )
    rows = []
    for item in found:
        link = team_link(scope, scope.organisation, job_role=item["job_role_id"])
        rows.append(
            Row(
                str(item["job_role_id"]),
                {"name": item["job_role__name"], "staff": item["n"]},
                links={"staff": link} if link else {},
            )
        )
    return _headcount_table(scope, rows, label="job role", first=[Column("name", "Job role", TEXT)])
