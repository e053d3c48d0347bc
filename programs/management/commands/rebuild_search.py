from django.core.management.base import BaseCommand

from programs.bodies import render_missing
from programs.indexing import rebuild


class Command(BaseCommand):
    help = (
        "Repair the search index in place, a chunk at a time: write the entries that are "
        "missing or out of date (--all: every entry) and drop those whose records are gone. "
        "Then render announcement bodies never rendered (--all: every body, after a change to "
        "the rendering). Saves keep both current on their own."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="rewrite every entry and re-render every body, not only those out of date",
        )

    def handle(self, *args, **options):
        def progress(kind, written):
            if options["verbosity"] > 1:
                self.stdout.write(f"{written} entries written ({kind})")

        written = rebuild(progress, everything=options["all"])
        self.stdout.write(f"{written} entries written")
        # The other derived data: bodies of releases stored before they were rendered.
        rendered = render_missing(everything=options["all"])
        self.stdout.write(f"{rendered} announcement bodies rendered")
