"""Production gunicorn settings; every value can be overridden from the environment."""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
keepalive = 5
# The ingress controller is the only peer; trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "*")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
# Request lines can carry download tokens; keep query strings out of the access log.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
max_requests = 10_000
max_requests_jitter = 1_000
# Download-page paths carry the customer's token; never write it to logs.
logger_class = "config.gunicorn_logging.RedactingLogger"
# No runtime control socket: containers run with a read-only root filesystem and are managed by Kubernetes.
control_socket_disable = True


# Load the app once, in the master, and fork the workers from it: a worker's start (and its restart
# every max_requests) is then a fork instead of a Django boot, which took a second or more of CPU
# from the workers still serving (`make bench`). Nothing connects at import: database, Redis and
# S3 clients open their connections on first use, in the worker.
preload_app = True


def pre_fork(server: object, worker: object) -> None:
    """Move everything the app loaded into the collector's permanent generation, before each fork.

    Django and its libraries leave hundreds of thousands of long-lived objects; without this the
    cyclic collector keeps re-scanning them, which cost the webhook path about a tenth of its CPU
    (`make bench`), and touching their headers would copy the pages workers share with the master.
    """
    gc.freeze()
