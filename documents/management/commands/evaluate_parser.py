from django.conf import settings
from django.core.management.base import BaseCommand

from documents.evaluation import parse_folder, score

EVAL_DIR = settings.BASE_DIR / "tests/data/eval"


class Command(BaseCommand):
    help = "Parse the evaluation texts, score them against their gold, print P/R/F1 per field."

    def add_arguments(self, parser):
        parser.add_argument("--raw", default=EVAL_DIR / "raw", help="folder of *.txt releases")
        parser.add_argument("--gold", default=EVAL_DIR / "gold", help="folder of <stem>.json")
        parser.add_argument("--verbose", action="store_true", help="print every miss too")

    def handle(self, *args, raw, gold, verbose, **options):
        predictions, seconds = parse_folder(raw)
        result = score(predictions, gold)
        if verbose:
            for miss in result.misses:
                self.stdout.write(f"  {miss}")
        for line in result.summary():
            self.stdout.write(line)
        self.stdout.write(
            f"parse: {len(predictions) / seconds:.1f} documents/s "
            f"({len(predictions)} documents in {seconds:.2f} s)"
        )
