"""Offline checks of the container build and the local stack: Dockerfiles, docker-compose.yml, nginx.

No Docker engine is needed (or used). Two modes, each a step of run.sh:

  python container_check.py dockerfiles REPO
    backend/Dockerfile and frontend/Dockerfile, parsed with dockerfile-parse:
      - every FROM is pinned (a version tag, never latest) or names an earlier stage;
      - no ADD of a remote URL; COPY/ADD sources exist and are not dropped by the
        Dockerfile's own ignore file (<Dockerfile>.dockerignore, context = repository root),
        which must keep secrets and local state (.env, .git, .venv, node_modules) out;
      - the final stage runs as a numeric non-root USER equal to the chart's runAsUser/runAsGroup;
        CMD/ENTRYPOINT/HEALTHCHECK use the exec (JSON) form; EXPOSE matches the chart's port;
      - backend: multi-stage, venv copied from the build stage, WORKDIR /app/backend, the
        required ENV, a HEALTHCHECK on 127.0.0.1:8000/healthz, CMD == the chart's api.command,
        and every command the chart runs with the image (migrations, CronJobs) resolves;
      - frontend: multi-stage, nginx (parsed with crossplane) listens on the exposed port,
        writes only to /tmp or the chart's writable paths, sets the security headers with
        `always` in every location that sets headers, caches /assets/ as immutable and
        revalidates index.html, falls back to index.html, and compresses.

  python container_check.py compose REPO
    docker-compose.yml (after the JSON-schema check) and .env.example:
      - no `version:` key; every ${VAR} without a default is documented in .env.example;
        every .env.example variable is read by backend/config or used by the compose file, and
        every variable the settings require (no default) is set in it;
      - build contexts, Dockerfiles, env_file and bind-mounted files exist; named volumes are
        declared; images are pinned; published ports listen on 127.0.0.1 only;
      - depends_on targets exist, there is no cycle, service_healthy targets have a healthcheck
        (their own or their image's) and service_completed_successfully targets are one-shots;
      - every command run with the backend image resolves: `manage.py <cmd>` is a file under
        backend/alva/*/management/commands or a Django/django-tenants built-in, its flags are
        ones the command declares, --queues values are Dramatiq queues and fan_out jobs exist;
        `python -m <module>` exists under backend/; gunicorn's app and config file exist;
        absolute paths used by read-only containers lie in /tmp or a mounted volume;
      - each Dramatiq queue has a worker service;
      - the URLs in .env.example point at compose services (in-network) or at ports published
        on 127.0.0.1 (browser-facing); a name used both ways is a network alias of the service
        that publishes it; DATABASE_URL matches POSTGRES_*; FIELD_ENCRYPTION_KEYS is well formed;
      - the proxy (nginx) sends every top-level path of backend/config/urls_*.py and the health
        endpoints to the API with the Host header preserved, and the rest to the SPA.

Exit status 1 on any failure. NOTE lines report findings outside these files without failing.

Usage: python container_check.py {dockerfiles|compose} REPO
"""

from __future__ import annotations

import ast
import base64
import binascii
import json
import re
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import crossplane
import yaml
from dockerfile_parse import DockerfileParser

BACKEND_DOCKERFILE = "backend/Dockerfile"
FRONTEND_DOCKERFILE = "frontend/Dockerfile"
COMPOSE_FILE = "docker-compose.yml"
ENV_EXAMPLE = ".env.example"
PROXY_SERVICE = "proxy"
API_SERVICE = "api"
SPA_SERVICE = "spa"
# Paths that must never reach a build context (tested against each Dockerfile's ignore file).
MUST_IGNORE = [
    ".env",
    ".git/config",
    ".devdata/env",
    "backend/.env",
    "backend/.venv/bin/python",
    "backend/alva/__pycache__/x.pyc",
    "frontend/node_modules/react/index.js",
    "frontend/dist/index.html",
    "deploy/checks/.venv/bin/python",
]
FLOATING_TAGS = {"latest", "stable", "mainline", "edge", "lts", "current", "alpine", "slim"}
# Options every Django management command accepts (BaseCommand.create_parser).
DJANGO_COMMON_FLAGS = {
    "-v": True, "--verbosity": True, "--settings": True, "--pythonpath": True,
    "--traceback": False, "--no-color": False, "--force-color": False, "--skip-checks": False,
}  # fmt: skip
# Built-in commands of the installed frameworks that the stack may run, with the flags we allow
# (None: any). django-tenants' migrate_schemas flags are those of django_tenants 4.x.
FRAMEWORK_COMMANDS: dict[str, dict[str, bool] | None] = {
    "migrate_schemas": {
        "--executor": True, "--shared": False, "--tenant": False, "-s": True, "--schema": True,
        "--noinput": False, "--no-initial-data": False, "--database": True, "--fake": False,
        "--fake-initial": False, "--plan": False, "--prune": False, "--run-syncdb": False,
        "--check": False, "--parallel": True,
    },
    "migrate": None, "check": None, "shell": None, "dbshell": None, "showmigrations": None,
    "createsuperuser": None, "changepassword": None, "clearsessions": None,
    "create_tenant": None, "create_tenant_superuser": None, "tenant_command": None,
    "all_tenants_command": None, "create_missing_schemas": None,
}  # fmt: skip
MIGRATION_EXECUTORS = {"standard", "multiprocessing"}
# Modules run with `python -m` that are installed tools rather than files under backend/.
INSTALLED_MODULES = {"dramatiq", "gunicorn", "pip", "compileall"}


class Failures:
    def __init__(self) -> None:
        self.items: list[str] = []
        self.notes: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")

    def check(self, condition: bool, where: str, message: str) -> bool:
        if not condition:
            self.add(where, message)
        return condition

    def note(self, message: str) -> None:
        self.notes.append(message)


# ------------------------------------------------------------------------------- image references


def image_pinned(ref: str) -> tuple[bool, str]:
    """A reference is pinned by a digest, or by a tag that names a version (never `latest`)."""
    if "@" in ref:
        digest = ref.split("@", 1)[1]
        return bool(re.fullmatch(r"sha256:[0-9a-f]{64}", digest)), "digest must be sha256:<64 hex>"
    last = ref.rsplit("/", 1)[-1]
    if ":" not in last:
        return False, "no tag (means latest)"
    tag = last.split(":", 1)[1]
    if tag.lower() in FLOATING_TAGS:
        return False, f"floating tag {tag!r}"
    if not re.search(r"\d+\.\d+|\d{4}-\d{2}-\d{2}", tag):
        return False, f"tag {tag!r} names no version (major.minor or a release date)"
    return True, ""


