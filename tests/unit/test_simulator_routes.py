"""Walk every route of the API reference against the simulator.

The reference (../shared/xtom-client-api.txt, or tests/simulator/xtom-client-api.txt when the
shared copy is absent) lists each route as "METHOD /path" under an "HTTP Request" heading, with an
example response above it. For every route this test:

1. finds a concrete sample request in the simulator's route modules (``SAMPLES``);
2. sends it through the real HTTP server with Basic auth;
3. checks the route exists (no 404 "no such route", no 405) and, for a 2xx answer, that every
   top-level key of the reference's example is present, and the keys of the first nested object
   (or of the first row of a list) too.
"""

import json
import os
import re

import pytest
import requests

HERE = os.path.dirname(os.path.abspath(__file__))
# The simulator ships the reference it implements; the project's shared copy, when present
# beside the checkout, must be the same text.
REFERENCE = os.path.join(HERE, "..", "simulator", "xtom-client-api.txt")
SHARED_REFERENCE = os.path.join(HERE, "..", "..", "..", "shared", "xtom-client-api.txt")

ROUTE_LINE = re.compile(r"^(GET|POST|PUT|DELETE) (/\S*)\s*$")


def _strip_comments(text):
    out = []
    for line in text.splitlines():
        in_str = False
        escaped = False
        cut = len(line)
        for i, ch in enumerate(line):
            if escaped:
                escaped = False
                continue
            if ch == "\\":
                escaped = True
            elif ch == '"':
                in_str = not in_str
            elif ch == "/" and not in_str and line[i:i + 2] == "//":
                cut = i
                break
        line = line[:cut]
        if line.strip() in ("(...)", "..."):
            continue
        out.append(line)
    text = "\n".join(out)
    text = re.sub(r",(\s*[}\]])", r"\1", text)
    # "content":"127.0.0.1" followed directly by another key on the next line: add the comma.
    text = re.sub(r'(")\s*\n(\s*")', r'\1,\n\2', text)
    return text


def _lenient_json(text):
    text = _strip_comments(text)
    for candidate in (text, text.strip()[1:-1]):  # GET /balance is wrapped in a stray {}
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    return None


def reference_routes():
    """[(method, template, example or None)] in reference order, one per distinct route."""
    lines = open(REFERENCE, encoding="utf-8").read().splitlines()
    routes = []
    seen = set()
    example_lines = None
    for i, line in enumerate(lines):
        if line.startswith("Example Response:"):
            example_lines = []
            continue
        if example_lines is not None and line.strip() == "HTTP Request":
            example = "\n".join(example_lines)
            example_lines = None
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            while not nxt.strip() and i + 2 < len(lines):
                i += 1
                nxt = lines[i + 1]
            match = ROUTE_LINE.match(nxt)
            if match and (match.group(1), match.group(2)) not in seen:
                seen.add((match.group(1), match.group(2)))
                routes.append((match.group(1), match.group(2), _lenient_json(example)))
            continue
        if example_lines is not None:
            example_lines.append(line)
        match = ROUTE_LINE.match(line)
        if match and (match.group(1), match.group(2)) not in seen and lines[i - 1].strip() in ("HTTP Request", ""):
            seen.add((match.group(1), match.group(2)))
            routes.append((match.group(1), match.group(2), None))
    return routes


ROUTES = reference_routes()


def test_bundled_reference_matches_shared_copy():
    if not os.path.exists(SHARED_REFERENCE):
        return  # a checkout without the shared folder (e.g. the CI copy): nothing to compare
    with open(SHARED_REFERENCE, encoding="utf-8") as shared, open(REFERENCE, encoding="utf-8") as bundled:
        assert shared.read() == bundled.read(), "tests/simulator/xtom-client-api.txt differs from the shared reference"


def test_reference_was_found_and_parsed():
    assert len(ROUTES) >= 85
    with_examples = [r for r in ROUTES if r[2] is not None]
    assert len(with_examples) >= 50


def test_simulator_implements_every_route(sim):
    implemented = set(sim.sim.router.templates())
    missing = ["%s %s" % (m, t) for m, t, _ex in ROUTES if "%s %s" % (m, t) not in implemented]
    assert not missing, "routes of the reference the simulator lacks: %s" % missing
    no_sample = ["%s %s" % (m, t) for m, t, _ex in ROUTES if "%s %s" % (m, t) not in sim.sim.samples]
    assert not no_sample, "routes without a SAMPLES entry: %s" % no_sample


def _keys_missing(example, answer, where="", depth=0):
    """Keys of the example that the answer lacks (top level, and one level into objects/rows)."""
    missing = []
    if isinstance(example, dict) and isinstance(answer, dict):
        for key, value in example.items():
            if key not in answer:
                missing.append(where + key)
            elif depth < 1:
                missing += _keys_missing(value, answer[key], where + key + ".", depth + 1)
    elif isinstance(example, list) and isinstance(answer, list) and example and answer:
        if isinstance(example[0], dict) and isinstance(answer[0], dict):
            missing += _keys_missing(example[0], answer[0], where + "[0].", depth)
    return missing


@pytest.mark.parametrize("method,template,example", ROUTES, ids=["%s %s" % (m, t) for m, t, _e in ROUTES])
def test_route_answers_with_documented_keys(sim, method, template, example):
    sample = sim.sim.samples.get("%s %s" % (method, template))
    assert sample is not None, "no SAMPLES entry for %s %s" % (method, template)
    if isinstance(sample, str):
        sample = {"path": sample}
    kwargs = {"auth": (sim.username, sim.password), "timeout": 10}
    if method == "POST" and template == "/login":
        kwargs = {"json": {"username": sim.username, "password": sim.password}, "timeout": 10}
    if "body" in sample:
        kwargs["json"] = sample["body"]
    resp = requests.request(method, sim.api_url + sample["path"], **kwargs)
    text = resp.text
    assert resp.status_code not in (405,), text
    assert not (resp.status_code == 404 and "no such route" in text), text
    assert resp.headers.get("Content-Type", "").startswith("application/json")
    body = resp.json()
    if "body" in sample or method == "GET" or template in ("/login", "/logout"):
        assert 200 <= resp.status_code < 300, "%s %s -> %s %s" % (method, sample["path"], resp.status_code, text[:300])
    if 200 <= resp.status_code < 300 and isinstance(example, (dict, list)):
        missing = _keys_missing(example, body)
        assert not missing, "%s %s lacks documented keys %s; got %s" % (method, template, missing, text[:400])
    elif resp.status_code >= 400:
        assert "error" in body
