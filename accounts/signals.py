from django.dispatch import Signal

# Sent inside the transaction that creates the account, with `invitation` and `user`.
# Higher apps hook in here (in their AppConfig.ready) to set up what the invitation promised:
# employers creates the staff membership, candidates the recruit's profile.
invitation_accepted = Signal()