# ------------------------------------------------------------------------------ .dockerignore


def _ignore_regex(pattern: str) -> re.Pattern[str]:
    """Docker's (moby/patternmatcher) syntax: * and ? within a path segment, ** across segments."""
    out, i = "", 0
    while i < len(pattern):
        c = pattern[i]
        if c == "*":
            if pattern[i : i + 2] == "**":
                i += 2
                if pattern[i : i + 1] == "/":
                    out += "(?:.*/)?"
                    i += 1
                else:
                    out += ".*"
                continue
            out += "[^/]*"
        elif c == "?":
            out += "[^/]"
        elif c == "[":
            end = pattern.find("]", i)
            out += pattern[i : end + 1] if end > i else re.escape(c)
            i = end if end > i else i
        else:
            out += re.escape(c)
        i += 1
    return re.compile(out + r"\Z")


@dataclass
class IgnoreFile:
    rules: list[tuple[bool, re.Pattern[str]]] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> IgnoreFile:
        rules = []
        for raw in path.read_text().splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            negate = line.startswith("!")
            pattern = str(PurePosixPath(line.lstrip("!").strip().lstrip("/"))).rstrip("/")
            rules.append((negate, _ignore_regex(pattern)))
        return cls(rules)

    def excluded(self, path: str) -> bool:
        """The last matching rule wins; a rule matching a parent directory matches its contents."""
        parts = PurePosixPath(path).parts
        candidates = ["/".join(parts[: n + 1]) for n in range(len(parts))]
        result = False
        for negate, regex in self.rules:
            if any(regex.match(c) for c in candidates):
                result = not negate
        return result


# ------------------------------------------------------------------------------ Dockerfiles


@dataclass
class Stage:
    name: str | None
    base: str
    index: int
    instructions: list[dict[str, Any]] = field(default_factory=list)

    def all(self, instruction: str) -> list[dict[str, Any]]:
        return [i for i in self.instructions if i["instruction"] == instruction]

    def last(self, instruction: str) -> dict[str, Any] | None:
        found = self.all(instruction)
        return found[-1] if found else None


@dataclass
class Dockerfile:
    path: str
    parser: DockerfileParser
    stages: list[Stage]

    @property
    def final(self) -> Stage:
        return self.stages[-1]

    def final_envs(self) -> dict[str, str]:
        contexts = self.parser.context_structure
        return dict(contexts[-1].envs) if contexts else {}

    def final_workdir(self) -> str:
        workdir = self.final.last("WORKDIR")
        return workdir["value"].strip() if workdir else "/"

    def cmd(self) -> list[str] | None:
        cmd = self.final.last("CMD")
        return json.loads(cmd["value"]) if cmd and cmd["value"].lstrip().startswith("[") else None


def load_dockerfile(repo: Path, rel: str) -> Dockerfile:
    parser = DockerfileParser(str(repo / rel))
    stages: list[Stage] = []
    for ins in parser.structure:
        if ins["instruction"] == "FROM":
            words = ins["value"].split()
            words = [w for w in words if not w.startswith("--")]
            name = words[2] if len(words) >= 3 and words[1].lower() == "as" else None
            stages.append(Stage(name=name, base=words[0], index=len(stages)))
        elif stages and ins["instruction"] != "COMMENT":
            stages[-1].instructions.append(ins)
    return Dockerfile(rel, parser, stages)


def _split_flags(value: str) -> tuple[dict[str, str], list[str]]:
    flags: dict[str, str] = {}
    words = shlex.split(value)
    while words and words[0].startswith("--"):
        key, _, val = words.pop(0)[2:].partition("=")
        flags[key] = val
    return flags, words


def check_dockerfile_common(repo: Path, df: Dockerfile, chart: dict[str, Any], fail: Failures) -> IgnoreFile | None:
    where = df.path
    fail.check(len(df.stages) >= 2, where, "must be a multi-stage build (build stage + runtime stage)")
    names: list[str] = []
    for stage in df.stages:
        if stage.base in names:
            continue
        ok, why = image_pinned(stage.base)
        fail.check(ok, where, f"FROM {stage.base}: not pinned ({why})")
        if stage.name:
            names.append(stage.name)

    ignore_path = repo / f"{df.path}.dockerignore"
    ignore = None
    if fail.check(
        ignore_path.is_file(), where, f"{ignore_path.relative_to(repo)} (its build-context ignore file) is missing"
    ):
        ignore = IgnoreFile.load(ignore_path)
        for path in MUST_IGNORE:
            fail.check(
                ignore.excluded(path), str(ignore_path.relative_to(repo)), f"must keep {path} out of the context"
            )

    for stage in df.stages:
        for ins in stage.instructions:
            kind = ins["instruction"]
            line = f"{where}:{ins['startline'] + 1}"
            if kind in ("ADD", "COPY"):
                flags, words = _split_flags(ins["value"])
                if words and words[0].startswith("["):
                    words = json.loads(ins["value"][ins["value"].index("[") :])
                sources = words[:-1]
                if kind == "ADD":
                    for src in sources:
                        fail.check(
                            not re.match(r"^(https?://|git@|git://|ssh://)", src), line, f"ADD of a remote URL: {src}"
                        )
                if "from" in flags:
                    src_stage = flags["from"]
                    earlier = [s.name for s in df.stages[: stage.index] if s.name]
                    if src_stage not in earlier:
                        ok, why = image_pinned(src_stage)
                        fail.check(
                            ok, line, f"COPY --from={src_stage}: not an earlier stage and not a pinned image ({why})"
                        )
                    continue
                for src in sources:
                    matches = (
                        sorted(repo.glob(src.rstrip("/")))
                        if any(ch in src for ch in "*?[")
                        else [repo / src.rstrip("/")]
                    )
                    if not fail.check(
                        bool(matches) and all(m.exists() for m in matches), line, f"{kind} source {src} does not exist"
                    ):
                        continue
                    if ignore is not None:
                        rel = src.rstrip("/")
                        fail.check(
                            not ignore.excluded(rel), line, f"{kind} source {src} is excluded by the ignore file"
                        )
            elif kind in ("CMD", "ENTRYPOINT"):
                fail.check(ins["value"].lstrip().startswith("["), line, f"{kind} must use the exec (JSON) form")
            elif kind == "HEALTHCHECK" and ins["value"].strip().upper() != "NONE":
                _, rest = _split_flags(ins["value"])
                body = ins["value"][ins["value"].find("CMD") + 3 :].strip() if rest[:1] == ["CMD"] else ""
                fail.check(body.startswith("["), line, "HEALTHCHECK CMD must use the exec (JSON) form")

    user = df.final.last("USER")
    if fail.check(user is not None, where, "the final stage must set USER (non-root)"):
        assert user is not None
        uid, _, gid = user["value"].strip().partition(":")
        fail.check(
            uid.isdigit() and (not gid or gid.isdigit()),
            where,
            f"USER {user['value']}: numeric uid:gid, so Kubernetes can verify runAsNonRoot",
        )
        fail.check(uid not in ("0", "root") and gid not in ("0", "root"), where, f"USER {user['value']} is root")
        psc = chart.get("podSecurityContext", {})
        fail.check(
            uid == str(psc.get("runAsUser")) and (gid or uid) == str(psc.get("runAsGroup")),
            where,
            f"USER {user['value']} differs from the chart's runAsUser/runAsGroup "
            f"{psc.get('runAsUser')}:{psc.get('runAsGroup')}",
        )
    return ignore


