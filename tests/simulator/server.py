"""Serve a Simulator over HTTP on 127.0.0.1 (keep-alive, threaded)."""

import argparse
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .app import Simulator


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; without TCP_NODELAY the body waits for the client's
    # delayed ACK of the headers (~40 ms per keep-alive request).
    disable_nagle_algorithm = True
    server_version = "xtom-simulator/1"

    def _serve(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        status, headers, payload = self.server.sim.handle(self.command, self.path, dict(self.headers), body)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

    def log_message(self, *args):  # the simulator keeps its own log
        pass


class SimulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, sim, port=0):
        self.sim = sim
        super().__init__(("127.0.0.1", port), _Handler)

    @property
    def base_url(self):
        return "http://127.0.0.1:%d" % self.server_address[1]

    @property
    def api_url(self):
        return self.base_url + "/api"


def start(sim=None, port=0):
    """Start a server in a daemon thread; returns it (``.api_url``, ``.sim``, ``.shutdown()``)."""
    server = SimulatorServer(sim or Simulator(), port)
    thread = threading.Thread(target=server.serve_forever, name="xtom-simulator", daemon=True)
    thread.start()
    return server


def main(argv=None):
    parser = argparse.ArgumentParser(description="Run the xTom client API simulator on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    parser.add_argument("--services", type=int, default=0, help="add this many generated services")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every API request")
    parser.add_argument("--url-file", help="write the API URL to this file once listening")
    parser.add_argument("--variant", action="store_true",
                        help="answer the routes the reference shows no (valid) example for in their other "
                             "plausible shapes (envelopes, camelCase fields, other key names)")
    args = parser.parse_args(argv)
    server = SimulatorServer(Simulator(services=args.services, latency=args.latency, variant=args.variant), args.port)
    info = {"api_url": server.api_url, "admin_url": server.base_url + "/_sim",
            "username": server.sim.username, "password": server.sim.password}
    if args.url_file:
        with open(args.url_file, "w") as handle:
            handle.write(server.api_url + "\n")
    print(json.dumps(info), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
