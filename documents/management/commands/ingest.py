from django.core.management.base import BaseCommand, CommandError

from documents.releases import count_outcomes, ingest_files
from programs.search import rebuild_index


class Command(BaseCommand):
    help = "Parse press-release files and save them, one transaction per file."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")

    def handle(self, *args, files, **options):
        results = ingest_files(files)
        for result in results:
            if result.error:
                self.stderr.write(f"{result.path}: {result.error}")
            elif options["verbosity"] > 1:
                self.stdout.write(f"{result.path}: {result.outcome}")
        counts = count_outcomes(results)
        if counts["created"] or counts["updated"]:
            rebuild_index()
        self.stdout.write(", ".join(f"{count} {name}" for name, count in counts.items()))
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} of {len(files)} files were not saved")
