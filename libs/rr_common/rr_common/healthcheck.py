"""`python -m rr_common.healthcheck PORT [SERVICE]`: exit 0 when the gRPC server reports SERVING.

Used by container health checks, where no grpc_health_probe binary is installed."""

from __future__ import annotations

import sys

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc


def check(target: str, service: str = "", timeout: float = 2.0) -> bool:
    with grpc.insecure_channel(target) as channel:
        try:
            response = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=service), timeout=timeout
            )
        except grpc.RpcError:
            return False
    return bool(response.status == health_pb2.HealthCheckResponse.SERVING)


def main(argv: list[str]) -> int:
    if not argv:
        sys.stderr.write("usage: python -m rr_common.healthcheck PORT [SERVICE]\n")
        return 2
    return 0 if check(f"127.0.0.1:{argv[0]}", argv[1] if len(argv) > 1 else "") else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
