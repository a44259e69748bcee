"""Offline structure checks of infra/terraform (no terraform binary, no network).

Parses every .tf file with python-hcl2 and asserts, per directory (= module):
  - every file parses;
  - every variable has a non-empty description and a type;
  - every output has a non-empty description;
  - every module call's source is either the Terraform registry, pinned with an
    exact `version = "x.y.z"`, or a local path that exists and holds .tf files
    (git/http sources are refused);
  - a local module call passes only variables the module declares, and every
    variable of that module without a default;
  - `module.<local>.<name>` references name an output the module declares;
  - `var.<name>` and `local.<name>` references are declared in the directory;
  - every provider used by a resource or data source is in required_providers,
    with a source and a version constraint; every directory declares
    required_version;
  - each environment under envs/ has an S3 backend block.

Usage: python tf_check.py INFRA_TERRAFORM_DIR
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hcl2

REGISTRY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*/[A-Za-z0-9][A-Za-z0-9_-]*/[a-z0-9]+(//[A-Za-z0-9_./-]+)?$")
EXACT_VERSION = re.compile(r"^\d+\.\d+\.\d+$")
META_ARGS = {"source", "version", "providers", "count", "for_each", "depends_on"}
COMMENT = re.compile(r'("(?:[^"\\]|\\.)*")|(#[^\n]*|//[^\n]*|/\*.*?\*/)', re.S)


def unquote(value: Any) -> Any:
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def labels(blocks: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for block in blocks:
        for key, body in block.items():
            if key != "__is_block__":
                out.append((unquote(key), body))
    return out


def strip_comments(text: str) -> str:
    # Keep string literals (group 1), drop comments (group 2).
    return COMMENT.sub(lambda m: m.group(1) or "", text)


@dataclass
class ModuleDir:
    path: Path
    variables: dict[str, dict[str, Any]] = field(default_factory=dict)
    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    locals: set[str] = field(default_factory=set)
    calls: dict[str, tuple[Path, dict[str, Any]]] = field(default_factory=dict)
    providers: dict[str, dict[str, Any]] = field(default_factory=dict)
    used_providers: set[str] = field(default_factory=set)
    required_version: str | None = None
    backends: list[str] = field(default_factory=list)
    text: str = ""


def parse_dir(path: Path, files: list[Path], errors: list[str]) -> ModuleDir:
    mod = ModuleDir(path)
    for f in files:
        raw = f.read_text()
        mod.text += strip_comments(raw) + "\n"
        try:
            doc = hcl2.loads(raw)
        except Exception as exc:  # noqa: BLE001 - any parse error is a finding
            errors.append(f"{f}: does not parse: {exc}")
            continue
        for name, body in labels(doc.get("variable", [])):
            mod.variables[name] = body
        for name, body in labels(doc.get("output", [])):
            mod.outputs[name] = body
        for block in doc.get("locals", []):
            mod.locals.update(k for k in block if k != "__is_block__")
        for name, body in labels(doc.get("module", [])):
            mod.calls[name] = (f, body)
        for kind in ("resource", "data"):
            for rtype, _ in labels(doc.get(kind, [])):
                mod.used_providers.add(rtype.split("_", 1)[0])
        for tf in doc.get("terraform", []):
            if "required_version" in tf:
                mod.required_version = unquote(tf["required_version"])
            for rp in tf.get("required_providers", []):
                for pname, spec in rp.items():
                    if pname != "__is_block__":
                        mod.providers[pname] = {k: unquote(v) for k, v in spec.items()}
            for btype, _ in labels(tf.get("backend", [])):
                mod.backends.append(btype)
    return mod


def main() -> int:
    root = Path(sys.argv[1]).resolve()
    errors: list[str] = []
    by_dir: dict[Path, list[Path]] = {}
    for f in sorted(root.rglob("*.tf")):
        if ".terraform" in f.parts:
            continue
        by_dir.setdefault(f.parent, []).append(f)
    if not by_dir:
        print(f"no .tf files under {root}", file=sys.stderr)
        return 1
    mods = {d: parse_dir(d, files, errors) for d, files in by_dir.items()}
    registry_pins: dict[str, set[str]] = {}

    for d, mod in sorted(mods.items()):
        rel = d.relative_to(root)
        for name, body in mod.variables.items():
            if not unquote(body.get("description", "")).strip():
                errors.append(f"{rel}: variable {name} has no description")
            if "type" not in body:
                errors.append(f"{rel}: variable {name} has no type")
        for name, body in mod.outputs.items():
            if not unquote(body.get("description", "")).strip():
                errors.append(f"{rel}: output {name} has no description")
        if not mod.required_version:
            errors.append(f"{rel}: terraform.required_version is missing")
        for pname in sorted(mod.used_providers):
            spec = mod.providers.get(pname)
            if not spec:
                errors.append(f"{rel}: provider {pname} is used but not in required_providers")
            elif not spec.get("source") or not spec.get("version"):
                errors.append(f"{rel}: provider {pname} needs a source and a version constraint")
        if rel.parts and rel.parts[0] == "envs" and len(rel.parts) == 2 and "s3" not in mod.backends:
            errors.append(f"{rel}: an environment needs a backend \"s3\" block")

        for call, (f, body) in sorted(mod.calls.items()):
            where = f"{f.relative_to(root)}: module {call}"
            source = unquote(body.get("source", ""))
            version = unquote(body.get("version", "")) if "version" in body else None
            if source.startswith(("./", "../")):
                target = (d / source).resolve()
                if not target.is_dir() or target not in mods:
                    errors.append(f"{where}: local source {source} has no .tf files")
                    continue
                if version is not None:
                    errors.append(f"{where}: a local module takes no version")
                callee = mods[target]
                args = {k for k in body if k not in META_ARGS and k != "__is_block__"}
                for unknown in sorted(args - set(callee.variables)):
                    errors.append(f"{where}: passes {unknown}, which {source} does not declare")
                for missing in sorted(k for k, v in callee.variables.items() if "default" not in v and k not in args):
                    errors.append(f"{where}: does not pass required variable {missing}")
                for out in sorted(set(re.findall(rf"\bmodule\.{re.escape(call)}\.([A-Za-z0-9_-]+)", mod.text))):
                    if out not in callee.outputs:
                        errors.append(f"{rel}: module.{call}.{out} is not an output of {source}")
            elif REGISTRY.match(source):
                if version is None or not EXACT_VERSION.match(version):
                    errors.append(f"{where}: registry source {source} needs an exact version = \"x.y.z\" (got {version!r})")
                else:
                    registry_pins.setdefault(source.split("//")[0], set()).add(version)
            else:
                errors.append(f"{where}: source {source!r} is neither the registry nor a local path")

        for ref in sorted(set(re.findall(r"(?<![\w.])var\.([A-Za-z_][A-Za-z0-9_-]*)", mod.text))):
            if ref not in mod.variables:
                errors.append(f"{rel}: var.{ref} is not declared")
        for ref in sorted(set(re.findall(r"(?<![\w.])local\.([A-Za-z_][A-Za-z0-9_-]*)", mod.text))):
            if ref not in mod.locals:
                errors.append(f"{rel}: local.{ref} is not declared")
        for ref in sorted(set(re.findall(r"(?<![\w.])module\.([A-Za-z0-9_-]+)", mod.text))):
            if ref not in mod.calls:
                errors.append(f"{rel}: module.{ref} is not declared")

    for source, versions in sorted(registry_pins.items()):
        if len(versions) > 1:
            errors.append(f"registry module {source} is pinned to several versions: {sorted(versions)}")

    files = sum(len(v) for v in by_dir.values())
    print(f"  {files} files in {len(by_dir)} directories parsed; registry pins: "
          + ", ".join(f"{s}@{next(iter(v))}" for s, v in sorted(registry_pins.items())))
    if errors:
        print("\n".join(f"FAIL {e}" for e in errors), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