def backend_checks(repo: Path, df: Dockerfile, chart: dict[str, Any], fail: Failures) -> None:
    where = df.path
    final = df.final
    copies = [_split_flags(c["value"]) for c in final.all("COPY")]
    fail.check(
        any(f.get("from") == df.stages[0].name and w[:1] == ["/opt/venv"] for f, w in copies),
        where,
        "the runtime stage copies the virtualenv /opt/venv from the build stage",
    )
    fail.check(
        any(w[:1] == ["backend/"] for f, w in copies if "from" not in f), where, "the runtime stage copies backend/"
    )
    fail.check(df.final_workdir() == "/app/backend", where, "WORKDIR must be /app/backend (the chart's workingDir)")
    envs = df.final_envs()
    for key, value in {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1",
                       "DJANGO_SETTINGS_MODULE": "config.settings"}.items():  # fmt: skip
        fail.check(envs.get(key) == value, where, f"ENV {key}={value} is required (found {envs.get(key)!r})")
    fail.check(envs.get("PATH", "").startswith("/opt/venv/bin"), where, "PATH must start with the venv's bin")
    exposed = " ".join(e["value"] for e in final.all("EXPOSE")).split()
    fail.check(
        str(chart["api"]["containerPort"]) in exposed,
        where,
        f"EXPOSE {chart['api']['containerPort']} (the chart's api.containerPort) is missing",
    )
    hc = final.last("HEALTHCHECK")
    if fail.check(
        hc is not None and hc["value"].strip().upper() != "NONE", where, "the final stage needs a HEALTHCHECK"
    ):
        assert hc is not None
        fail.check(
            "http://127.0.0.1:8000/healthz" in hc["value"] and "urllib" in hc["value"],
            where,
            "HEALTHCHECK must GET http://127.0.0.1:8000/healthz with Python's urllib (no curl in slim)",
        )
    fail.check(
        df.cmd() == chart["api"]["command"],
        where,
        f"CMD {df.cmd()} differs from the chart's api.command {chart['api']['command']}",
    )


def frontend_checks(repo: Path, df: Dockerfile, chart: dict[str, Any], fail: Failures) -> None:
    where = df.path
    final = df.final
    port = str(chart["spa"]["containerPort"])
    exposed = " ".join(e["value"] for e in final.all("EXPOSE")).split()
    fail.check(port in exposed, where, f"EXPOSE {port} (the chart's spa.containerPort) is missing")
    fail.check(any("npm ci" in r["value"] for r in df.stages[0].all("RUN")), where, "the build stage runs npm ci")
    fail.check(
        any("npm run build" in r["value"] for r in df.stages[0].all("RUN")), where, "the build stage runs npm run build"
    )
    copies = {}
    for c in final.all("COPY"):
        flags, words = _split_flags(c["value"])
        if len(words) >= 2:
            copies[words[-1]] = (flags, words[:-1])
    html = copies.get("/usr/share/nginx/html/")
    fail.check(
        html is not None and html[0].get("from") == df.stages[0].name and html[1][0].rstrip("/").endswith("dist"),
        where,
        "the runtime stage serves the build stage's dist/ from /usr/share/nginx/html/",
    )
    conf = copies.get("/etc/nginx/nginx.conf")
    if not fail.check(
        conf is not None and "from" not in conf[0], where, "the runtime stage installs its own /etc/nginx/nginx.conf"
    ):
        return
    assert conf is not None
    templates = {dest: src[0] for dest, (flags, src) in copies.items() if dest.startswith("/etc/nginx/templates/")}
    envs = df.final_envs()
    output_dir = envs.get("NGINX_ENVSUBST_OUTPUT_DIR", "/etc/nginx/conf.d")
    rendered = {}
    for dest, src in templates.items():
        rel = dest.removeprefix("/etc/nginx/templates/").removesuffix(".template")
        rendered[f"{output_dir.rstrip('/')}/{rel}"] = repo / src
        for var in re.findall(r"\$\{(\w+)\}", (repo / src).read_text()):
            fail.check(var in envs, where, f"{src} uses ${{{var}}} but the image sets no default for it")
            fail.check(
                re.match(envs.get("NGINX_ENVSUBST_FILTER", ""), var) is not None,
                where,
                f"{src}: ${{{var}}} is not matched by NGINX_ENVSUBST_FILTER",
            )
    writable = ["/tmp", *list(chart["spa"].get("writablePaths", []))]
    check_spa_nginx(repo / conf[1][0], rendered, port, writable, fail)


