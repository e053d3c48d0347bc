from django.core.management.base import BaseCommand, CommandError

from programs.releases import count_outcomes, ingest_files


class Command(BaseCommand):
    help = (
        "Parse press-release files and save them, one transaction per file; the search "
        "index follows in the same transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")

    def handle(self, *args, files, **options):
        waited = []

        def on_wait():
            if not waited:
                self.stderr.write("another ingest is saving a release: waiting for its turn")
            waited.append(True)

        results = ingest_files(files, on_wait)
        for result in results:
            if result.error:
                self.stderr.write(f"{result.path}: {result.error}")
            elif options["verbosity"] > 1:
                self.stdout.write(f"{result.path}: {result.outcome}")
        counts = count_outcomes(results)
        self.stdout.write(", ".join(f"{count} {name}" for name, count in counts.items()))
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} of {len(files)} files were not saved")
