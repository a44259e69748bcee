"""Load generation with wrk (Debian's package): closed-loop for throughput, paced per connection for rates."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Each request is built in Lua from a rotating list of targets; `done` prints a JSON summary.
_LUA = """
local targets = %(targets)s
local counter = 0
local thread_id = 0
local prefix = "%(prefix)s"

function setup(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
end

function request()
  counter = counter + 1
  local t = targets[(counter %% #targets) + 1]
  local unique = prefix .. "-" .. tid .. "-" .. counter
  local body = t.body and string.gsub(t.body, "UNIQUE", unique) or nil
  return wrk.format(t.method, t.path, t.headers, body)
end

%(delay)s

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    'BENCH_JSON {"requests": %%d, "duration_us": %%d, "non_2xx_3xx": %%d, "socket_errors": %%d, ' ..
    '"p50_us": %%d, "p90_us": %%d, "p99_us": %%d, "max_us": %%d}\\n',
    summary.requests, summary.duration, summary.errors.status, errors,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


@dataclass(frozen=True)
class Target:
    method: str
    path: str
    headers: dict[str, str]
    body: str | None = None  # "UNIQUE" is replaced by a per-request unique string


@dataclass(frozen=True)
class Result:
    requests: int
    seconds: float
    non_2xx_3xx: int
    socket_errors: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def as_dict(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "per_second": round(self.per_second, 1),
            "errors": self.non_2xx_3xx + self.socket_errors,
            "p50_ms": self.p50_ms,
            "p90_ms": self.p90_ms,
            "p99_ms": self.p99_ms,
            "max_ms": self.max_ms,
        }


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("wrk is not installed (make bench installs Debian's package)")
    return path


def _lua_table(targets: list[Target]) -> str:
    def lua_str(value: str) -> str:
        return json.dumps(value)  # JSON string escapes are valid Lua string escapes for our ASCII content

    rows = []
    for t in targets:
        headers = ", ".join(f"[{lua_str(k)}] = {lua_str(v)}" for k, v in t.headers.items())
        body = f", body = {lua_str(t.body)}" if t.body is not None else ""
        rows.append(f"{{method = {lua_str(t.method)}, path = {lua_str(t.path)}, headers = {{{headers}}}{body}}}")
    return "{\n" + ",\n".join(rows) + "\n}"


def run(
    base_url: str,
    targets: list[Target],
    *,
    seconds: int,
    connections: int,
    threads: int = 2,
    rate_per_second: float | None = None,
    prefix: str = "run",
) -> Result:
    """wrk against `base_url`. With `rate_per_second`, each connection waits so the total offered rate is about it."""
    delay = ""
    if rate_per_second:
        per_connection_ms = connections * 1000.0 / rate_per_second
        delay = f"function delay()\n  return {per_connection_ms:.1f}\nend"
    script = _LUA % {"targets": _lua_table(targets), "prefix": prefix, "delay": delay}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        output = subprocess.run(
            [
                require_wrk(),
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                handle.name,
                base_url,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        ).stdout
    finally:
        Path(handle.name).unlink()
    line = next(ln for ln in output.splitlines() if ln.startswith("BENCH_JSON "))
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    return Result(
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        non_2xx_3xx=raw["non_2xx_3xx"],
        socket_errors=raw["socket_errors"],
        p50_ms=round(raw["p50_us"] / 1000, 2),
        p90_ms=round(raw["p90_us"] / 1000, 2),
        p99_ms=round(raw["p99_us"] / 1000, 2),
        max_ms=round(raw["max_us"] / 1000, 2),
    )