def _nginx(path: Path, fail: Failures) -> list[dict[str, Any]]:
    parsed = crossplane.parse(str(path), single=True, comments=False, check_ctx=False)
    for err in parsed["errors"]:
        fail.add(str(path), f"nginx parse error: {err['error']}")
    return parsed["config"][0]["parsed"] if parsed["config"] else []


def _find(block: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    found = []
    for d in block:
        if d["directive"] == name:
            found.append(d)
        found += _find(d.get("block", []), name)
    return found


def check_spa_nginx(path: Path, rendered: dict[str, Path], port: str, writable: list[str], fail: Failures) -> None:
    where = str(path)
    config = _nginx(path, fail)
    for d in _find(config, "listen"):
        fail.check(d["args"][0].rsplit(":", 1)[-1] == port, where, f"listen {d['args']} is not port {port}")
    fail.check(bool(_find(config, "listen")), where, f"no listen {port}")
    writes = [
        "pid",
        "client_body_temp_path",
        "proxy_temp_path",
        "fastcgi_temp_path",
        "uwsgi_temp_path",
        "scgi_temp_path",
    ]
    for name in writes:
        found = _find(config, name)
        fail.check(bool(found), where, f"{name} must be set (the compiled-in default is not writable)")
        for d in found:
            fail.check(
                any(d["args"][0].startswith(w.rstrip("/") + "/") for w in writable),
                where,
                f"{name} {d['args'][0]} is outside the writable paths {writable}",
            )
    for name in ("access_log", "error_log"):
        for d in _find(config, name):
            fail.check(d["args"][0] in ("/dev/stdout", "/dev/stderr", "off"), where, f"{name} must go to stdout/stderr")
    fail.check(any(d["args"] == ["on"] for d in _find(config, "gzip")), where, "gzip on is required")
    fail.check(
        any(d["args"] == ["off"] for d in _find(config, "server_tokens")), where, "server_tokens off is required"
    )

    headers_file = None
    for d in _find(config, "include"):
        target = d["args"][0]
        if target in rendered:
            headers_file = target
        elif not target.startswith("/etc/nginx/"):
            fail.add(where, f"include {target} is neither a file of the base image nor a rendered template")
    if not fail.check(headers_file is not None, where, "no include of the rendered security-headers template"):
        return
    assert headers_file is not None
    headers = {
        d["args"][0].lower(): d["args"] for d in _nginx(rendered[headers_file], fail) if d["directive"] == "add_header"
    }
    for name in ("content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options"):
        if fail.check(name in headers, str(rendered[headers_file]), f"add_header {name} is missing"):
            fail.check(
                headers[name][-1] == "always", str(rendered[headers_file]), f"{name} needs `always` (error pages too)"
            )
    csp = headers.get("content-security-policy", ["", ""])[1]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'self'",
    ):
        fail.check(directive in csp, str(rendered[headers_file]), f"CSP lacks {directive}")
    fail.check(
        "unsafe-eval" not in csp and "script-src 'self' 'unsafe-inline'" not in csp,
        str(rendered[headers_file]),
        "CSP must not allow unsafe-eval or inline scripts",
    )
    fail.check(headers.get("x-content-type-options", ["", ""])[1] == "nosniff", where, "X-Content-Type-Options nosniff")

    def includes_headers(block: list[dict[str, Any]]) -> bool:
        return any(d["directive"] == "include" and d["args"][0] == headers_file for d in block)

    server_level = any(includes_headers(d.get("block", [])) for d in _find(config, "server"))
    locations = {" ".join(d["args"]): d.get("block", []) for d in _find(config, "location")}
    for args, block in locations.items():
        sets_headers = any(d["directive"] == "add_header" for d in block)
        # nginx drops inherited add_header directives in a block that has its own.
        fail.check(
            includes_headers(block) or (server_level and not sets_headers),
            where,
            f"location {args} does not send the security headers",
        )

    def cache_control(block: list[dict[str, Any]]) -> str:
        found = [d["args"] for d in block if d["directive"] == "add_header" and d["args"][0].lower() == "cache-control"]
        return " ".join(found[0][1:]) if found else ""

    assets = locations.get("/assets/")
    if fail.check(assets is not None, where, "no location /assets/ for Vite's hashed files"):
        assert assets is not None
        fail.check(
            "immutable" in cache_control(assets) and "max-age=31536000" in cache_control(assets),
            where,
            "/assets/ must be cached for a year, immutable",
        )
        fail.check(
            not cache_control(assets).endswith("always"),
            where,
            "/assets/ Cache-Control without `always`: a 404 must not be cached as immutable",
        )
        fail.check(
            any(d["directive"] == "try_files" and d["args"][-1] == "=404" for d in assets),
            where,
            "a missing /assets/ file must be a 404, not index.html",
        )
    index = locations.get("= /index.html")
    fail.check(
        index is not None and "no-cache" in cache_control(index), where, "index.html must be served with no-cache"
    )
    root = locations.get("/")
    fail.check(
        root is not None and any(d["directive"] == "try_files" and d["args"][-1] == "/index.html" for d in root),
        where,
        "location / must fall back to /index.html (client-side routes)",
    )


def chart_commands(chart: dict[str, Any]) -> list[tuple[str, list[str]]]:
    commands = [("values.yaml api.command", chart["api"]["command"]),
                ("values.yaml migrations.command", chart["migrations"]["command"])]  # fmt: skip
    for name, job in (chart.get("cronJobs") or {}).items():
        commands.append((f"values.yaml cronJobs.{name}.command", job["command"]))
    for key, worker in (chart.get("workers") or {}).items():
        queue = (worker or {}).get("queue", key)
        commands.append((f"values.yaml workers.{key}", ["python", "manage.py", "rundramatiq", "--queues", queue]))
    return commands


