# syntax=docker/dockerfile:1
#
# One image per service, from one Dockerfile:
#
#   docker build --build-arg SERVICE=booking -t resource-reserver/booking:0.1.0 .
#
# SERVICE is one of: auth, catalog, booking, waitlist, notify, gateway.
# The gateway image also builds the web app (frontend/) and serves it.
# Every image runs as uid/gid 10001, writes nothing outside /tmp (read-only root
# filesystem friendly) and starts `python -m rr_<SERVICE> serve`; migrations run
# from the same image with `python -m rr_<SERVICE> migrate`.
# See deploy/README.md for the build matrix and how the images are run.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG NODE_IMAGE=node:20-bookworm-slim
ARG SERVICE

# ---------------------------------------------------------------------------
# Web app (used by the gateway image only; BuildKit skips it for the others)
# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# ---------------------------------------------------------------------------
# Python build: a virtualenv with the service, the shared kernel and the
# generated contracts, pinned by constraints.txt
# ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS build
ARG SERVICE
RUN case "${SERVICE}" in \
      auth|catalog|booking|waitlist|notify|gateway) ;; \
      *) echo "build argument SERVICE must be one of auth, catalog, booking, waitlist, notify, gateway (got '${SERVICE}')" >&2; exit 1 ;; \
    esac
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:${PATH}
WORKDIR /src
COPY constraints.txt ./
COPY libs/rr_proto/ libs/rr_proto/
COPY libs/rr_common/ libs/rr_common/
COPY services/${SERVICE}/ services/${SERVICE}/
RUN pip install -c constraints.txt \
      ./libs/rr_proto \
      ./libs/rr_common \
      "./services/${SERVICE}" \
 && python -m compileall -q /opt/venv/lib \
 && python -c "import rr_${SERVICE}.config"

# ---------------------------------------------------------------------------
# Runtime base: slim, non-root, nothing but the virtualenv
# ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system --gid 10001 rr \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin rr
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:${PATH} \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    TMPDIR=/tmp
WORKDIR /app
USER 10001:10001
STOPSIGNAL SIGTERM

# ---------------------------------------------------------------------------
# One final stage per service: its container defaults, ports and command.
# ---------------------------------------------------------------------------
FROM runtime AS svc-auth
ENV RR_AUTH_GRPC_HOST=0.0.0.0 \
    RR_AUTH_LOG_FORMAT=json
EXPOSE 50051 9101
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-m", "rr_common.healthcheck", "50051"]
CMD ["python", "-m", "rr_auth", "serve"]

FROM runtime AS svc-catalog
ENV RR_CATALOG_GRPC_HOST=0.0.0.0 \
    RR_CATALOG_LOG_FORMAT=json
EXPOSE 50052 9102
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-m", "rr_common.healthcheck", "50052"]
CMD ["python", "-m", "rr_catalog", "serve"]

FROM runtime AS svc-booking
ENV RR_BOOKING_GRPC_HOST=0.0.0.0 \
    RR_BOOKING_LOG_FORMAT=json
EXPOSE 50053 9103
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-m", "rr_common.healthcheck", "50053"]
CMD ["python", "-m", "rr_booking", "serve"]

FROM runtime AS svc-waitlist
ENV RR_WAITLIST_GRPC_HOST=0.0.0.0 \
    RR_WAITLIST_LOG_FORMAT=json
EXPOSE 50054 9104
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-m", "rr_common.healthcheck", "50054"]
CMD ["python", "-m", "rr_waitlist", "serve"]

FROM runtime AS svc-notify
ENV RR_NOTIFY_GRPC_HOST=0.0.0.0 \
    RR_NOTIFY_LOG_FORMAT=json
EXPOSE 50055 9105
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-m", "rr_common.healthcheck", "50055"]
CMD ["python", "-m", "rr_notify", "serve"]

FROM runtime AS svc-gateway
COPY --from=frontend --chown=0:0 /src/frontend/dist /app/static
ENV RR_GATEWAY_HTTP_HOST=0.0.0.0 \
    RR_GATEWAY_LOG_FORMAT=json \
    RR_GATEWAY_STATIC_DIR=/app/static
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/ready', timeout=4).status == 200 else 1)"]
CMD ["python", "-m", "rr_gateway", "serve"]

# The image that `docker build --build-arg SERVICE=<name>` produces.
FROM svc-${SERVICE}
