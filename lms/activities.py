"""The xAPI activities of courses, units and programmes, named from SITE_URL by stable ids."""

from lrs.recording import Activity

COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"
MODULE_TYPE = "http://adlnet.gov/expapi/activities/module"
ASSESSMENT_TYPE = "http://adlnet.gov/expapi/activities/assessment"
PROGRAMME_TYPE = "http://id.tincanapi.com/activitytype/curriculum"


def course_activity(course) -> Activity:
    return Activity(path=course.activity_path, name=course.title[:500], type=COURSE_TYPE)


def unit_activity(unit) -> Activity:
    from .models import UnitKind

    kind = ASSESSMENT_TYPE if unit.kind == UnitKind.KNOWLEDGE_CHECK else MODULE_TYPE
    return Activity(path=unit.activity_path, name=unit.title[:500], type=kind)


def programme_activity(programme) -> Activity:
    return Activity(path=programme.activity_path, name=programme.title[:500], type=PROGRAMME_TYPE)
