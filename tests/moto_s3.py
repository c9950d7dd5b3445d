"""A real S3-compatible server (moto) on 127.0.0.1 for the tests that need object storage.

moto keeps its buckets in process-wide state, not per server: a server started after another test's
server would still hold that test's bucket and objects. ``moto_endpoint`` empties that state first
(moto's own ``/moto-api/reset``), so every test starts with an empty store.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from moto.server import ThreadedMotoServer


@contextmanager
def moto_endpoint() -> Iterator[str]:
    """Start a moto S3 server on a free loopback port, empty, and yield its endpoint URL."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        reset = urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")
        urllib.request.urlopen(reset, timeout=10).close()
        yield endpoint
    finally:
        server.stop()
