"""Who works where: providers of every type across the districts, and their staff over the years, with
starters, leavers, people who move provider, bank workers at a second provider and open invitations."""

from __future__ import annotations

import datetime
import math
import random
import uuid
from dataclasses import dataclass, field

from academy.models import ContractType, OrganisationType, PathwayCategory

from . import names

DAY = datetime.timedelta(days=1)

# ASC-WDS main job role codes (the job roles the academy's migration loads).
REGISTERED_MANAGER, SENIOR_CARE_WORKER, CARE_WORKER = 4, 7, 8
NURSING_ASSOCIATE, DEPUTY_MANAGER, TEAM_LEADER, SUPPORT_WORKER = 37, 43, 45, 52
ROLE_PATHWAY = {
    REGISTERED_MANAGER: PathwayCategory.REGISTERED_MANAGER,
    DEPUTY_MANAGER: PathwayCategory.DEPUTY_MANAGER,
    TEAM_LEADER: PathwayCategory.SUPERVISOR_OR_LEADER,
    SENIOR_CARE_WORKER: PathwayCategory.ENHANCED_CARE_WORKER,
    NURSING_ASSOCIATE: PathwayCategory.PRACTICE_LEADER,
    CARE_WORKER: PathwayCategory.CARE_OR_SUPPORT_WORKER,
    SUPPORT_WORKER: PathwayCategory.CARE_OR_SUPPORT_WORKER,
}
# Front-line staff by provider type: (job role code, weight)
ROLE_MIX = {
    OrganisationType.RESIDENTIAL: (
        (CARE_WORKER, 62),
        (SENIOR_CARE_WORKER, 20),
        (TEAM_LEADER, 9),
        (SUPPORT_WORKER, 9),
    ),
    OrganisationType.NURSING: (
        (CARE_WORKER, 58),
        (SENIOR_CARE_WORKER, 18),
        (NURSING_ASSOCIATE, 12),
        (TEAM_LEADER, 8),
        (SUPPORT_WORKER, 4),
    ),
    OrganisationType.HOME_CARE: (
        (CARE_WORKER, 72),
        (SENIOR_CARE_WORKER, 15),
        (TEAM_LEADER, 8),
        (SUPPORT_WORKER, 5),
    ),
    OrganisationType.SUPPORTED_LIVING: (
        (SUPPORT_WORKER, 64),
        (SENIOR_CARE_WORKER, 14),
        (TEAM_LEADER, 10),
        (CARE_WORKER, 12),
    ),
    OrganisationType.COUNCIL: (
        (CARE_WORKER, 55),
        (SUPPORT_WORKER, 25),
        (TEAM_LEADER, 12),
        (SENIOR_CARE_WORKER, 8),
    ),
    OrganisationType.OTHER: ((SUPPORT_WORKER, 70), (CARE_WORKER, 20), (TEAM_LEADER, 10)),
}
PROVIDER_TYPES = (
    (OrganisationType.RESIDENTIAL, 34, 1.0),
    (OrganisationType.NURSING, 16, 1.3),
    (OrganisationType.HOME_CARE, 34, 1.4),
    (OrganisationType.SUPPORTED_LIVING, 12, 0.8),
    (OrganisationType.COUNCIL, 3, 1.2),
    (OrganisationType.OTHER, 1, 0.5),
)
CONTRACTS = (
    (ContractType.PERMANENT, 74),
    (ContractType.ZERO_HOURS, 16),
    (ContractType.BANK, 7),
    (ContractType.AGENCY, 3),
)

# Turnover a year, as shares of the workforce: leaving the sector, and moving to another provider.
LEAVING_RATE = 0.13
MOVING_RATE = 0.08
BANK_SECOND_JOB = 0.02
OPEN_INVITATIONS = 0.003


@dataclass(slots=True)
class Provider:
    pk: int
    index: int
    name: str
    type: str
    area: str
    postcode: str
    weight: float
    manager: Person | None = None  # its registered manager: enrols, books and decides for its staff
    assessors: list[Person] = field(default_factory=list)


@dataclass(slots=True)
class Job:
    """One membership."""

    pk: int
    provider: Provider
    start: datetime.date
    end: datetime.date | None
    job_role: int
    pathway: str
    contract: str
    is_manager: bool = False
    is_assessor: bool = False
    accepted: bool = True


@dataclass(slots=True)
class Person:
    pk: int
    index: int
    public_id: str
    first_name: str
    last_name: str
    email: str
    diligence: float  # 0 to 1: how reliably this person keeps their training current
    jobs: list[Job] = field(default_factory=list)
    current: bool = False  # in post on the last day of the history

    @property
    def main_job(self) -> Job:
        """The most recent job they accepted (the one that decides what they must hold)."""
        accepted = [j for j in self.jobs if j.accepted]
        return max(accepted or self.jobs, key=lambda j: (j.start, j.pk))

    def job_on(self, day: datetime.date) -> Job:
        for job in self.jobs:
            if job.accepted and job.start <= day and (job.end is None or job.end >= day):
                return job
        return self.main_job


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


