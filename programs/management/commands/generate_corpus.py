import time

from django.core.management.base import BaseCommand, CommandError

from documents.models import Announcement
from programs.synthetic import CorpusBuilder


class Command(BaseCommand):
    help = "Fill the database with N synthetic announcements made from the real releases."

    def add_arguments(self, parser):
        parser.add_argument("--announcements", type=int, required=True)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--batch", type=int, default=1000)

    def handle(self, *args, announcements, seed, batch, **options):
        if Announcement.objects.filter(key__startswith="synthetic-").exists():
            raise CommandError("this database already holds a synthetic corpus; use a fresh one")
        started = time.perf_counter()
        builder = CorpusBuilder(announcements, seed=seed, batch=batch)
        prepared = time.perf_counter()
        written = builder.build()
        seconds = time.perf_counter() - prepared
        self.stdout.write(
            f"{written} announcements in {seconds:.1f} s ({written / seconds:.0f}/s; "
            f"sentence pool of {len(builder.pool.sentences)} built in {prepared - started:.1f} s)"
        )
