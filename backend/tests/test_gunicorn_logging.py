"""The access log never contains a download token."""

from types import SimpleNamespace

from config.gunicorn_logging import RedactingLogger


def test_download_tokens_are_redacted_from_access_log_atoms():
    logger = RedactingLogger.__new__(RedactingLogger)
    request = SimpleNamespace(
        method="POST", path="/d/SeCrEtToKeN/files/abc", query="", uri="/d/SeCrEtToKeN/files/abc", version=(1, 1),
        headers=[], peer_addr=("127.0.0.1", 1), remote_addr=("127.0.0.1", 1),
    )  # fmt: skip
    response = SimpleNamespace(status="303 See Other", response_length=0, headers=[], sent=0)
    environ = {
        "PATH_INFO": "/d/SeCrEtToKeN/files/abc",
        "REQUEST_METHOD": "POST",
        "RAW_URI": "/d/SeCrEtToKeN/files/abc",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
    }

    atoms = logger.atoms(response, request, environ, SimpleNamespace(seconds=0, microseconds=1000))

    assert "SeCrEtToKeN" not in str(atoms)
    assert atoms["U"] == "/d/[token]/files/abc"
