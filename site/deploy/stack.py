"""The production stack on one machine (`make production`): PostgreSQL and Redis as found, then migrate,
collectstatic, `check --deploy`, gunicorn app servers, the task worker, the scheduler, and nginx in the foreground
with TLS. Ctrl-C (or SIGTERM) stops everything it started.

Run from the checkout with the project's Python: `.venv/bin/python site/deploy/stack.py --help`.
Standard library only, apart from psycopg and redis, which the project installs anyway."""

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

DEPLOY_DIR = Path(__file__).resolve().parent
CHECKOUT = DEPLOY_DIR.parent.parent
PYTHON = sys.executable
NGINX_CANDIDATES = ["nginx", "/usr/sbin/nginx"]


STARTED = time.monotonic()


def log(message):
    print(f"[stack] {message} ({time.monotonic() - STARTED:.0f} s)", flush=True)


def environment(port, var_dir, http_port):
    """The production settings' environment, with local defaults for what the caller did not set."""
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.production"  # whatever the shell exported for development
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/khoinghiep")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    env.setdefault("CSRF_TRUSTED_ORIGINS", f"https://127.0.0.1:{port},https://localhost:{port}")
    env.setdefault("BASE_URL", f"https://127.0.0.1:{port}")
    env.setdefault("WEB_CONCURRENCY", "2")
    # The edge cache's purge: nginx's plain-http port on this machine (portal/operations/edge_cache.py).
    env.setdefault("EDGE_PURGE_URL", f"http://127.0.0.1:{http_port}")
    env["VAR_DIR"] = str(var_dir)
    if not env.get("SECRET_KEY"):
        # Kept across restarts so sessions and signed links survive; a real server sets SECRET_KEY itself.
        key_file = var_dir / "production" / "secret_key"
        if not key_file.exists():
            key_file.parent.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
        env["SECRET_KEY"] = key_file.read_text().strip()
    env.update(stand_in_signing_keys(env, var_dir / "production"))
    return env


def stand_in_signing_keys(env, run_dir):
    """This machine's stand-ins for the Board's keys (certificate PDFs, credentials), made once, for what `env`
    does not configure; a real server is given the Board's (README)."""
    keys = {}
    if not (env.get("CERTIFICATE_SIGNING_PKCS12") or env.get("CERTIFICATE_SIGNING_KEY")):
        keys["CERTIFICATE_SIGNING_KEY"], keys["CERTIFICATE_SIGNING_CERT"] = signing_files(run_dir)
    if not env.get("CREDENTIAL_SIGNING_KEY"):
        credential_key = run_dir / "credential-key.pem"
        if not credential_key.exists():
            run_dir.mkdir(parents=True, exist_ok=True)
            subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", str(credential_key)],
                           check=True, capture_output=True)
            credential_key.chmod(0o600)
        keys["CREDENTIAL_SIGNING_KEY"] = str(credential_key)
    return keys


def signing_files(run_dir):
    """A self-signed RSA key and certificate to sign certificate PDFs with, made once with openssl."""
    key, cert = run_dir / "signing-key.pem", run_dir / "signing-cert.pem"
    if not key.exists() or not cert.exists():
        run_dir.mkdir(parents=True, exist_ok=True)
        log("making a self-signed certificate signing key (set CERTIFICATE_SIGNING_PKCS12 for the Board's own)")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:3072", "-nodes", "-days", "3650", "-utf8",
             "-subj", "/C=VN/O=Ban Điều hành (máy này)/CN=Ban Điều hành (chứng thư tự ký)",
             "-addext", "keyUsage=critical,digitalSignature,nonRepudiation",
             "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True,
        )
        key.chmod(0o600)
    return str(key), str(cert)


def find_nginx():
    for candidate in NGINX_CANDIDATES:
        if path := shutil.which(candidate):
            return path
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("nginx is not installed; installing Debian's nginx-light")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx-light"], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        return shutil.which("nginx") or "/usr/sbin/nginx"
    sys.exit("nginx is not installed: `sudo apt-get install nginx-light` (Debian/Ubuntu), then run this again.")


