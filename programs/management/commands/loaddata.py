from django.core.management.commands import loaddata
from django.db import transaction

from programs import derived


class Command(loaddata.Command):
    help = (
        f"{loaddata.Command.help} The search entries and rendered bodies of what is loaded "
        "are written in the same transaction, once each."
    )

    def handle(self, *fixture_labels, **options):
        # Loaded rows send their saves one by one, records before the evidence that dates
        # them: collected, each entry is written once, after the last row.
        with transaction.atomic(using=options["database"]), derived.batched():
            super().handle(*fixture_labels, **options)
