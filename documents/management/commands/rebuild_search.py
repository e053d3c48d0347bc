from django.core.management.base import BaseCommand

from programs.search import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search index from the records (after loaddata or a bulk change)."

    def handle(self, *args, **options):
        self.stdout.write(f"{rebuild_index()} records indexed")
