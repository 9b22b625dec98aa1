"""manage.py certificate_key: make a credential signing key file, or show the keys the academy publishes."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from certificates.credentials.did import issuer_did, verification_method_id
from certificates.credentials.keys import (
    generate_private_key_pem,
    load_private_key_pem,
    retired_public_keys,
    signing_key,
    write_private_key,
)


class Command(BaseCommand):
    help = (
        "generate PATH: write a new Ed25519 signing key (PEM, readable only by you) and print its public "
        "key. show: print the current and retired public keys the DID document lists."
    )
    # Making a key must work on a half-configured deployment, before the rest of it passes its checks.
    requires_system_checks = []

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        generate = actions.add_parser("generate", help="Write a new signing key to PATH (never overwrites).")
        generate.add_argument("path", type=Path)
        actions.add_parser("show", help="Print the public keys the academy publishes.")

    def handle(self, *args, **options):
        if options["action"] == "generate":
            self._generate(options["path"])
        else:
            self._show()

    def _generate(self, path: Path):
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent} is not a folder.")
        pem = generate_private_key_pem()
        try:
            write_private_key(path, pem)
        except FileExistsError:
            raise CommandError(f"{path} already exists; a key file is never overwritten.") from None
        except OSError as error:
            raise CommandError(f"{path} could not be written ({error.strerror}).") from None
        key = load_private_key_pem(pem)
        self.stdout.write(self.style.SUCCESS(f"Wrote a new signing key to {path} (mode 600)."))
        self.stdout.write(f"Public key: {key.public.multikey}")
        self.stdout.write(
            "Sign with it by setting CERTIFICATE_SIGNING_KEY_FILE to its path. If it replaces a key, add "
            "the old public key (`certificate_key show` prints it) to CERTIFICATE_RETIRED_PUBLIC_KEYS."
        )

    def _show(self):
        try:
            did = issuer_did()
            current = signing_key().public
            retired = retired_public_keys()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Issuer: {did}")
        self.stdout.write(f"Signing key: {current.multikey}  ({verification_method_id(current, did)})")
        for key in retired:
            self.stdout.write(f"Retired key: {key.multikey}  ({verification_method_id(key, did)})")
