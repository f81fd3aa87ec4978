"""`make lab`: JupyterLab starts in chapters/ and opens a chapter as a notebook."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT

# Starts a JupyterLab server and waits for it.
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def test_make_lab_serves_chapters_as_notebooks(tmp_path):
    port = free_port()
    flags = subprocess.run(
        ["make", "-s", "--no-print-directory", "-f", "-", "flags"],
        input=f"include {ROOT}/Makefile\nflags:\n\t@echo $(LAB_FLAGS)\n",
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    command = [
        str(Path(sys.executable).parent / "jupyter"),
        "lab",
        *flags,
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        "--IdentityProvider.token=",
    ]
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path)}
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        base = f"http://127.0.0.1:{port}/api/contents"
        for _ in range(120):
            try:
                listing = get(base)
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise AssertionError("JupyterLab did not start")
        names = {item["name"] for item in listing["content"]}
        assert "ch03_customer_value" in names
        path = "ch03_customer_value/customer_value.md"
        chapter = get(f"{base}/{path}?type=notebook&content=1")
        assert chapter["type"] == "notebook"
        code = [c for c in chapter["content"]["cells"] if c["cell_type"] == "code"]
        assert any("crmlab" in c["source"] for c in code)
    finally:
        server.terminate()
        server.wait(timeout=30)
