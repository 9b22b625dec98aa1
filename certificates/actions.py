"""The certificates' audit trail actions, named in plain words in Wagtail's history and log reports."""

ISSUED = "certificates.issued"
REVOKED = "certificates.revoked"

ACTIONS = [
    (ISSUED, "Issue certificate", "Certificate issued"),
    (REVOKED, "Revoke certificate", "Certificate revoked"),
]
