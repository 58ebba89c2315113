"""The catalog servicer: one gRPC service assembled from a handler class per subdomain."""

from __future__ import annotations

from rr.catalog.v1 import catalog_pb2_grpc

from rr_catalog.bookable.rpc import BookableRpc
from rr_catalog.groups.rpc import GroupRpc
from rr_catalog.hours.rpc import HoursRpc
from rr_catalog.imports.rpc import ImportRpc
from rr_catalog.labels.rpc import LabelRpc
from rr_catalog.resources.rpc import ResourceRpc
from rr_catalog.site.rpc import SiteRpc
from rr_catalog.status.rpc import StatusRpc
from rr_catalog.wiring import Services


class CatalogServicer(
    ResourceRpc,
    StatusRpc,
    HoursRpc,
    SiteRpc,
    BookableRpc,
    GroupRpc,
    LabelRpc,
    ImportRpc,
    catalog_pb2_grpc.CatalogServiceServicer,
):
    def __init__(self, app: Services) -> None:
        self.app = app