def check_services(env):
    """Fail early, with the command that fixes it, when PostgreSQL or Redis is not there; create the database."""
    url = env["DATABASE_URL"]
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg
        from psycopg import sql

        conninfo, _, dbname = url.rpartition("/")
        dbname = dbname.split("?")[0]
        try:
            with psycopg.connect(f"{conninfo}/postgres", autocommit=True, connect_timeout=5) as conn:
                if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone():
                    log(f"creating database {dbname}")
                    conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
        except psycopg.OperationalError as error:
            sys.exit(f"PostgreSQL is not reachable at {url} ({error}).\n"
                     "Start it (pg_ctlcluster <version> main start) or set DATABASE_URL.")
    import redis

    try:
        redis.Redis.from_url(env["REDIS_URL"], socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        sys.exit(f"Redis is not reachable at {env['REDIS_URL']} ({error}).\n"
                 "Start it (redis-server --daemonize yes) or set REDIS_URL.")


def manage(env, *args):
    log("manage.py " + " ".join(args))
    quiet = {**env, "LOG_LEVEL": env.get("LOG_LEVEL", "WARNING")}  # the demo would log every page it makes
    subprocess.run([PYTHON, "manage.py", *args], cwd=CHECKOUT, env=quiet, check=True)


def django_paths(env):
    """STATIC_ROOT, MEDIA_ROOT and the cookie names as the settings have them, so nginx serves what Django
    writes and knows a logged-in visitor."""
    code = ("from django.conf import settings as s; print(s.STATIC_ROOT); print(s.MEDIA_ROOT); "
            "print(s.SESSION_COOKIE_NAME); print(s.LANGUAGE_COOKIE_NAME)")
    out = subprocess.run([PYTHON, "-c", code], cwd=CHECKOUT / "site", env=env, check=True,
                         capture_output=True, text=True).stdout.split("\n")
    return Path(out[0]), Path(out[1]), {"SESSION_COOKIE": out[2], "LANGUAGE_COOKIE": out[3]}


def tls_files(run_dir):
    """TLS_CERT/TLS_KEY when given, else a self-signed certificate for 127.0.0.1 and localhost (made once)."""
    if os.environ.get("TLS_CERT") and os.environ.get("TLS_KEY"):
        return os.environ["TLS_CERT"], os.environ["TLS_KEY"]
    cert, key = run_dir / "tls.crt", run_dir / "tls.key"
    if not cert.exists() or not key.exists():
        log("making a self-signed TLS certificate for 127.0.0.1 and localhost")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "825", "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True,
        )
    return str(cert), str(key)


def render_nginx(run_dir, port, app_ports, static_root, media_root, tls, http_port=80, cookies=None):
    cookies = cookies or {"SESSION_COOKIE": "sessionid", "LANGUAGE_COOKIE": "django_language"}
    values = {
        **{name: re.escape(value) if name == "SESSION_COOKIE" else value for name, value in cookies.items()},
        "EDGE_MAX_SIZE": os.environ.get("EDGE_CACHE_MAX_SIZE", "512m"),
        "RUN_DIR": str(run_dir),
        "PORT": str(port),
        "HTTP_PORT": str(http_port),
        "HTTPS_PORT_SUFFIX": "" if port == 443 else f":{port}",  # in the redirect's address
        "SERVER_NAME": "_",
        "MIME_TYPES": os.environ.get("NGINX_MIME_TYPES", "/etc/nginx/mime.types"),
        "ACCESS_LOG": os.environ.get("NGINX_ACCESS_LOG", str(run_dir / "nginx-access.log")),
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "TLS_CERT": tls[0],
        "TLS_KEY": tls[1],
        "UPSTREAM_SERVERS": "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in app_ports),
    }
    text = (DEPLOY_DIR / "nginx.conf").read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    conf = run_dir / "nginx.conf"
    conf.write_text(text)
    return conf


class Stack:
    """The started processes; each one's output is printed with its name in front."""

    def __init__(self):
        self.processes = {}
        self.stopping = False

    def start(self, name, args, env, cwd=CHECKOUT):
        process = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True, bufsize=1)
        self.processes[name] = process
        threading.Thread(target=self._relay, args=(name, process), daemon=True).start()
        return process

    @staticmethod
    def _relay(name, process):
        for line in process.stdout:
            print(f"[{name}] {line}", end="", flush=True)

    def exited(self):
        return [(name, p.returncode) for name, p in self.processes.items() if p.poll() is not None]

    def stop(self):
        if self.stopping:
            return
        self.stopping = True
        log("stopping " + ", ".join(self.processes))
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log("stopped")


def wait_until_ready(url, timeout, alive=lambda: True, interval=0.5, context=None):
    """Poll `url` until it answers 200 (True), `alive()` turns false or `timeout` seconds have passed (False).

    The servers say when they are ready (/readyz: database, cache, task queue), so a loaded machine that starts
    slowly is waited for as long as the timeout allows, never judged by a fixed count of tries; each try waits at
    most what is left, so a server that accepts and never answers cannot stretch the timeout."""
    deadline = time.monotonic() + timeout
    # Straight to the server: an http_proxy in the environment must not carry requests for 127.0.0.1.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context))
    last, reported = "no answer yet", time.monotonic()
    while (left := deadline - time.monotonic()) > 0 and alive():
        try:
            with opener.open(url, timeout=max(0.1, min(10, left))) as response:
                if response.status == 200:
                    return True
                last = f"HTTP {response.status}"
        except urllib.error.HTTPError as error:  # 503 while the database or cache is not there yet
            last = f"HTTP {error.code}"
        except (OSError, http.client.HTTPException) as error:
            last = str(getattr(error, "reason", error))
        if time.monotonic() - reported >= 15:
            log(f"waiting for {url}: {last}, {max(0, deadline - time.monotonic()):.0f} s left")
            reported = time.monotonic()
        time.sleep(max(0, min(interval, deadline - time.monotonic())))
    if alive():
        log(f"gave up on {url} after {timeout:.0f} s: {last} (--ready-timeout / STACK_READY_TIMEOUT)")
    return False


