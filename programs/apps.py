from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "정책 (전략·안건·사업·센터)"

    def ready(self):
        # Connects the receivers that forget cached ministry names when they change.
        from . import search  # noqa: F401
