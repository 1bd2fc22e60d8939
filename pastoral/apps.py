from django.apps import AppConfig


class PastoralConfig(AppConfig):
    name = "pastoral"
