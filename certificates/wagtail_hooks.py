"""Registers the certificates' audit actions with Wagtail's log."""

from wagtail import hooks

from .actions import ACTIONS


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    for action, label, message in ACTIONS:
        actions.register_action(action, label, message)
