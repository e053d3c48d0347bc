from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "bench"
    verbose_name = "벤치마크"
