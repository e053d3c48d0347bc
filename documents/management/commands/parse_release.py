import json

from django.core.management.base import BaseCommand, CommandError

from documents.parsing import UnreadableInput
from documents.sources import parse_source, read_sources


class Command(BaseCommand):
    help = "Parse press-release files and print what they state, without touching the database."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--json", action="store_true", help="print JSON (the default)")

    def handle(self, *args, files, **options):
        results = []
        for source in read_sources(files):
            try:
                results.append(parse_source(source).as_json())
            except UnreadableInput as error:  # ParseFailure too: one file's error, the run goes on
                results.append({"file": source.origin, "error": str(error)})
        output = results[0] if len(results) == 1 else results
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
        failed = [r["file"] for r in results if "error" in r]
        if failed:
            raise CommandError(f"{len(failed)} of {len(results)} releases could not be parsed")
