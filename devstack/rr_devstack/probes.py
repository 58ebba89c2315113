"""Readiness probes: HTTP status and the standard gRPC health check.

Both ignore proxy environment variables: the targets are always on loopback, and a developer's
``http_proxy`` must not route readiness checks through some proxy.
"""

from __future__ import annotations

import urllib.error
import urllib.request

_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http_status(url: str, timeout: float = 1.0) -> int | None:
    """Status code of GET ``url``, or None when no HTTP answer came back."""
    try:
        with _opener.open(url, timeout=timeout) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (urllib.error.URLError, OSError, ValueError):
        return None


def grpc_serving(target: str, service: str = "", timeout: float = 1.0) -> bool:
    """True when ``grpc.health.v1.Health/Check`` on ``target`` answers SERVING."""
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    options = [("grpc.enable_http_proxy", 0)]
    with grpc.insecure_channel(target, options=options) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        try:
            resp = stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=timeout)
        except grpc.RpcError:
            return False
        return bool(resp.status == health_pb2.HealthCheckResponse.SERVING)
