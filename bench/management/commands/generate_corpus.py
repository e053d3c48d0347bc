from django.core.management.base import BaseCommand, CommandError

from bench.synthetic import CorpusBuilder
from documents.models import Announcement


class Command(BaseCommand):
    help = "Fill the database with N synthetic announcements made from the real releases."

    def add_arguments(self, parser):
        parser.add_argument("--announcements", type=int, required=True)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument(
            "--workers",
            type=int,
            help="processes writing announcements side by side (default: one per core)",
        )

    def handle(self, *args, announcements, seed, batch, workers, **options):
        if Announcement.objects.filter(key__startswith="synthetic-").exists():
            raise CommandError("this database already holds a synthetic corpus; use a fresh one")
        builder = CorpusBuilder(announcements, seed=seed, batch=batch, workers=workers)
        written = builder.build()
        rows, index = builder.seconds["rows"], builder.seconds.get("index", 0)
        self.stdout.write(
            f"{written} announcements: rows written in {rows:.1f} s ({written / rows:.0f}/s), "
            f"search index built and statistics gathered in {index:.1f} s; "
            f"{written / (rows + index):.0f} announcements/s in all"
        )
