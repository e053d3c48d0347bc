from django.core.management.base import BaseCommand

from programs.indexing import rebuild


class Command(BaseCommand):
    help = (
        "Repair the search index: rewrite every record's entry in place, a chunk at a time, "
        "and drop entries whose records are gone. Saves keep the index current on their own."
    )

    def handle(self, *args, **options):
        def progress(kind, written):
            if options["verbosity"] > 1:
                self.stdout.write(f"{written} entries written ({kind})")

        self.stdout.write(f"{rebuild(progress)} records indexed")