@dataclass
class Population:
    providers: list[Provider]
    people: list[Person]
    headcount: int
    leavers: int
    movers: int


class Planner:
    """Plans the whole population in memory (a few hundred bytes a person) before anything is written."""

    def __init__(
        self,
        *,
        rng: random.Random,
        today: datetime.date,
        history_start: datetime.date,
        seed: int,
        areas: list[str],
        user_ids,
        membership_ids,
        organisation_ids,
    ):
        self.rng = rng
        self.today = today
        self.history_start = history_start
        self.seed = seed
        self.areas = areas
        self.user_ids = user_ids
        self.membership_ids = membership_ids
        self.organisation_ids = organisation_ids
        self.people: list[Person] = []
        self.domain = f"s{seed}.generated.example.org"

    # --- providers ---------------------------------------------------------------------------------------

    def providers(self, count: int) -> list[Provider]:
        rng = self.rng
        areas = self._areas()
        kinds = [k for k, _, _ in PROVIDER_TYPES]
        weights = [w for _, w, _ in PROVIDER_TYPES]
        factor = {k: f for k, _, f in PROVIDER_TYPES}
        used: dict[str, int] = {}
        providers = []
        for index in range(count):
            kind = rng.choices(kinds, weights)[0]
            area, outward = areas[index % len(areas)] if index < len(areas) else rng.choice(areas)
            form = rng.choice(names.PROVIDER_FORMS[kind])
            name = form.format(
                place=rng.choice(names.PLACE_WORDS), suffix=rng.choice(names.PLACE_SUFFIXES), area=area
            )
            used[name] = used.get(name, 0) + 1
            if used[name] > 1:
                name = f"{name} ({area}, {used[name]})"
            postcode = f"{rng.choice(outward)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            postcode += rng.choice("ABDEFGHJLNPQRSTUWXYZ")
            providers.append(
                Provider(
                    pk=self.organisation_ids.take(),
                    index=index,
                    name=name[:200],
                    type=kind,
                    area=area,
                    postcode=postcode,
                    weight=rng.lognormvariate(0, 0.55) * factor[kind],
                )
            )
        return providers

    def _areas(self) -> list[tuple[str, tuple[str, ...]]]:
        if not self.areas:
            return list(names.AREAS)
        known = dict(names.AREAS)
        return [
            (area, known.get(area) or (names.OTHER_OUTWARD[i % len(names.OTHER_OUTWARD)],))
            for i, area in enumerate(self.areas)
        ]

    # --- people ------------------------------------------------------------------------------------------

    def _person(self) -> Person:
        rng = self.rng
        index = len(self.people)
        first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
        person = Person(
            pk=self.user_ids.take(),
            index=index,
            public_id=_uuid(rng),
            first_name=first,
            last_name=last,
            email=f"{first}.{last}.{index}@{self.domain}".lower(),
            diligence=rng.betavariate(3, 1.6),
        )
        self.people.append(person)
        return person

    def _job(
        self, person, provider, *, start, end, role, pathway=None, contract=None, manager=False, accepted=True
    ) -> Job:
        rng = self.rng
        if pathway is None:
            pathway = ROLE_PATHWAY[role]
            roll = rng.random()
            if role in (CARE_WORKER, SUPPORT_WORKER) and (self.today - start).days < 180 and roll < 0.7:
                pathway = PathwayCategory.NEW_TO_CARE
            elif roll > 0.97:
                pathway = PathwayCategory.UNKNOWN if roll > 0.985 else PathwayCategory.NONE
        if contract is None:
            contract = (
                ContractType.PERMANENT
                if manager
                else rng.choices([c for c, _ in CONTRACTS], [w for _, w in CONTRACTS])[0]
            )
        assessor = manager or (
            role in (SENIOR_CARE_WORKER, TEAM_LEADER, NURSING_ASSOCIATE) and rng.random() < 0.4
        )
        job = Job(
            pk=self.membership_ids.take(),
            provider=provider,
            start=start,
            end=end,
            job_role=role,
            pathway=pathway,
            contract=contract,
            is_manager=manager,
            is_assessor=assessor,
            accepted=accepted,
        )
        person.jobs.append(job)
        if accepted and assessor and end is None:
            provider.assessors.append(person)
        return job

    def _tenure(self, mean_years: float, cap_years: float = 30) -> datetime.timedelta:
        days = min(self.rng.expovariate(1 / (mean_years * 365)), cap_years * 365)
        return datetime.timedelta(days=max(1, int(days)))

    def _window_day(self, earliest: datetime.date | None = None, latest: datetime.date | None = None):
        earliest = earliest or self.history_start
        latest = latest or self.today
        return earliest + datetime.timedelta(days=self.rng.randint(0, max((latest - earliest).days, 0)))

    def population(self, providers: list[Provider], headcount: int, years: int) -> Population:
        rng = self.rng
        today = self.today
        # Each provider has its registered manager; the rest of the workforce goes by size.
        total_weight = sum(p.weight for p in providers)
        spare = headcount - len(providers)
        shares = [spare * p.weight / total_weight for p in providers]
        sizes = [1 + math.floor(s) for s in shares]
        remainder = headcount - sum(sizes)
        for i in sorted(
            range(len(providers)), key=lambda i: (shares[i] - math.floor(shares[i]), -i), reverse=True
        )[:remainder]:
            sizes[i] += 1

        current: list[Person] = []
        for provider, size in zip(providers, sizes, strict=True):
            manager = self._person()
            start = today - datetime.timedelta(days=rng.randint(365, 15 * 365))
            self._job(manager, provider, start=start, end=None, role=REGISTERED_MANAGER, manager=True)
            provider.manager = manager
            current.append(manager)
            roles = ROLE_MIX[provider.type]
            for n in range(size - 1):
                person = self._person()
                if n == 0 and size >= 20:
                    role, manager_role = DEPUTY_MANAGER, True
                else:
                    role, manager_role = rng.choices([r for r, _ in roles], [w for _, w in roles])[0], False
                start = today - self._tenure(3.2)
                self._job(person, provider, start=start, end=None, role=role, manager=manager_role)
                current.append(person)
        for person in current:
            person.current = True

        # Movers: in post now, having come from another provider during the history.
        movers = 0
        if len(providers) > 1:
            candidates = [p for p in current if p.jobs[0].job_role != REGISTERED_MANAGER]
            wanted = min(len(candidates) * 3 // 10, round(headcount * MOVING_RATE * years))
            for person in rng.sample(candidates, wanted):
                job = person.jobs[0]
                if (job.start - self.history_start).days < 30:
                    job.start = self._window_day(self.history_start + 30 * DAY, today - 7 * DAY)
                if job.pathway == PathwayCategory.NEW_TO_CARE:
                    job.pathway = ROLE_PATHWAY[job.job_role]  # they worked in care before
                gap = datetime.timedelta(days=rng.randint(0, 45))
                end = job.start - gap - DAY
                start = end - self._tenure(2.5, 15)
                before = rng.choice(providers)
                while before is job.provider:
                    before = rng.choice(providers)
                role = job.job_role
                if role in (SENIOR_CARE_WORKER, TEAM_LEADER) and rng.random() < 0.3:
                    role = CARE_WORKER  # promoted when they moved
                self._job(person, before, start=start, end=end, role=role, manager=job.is_manager)
                person.jobs.sort(key=lambda j: j.start)
                movers += 1

        # Bank workers who also take shifts at a second provider.
        if len(providers) > 1:
            for person in rng.sample(current, round(len(current) * BANK_SECOND_JOB)):
                job = person.main_job
                if job.is_manager:
                    continue
                other = rng.choice(providers)
                if other is job.provider:
                    continue
                self._job(
                    person,
                    other,
                    start=max(job.start, today - self._tenure(1.5, 10)),
                    end=None,
                    role=job.job_role,
                    pathway=job.pathway,
                    contract=ContractType.BANK,
                )

        # Leavers: worked here during the history and left the sector (or the locality).
        leavers = round(headcount * LEAVING_RATE * years)
        weights = [p.weight for p in providers]
        for _ in range(leavers):
            provider = rng.choices(providers, weights)[0]
            roles = ROLE_MIX[provider.type]
            role = rng.choices([r for r, _ in roles], [w for _, w in roles])[0]
            end = self._window_day(latest=today - DAY)
            start = end - self._tenure(2.0, 20)
            self._job(self._person(), provider, start=start, end=end, role=role)

        # Invitations sent, not yet accepted: not in post, not counted.
        for _ in range(round(headcount * OPEN_INVITATIONS)):
            provider = rng.choice(providers)
            roles = ROLE_MIX[provider.type]
            role = rng.choices([r for r, _ in roles], [w for _, w in roles])[0]
            start = today + datetime.timedelta(days=rng.randint(0, 30))
            self._job(self._person(), provider, start=start, end=None, role=role, accepted=False)

        return Population(
            providers=providers, people=self.people, headcount=headcount, leavers=leavers, movers=movers
        )
