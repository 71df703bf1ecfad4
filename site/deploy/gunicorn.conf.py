"""gunicorn for the portal behind nginx: `gunicorn -c site/deploy/gunicorn.conf.py` from the checkout.

Every value can be overridden on the command line or by the environment; the app server keeps no state of its own
(sessions in the database and Redis, cache in Redis, uploads on shared storage, tasks in the database), so several
of these, on one machine or many, can sit behind the same nginx upstream."""

import os
from pathlib import Path

chdir = str(Path(__file__).resolve().parent.parent)  # site/, home of the `portal` package
wsgi_app = "portal.wsgi:application"
raw_env = ["DJANGO_SETTINGS_MODULE=" + os.environ.get("DJANGO_SETTINGS_MODULE", "portal.settings.production")]

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # certificate PDFs and exports stream within this
graceful_timeout = 20
keepalive = 5  # nginx keeps upstream connections open (keepalive in the upstream block)
max_requests = 2000  # recycle workers now and then; jitter so they do not all restart at once
max_requests_jitter = 200

# Only nginx on this machine may say a request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
proc_name = "khoinghiep-" + bind.rsplit(":", 1)[-1]
control_socket_disable = True  # several masters may share a machine; nothing here uses gunicornc

# Prometheus metrics (METRICS_ENABLED, portal/operations/metrics.py): the workers of one app server write their counts
# into one folder, var/prometheus/<port>, emptied when the master starts, so whichever worker answers /metrics
# reports them all. Set here, in the master, before any worker imports prometheus_client.
METRICS = os.environ.get("METRICS_ENABLED", "").strip().lower() in {"1", "true", "yes", "on"}


def on_starting(server):
    if not METRICS:
        return
    import shutil

    port = str(server.cfg.bind[0]).rsplit(":", 1)[-1]  # the --bind given, not this file's default
    folder = Path(os.environ.get("VAR_DIR", Path(chdir).parent / "var")) / "prometheus" / port
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)


def child_exit(server, worker):
    if METRICS:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
