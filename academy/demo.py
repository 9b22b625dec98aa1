"""Demonstration data: providers of every kind, their staff, and one account for each role.

Used by `manage.py load_demo` (and so `make demo`). Running it again changes nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from .models import ContractType, JobRole, Membership, Organisation, OrganisationType, PathwayCategory
from .roles import PlatformRole

User = get_user_model()

DEMO_PASSWORD = "academy-demo-2026"
DEMO_EMAIL_DOMAIN = "demo.example.org"

PROVIDERS = [
    ("Oakfield House", OrganisationType.RESIDENTIAL, "1-101000001", "ST16 2AB", "Stafford"),
    ("Riverside Nursing Home", OrganisationType.NURSING, "1-101000002", "ST4 7QB", "Stoke South"),
    ("Home First Care", OrganisationType.HOME_CARE, "1-101000003", "WS11 1DH", "Cannock Chase"),
    (
        "Brookside Supported Living",
        OrganisationType.SUPPORTED_LIVING,
        "1-101000004",
        "DE14 1AA",
        "East Staffordshire",
    ),
    ("Willow Lodge", OrganisationType.RESIDENTIAL, "1-101000005", "TF10 7AA", "Stafford"),
    ("Kind Hands Home Care", OrganisationType.HOME_CARE, "1-101000006", "B79 7AA", "Tamworth"),
    ("Council Reablement Service", OrganisationType.COUNCIL, "", "ST16 2LH", "Stafford"),
]

FIRST_NAMES = [
    "Amina",
    "Ben",
    "Chloe",
    "Daniel",
    "Esther",
    "Farid",
    "Grace",
    "Harjit",
    "Imogen",
    "Jamal",
    "Kasia",
    "Liam",
    "Maria",
    "Nadia",
    "Oluwaseun",
    "Priya",
    "Rhys",
    "Sofia",
    "Tomasz",
    "Uzma",
    "Victoria",
    "Wei",
    "Yusuf",
    "Zara",
    "Aled",
    "Bethany",
    "Callum",
    "Deborah",
    "Emeka",
    "Fiona",
]
LAST_NAMES = [
    "Adeyemi",
    "Bailey",
    "Chowdhury",
    "Davies",
    "Evans",
    "Fernandes",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kowalski",
    "Lewis",
    "Mensah",
    "Nowak",
    "Okafor",
    "Patel",
    "Quinn",
    "Roberts",
    "Singh",
    "Thomas",
    "Usman",
    "Walker",
    "Xu",
    "Young",
    "Zielinski",
]

# (ASC-WDS job role code, pathway category, how many of each a typical provider has)
STAFF_MIX = [
    (8, PathwayCategory.CARE_OR_SUPPORT_WORKER, 3),
    (52, PathwayCategory.CARE_OR_SUPPORT_WORKER, 1),
    (7, PathwayCategory.ENHANCED_CARE_WORKER, 1),
    (45, PathwayCategory.SUPERVISOR_OR_LEADER, 1),
    (8, PathwayCategory.NEW_TO_CARE, 1),
]


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    first_name: str
    last_name: str
    description: str


DEMO_ACCOUNTS = [
    DemoAccount("worker", f"worker@{DEMO_EMAIL_DOMAIN}", "Wendy", "Worker", "Care worker at Oakfield House"),
    DemoAccount(
        "manager",
        f"manager@{DEMO_EMAIL_DOMAIN}",
        "Mohammed",
        "Manager",
        "Registered manager of Oakfield House",
    ),
    DemoAccount(
        "assessor",
        f"assessor@{DEMO_EMAIL_DOMAIN}",
        "Asha",
        "Assessor",
        "Senior care worker and assessor at Oakfield House",
    ),
    DemoAccount("editor", f"editor@{DEMO_EMAIL_DOMAIN}", "Eddie", "Editor", "Academy content editor"),
    DemoAccount(
        "commissioner", f"commissioner@{DEMO_EMAIL_DOMAIN}", "Carys", "Commissioner", "Council commissioner"
    ),
    DemoAccount(
        "recruiter", f"recruiter@{DEMO_EMAIL_DOMAIN}", "Ravi", "Recruiter", "Central recruitment team"
    ),
    DemoAccount("bank coordinator", f"bank@{DEMO_EMAIL_DOMAIN}", "Bola", "Bank", "Bank coordinator"),
    DemoAccount("superuser", f"admin@{DEMO_EMAIL_DOMAIN}", "Sam", "Admin", "Superuser"),
]


def _account(spec: DemoAccount, *, superuser: bool = False):
    user, created = User.objects.get_or_create(
        email=spec.email,
        defaults={
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "is_superuser": superuser,
            "is_staff": superuser,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def _membership(
    person,
    organisation,
    *,
    job_code,
    pathway,
    contract=ContractType.PERMANENT,
    start,
    worker_id,
    manager=False,
    assessor=False,
):
    Membership.objects.get_or_create(
        person=person,
        organisation=organisation,
        end_date=None,
        defaults={
            "job_role": JobRole.objects.get(ascwds_code=job_code),
            "pathway_category": pathway,
            "contract_type": contract,
            "start_date": start,
            "ascwds_worker_id": worker_id,
            "is_manager": manager,
            "is_assessor": assessor,
            "accepted_at": timezone.now(),
        },
    )


@transaction.atomic
def load_demo() -> dict:
    """Create (or leave as they are) the demo providers, staff and role accounts."""
    rng = random.Random(2026)
    today = timezone.localdate()
    organisations = []
    for index, (name, org_type, cqc, postcode, area) in enumerate(PROVIDERS, start=1):
        organisation, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "type": org_type,
                "cqc_location_id": cqc,
                "ascwds_establishment_id": f"DEMO{index:04d}",
                "postcode": postcode,
                "area": area,
            },
        )
        organisations.append(organisation)

    people = 0
    for org_index, organisation in enumerate(organisations):
        # Each provider has a registered manager, a deputy, and a mix of care staff.
        slug = organisation.ascwds_establishment_id.lower()
        staff = [(4, PathwayCategory.REGISTERED_MANAGER, True)] + [(43, PathwayCategory.DEPUTY_MANAGER, True)]
        for code, pathway, count in STAFF_MIX:
            staff += [(code, pathway, False)] * count
        if organisation.type == OrganisationType.NURSING:
            staff.append((37, PathwayCategory.PRACTICE_LEADER, False))
        for staff_index, (code, pathway, is_manager) in enumerate(staff, start=1):
            if org_index == 0 and code == 4:
                continue  # Oakfield House's registered manager is the demo manager account below.
            first = FIRST_NAMES[(org_index * 7 + staff_index) % len(FIRST_NAMES)]
            last = LAST_NAMES[(org_index * 5 + staff_index * 3) % len(LAST_NAMES)]
            email = f"{first}.{last}.{slug}{staff_index}@{DEMO_EMAIL_DOMAIN}".lower()
            person = _account(DemoAccount("staff", email, first, last, ""))
            contract = ContractType.PERMANENT
            if pathway == PathwayCategory.CARE_OR_SUPPORT_WORKER and staff_index % 4 == 0:
                contract = rng.choice([ContractType.BANK, ContractType.ZERO_HOURS])
            start = today - datetime.timedelta(days=rng.randint(20, 3000))
            _membership(
                person,
                organisation,
                job_code=code,
                pathway=pathway,
                contract=contract,
                start=start,
                worker_id=f"{organisation.ascwds_establishment_id}-{staff_index:03d}",
                manager=is_manager,
                assessor=code in (4, 43),
            )
            people += 1

    accounts = {spec.role: spec for spec in DEMO_ACCOUNTS}
    oakfield = organisations[0]
    worker = _account(accounts["worker"])
    _membership(
        worker,
        oakfield,
        job_code=8,
        pathway=PathwayCategory.CARE_OR_SUPPORT_WORKER,
        start=today - datetime.timedelta(days=200),
        worker_id="DEMO0001-W01",
    )
    manager = _account(accounts["manager"])
    _membership(
        manager,
        oakfield,
        job_code=4,
        pathway=PathwayCategory.REGISTERED_MANAGER,
        start=today - datetime.timedelta(days=2400),
        worker_id="DEMO0001-M01",
        manager=True,
        assessor=True,
    )
    assessor = _account(accounts["assessor"])
    _membership(
        assessor,
        oakfield,
        job_code=7,
        pathway=PathwayCategory.ENHANCED_CARE_WORKER,
        start=today - datetime.timedelta(days=1500),
        worker_id="DEMO0001-A01",
        assessor=True,
    )
    # A bank worker who picks up shifts at two providers.
    bank_worker = _account(DemoAccount("staff", f"bank.worker@{DEMO_EMAIL_DOMAIN}", "Bisi", "Flex", ""))
    for organisation in organisations[1:3]:
        _membership(
            bank_worker,
            organisation,
            job_code=8,
            pathway=PathwayCategory.CARE_OR_SUPPORT_WORKER,
            contract=ContractType.BANK,
            start=today - datetime.timedelta(days=90),
            worker_id=f"{organisation.ascwds_establishment_id}-BANK1",
        )

    for role, group_name in [
        ("editor", PlatformRole.EDITOR),
        ("commissioner", PlatformRole.COMMISSIONER),
        ("recruiter", PlatformRole.RECRUITER),
        ("bank coordinator", PlatformRole.BANK_COORDINATOR),
    ]:
        _account(accounts[role]).groups.add(Group.objects.get(name=group_name))
    _account(accounts["superuser"], superuser=True)

    return {
        "organisations": Organisation.objects.count(),
        "staff": Membership.objects.active().values("person").distinct().count(),
        "accounts": DEMO_ACCOUNTS,
        "password": DEMO_PASSWORD,
    }
