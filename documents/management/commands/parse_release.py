import json

from django.core.management.base import BaseCommand, CommandError

from documents.parsing import UnreadableInput
from documents.releases import parse_file


class Command(BaseCommand):
    help = "Parse press-release files and print what they state, without touching the database."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--json", action="store_true", help="print JSON (the default)")

    def handle(self, *args, files, **options):
        results = []
        for path in files:
            try:
                results.append(parse_file(path).as_json())
            except UnreadableInput as error:  # ParseFailure too: one file's error, the run goes on
                results.append({"file": path, "error": str(error)})
        output = results[0] if len(files) == 1 else results
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
        failed = [r["file"] for r in results if "error" in r]
        if failed:
            raise CommandError(f"{len(failed)} of {len(files)} files could not be parsed")
