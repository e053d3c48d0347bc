import gc
import os

from django.core.management.base import BaseCommand, CommandError

from programs.progress import Progress
from programs.releases import BATCH_SIZE, ingest_stream


class Command(BaseCommand):
    help = (
        "Parse press releases (files, folders searched recursively) in worker processes and "
        "save them in batches; each release that fails is reported and the others are "
        "saved. A release unchanged since its last ingest is skipped without parsing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="parser processes (default: the number of CPUs; 1 parses in this process)",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"releases saved per transaction (default {BATCH_SIZE})",
        )

    def handle(self, *args, files, workers, batch_size, **options):
        waited = []

        def on_wait():
            if not waited:
                self.stderr.write("another ingest is saving releases: waiting for its turn")
            waited.append(True)

        # What Django has set up lives as long as the command: out of the collector's
        # reach, each full collection no longer walks it (half a millisecond a release in
        # the writer), and the parser processes forked from this one share its pages.
        gc.freeze()
        counts = dict.fromkeys(("created", "updated", "unchanged", "failed"), 0)
        failures = []
        with Progress(files, self.stderr) as progress:
            for result in ingest_stream(files, on_wait, max(workers, 1), max(batch_size, 1)):
                counts[result.outcome or "failed"] += 1
                if result.error:
                    failures.append(result)
                    progress.write(f"{result.path}: {result.error}")
                elif options["verbosity"] > 1:
                    progress.write(f"{result.path}: {result.outcome}")
                progress.advance(result.size)
        self.stdout.write(", ".join(f"{count} {name}" for name, count in counts.items()))
        if failures:
            listing = "\n".join(f"  {result.path}: {result.error}" for result in failures[:50])
            more = f"\n  ... and {len(failures) - 50} more" if len(failures) > 50 else ""
            raise CommandError(
                f"{len(failures)} of {sum(counts.values())} releases were not saved:\n"
                f"{listing}{more}"
            )
