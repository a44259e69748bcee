"""Offline checks of the Helm chart: lint, schema, render (no helm binary, no cluster).

For every values file under the chart's ci/ folder this script
  1. lints the chart with Helm's own linter (warnings count as failures),
  2. validates the values against values.schema.json twice: with Helm's
     validator and with Python's jsonschema (on the merged values),
  3. renders the chart offline as an install and as an upgrade, and writes
     every manifest as its own file under OUT/<values-file-stem>/,
  4. asserts the chart's own invariants on the rendered objects (security
     context, resources, probes, hooks, image pinning, namespaces).
The rendered files are then checked by kubernetes-validate and checkov (run.sh).

Usage: python helm_check.py CHART_DIR OUT_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import helm_python as helm
import jsonschema
import yaml

RELEASE = "alva"
NAMESPACE = "alva"
WORKLOAD_KINDS = {"Deployment", "Job", "CronJob"}
SECRET_KEYS = {
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "FIELD_ENCRYPTION_KEYS",
    "SENTRY_DSN",
    "KLAVIYO_CLIENT_ID",
    "KLAVIYO_CLIENT_SECRET",
    "STRIPE_API_KEY",
    "STRIPE_WEBHOOK_SECRET",
}
CONFIG_KEYS = {
    "APP_DOMAIN",
    "APP_SCHEME",
    "S3_BUCKET",
    "AWS_REGION",
    "KLAVIYO_API_BASE",
    "KLAVIYO_OAUTH_BASE",
    "STRIPE_API_BASE",
    "SENTRY_ENVIRONMENT",
    "DJANGO_SETTINGS_MODULE",
}


class Failures:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")

    def check(self, condition: bool, where: str, message: str) -> None:
        if not condition:
            self.add(where, message)


def pod_spec(obj: dict[str, Any]) -> dict[str, Any]:
    spec = obj["spec"]
    if obj["kind"] == "CronJob":
        return spec["jobTemplate"]["spec"]["template"]["spec"]
    return spec["template"]["spec"]


def check_workload(stem: str, obj: dict[str, Any], fail: Failures) -> None:
    name = f"{stem}:{obj['kind']}/{obj['metadata']['name']}"
    spec = pod_spec(obj)
    psc = spec.get("securityContext", {})
    fail.check(psc.get("runAsNonRoot") is True, name, "pod runAsNonRoot must be true")
    fail.check(
        psc.get("seccompProfile", {}).get("type") == "RuntimeDefault",
        name,
        "pod seccompProfile must be RuntimeDefault",
    )
    fail.check(spec.get("automountServiceAccountToken") is False, name, "automountServiceAccountToken must be false")
    volumes = {v["name"]: v for v in spec.get("volumes", [])}
    fail.check("emptyDir" in volumes.get("tmp", {}), name, "an emptyDir volume named tmp is required")
    for c in spec.get("containers", []) + spec.get("initContainers", []):
        where = f"{name}/{c['name']}"
        sc = c.get("securityContext", {})
        fail.check(sc.get("runAsNonRoot") is True, where, "runAsNonRoot must be true")
        fail.check(sc.get("readOnlyRootFilesystem") is True, where, "readOnlyRootFilesystem must be true")
        fail.check(sc.get("allowPrivilegeEscalation") is False, where, "allowPrivilegeEscalation must be false")
        fail.check(sc.get("capabilities", {}).get("drop") == ["ALL"], where, "capabilities must drop ALL")
        fail.check(sc.get("seccompProfile", {}).get("type") == "RuntimeDefault", where, "seccompProfile RuntimeDefault")
        res = c.get("resources", {})
        for kind in ("requests", "limits"):
            for r in ("cpu", "memory"):
                fail.check(r in res.get(kind, {}), where, f"resources.{kind}.{r} is required")
        mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts", [])}
        fail.check(mounts.get("/tmp") == "tmp", where, "/tmp must be mounted from the tmp emptyDir")
        image = c["image"]
        fail.check(not image.endswith(":latest") and (":" in image.rsplit("/", 1)[-1] or "@sha256:" in image),
                   where, f"image must be pinned by tag or digest: {image}")
        if "@" in image:
            fail.check(image.split("@", 1)[1].startswith("sha256:"), where, "digest must be sha256")
        if c["name"] != "nginx":
            fail.check(c.get("workingDir") == "/app/backend", where, "backend containers run in /app/backend")
            env_from = {next(iter(k for k in e if k.endswith("Ref"))): next(iter(e.values()))["name"] for e in c.get("envFrom", [])}
            fail.check("configMapRef" in env_from and "secretRef" in env_from, where, "envFrom ConfigMap and Secret")


def check_render(stem: str, docs: list[dict[str, Any]], values: dict[str, Any], fail: Failures) -> None:
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for d in docs:
        by_kind.setdefault(d["kind"], []).append(d)
        where = f"{stem}:{d['kind']}/{d['metadata']['name']}"
        fail.check(d["metadata"].get("namespace") == NAMESPACE, where, "metadata.namespace must be the release namespace")
        fail.check(len(d["metadata"]["name"]) <= 63, where, "name longer than 63 characters")
        if d["kind"] in WORKLOAD_KINDS:
            check_workload(stem, d, fail)
        if d["kind"] == "CronJob":
            entry = (values.get("cronJobs") or {}).get(d["metadata"]["name"].removeprefix(f"{RELEASE}-cron-")) or {}
            expected = entry.get("concurrencyPolicy", values["cronJobDefaults"]["concurrencyPolicy"])
            fail.check(d["spec"]["concurrencyPolicy"] == expected, where, f"concurrencyPolicy must be {expected}")
            fail.check(len(d["metadata"]["name"]) <= 52, where, "CronJob names must leave room for Job suffixes")
    deployments = {d["metadata"]["name"]: d for d in by_kind.get("Deployment", [])}
    api = deployments.get(f"{RELEASE}-api")
    fail.check(api is not None, stem, "the api Deployment is missing")
    if api:
        c = pod_spec(api)["containers"][0]
        fail.check(c["command"][:2] == ["gunicorn", "config.wsgi:application"], stem, "api runs gunicorn")
        fail.check(c["readinessProbe"]["httpGet"]["path"] == "/readyz", stem, "api readiness is /readyz")
        fail.check(c["livenessProbe"]["httpGet"]["path"] == "/healthz", stem, "api liveness is /healthz")
        fail.check(c["ports"][0]["containerPort"] == 8000, stem, "api listens on 8000")
    enabled_workers = [
        k for k, v in (values.get("workers") or {}).items() if (v or {}).get("enabled", True) is not False
    ]
    for key in enabled_workers:
        dep = deployments.get(f"{RELEASE}-worker-{key}")
        fail.check(dep is not None, stem, f"worker Deployment for {key} is missing")
        if dep:
            cmd = pod_spec(dep)["containers"][0]["command"]
            fail.check(cmd[:3] == ["python", "manage.py", "rundramatiq"] and "--queues" in cmd, stem,
                       f"worker {key} runs rundramatiq --queues")
    for job in by_kind.get("Job", []):
        ann = job["metadata"].get("annotations", {})
        fail.check(ann.get("helm.sh/hook") == "pre-install,pre-upgrade", stem, "migration Job must be a pre-install,pre-upgrade hook")
        fail.check(ann.get("helm.sh/hook-delete-policy") == "before-hook-creation,hook-succeeded", stem, "migration hook delete policy")
    for cm in by_kind.get("ConfigMap", []):
        missing = CONFIG_KEYS - set(cm.get("data", {}))
        fail.check(not missing, stem, f"ConfigMap {cm['metadata']['name']} lacks {sorted(missing)}")
    for s in by_kind.get("Secret", []):
        missing = SECRET_KEYS - set(s.get("data", {}))
        fail.check(not missing, stem, f"Secret {s['metadata']['name']} lacks {sorted(missing)}")
    existing = (values.get("secrets") or {}).get("existingSecret")
    if existing:
        fail.check(not by_kind.get("Secret"), stem, "no Secret may be rendered when secrets.existingSecret is set")
    for hpa in by_kind.get("HorizontalPodAutoscaler", []):
        fail.check(hpa["apiVersion"] == "autoscaling/v2", stem, "HPAs use autoscaling/v2")
    for ing in by_kind.get("Ingress", []):
        hosts = {r["host"] for r in ing["spec"]["rules"]}
        domain = values["app"]["domain"]
        fail.check(hosts == {f"*.{domain}", f"app.{domain}", f"support.{domain}"}, stem, f"Ingress hosts {sorted(hosts)}")


def load_docs(manifest: str) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(manifest) if d]


def main() -> int:
    chart_dir = Path(sys.argv[1]).resolve()
    out_dir = Path(sys.argv[2]).resolve()
    fail = Failures()
    schema = json.loads((chart_dir / "values.schema.json").read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    ci_files = sorted((chart_dir / "ci").glob("*.yaml"))
    if not ci_files:
        print("no ci/*.yaml values files found", file=sys.stderr)
        return 1
    print(f"helm SDK {helm.helm_sdk_version()} (helm-python-sdk {helm.__version__})")
    for ci in ci_files:
        stem = ci.stem
        values = yaml.safe_load(ci.read_text()) or {}
        report = helm.lint(str(chart_dir), values, strict=True, namespace=NAMESPACE)
        for msg in report.get("messages", []):
            # Severity: 1 info, 2 warning, 3 error. Info ("icon is recommended") is not a failure.
            if msg["severity"] >= 2:
                fail.add(f"lint[{stem}]", f"{msg['path']}: {msg['error']}")
        for err in report.get("errors", []):
            fail.add(f"lint[{stem}]", str(err))
        with helm.Chart.load(str(chart_dir)) as chart:
            try:
                chart.validate_schema(values)
            except helm.HelmError as exc:
                fail.add(f"schema[{stem}]", f"helm: {exc}")
            merged = chart.merge_values(values)
            for err in sorted(jsonschema.Draft7Validator(schema).iter_errors(merged), key=str):
                fail.add(f"schema[{stem}]", f"{'/'.join(map(str, err.absolute_path))}: {err.message}")
            renders = {}
            for mode in ("install", "upgrade"):
                try:
                    renders[mode] = chart.render(
                        values,
                        name=RELEASE,
                        namespace=NAMESPACE,
                        is_install=mode == "install",
                        is_upgrade=mode == "upgrade",
                        revision=1 if mode == "install" else 2,
                    )
                except helm.HelmError as exc:
                    fail.add(f"render[{stem}/{mode}]", str(exc))
        if "install" not in renders:
            continue
        if renders.get("upgrade") is not None and renders["upgrade"] != renders["install"]:
            fail.add(f"render[{stem}]", "install and upgrade renders differ")
        target = out_dir / stem
        target.mkdir(parents=True, exist_ok=True)
        docs: list[dict[str, Any]] = []
        count = 0
        for template in sorted(renders["install"]):
            if not template.endswith((".yaml", ".yml")):
                continue
            for doc in load_docs(renders["install"][template]):
                count += 1
                docs.append(doc)
                kind = doc["kind"].lower()
                path = target / f"{count:03d}-{kind}-{doc['metadata']['name']}.yaml"
                path.write_text(yaml.safe_dump(doc, sort_keys=True))
        before = len(fail.items)
        check_render(stem, docs, merged, fail)
        status = "ok" if len(fail.items) == before else "FAILED"
        print(f"  ci/{ci.name}: {count} manifests rendered, invariants {status}")
    if fail.items:
        print("\n".join(f"FAIL {f}" for f in fail.items), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
