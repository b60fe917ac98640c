#!/usr/bin/env bash
# What the test suite needs from the system on a fresh Debian machine, installed only when missing
# (idempotent; tests/conftest.py runs it at the start of `python -m pytest` when browser or Spark
# tests are selected): Debian's Chromium (driven by the Python `playwright` package through
# executable_path=/usr/bin/chromium). Never `playwright install`: it downloads a browser from
# outside the package archive. Each block below is self-contained (other blocks may be appended).
# Node (^20.19 || >=22.12) is needed by `pip install .` / `pip install -e .` to build the
# JupyterLab extension; this script only checks for it.
set -euo pipefail

if [ ! -x /usr/bin/chromium ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "installing chromium needs root: run  apt-get install -y chromium  as root" >&2
            exit 1
        fi
        SUDO="sudo -n"
    fi
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium
fi
/usr/bin/chromium --version 2>/dev/null

if command -v node >/dev/null 2>&1; then
    echo "node $(node --version)"
else
    echo "warning: node not found; building the JupyterLab extension (pip install .) needs Node ^20.19 or >=22.12" >&2
fi

# --- engines (self-contained): the Spark tests need a Java runtime (PySpark 4 needs Java >= 17).
if ! command -v java >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y openjdk-17-jre-headless
fi
java -version 2>&1 | head -1
