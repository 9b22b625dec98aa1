"""The learning record store's tables: statements, what they can be filtered by, and client credentials."""

import hashlib
import hmac
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


def _hash_secret(secret: str) -> str:
    # Secrets are 256-bit random tokens, so a fast hash is as safe as a slow one and keeps every
    # request cheap; the comparison is constant-time.
    return hashlib.sha256(secret.encode()).hexdigest()


class Credential(models.Model):
    """A key and secret an xAPI client signs its requests with (HTTP Basic authentication).

    Statements a client sends get the credential's agent as their `authority`. A credential may be
    scoped to one person and one activity, and may expire: that is how a learner's own content
    launch reports without a shared secret in the page.
    """

    name = models.CharField(
        max_length=100, help_text="Who uses this credential, e.g. the e-learning supplier."
    )
    key = models.CharField(max_length=40, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    is_active = models.BooleanField(
        "active", default=True, help_text="Untick to refuse every request made with it."
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="lrs_credentials",
        help_text="Set for a learner's launch credential: it may only write statements about this person.",
    )
    activity_id = models.CharField(
        max_length=2048, blank=True, help_text="Set for a launch credential: the activity it may report on."
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.key})"

    @classmethod
    def issue(cls, *, name: str, **fields) -> tuple["Credential", str]:
        """A new credential and its secret, which is shown once and never stored."""
        credential = cls(name=name, **fields)
        secret = credential.set_new_secret()
        credential.save()
        return credential, secret

    def set_new_secret(self) -> str:
        """Give the credential a key (if new) and a new secret; returns the secret. Not saved."""
        if not self.key:
            self.key = secrets.token_hex(12)
        secret = secrets.token_urlsafe(32)
        self.secret_hash = _hash_secret(secret)
        return secret

    def rotate(self) -> str:
        """A new secret for the same key; the old one stops working at once."""
        secret = self.set_new_secret()
        self.save(update_fields=["secret_hash"])
        return secret

    def check_secret(self, secret: str) -> bool:
        return hmac.compare_digest(self.secret_hash, _hash_secret(secret))

    @property
    def is_usable(self) -> bool:
        return self.is_active and (self.expires_at is None or self.expires_at > timezone.now())

    @property
    def is_launch(self) -> bool:
        return self.person_id is not None

    def authority(self) -> dict:
        return {
            "objectType": "Agent",
            "name": self.name,
            "account": {"homePage": settings.SITE_URL, "name": f"lrs-client/{self.key}"},
        }


class Statement(models.Model):
    """One xAPI statement, stored whole as the LRS returns it, with the columns queries filter on."""

    # Insertion order, which is `stored` order: what paging with `more` walks through.
    seq = models.BigAutoField(primary_key=True)
    statement_id = models.UUIDField(unique=True, default=uuid.uuid4)
    data = models.JSONField(help_text="The statement as stored: id, stored, authority and version filled in.")
    stored = models.DateTimeField(db_index=True)
    timestamp = models.DateTimeField()
    version = models.CharField(max_length=10)
    verb_id = models.CharField(max_length=2048)
    actor_key = models.CharField(max_length=2048, blank=True)
    object_key = models.CharField(
        max_length=2048, blank=True, help_text="Activity id, agent key or statement id of the object."
    )
    registration = models.UUIDField(null=True, blank=True)
    target_statement = models.UUIDField(
        null=True,
        blank=True,
        help_text="For a StatementRef object: the statement it refers to.",
    )
    voided = models.BooleanField(default=False)
    credential = models.ForeignKey(Credential, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["actor_key", "-seq"], name="lrs_stmt_actor_seq"),
            models.Index(fields=["verb_id", "-seq"], name="lrs_stmt_verb_seq"),
            models.Index(fields=["object_key", "-seq"], name="lrs_stmt_object_seq"),
            models.Index(fields=["registration", "-seq"], name="lrs_stmt_registration_seq"),
            # Few statements refer to others: a partial index keeps that lookup small.
            models.Index(
                fields=["target_statement"],
                condition=models.Q(target_statement__isnull=False),
                name="lrs_stmt_target",
            ),
        ]

    def __str__(self):
        return str(self.statement_id)


class StatementAgent(models.Model):
    """An agent a statement mentions, for the `agent` and `related_agents` filters."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="agents")
    agent_key = models.CharField(max_length=2048)
    related_only = models.BooleanField(
        default=False, help_text="True when the agent appears only outside actor and object."
    )

    class Meta:
        indexes = [models.Index(fields=["agent_key", "related_only", "statement"], name="lrs_agent_key")]

    def __str__(self):
        return self.agent_key


class StatementActivity(models.Model):
    """An activity a statement mentions, for the `activity` and `related_activities` filters."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="activities")
    activity_id = models.CharField(max_length=2048)
    related_only = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["activity_id", "related_only", "statement"], name="lrs_activity_id")]

    def __str__(self):
        return self.activity_id


class OutboxEntry(models.Model):
    """A stored statement waiting to be forwarded to the external LRS, or already forwarded.

    The row is written in the same transaction as the statement, so nothing accepted can be lost;
    it is marked delivered only after the peer has answered for that statement id.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    statement = models.OneToOneField(Statement, on_delete=models.CASCADE, related_name="outbox")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "outbox entry"
        verbose_name_plural = "outbox"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="lrs_outbox_due")]

    def __str__(self):
        return f"{self.statement.statement_id} ({self.status})"


from .attachments import AttachmentContent  # noqa: E402,F401
from .documents import Document  # noqa: E402,F401
