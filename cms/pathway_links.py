"""What other apps add to a career pathway page: the courses that prepare for a role, and open vacancies.

The LMS and recruitment apps register a function here from their AppConfig.ready(); cms never imports
them. Until one registers, a pathway page says there is nothing to show yet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PathwayCourse:
    title: str
    url: str
    # For a signed-in learner: their own progress (0 to 100), or None when not enrolled.
    progress_percent: int | None = None
    status: str = ""


@dataclass(frozen=True)
class PathwayVacancy:
    title: str
    url: str
    employer: str
    location: str = ""


_course_providers: list[Callable[..., Sequence[PathwayCourse]]] = []
_vacancy_providers: list[Callable[..., Sequence[PathwayVacancy]]] = []


def register_courses(provider: Callable[..., Sequence[PathwayCourse]]) -> None:
    """provider(role_page=..., user=...) returns the courses that prepare for that role."""
    if provider not in _course_providers:
        _course_providers.append(provider)


def register_vacancies(provider: Callable[..., Sequence[PathwayVacancy]]) -> None:
    """provider(role_page=...) returns the open vacancies for that role."""
    if provider not in _vacancy_providers:
        _vacancy_providers.append(provider)


def courses_for(*, role_page, user) -> list[PathwayCourse]:
    return [course for provider in _course_providers for course in provider(role_page=role_page, user=user)]


def vacancies_for(*, role_page) -> list[PathwayVacancy]:
    return [vacancy for provider in _vacancy_providers for vacancy in provider(role_page=role_page)]
