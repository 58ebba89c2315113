"""gRPC servicers, one per service of rr.auth.v1: parse, call one service function inside the
session scope, map to protobuf."""
