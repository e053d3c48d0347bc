from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from bench.throughput import measure_ingest, measure_parse, read_texts


class Command(BaseCommand):
    help = "Print parse throughput and ingest throughput (in a scratch database of this engine)."

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=20)

    def handle(self, *args, rounds, **options):
        directories = [settings.FIXTURES_DIR / "sources", settings.BASE_DIR / "tests/data/corpus"]
        texts = read_texts(directories)
        size = sum(len(data) for _, data in texts) / 1000
        self.stdout.write(f"{len(texts)} real releases, {size:.0f} kB in all, {rounds} rounds")
        parse = measure_parse(texts, rounds)
        self.stdout.write(
            f"parse: {parse['docs_per_s']:.1f} documents/s, {parse['mb_per_s']:.3f} MB/s "
            f"({parse['documents']} documents in {parse['seconds']:.2f} s)"
        )
        # The evaluation set: the real releases the parser's quality is measured on.
        evaluation = read_texts([settings.BASE_DIR / "tests/data/eval/raw"])
        dev = measure_parse(evaluation, max(1, rounds // 4))
        self.stdout.write(
            f"parse, evaluation set ({len(evaluation)} releases): {dev['docs_per_s']:.1f} "
            f"documents/s, {dev['mb_per_s']:.3f} MB/s"
        )
        engine = connection.vendor
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            fixtures = settings.FIXTURES_DIR
            call_command(
                "loaddata", fixtures / "ministries.json", fixtures / "committees.json", verbosity=0
            )
            ingest = measure_ingest(texts, max(1, rounds // 4))
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        self.stdout.write(
            f"ingest ({engine}): {ingest['docs_per_s']:.1f} documents/s stored "
            f"({ingest['documents']} in {ingest['seconds']:.2f} s), "
            f"{ingest['unchanged_docs_per_s']:.1f} documents/s re-ingested unchanged"
        )