def parse_options(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")),
                        help="nginx's HTTPS port; app servers take the next ports (default 8080)")
    parser.add_argument("--app-servers", type=int, default=int(os.environ.get("APP_SERVERS", "2")),
                        help="gunicorn masters behind nginx, each with WEB_CONCURRENCY workers (default 2)")
    parser.add_argument("--demo", action="store_true", default=os.environ.get("DEMO", "") == "1",
                        help="load the demo data (idempotent; DEMO=1)")
    parser.add_argument("--no-setup", action="store_true", help="skip migrate, collectstatic and check --deploy")
    parser.add_argument("--http-port", type=int, default=int(os.environ.get("HTTP_PORT", "0")) or None,
                        help="nginx's plain-http port, which only redirects to HTTPS (HTTP_PORT; default 80 with "
                             "--port 443, else the port before --port)")
    parser.add_argument("--ready-timeout", type=float, default=float(os.environ.get("STACK_READY_TIMEOUT", "600")),
                        help="seconds to wait for every app server's /readyz, then nginx's (STACK_READY_TIMEOUT; "
                             "default 600: a loaded machine may take minutes)")
    options = parser.parse_args(argv)
    options.http_port = options.http_port or (80 if options.port == 443 else options.port - 1)
    return options


def main():
    options = parse_options()
    http_port = options.http_port

    var_dir = Path(os.environ.get("VAR_DIR", CHECKOUT / "var")).resolve()
    run_dir = var_dir / "production"
    run_dir.mkdir(parents=True, exist_ok=True)
    env = environment(options.port, var_dir, http_port)
    nginx = find_nginx()
    check_services(env)

    if not options.no_setup:
        manage(env, "migrate", "--noinput", "--verbosity", "0")  # aligns the default Site with BASE_URL
        manage(env, "readdress_certificates")  # certificates issued under another address get BASE_URL's
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        if options.demo:
            manage(env, "seed_demo")
        manage(env, "check", "--deploy", "--fail-level", "WARNING")
    static_root, media_root, cookies = django_paths(env)
    app_ports = [options.port + 1 + i for i in range(options.app_servers)]
    conf = render_nginx(run_dir, options.port, app_ports, static_root, media_root, tls_files(run_dir), http_port,
                        cookies)

    stack = Stack()
    for signum in (signal.SIGTERM, signal.SIGINT):  # SIGINT too: a background job's default ignores it
        signal.signal(signum, lambda *_: stack.stop())
    try:
        for number, app_port in enumerate(app_ports, 1):
            stack.start(f"web{number}", [PYTHON, "-m", "gunicorn", "-c", str(DEPLOY_DIR / "gunicorn.conf.py"),
                                         "--bind", f"127.0.0.1:{app_port}"], env)
        stack.start("worker", [PYTHON, "manage.py", "run_worker", "--interval", "2"], env)
        stack.start("scheduler", [PYTHON, "manage.py", "run_scheduler"], env)
        # Each app server's own readiness first: nginx marks a server that refuses a proxied request as failed for
        # `fail_timeout`, and with every server marked it answers 502. Then the same through nginx and TLS.
        deadline = time.monotonic() + options.ready_timeout
        alive = lambda: not stack.exited()  # noqa: E731
        ready = all(wait_until_ready(f"http://127.0.0.1:{p}/readyz", deadline - time.monotonic(), alive)
                    for p in app_ports)
        if ready:
            stack.start("nginx", [nginx, "-c", str(conf), "-p", str(run_dir)], env)
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE  # our own self-signed certificate
            ready = wait_until_ready(f"https://127.0.0.1:{options.port}/readyz", deadline - time.monotonic(), alive,
                                     context=context)
        url = f"https://127.0.0.1:{options.port}/"
        if not ready:
            log(f"the stack did not come up: {stack.exited() or 'not ready within the timeout'}")
            return 1
        log(f"up: {url} (self-signed certificate unless TLS_CERT/TLS_KEY are set; http://127.0.0.1:{http_port}/ "
            "redirects there); app servers on " + ", ".join(f"127.0.0.1:{p}" for p in app_ports)
            + "; Ctrl-C stops everything")
        while not stack.stopping:
            if down := stack.exited():
                log(f"{down[0][0]} exited with code {down[0][1]}")
                return 1
            time.sleep(0.5)
        return 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
