from django.conf import settings
from django.db import models


class ErasureRequest(models.Model):
    """A recruit asks for their personal data to be erased; a manager of their organisation
    decides. Approving anonymises the person and deletes their documents (privacy.services);
    the rows that feed HEE's aggregate figures stay, stripped of anything personal."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved: personal data erased"
        REJECTED = "rejected", "Not approved"

    recruit = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="erasure_requests"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="erasure_decisions",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recruit"],
                condition=models.Q(status="pending"),
                name="privacy_one_pending_erasure_request",
            )
        ]

    def __str__(self) -> str:
        return f"Erasure request {self.pk} ({self.get_status_display()})"
