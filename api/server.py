"""The production server: gunicorn with the app loaded in the master before workers fork."""

from gunicorn.app.base import BaseApplication

from blacklist.infra.config import Settings, use_metrics_folder


class Server(BaseApplication):
    def __init__(self, settings: Settings, options: dict):
        self.settings, self.options = settings, options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from api import create_app

        return create_app(self.settings)


def run(*, host: str, port: int, workers: int, threads: int) -> None:
    """Serve until stopped; threads let a long export stream without tying up a worker.
    Prometheus' multiprocess mode is chosen first: it must be before anything counts."""
    from jobs.hooks import server_options

    settings = use_metrics_folder(Settings.from_env())
    Server(settings, {"bind": f"{host}:{port}", "workers": workers, "threads": threads,
                      "worker_class": "gthread", "preload_app": True, "timeout": 60,
                      "accesslog": "-", **server_options(settings)}).run()
