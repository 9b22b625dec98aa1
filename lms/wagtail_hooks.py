"""The LMS's audit trail actions, so Wagtail's history and log reports name them in plain words."""

from wagtail import hooks

OBSERVATION_SIGNED_OFF = "lms.observation.signed_off"
OBSERVATION_WITHDRAWN = "lms.observation.withdrawn"
PRIOR_LEARNING_SUBMITTED = "lms.prior_learning.submitted"
PRIOR_LEARNING_ACCEPTED = "lms.prior_learning.accepted"
PRIOR_LEARNING_REJECTED = "lms.prior_learning.rejected"

ACTIONS = [
    (OBSERVATION_SIGNED_OFF, "Sign off observation", "Workplace observation signed off"),
    (OBSERVATION_WITHDRAWN, "Withdraw observation sign-off", "Workplace observation sign-off withdrawn"),
    (PRIOR_LEARNING_SUBMITTED, "Send prior learning", "Prior learning sent for a decision"),
    (PRIOR_LEARNING_ACCEPTED, "Accept prior learning", "Prior learning accepted"),
    (PRIOR_LEARNING_REJECTED, "Reject prior learning", "Prior learning not accepted"),
]


@hooks.register("register_log_actions")
def register_assessment_log_actions(actions):
    for action, label, message in ACTIONS:
        actions.register_action(action, label, message)
