"""`sanad signing_public_key`: print the key facilities need to check certificates' QR codes offline."""

from django.core.management.base import BaseCommand

from sanad.registry.certificates.signing import public_key_base64, public_key_pem


class Command(BaseCommand):
    help = "Print the Ed25519 public key that verifies rights certificates (base64 of the raw 32 bytes)."

    def add_arguments(self, parser):
        parser.add_argument("--pem", action="store_true", help="Print it as PEM (SubjectPublicKeyInfo).")

    def handle(self, *args, **options):
        self.stdout.write(public_key_pem().rstrip() if options["pem"] else public_key_base64())
