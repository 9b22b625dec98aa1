"""manage.py lrs_client: create, list, disable and rotate the credentials xAPI clients sign in with."""

from django.core.management.base import BaseCommand, CommandError

from lrs.models import Credential


class Command(BaseCommand):
    help = "Manage LRS client credentials (HTTP Basic key and secret for the xAPI endpoint at /xapi/)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a credential and print its key and secret once.")
        create.add_argument("name", help="Who will use it, e.g. 'Articulate Rise courses'.")
        sub.add_parser("list", help="List credentials.")
        disable = sub.add_parser("disable", help="Refuse every request made with this key.")
        disable.add_argument("key")
        rotate = sub.add_parser("rotate", help="Give the key a new secret; the old secret stops working.")
        rotate.add_argument("key")

    def handle(self, *args, action, **options):
        if action == "create":
            name = options["name"].strip()
            if not name:
                raise CommandError("Give the credential a name that says who uses it.")
            credential, secret = Credential.issue(name=name)
            self.stdout.write(f"Created LRS credential '{credential.name}'.")
            self.stdout.write(f"key:    {credential.key}")
            self.stdout.write(f"secret: {secret}")
            self.stdout.write("The secret is shown only now. Store it where the client can use it.")
        elif action == "list":
            for credential in Credential.objects.filter(person__isnull=True):
                state = "active" if credential.is_usable else "disabled"
                self.stdout.write(f"{credential.key}  {state:<8}  {credential.name}")
        else:
            credential = Credential.objects.filter(key=options["key"]).first()
            if credential is None:
                raise CommandError(f"No credential has the key {options['key']}.")
            if action == "disable":
                credential.is_active = False
                credential.save(update_fields=["is_active"])
                self.stdout.write(f"Disabled {credential}.")
            else:
                secret = credential.rotate()
                self.stdout.write(f"New secret for {credential.key}: {secret}")
