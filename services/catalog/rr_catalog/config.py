"""Catalog settings (env prefix RR_CATALOG_)."""

from __future__ import annotations

from rr_common.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("CATALOG")

    service_name: str = "catalog"
    database_url: str = "postgresql://postgres@127.0.0.1:5432/rr_catalog"
    grpc_port: int = 50052
    metrics_port: int = 9102
