from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "원문 (발표문·부처·회의)"

    def ready(self):
        # Connects the signal receivers that keep cached page data in step with the data.
        from policybase import caching  # noqa: F401