def run_dockerfiles(repo: Path, fail: Failures) -> None:
    chart = yaml.safe_load((repo / "deploy/helm/alva/values.yaml").read_text())
    backend = Backend(repo)
    for rel, specific in ((BACKEND_DOCKERFILE, backend_checks), (FRONTEND_DOCKERFILE, frontend_checks)):
        if not fail.check((repo / rel).is_file(), rel, "missing"):
            continue
        df = load_dockerfile(repo, rel)
        before = len(fail.items)
        check_dockerfile_common(repo, df, chart, fail)
        specific(repo, df, chart, fail)
        stages = ", ".join(f"{s.name or s.index}={s.base}" for s in df.stages)
        print(f"  {rel}: {len(df.stages)} stages ({stages}) {'ok' if len(fail.items) == before else 'FAILED'}")
    # The chart runs the backend image with these commands: they must exist in it.
    for where, command in chart_commands(chart):
        backend.check_command(where, command, fail, workdir="/app/backend")
    jobs = set(backend.periodic_jobs())
    scheduled = set()
    for _, command in chart_commands(chart):
        if command[:3] == ["python", "manage.py", "fan_out"] and len(command) > 3:
            scheduled.add(command[3])
        elif command[:3] == ["python", "manage.py", "refill_spare_schemas"]:
            scheduled.add("refill-spare-schemas")
    if jobs - scheduled:
        fail.note(
            f"the chart schedules no CronJob (manage.py fan_out <job>) for: {', '.join(sorted(jobs - scheduled))}"
        )


# ------------------------------------------------------------------------------ backend commands


def _literal_strings(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


@dataclass
class ArgSpec:
    flags: list[str]
    takes_value: bool
    multiple: bool
    choices: list[str] | None


class Backend:
    """What the backend source declares: management commands and their options, queues, jobs, modules."""

    def __init__(self, repo: Path) -> None:
        self.root = repo / "backend"
        self.commands = {
            p.stem: p for p in sorted(self.root.glob("alva/*/management/commands/*.py")) if p.stem != "__init__"
        }

    def queues(self) -> list[str]:
        tree = ast.parse((self.root / "config/settings/dramatiq.py").read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "DRAMATIQ_QUEUES" for t in node.targets):
                return _literal_strings(node.value)
        return []

    def periodic_jobs(self) -> list[str]:
        tree = ast.parse((self.root / "alva/tenants/periodic.py").read_text())
        jobs: list[str] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict) and all(
                isinstance(v, ast.Call) and getattr(v.func, "id", "") == "Job" for v in node.values
            ):
                jobs += [k.value for k in node.keys if isinstance(k, ast.Constant)]
        return jobs

    def _choices(self, node: ast.expr | None) -> list[str] | None:
        if node is None:
            return None
        source = ast.unparse(node)
        if "DRAMATIQ_QUEUES" in source:
            return self.queues()
        if "job_names" in source:
            return self.periodic_jobs()
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return _literal_strings(node)
        return None

    def arg_specs(self, path: Path) -> tuple[dict[str, ArgSpec], list[ArgSpec]]:
        """The options and positionals a command or module declares with add_argument()."""
        options: dict[str, ArgSpec] = {}
        positionals: list[ArgSpec] = []
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "add_argument"):
                continue
            names = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            kw = {k.arg: k.value for k in node.keywords}
            action = kw.get("action")
            action_name = action.value if isinstance(action, ast.Constant) else None
            nargs = kw.get("nargs")
            nargs_value = nargs.value if isinstance(nargs, ast.Constant) else None
            spec = ArgSpec(
                flags=names,
                takes_value=action_name not in ("store_true", "store_false", "count", "help", "version"),
                multiple=nargs_value in ("+", "*") or action_name == "append",
                choices=self._choices(kw.get("choices")),
            )
            if names and names[0].startswith("-"):
                for name in names:
                    options[name] = spec
            elif names:
                positionals.append(spec)
        return options, positionals

    def check_args(self, where: str, args: list[str], options: dict[str, ArgSpec] | None,
                   positionals: list[ArgSpec], fail: Failures, *, django: bool = True) -> None:  # fmt: skip
        if options is None:
            return
        common = {k: ArgSpec([k], v, False, None) for k, v in DJANGO_COMMON_FLAGS.items()} if django else {}
        known = {**common, **options}
        i, position = 0, 0
        while i < len(args):
            arg = args[i]
            if arg.startswith("-") and arg != "-":
                name, eq, inline = arg.partition("=")
                spec = known.get(name)
                if not fail.check(spec is not None, where, f"unknown option {name}"):
                    i += 1
                    continue
                assert spec is not None
                values: list[str] = []
                if eq:
                    values = [inline]
                elif spec.takes_value:
                    i += 1
                    while i < len(args) and not args[i].startswith("-"):
                        values.append(args[i])
                        i += 1
                        if not spec.multiple:
                            break
                    i -= 1
                    fail.check(bool(values), where, f"{name} needs a value")
                if spec.choices is not None:
                    for v in values:
                        fail.check(v in spec.choices, where, f"{name} {v}: not one of {spec.choices}")
            else:
                if fail.check(position < len(positionals), where, f"unexpected argument {arg}"):
                    spec = positionals[position]
                    if spec.choices is not None:
                        fail.check(arg in spec.choices, where, f"{arg}: not one of {spec.choices}")
                    if not spec.multiple:
                        position += 1
            i += 1

    def check_command(self, where: str, argv: list[str], fail: Failures, *, workdir: str) -> None:
        """One command line as the backend image runs it (`sh -c` scripts are split and checked)."""
        if argv[:2] in (["sh", "-c"], ["/bin/sh", "-c"], ["bash", "-c"]):
            for part in re.split(r"&&|\|\||;", argv[2]):
                if part.strip():
                    self.check_command(where, shlex.split(part), fail, workdir=workdir)
            return
        fail.check(workdir == "/app/backend", where, f"backend commands run in /app/backend, not {workdir}")
        if argv[:2] == ["python", "manage.py"] and len(argv) >= 3:
            name, args = argv[2], argv[3:]
            if name in self.commands:
                options, positionals = self.arg_specs(self.commands[name])
                self.check_args(f"{where}: manage.py {name}", args, options, positionals, fail)
            elif fail.check(name in FRAMEWORK_COMMANDS, where,
                            f"manage.py {name}: no such command in backend/alva/*/management/commands "
                            "and not a Django/django-tenants built-in"):  # fmt: skip
                framework = FRAMEWORK_COMMANDS[name]
                self.check_args(f"{where}: manage.py {name}", args,
                                {k: ArgSpec([k], v, False, None) for k, v in framework.items()} if framework else None,
                                [], fail)  # fmt: skip
                for arg in args:
                    if arg.startswith("--executor"):
                        fail.check(
                            arg.partition("=")[2] in MIGRATION_EXECUTORS,
                            where,
                            f"{arg}: executor must be one of {sorted(MIGRATION_EXECUTORS)}",
                        )
        elif argv[:2] == ["python", "-m"] and len(argv) >= 3:
            module = argv[2]
            if module.split(".")[0] in INSTALLED_MODULES:
                return
            base = self.root / Path(*module.split("."))
            main = base / "__main__.py" if base.is_dir() else base.with_suffix(".py")
            if fail.check(
                main.is_file(), where, f"python -m {module}: {main.relative_to(self.root.parent)} does not exist"
            ):
                options, positionals = self.arg_specs(main)
                self.check_args(f"{where}: python -m {module}", argv[3:], options, positionals, fail, django=False)
        elif argv[:1] == ["python"] and argv[1:2] == ["-c"]:
            return
        elif argv[:1] == ["gunicorn"]:
            app = next((a for a in argv[1:] if ":" in a and not a.startswith("-")), "")
            module, _, attr = app.partition(":")
            path = self.root / Path(*module.split(".")).with_suffix(".py")
            if fail.check(path.is_file(), where, f"gunicorn app module {module} ({path}) does not exist"):
                names = {
                    t.id
                    for n in ast.walk(ast.parse(path.read_text()))
                    if isinstance(n, ast.Assign)
                    for t in n.targets
                    if isinstance(t, ast.Name)
                }
                fail.check(attr in names, where, f"{module} defines no {attr}")
            if "--config" in argv:
                config = argv[argv.index("--config") + 1]
                fail.check((self.root / config).is_file(), where, f"gunicorn --config {config}: no backend/{config}")
        else:
            fail.add(where, f"unrecognised backend command {argv}")


