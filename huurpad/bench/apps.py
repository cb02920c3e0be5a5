from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "huurpad.bench"
    verbose_name = "Benchmark"
