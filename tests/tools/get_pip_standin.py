"""Offline stand-in for the get-pip script that ansible-test runs in each venv it creates.

ansible-test downloads get-pip from a host these machines cannot reach; it first looks for a
cached copy at ~/.ansible/test/cache/get_pip_<version>.py. This stand-in, placed there by
tests/ci.sh, bootstraps the pip bundled with Python (ensurepip) and then lets that pip install
the requested packages (e.g. pip==24.2) from the package index.
"""

import ensurepip
import os
import subprocess
import sys

GET_PIP_ONLY = {"--no-setuptools", "--no-wheel"}

args = [a for a in sys.argv[1:] if a not in GET_PIP_ONLY]
# ansible-test runs this with a reduced environment: keep the machine's CA bundle if it has one.
for bundle in (os.environ.get("PIP_CERT"), os.environ.get("SSL_CERT_FILE"), "/etc/ssl/certs/ca-certificates.crt"):
    if bundle and os.path.exists(bundle):
        args = ["--cert", bundle] + args
        break
ensurepip.bootstrap(upgrade=True)
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install", "--disable-pip-version-check"] + args))