# ------------------------------------------------------------------------------ compose


_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def compose_variables(text: str) -> list[tuple[str, str | None]]:
    """(name, operator) of every ${...}/$NAME reference; $$ is a literal dollar."""
    refs = []
    for m in _VAR.finditer(text.replace("$$", "")):
        refs.append((m.group(1) or m.group(4), m.group(2)))
    return refs


def interpolate(value: Any, env: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if not isinstance(value, str):
        return value

    def sub(m: re.Match[str]) -> str:
        name, op, arg = m.group(1) or m.group(4), m.group(2), m.group(3)
        current = env.get(name)
        if op in (":-",) and not current:
            return arg or ""
        if op == "-" and current is None:
            return arg or ""
        return current or ""

    parts = value.split("$$")
    return "$".join(_VAR.sub(sub, p) for p in parts)


def read_env_file(path: Path) -> dict[str, str]:
    values = {}
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip().strip("'\"")
    return values


def config_env_names(repo: Path) -> set[str]:
    """String literals in backend/config/**/*.py: where settings read the environment."""
    names: set[str] = set()
    for path in (repo / "backend/config").rglob("*.py"):
        names.update(s for s in _literal_strings(ast.parse(path.read_text())) if re.fullmatch(r"[A-Z][A-Z0-9_]+", s))
    return names


def required_settings(repo: Path) -> set[str]:
    """Variables backend/config/settings reads with no default (env.str("X") and the like)."""
    names: set[str] = set()
    for path in (repo / "backend/config/settings").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and getattr(node.func.value, "id", "") == "env"
                and len(node.args) == 1
                and isinstance(node.args[0], ast.Constant)
                and not any(k.arg == "default" for k in node.keywords)
            ):
                names.add(str(node.args[0].value))
    return names


