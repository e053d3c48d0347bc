from django.core.management.base import BaseCommand

from programs.dump import write_dump


class Command(BaseCommand):
    help = (
        "Write every record and every evidence row as gzipped JSON Lines to "
        "DUMP_DIR/latest.jsonl.gz (served at /data/latest.jsonl.gz), streamed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="write here instead of DUMP_DIR")

    def handle(self, *args, dir=None, **options):
        path, count = write_dump(dir)
        self.stdout.write(f"{count} lines written to {path}")
