"""The code lists of the ASC-WDS bulk upload files, as Skills for Care publishes them (see DOMAIN.md)."""

from __future__ import annotations

from academy.models import PathwayCategory
from lms.models import Accredited, DeliveredBy

# CATEGORY of the TRAINING file. 3, 4 and 24 are unused, and there is no Care Certificate category.
TRAINING_CATEGORIES: dict[int, str] = {
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
OTHER_CATEGORY = 21

# The academy keeps these as ASC-WDS numbers already (lms.models.Accredited, DeliveredBy).
ACCREDITED_CODES = frozenset(str(value) for value in Accredited.values)
WHO_DELIVERED_CODES = frozenset(str(value) for value in DeliveredBy.values)
EXTERNAL_PROVIDER = DeliveredBy.EXTERNAL.value

FACE_TO_FACE = 1
E_LEARNING = 2
HOW_DELIVERED_CODES = frozenset({str(FACE_TO_FACE), str(E_LEARNING)})

# PROVIDERNAME takes a code from Skills for Care's list of training providers, or 999 for any other.
# The academy keeps providers' names as text, not as that list's codes, so it sends 999.
OTHER_PROVIDER = 999

# VALIDITY: how many months the training stays valid, or "none".
NO_VALIDITY = "none"
VALIDITY_MONTHS = range(1, 1000)

# CARECERT of the STAFF file.
CARE_CERTIFICATE_COMPLETED = 1
CARE_CERTIFICATE_NO = 2
CARE_CERTIFICATE_IN_PROGRESS = 3
CARE_CERTIFICATE_CODES = frozenset(
    str(code) for code in (CARE_CERTIFICATE_COMPLETED, CARE_CERTIFICATE_NO, CARE_CERTIFICATE_IN_PROGRESS)
)

# CWPCATEGORY of the STAFF file: the academy's pathway categories carry their ASC-WDS code.
PATHWAY_CODES = frozenset(str(PathwayCategory(value).ascwds_code) for value in PathwayCategory.values)
