"""How django-allauth behaves in the academy: accounts come from invitations, not open sign-up."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # People join through their employer's invitation (or the recruitment pool, later).
        return False
