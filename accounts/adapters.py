from allauth.account.adapter import DefaultAccountAdapter


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Nobody signs up on their own: accounts come only from invitations (accounts.views)."""

    def is_open_for_signup(self, request) -> bool:
        return False