def url_prefixes(repo: Path) -> set[str]:
    """Top-level path prefixes Django serves (urls_*.py), plus the health endpoints the middleware answers."""
    prefixes = {"/healthz", "/readyz"}
    for path in (repo / "backend/config").glob("urls_*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("path", "re_path") and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value:
                    segment = first.value.lstrip("^").split("/", 1)[0]
                    prefixes.add(f"/{segment}")
    return prefixes


def published(service: dict[str, Any]) -> list[tuple[str, int, int]]:
    """(host ip, host port, container port) of every published port (short syntax)."""
    out = []
    for port in service.get("ports", []):
        if isinstance(port, dict):
            out.append((str(port.get("host_ip", "")), int(port.get("published", 0)), int(port["target"])))
            continue
        parts = str(port).split("/")[0].split(":")
        if len(parts) == 3:
            out.append((parts[0], int(parts[1]), int(parts[2])))
        elif len(parts) == 2:
            out.append(("", int(parts[0]), int(parts[1])))
        else:
            out.append(("", 0, int(parts[0])))
    return out


def run_compose(repo: Path, fail: Failures) -> None:
    compose_path = repo / COMPOSE_FILE
    env_path = repo / ENV_EXAMPLE
    if not (
        fail.check(compose_path.is_file(), COMPOSE_FILE, "missing")
        and fail.check(env_path.is_file(), ENV_EXAMPLE, "missing")
    ):
        return
    text = compose_path.read_text()
    raw = yaml.safe_load(text)
    env = read_env_file(env_path)
    fail.check("version" not in raw, COMPOSE_FILE, "the top-level `version` key is obsolete in the Compose spec")

    # --- variables
    refs = compose_variables(text)
    for name, op in refs:
        fail.check(
            name in env or op in (":-", "-"), COMPOSE_FILE, f"${{{name}}} has no default and is not in {ENV_EXAMPLE}"
        )
    used_by_compose = {name for name, _ in refs}
    read_by_config = config_env_names(repo)
    for name in sorted(required_settings(repo)):
        fail.check(name in env, ENV_EXAMPLE, f"{name} is required by backend/config/settings but not set here")
    for name in env:
        fail.check(
            name in read_by_config or name in used_by_compose,
            ENV_EXAMPLE,
            f"{name} is read neither by backend/config nor by {COMPOSE_FILE}",
        )

    doc = interpolate(raw, env)
    services: dict[str, dict[str, Any]] = doc.get("services", {})
    declared_volumes = set((doc.get("volumes") or {}).keys())
    backend = Backend(repo)
    dockerfiles: dict[str, Dockerfile] = {}

    def dockerfile_of(svc: dict[str, Any]) -> Dockerfile | None:
        build = svc.get("build")
        if not build:
            return None
        build = {"context": build} if isinstance(build, str) else build
        rel = str(PurePosixPath(build.get("context", ".")) / build.get("dockerfile", "Dockerfile"))
        rel = str(PurePosixPath(rel)).removeprefix("./")
        if rel not in dockerfiles and (repo / rel).is_file():
            dockerfiles[rel] = load_dockerfile(repo, rel)
        return dockerfiles.get(rel)

    def has_healthcheck(svc: dict[str, Any]) -> bool:
        hc = svc.get("healthcheck") or {}
        if hc.get("disable"):
            return False
        if hc.get("test"):
            return hc["test"] not in (["NONE"], "NONE")
        df = dockerfile_of(svc)
        image_hc = df.final.last("HEALTHCHECK") if df else None
        return image_hc is not None and image_hc["value"].strip().upper() != "NONE"

    for name, svc in services.items():
        where = f"{COMPOSE_FILE}:{name}"
        build = svc.get("build")
        if build:
            build = {"context": build} if isinstance(build, str) else build
            context = repo / build.get("context", ".")
            fail.check(context.is_dir(), where, f"build context {build.get('context')} does not exist")
            df_rel = PurePosixPath(build.get("context", ".")) / build.get("dockerfile", "Dockerfile")
            fail.check((repo / df_rel).is_file(), where, f"Dockerfile {df_rel} does not exist")
        elif fail.check("image" in svc, where, "neither image nor build"):
            ok, why = image_pinned(svc["image"])
            fail.check(ok, where, f"image {svc['image']}: not pinned ({why})")
        env_files = svc.get("env_file", [])
        for entry in [env_files] if isinstance(env_files, (str, dict)) else env_files:
            rel = entry["path"] if isinstance(entry, dict) else entry
            stand_in = ENV_EXAMPLE if PurePosixPath(rel).name == ".env" else rel
            fail.check((repo / stand_in).is_file(), where, f"env_file {rel}: neither it nor {stand_in} exists")
        mounts = ["/tmp"] + [t.split(":")[0] for t in svc.get("tmpfs", [])]
        for volume in svc.get("volumes", []):
            source, target = (
                (volume.get("source", ""), volume["target"]) if isinstance(volume, dict) else volume.split(":")[:2]
            )
            mounts.append(target)
            if source.startswith((".", "/")):
                fail.check((repo / source).exists(), where, f"bind-mounted {source} does not exist")
            else:
                fail.check(source in declared_volumes, where, f"named volume {source} is not declared under volumes:")
        for ip, host_port, _ in published(svc):
            fail.check(
                ip == "127.0.0.1",
                where,
                f"published port {host_port} must listen on 127.0.0.1 only (got {ip or 'all interfaces'})",
            )
        depends = svc.get("depends_on", {})
        depends = {d: {"condition": "service_started"} for d in depends} if isinstance(depends, list) else depends
        for target, spec in depends.items():
            if not fail.check(target in services, where, f"depends_on {target}: no such service"):
                continue
            condition = (spec or {}).get("condition", "service_started")
            if condition == "service_healthy":
                fail.check(
                    has_healthcheck(services[target]),
                    where,
                    f"waits for {target} to be healthy, but it has no healthcheck",
                )
            if condition == "service_completed_successfully":
                fail.check(
                    str(services[target].get("restart", "no")) == "no",
                    where,
                    f"waits for {target} to complete, but {target} restarts",
                )

        df = dockerfile_of(svc)
        if df is not None and df.path == BACKEND_DOCKERFILE:
            command = svc.get("command", df.cmd())
            command = shlex.split(command) if isinstance(command, str) else command
            entrypoint = svc.get("entrypoint") or []
            command = (shlex.split(entrypoint) if isinstance(entrypoint, str) else entrypoint) + (command or [])
            workdir = svc.get("working_dir", df.final_workdir())
            backend.check_command(where, command, fail, workdir=workdir)
            if svc.get("read_only"):
                flat = " ".join(command)
                for path in re.findall(r"(?<![\w:/])(/[\w./-]+)", flat):
                    fail.check(
                        any(path == m or path.startswith(m.rstrip("/") + "/") for m in mounts),
                        where,
                        f"{path}: the root filesystem is read-only and this is not in /tmp or a mounted volume",
                    )
        elif name == PROXY_SERVICE:
            check_proxy(repo, svc, services, fail)

    # --- no dependency cycles
    graph = {n: set(s.get("depends_on") or {}) for n, s in services.items()}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        if state.get(node) == 2:
            return
        if state.get(node) == 1:
            fail.add(COMPOSE_FILE, f"depends_on cycle: {' -> '.join([*trail, node])}")
            return
        state[node] = 1
        for nxt in graph.get(node, ()):
            visit(nxt, [*trail, node])
        state[node] = 2

    for node in graph:
        visit(node, [])

    # --- one worker per queue
    worker_queues = set()
    for svc in services.values():
        command = svc.get("command") or []
        if (
            isinstance(command, list)
            and command[:3] == ["python", "manage.py", "rundramatiq"]
            and "--queues" in command
        ):
            i = command.index("--queues") + 1
            while i < len(command) and not command[i].startswith("-"):
                worker_queues.add(command[i])
                i += 1
    missing = set(backend.queues()) - worker_queues
    fail.check(not missing, COMPOSE_FILE, f"no worker service for queue(s) {sorted(missing)}")

    check_env_urls(env, services, fail)


def check_env_urls(env: dict[str, str], services: dict[str, dict[str, Any]], fail: Failures) -> None:
    where = ENV_EXAMPLE
    aliases: dict[str, str] = {}
    for name, svc in services.items():
        aliases[name] = name
        networks = svc.get("networks") or {}
        if isinstance(networks, dict):
            for net in networks.values():
                for alias in (net or {}).get("aliases", []):
                    aliases[alias] = name
    host_ports = {hp: (name, cp) for name, svc in services.items() for _, hp, cp in published(svc)}
    # Browsers open these (uploads, OAuth consent, Stripe Checkout): they must be reachable from the host.
    browser_facing = {"S3_PUBLIC_ENDPOINT_URL", "KLAVIYO_OAUTH_BASE", "STRIPE_API_BASE"}
    for key, value in env.items():
        if not re.match(r"^[a-z][a-z0-9+]*://", value):
            continue
        url = urlsplit(value)
        host = url.hostname or ""
        port = url.port or {"http": 80, "https": 443, "postgres": 5432, "redis": 6379}.get(url.scheme, 0)
        is_local = host in ("localhost", "127.0.0.1") or host.endswith(".localhost")
        if key in browser_facing or is_local:
            fail.check(is_local, where, f"{key}={value}: browsers must reach it on this machine (localhost)")
            target = host_ports.get(port)
            if fail.check(target is not None, where, f"{key}: no service publishes port {port} on 127.0.0.1"):
                assert target is not None
                if host not in ("localhost", "127.0.0.1"):
                    # Used by the API as well (OAuth): the same name must resolve inside the network.
                    fail.check(
                        aliases.get(host) == target[0] and target[1] == port,
                        where,
                        f"{key}: {host} must be a network alias of {target[0]}, which must listen on {port}",
                    )
        else:
            fail.check(host in aliases, where, f"{key}={value}: {host} is not a compose service or network alias")
    db = urlsplit(env.get("DATABASE_URL", ""))
    fail.check(
        (db.username, db.password, db.path.lstrip("/"))
        == (env.get("POSTGRES_USER"), env.get("POSTGRES_PASSWORD"), env.get("POSTGRES_DB")),
        where,
        "DATABASE_URL must use POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB",
    )
    fail.check(bool(env.get("SECRET_KEY")), where, "SECRET_KEY must be set")
    keys = env.get("FIELD_ENCRYPTION_KEYS", "")
    for entry in keys.split(","):
        key_id, _, encoded = entry.strip().partition(":")
        try:
            ok = bool(key_id) and len(base64.urlsafe_b64decode(encoded)) == 32
        except (binascii.Error, ValueError):
            ok = False
        fail.check(
            ok, where, f"FIELD_ENCRYPTION_KEYS entry {key_id or entry!r}: must be id:<URL-safe base64 of 32 bytes>"
        )
    port = env.get("APP_PUBLIC_PORT", "")
    fail.check(
        port.isdigit() and int(port) in host_ports and host_ports[int(port)][0] == PROXY_SERVICE,
        where,
        f"APP_PUBLIC_PORT={port}: the {PROXY_SERVICE} service must publish it",
    )


def check_proxy(repo: Path, svc: dict[str, Any], services: dict[str, dict[str, Any]], fail: Failures) -> None:
    where = f"{COMPOSE_FILE}:{PROXY_SERVICE}"
    conf = next(
        (v.split(":")[0] for v in svc.get("volumes", []) if isinstance(v, str) and ":/etc/nginx/nginx.conf" in v), None
    )
    if not fail.check(conf is not None, where, "mounts no nginx.conf"):
        return
    assert conf is not None
    path = repo / conf
    if not path.is_file():
        return
    config = _nginx(path, fail)
    variables = {d["args"][0]: d["args"][1] for d in _find(config, "set")}

    def upstream(block: list[dict[str, Any]]) -> str:
        target = next((d["args"][0] for d in block if d["directive"] == "proxy_pass"), "")
        target = variables.get(target, target)
        return urlsplit(target).hostname or ""

    routes = {" ".join(d["args"]): upstream(d.get("block", [])) for d in _find(config, "location")}
    for service in set(routes.values()) - {""}:
        fail.check(service in services, str(path), f"proxies to {service}, which is not a compose service")
    for prefix in sorted(url_prefixes(repo)):
        covering = [
            loc
            for loc in routes
            if not loc.startswith(("=", "~")) and prefix.startswith(loc.rstrip("/")) and loc != "/"
        ]
        fail.check(
            any(routes[loc] == API_SERVICE for loc in covering),
            str(path),
            f"Django serves {prefix}… but the proxy does not send it to {API_SERVICE}",
        )
    fail.check(routes.get("/") == SPA_SERVICE, str(path), f"location / must go to {SPA_SERVICE}")
    host_headers = [d["args"] for d in _find(config, "proxy_set_header") if d["args"][0].lower() == "host"]
    fail.check(
        bool(host_headers) and all(a[1] in ("$http_host", "$host") for a in host_headers),
        str(path),
        "the Host header must be passed through (Django picks the tenant from it)",
    )
    for name in ("pid", "client_body_temp_path", "proxy_temp_path"):
        for d in _find(config, name):
            fail.check(d["args"][0].startswith("/tmp/"), str(path), f"{name} must be under /tmp (read-only root)")
    # Findings about other files, reported without failing.
    chart = yaml.safe_load((repo / "deploy/helm/alva/values.yaml").read_text())
    api_paths = chart.get("ingress", {}).get("apiPaths", [])
    for prefix in sorted(url_prefixes(repo)):
        if not any(prefix.startswith(p.rstrip("/")) for p in api_paths):
            fail.note(
                f"deploy/helm/alva/values.yaml ingress.apiPaths lacks {prefix} "
                "(Django serves it; the ingress sends it to the SPA)"
            )
    vite = repo / "frontend/vite.config.ts"
    if vite.is_file():
        match = re.search(r"BACKEND_PATHS\s*=\s*\[([^\]]*)\]", vite.read_text())
        paths = re.findall(r"'([^']+)'", match.group(1)) if match else []
        for prefix in sorted(url_prefixes(repo)):
            if paths and not any(prefix.startswith(p.rstrip("/")) for p in paths):
                fail.note(f"frontend/vite.config.ts BACKEND_PATHS lacks {prefix} (the dev server would not proxy it)")


# ------------------------------------------------------------------------------ main


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in ("dockerfiles", "compose"):
        print(__doc__.rsplit("Usage: ", 1)[1], file=sys.stderr)
        return 2
    repo = Path(argv[2]).resolve()
    fail = Failures()
    if argv[1] == "dockerfiles":
        run_dockerfiles(repo, fail)
    else:
        run_compose(repo, fail)
        if not fail.items:
            print(f"  {COMPOSE_FILE}: services, commands, dependencies, volumes, ports, proxy routes ok")
            print(f"  {ENV_EXAMPLE}: every variable used; URLs, keys and credentials consistent")
    for note in fail.notes:
        print(f"  NOTE {note}")
    if fail.items:
        print("\n".join(f"FAIL {f}" for f in fail.items), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
