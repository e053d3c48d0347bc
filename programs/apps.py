from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "정책 (전략·안건·사업·센터)"

    def ready(self):
        # The receivers that keep the search index and rendered bodies current, and that
        # forget cached ministry names when they change.
        from . import derived, search  # noqa: F401

        derived.connect()
