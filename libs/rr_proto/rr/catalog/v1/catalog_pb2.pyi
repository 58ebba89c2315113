import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from rr.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class BookingRules(_message.Message):
    __slots__ = ("min_duration_minutes", "max_duration_minutes", "slot_granularity_minutes", "max_days_in_advance", "min_notice_minutes", "buffer_before_minutes", "buffer_after_minutes")
    MIN_DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    MAX_DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    SLOT_GRANULARITY_MINUTES_FIELD_NUMBER: _ClassVar[int]
    MAX_DAYS_IN_ADVANCE_FIELD_NUMBER: _ClassVar[int]
    MIN_NOTICE_MINUTES_FIELD_NUMBER: _ClassVar[int]
    BUFFER_BEFORE_MINUTES_FIELD_NUMBER: _ClassVar[int]
    BUFFER_AFTER_MINUTES_FIELD_NUMBER: _ClassVar[int]
    min_duration_minutes: int
    max_duration_minutes: int
    slot_granularity_minutes: int
    max_days_in_advance: int
    min_notice_minutes: int
    buffer_before_minutes: int
    buffer_after_minutes: int
    def __init__(self, min_duration_minutes: _Optional[int] = ..., max_duration_minutes: _Optional[int] = ..., slot_granularity_minutes: _Optional[int] = ..., max_days_in_advance: _Optional[int] = ..., min_notice_minutes: _Optional[int] = ..., buffer_before_minutes: _Optional[int] = ..., buffer_after_minutes: _Optional[int] = ...) -> None: ...

class Label(_message.Message):
    __slots__ = ("id", "name", "color", "description")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    COLOR_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    color: str
    description: str
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., color: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class Resource(_message.Message):
    __slots__ = ("id", "name", "description", "location", "capacity", "tags", "timezone", "status", "requires_approval", "created_at", "updated_at", "group_id", "rules", "attributes", "status_reason", "status_until", "labels")
    class AttributesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REQUIRES_APPROVAL_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    STATUS_REASON_FIELD_NUMBER: _ClassVar[int]
    STATUS_UNTIL_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    description: str
    location: str
    capacity: int
    tags: _containers.RepeatedScalarFieldContainer[str]
    timezone: str
    status: str
    requires_approval: bool
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    group_id: int
    rules: BookingRules
    attributes: _containers.ScalarMap[str, str]
    status_reason: str
    status_until: _timestamp_pb2.Timestamp
    labels: _containers.RepeatedCompositeFieldContainer[Label]
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., location: _Optional[str] = ..., capacity: _Optional[int] = ..., tags: _Optional[_Iterable[str]] = ..., timezone: _Optional[str] = ..., status: _Optional[str] = ..., requires_approval: _Optional[bool] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., group_id: _Optional[int] = ..., rules: _Optional[_Union[BookingRules, _Mapping]] = ..., attributes: _Optional[_Mapping[str, str]] = ..., status_reason: _Optional[str] = ..., status_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., labels: _Optional[_Iterable[_Union[Label, _Mapping]]] = ...) -> None: ...

class CreateResourceRequest(_message.Message):
    __slots__ = ("name", "description", "location", "capacity", "tags", "timezone", "available", "requires_approval", "group_id", "rules", "attributes", "label_ids")
    class AttributesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    REQUIRES_APPROVAL_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    LABEL_IDS_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    location: str
    capacity: int
    tags: _containers.RepeatedScalarFieldContainer[str]
    timezone: str
    available: bool
    requires_approval: bool
    group_id: int
    rules: BookingRules
    attributes: _containers.ScalarMap[str, str]
    label_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., location: _Optional[str] = ..., capacity: _Optional[int] = ..., tags: _Optional[_Iterable[str]] = ..., timezone: _Optional[str] = ..., available: _Optional[bool] = ..., requires_approval: _Optional[bool] = ..., group_id: _Optional[int] = ..., rules: _Optional[_Union[BookingRules, _Mapping]] = ..., attributes: _Optional[_Mapping[str, str]] = ..., label_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class CreateResourceResponse(_message.Message):
    __slots__ = ("resource",)
    RESOURCE_FIELD_NUMBER: _ClassVar[int]
    resource: Resource
    def __init__(self, resource: _Optional[_Union[Resource, _Mapping]] = ...) -> None: ...

class GetResourceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    def __init__(self, id: _Optional[int] = ...) -> None: ...

class GetResourceResponse(_message.Message):
    __slots__ = ("resource",)
    RESOURCE_FIELD_NUMBER: _ClassVar[int]
    resource: Resource
    def __init__(self, resource: _Optional[_Union[Resource, _Mapping]] = ...) -> None: ...

class UpdateResourceRequest(_message.Message):
    __slots__ = ("id", "values", "fields")
    ID_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    id: int
    values: CreateResourceRequest
    fields: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[int] = ..., values: _Optional[_Union[CreateResourceRequest, _Mapping]] = ..., fields: _Optional[_Iterable[str]] = ...) -> None: ...

class UpdateResourceResponse(_message.Message):
    __slots__ = ("resource",)
    RESOURCE_FIELD_NUMBER: _ClassVar[int]
    resource: Resource
    def __init__(self, resource: _Optional[_Union[Resource, _Mapping]] = ...) -> None: ...

class DeleteResourceRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    def __init__(self, id: _Optional[int] = ...) -> None: ...

class DeleteResourceResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListResourcesRequest(_message.Message):
    __slots__ = ("page", "query", "status", "tags", "capacity_min", "tags_any", "group_id", "location", "label_ids", "sort_by", "sort_order", "include_total", "only_ids")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_MIN_FIELD_NUMBER: _ClassVar[int]
    TAGS_ANY_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    LABEL_IDS_FIELD_NUMBER: _ClassVar[int]
    SORT_BY_FIELD_NUMBER: _ClassVar[int]
    SORT_ORDER_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_TOTAL_FIELD_NUMBER: _ClassVar[int]
    ONLY_IDS_FIELD_NUMBER: _ClassVar[int]
    page: _common_pb2.PageRequest
    query: str
    status: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    capacity_min: int
    tags_any: _containers.RepeatedScalarFieldContainer[str]
    group_id: int
    location: str
    label_ids: _containers.RepeatedScalarFieldContainer[int]
    sort_by: str
    sort_order: str
    include_total: bool
    only_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, page: _Optional[_Union[_common_pb2.PageRequest, _Mapping]] = ..., query: _Optional[str] = ..., status: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., capacity_min: _Optional[int] = ..., tags_any: _Optional[_Iterable[str]] = ..., group_id: _Optional[int] = ..., location: _Optional[str] = ..., label_ids: _Optional[_Iterable[int]] = ..., sort_by: _Optional[str] = ..., sort_order: _Optional[str] = ..., include_total: _Optional[bool] = ..., only_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class ListResourcesResponse(_message.Message):
    __slots__ = ("resources", "page")
    RESOURCES_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    resources: _containers.RepeatedCompositeFieldContainer[Resource]
    page: _common_pb2.PageInfo
    def __init__(self, resources: _Optional[_Iterable[_Union[Resource, _Mapping]]] = ..., page: _Optional[_Union[_common_pb2.PageInfo, _Mapping]] = ...) -> None: ...

class ListAvailabilityCandidatesRequest(_message.Message):
    __slots__ = ("filters", "window")
    FILTERS_FIELD_NUMBER: _ClassVar[int]
    WINDOW_FIELD_NUMBER: _ClassVar[int]
    filters: ListResourcesRequest
    window: _common_pb2.TimeRange
    def __init__(self, filters: _Optional[_Union[ListResourcesRequest, _Mapping]] = ..., window: _Optional[_Union[_common_pb2.TimeRange, _Mapping]] = ...) -> None: ...

class ListAvailabilityCandidatesResponse(_message.Message):
    __slots__ = ("resource_ids",)
    RESOURCE_IDS_FIELD_NUMBER: _ClassVar[int]
    resource_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, resource_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class SuggestResourcesRequest(_message.Message):
    __slots__ = ("prefix", "limit")
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    prefix: str
    limit: int
    def __init__(self, prefix: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class Suggestion(_message.Message):
    __slots__ = ("kind", "text", "id")
    KIND_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    kind: str
    text: str
    id: int
    def __init__(self, kind: _Optional[str] = ..., text: _Optional[str] = ..., id: _Optional[int] = ...) -> None: ...

class SuggestResourcesResponse(_message.Message):
    __slots__ = ("suggestions",)
    SUGGESTIONS_FIELD_NUMBER: _ClassVar[int]
    suggestions: _containers.RepeatedCompositeFieldContainer[Suggestion]
    def __init__(self, suggestions: _Optional[_Iterable[_Union[Suggestion, _Mapping]]] = ...) -> None: ...

class GetBookabilityRequest(_message.Message):
    __slots__ = ("resource_id",)
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    resource_id: int
    def __init__(self, resource_id: _Optional[int] = ...) -> None: ...

class BookabilitySnapshot(_message.Message):
    __slots__ = ("resource_id", "version", "deleted", "resource", "week", "blackouts")
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    DELETED_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_FIELD_NUMBER: _ClassVar[int]
    WEEK_FIELD_NUMBER: _ClassVar[int]
    BLACKOUTS_FIELD_NUMBER: _ClassVar[int]
    resource_id: int
    version: int
    deleted: bool
    resource: Resource
    week: str
    blackouts: _containers.RepeatedCompositeFieldContainer[BlackoutDate]
    def __init__(self, resource_id: _Optional[int] = ..., version: _Optional[int] = ..., deleted: _Optional[bool] = ..., resource: _Optional[_Union[Resource, _Mapping]] = ..., week: _Optional[str] = ..., blackouts: _Optional[_Iterable[_Union[BlackoutDate, _Mapping]]] = ...) -> None: ...

class CheckBookableRequest(_message.Message):
    __slots__ = ("resource_id", "slots")
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    SLOTS_FIELD_NUMBER: _ClassVar[int]
    resource_id: int
    slots: _containers.RepeatedCompositeFieldContainer[_common_pb2.TimeRange]
    def __init__(self, resource_id: _Optional[int] = ..., slots: _Optional[_Iterable[_Union[_common_pb2.TimeRange, _Mapping]]] = ...) -> None: ...

class SlotVerdict(_message.Message):
    __slots__ = ("bookable", "code", "reason")
    BOOKABLE_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    bookable: bool
    code: str
    reason: str
    def __init__(self, bookable: _Optional[bool] = ..., code: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class CheckBookableResponse(_message.Message):
    __slots__ = ("resource", "verdicts", "buffer_before_minutes", "buffer_after_minutes")
    RESOURCE_FIELD_NUMBER: _ClassVar[int]
    VERDICTS_FIELD_NUMBER: _ClassVar[int]
    BUFFER_BEFORE_MINUTES_FIELD_NUMBER: _ClassVar[int]
    BUFFER_AFTER_MINUTES_FIELD_NUMBER: _ClassVar[int]
    resource: Resource
    verdicts: _containers.RepeatedCompositeFieldContainer[SlotVerdict]
    buffer_before_minutes: int
    buffer_after_minutes: int
    def __init__(self, resource: _Optional[_Union[Resource, _Mapping]] = ..., verdicts: _Optional[_Iterable[_Union[SlotVerdict, _Mapping]]] = ..., buffer_before_minutes: _Optional[int] = ..., buffer_after_minutes: _Optional[int] = ...) -> None: ...

class GetOpenIntervalsRequest(_message.Message):
    __slots__ = ("resource_id", "range")
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    RANGE_FIELD_NUMBER: _ClassVar[int]
    resource_id: int
    range: _common_pb2.TimeRange
    def __init__(self, resource_id: _Optional[int] = ..., range: _Optional[_Union[_common_pb2.TimeRange, _Mapping]] = ...) -> None: ...

class Blackout(_message.Message):
    __slots__ = ("id", "range", "reason", "site_wide")
    ID_FIELD_NUMBER: _ClassVar[int]
    RANGE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SITE_WIDE_FIELD_NUMBER: _ClassVar[int]
    id: int
    range: _common_pb2.TimeRange
    reason: str
    site_wide: bool
    def __init__(self, id: _Optional[int] = ..., range: _Optional[_Union[_common_pb2.TimeRange, _Mapping]] = ..., reason: _Optional[str] = ..., site_wide: _Optional[bool] = ...) -> None: ...

class GetOpenIntervalsResponse(_message.Message):
    __slots__ = ("resource", "open", "blackouts", "buffer_before_minutes", "buffer_after_minutes", "slot_granularity_minutes")
    RESOURCE_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    BLACKOUTS_FIELD_NUMBER: _ClassVar[int]
    BUFFER_BEFORE_MINUTES_FIELD_NUMBER: _ClassVar[int]
    BUFFER_AFTER_MINUTES_FIELD_NUMBER: _ClassVar[int]
    SLOT_GRANULARITY_MINUTES_FIELD_NUMBER: _ClassVar[int]
    resource: Resource
    open: _containers.RepeatedCompositeFieldContainer[_common_pb2.TimeRange]
    blackouts: _containers.RepeatedCompositeFieldContainer[Blackout]
    buffer_before_minutes: int
    buffer_after_minutes: int
    slot_granularity_minutes: int
    def __init__(self, resource: _Optional[_Union[Resource, _Mapping]] = ..., open: _Optional[_Iterable[_Union[_common_pb2.TimeRange, _Mapping]]] = ..., blackouts: _Optional[_Iterable[_Union[Blackout, _Mapping]]] = ..., buffer_before_minutes: _Optional[int] = ..., buffer_after_minutes: _Optional[int] = ..., slot_granularity_minutes: _Optional[int] = ...) -> None: ...

class SetResourceStatusRequest(_message.Message):
    __slots__ = ("id", "status", "reason", "until")
    ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    id: int
    status: str
    reason: str
    until: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[int] = ..., status: _Optional[str] = ..., reason: _Optional[str] = ..., until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SetResourceStatusResponse(_message.Message):
    __slots__ = ("resource",)
    RESOURCE_FIELD_NUMBER: _ClassVar[int]
    resource: Resource
    def __init__(self, resource: _Optional[_Union[Resource, _Mapping]] = ...) -> None: ...

class SummarizeStatusesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SummarizeStatusesResponse(_message.Message):
    __slots__ = ("available", "unavailable", "maintenance", "total")
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    UNAVAILABLE_FIELD_NUMBER: _ClassVar[int]
    MAINTENANCE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    available: int
    unavailable: int
    maintenance: int
    total: int
    def __init__(self, available: _Optional[int] = ..., unavailable: _Optional[int] = ..., maintenance: _Optional[int] = ..., total: _Optional[int] = ...) -> None: ...

class OpeningInterval(_message.Message):
    __slots__ = ("day_of_week", "open_time", "close_time")
    DAY_OF_WEEK_FIELD_NUMBER: _ClassVar[int]
    OPEN_TIME_FIELD_NUMBER: _ClassVar[int]
    CLOSE_TIME_FIELD_NUMBER: _ClassVar[int]
    day_of_week: int
    open_time: str
    close_time: str
    def __init__(self, day_of_week: _Optional[int] = ..., open_time: _Optional[str] = ..., close_time: _Optional[str] = ...) -> None: ...

class GetBusinessHoursRequest(_message.Message):
    __slots__ = ("resource_id",)
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    resource_id: int
    def __init__(self, resource_id: _Optional[int] = ...) -> None: ...

class SetBusinessHoursRequest(_message.Message):
    __slots__ = ("resource_id", "intervals")
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    INTERVALS_FIELD_NUMBER: _ClassVar[int]
    resource_id: int
    intervals: _containers.RepeatedCompositeFieldContainer[OpeningInterval]
    def __init__(self, resource_id: _Optional[int] = ..., intervals: _Optional[_Iterable[_Union[OpeningInterval, _Mapping]]] = ...) -> None: ...

class BusinessHours(_message.Message):
    __slots__ = ("resource_id", "timezone", "intervals", "source")
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    INTERVALS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    resource_id: int
    timezone: str
    intervals: _containers.RepeatedCompositeFieldContainer[OpeningInterval]
    source: str
    def __init__(self, resource_id: _Optional[int] = ..., timezone: _Optional[str] = ..., intervals: _Optional[_Iterable[_Union[OpeningInterval, _Mapping]]] = ..., source: _Optional[str] = ...) -> None: ...

class BlackoutDate(_message.Message):
    __slots__ = ("id", "resource_id", "start_date", "end_date", "reason", "yearly", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    YEARLY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: int
    resource_id: int
    start_date: str
    end_date: str
    reason: str
    yearly: bool
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[int] = ..., resource_id: _Optional[int] = ..., start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., reason: _Optional[str] = ..., yearly: _Optional[bool] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListBlackoutsRequest(_message.Message):
    __slots__ = ("resource_id",)
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    resource_id: int
    def __init__(self, resource_id: _Optional[int] = ...) -> None: ...

class ListBlackoutsResponse(_message.Message):
    __slots__ = ("blackouts",)
    BLACKOUTS_FIELD_NUMBER: _ClassVar[int]
    blackouts: _containers.RepeatedCompositeFieldContainer[BlackoutDate]
    def __init__(self, blackouts: _Optional[_Iterable[_Union[BlackoutDate, _Mapping]]] = ...) -> None: ...

class AddBlackoutRequest(_message.Message):
    __slots__ = ("resource_id", "start_date", "end_date", "reason", "yearly")
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    YEARLY_FIELD_NUMBER: _ClassVar[int]
    resource_id: int
    start_date: str
    end_date: str
    reason: str
    yearly: bool
    def __init__(self, resource_id: _Optional[int] = ..., start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., reason: _Optional[str] = ..., yearly: _Optional[bool] = ...) -> None: ...

class AddBlackoutResponse(_message.Message):
    __slots__ = ("blackout",)
    BLACKOUT_FIELD_NUMBER: _ClassVar[int]
    blackout: BlackoutDate
    def __init__(self, blackout: _Optional[_Union[BlackoutDate, _Mapping]] = ...) -> None: ...

class RemoveBlackoutRequest(_message.Message):
    __slots__ = ("id", "resource_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    resource_id: int
    def __init__(self, id: _Optional[int] = ..., resource_id: _Optional[int] = ...) -> None: ...

class RemoveBlackoutResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetSiteBusinessHoursRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SetSiteBusinessHoursRequest(_message.Message):
    __slots__ = ("intervals",)
    INTERVALS_FIELD_NUMBER: _ClassVar[int]
    intervals: _containers.RepeatedCompositeFieldContainer[OpeningInterval]
    def __init__(self, intervals: _Optional[_Iterable[_Union[OpeningInterval, _Mapping]]] = ...) -> None: ...

class SiteBusinessHours(_message.Message):
    __slots__ = ("intervals",)
    INTERVALS_FIELD_NUMBER: _ClassVar[int]
    intervals: _containers.RepeatedCompositeFieldContainer[OpeningInterval]
    def __init__(self, intervals: _Optional[_Iterable[_Union[OpeningInterval, _Mapping]]] = ...) -> None: ...

class ListSiteBlackoutsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AddSiteBlackoutRequest(_message.Message):
    __slots__ = ("start_date", "end_date", "reason", "yearly")
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    YEARLY_FIELD_NUMBER: _ClassVar[int]
    start_date: str
    end_date: str
    reason: str
    yearly: bool
    def __init__(self, start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., reason: _Optional[str] = ..., yearly: _Optional[bool] = ...) -> None: ...

class RemoveSiteBlackoutRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    def __init__(self, id: _Optional[int] = ...) -> None: ...

class ResourceGroup(_message.Message):
    __slots__ = ("id", "name", "description", "parent_id", "path", "depth", "resource_count", "created_at", "ancestor_ids")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    DEPTH_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_COUNT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    ANCESTOR_IDS_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    description: str
    parent_id: int
    path: str
    depth: int
    resource_count: int
    created_at: _timestamp_pb2.Timestamp
    ancestor_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., parent_id: _Optional[int] = ..., path: _Optional[str] = ..., depth: _Optional[int] = ..., resource_count: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ancestor_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class GroupResponse(_message.Message):
    __slots__ = ("group",)
    GROUP_FIELD_NUMBER: _ClassVar[int]
    group: ResourceGroup
    def __init__(self, group: _Optional[_Union[ResourceGroup, _Mapping]] = ...) -> None: ...

class CreateGroupRequest(_message.Message):
    __slots__ = ("name", "description", "parent_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    parent_id: int
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., parent_id: _Optional[int] = ...) -> None: ...

class GetGroupRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    def __init__(self, id: _Optional[int] = ...) -> None: ...

class ListGroupsRequest(_message.Message):
    __slots__ = ("page", "root_id")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    ROOT_ID_FIELD_NUMBER: _ClassVar[int]
    page: _common_pb2.PageRequest
    root_id: int
    def __init__(self, page: _Optional[_Union[_common_pb2.PageRequest, _Mapping]] = ..., root_id: _Optional[int] = ...) -> None: ...

class ListGroupsResponse(_message.Message):
    __slots__ = ("groups", "page")
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    groups: _containers.RepeatedCompositeFieldContainer[ResourceGroup]
    page: _common_pb2.PageInfo
    def __init__(self, groups: _Optional[_Iterable[_Union[ResourceGroup, _Mapping]]] = ..., page: _Optional[_Union[_common_pb2.PageInfo, _Mapping]] = ...) -> None: ...

class UpdateGroupRequest(_message.Message):
    __slots__ = ("id", "name", "description", "move", "parent_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    MOVE_FIELD_NUMBER: _ClassVar[int]
    PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    description: str
    move: bool
    parent_id: int
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., move: _Optional[bool] = ..., parent_id: _Optional[int] = ...) -> None: ...

class DeleteGroupRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    def __init__(self, id: _Optional[int] = ...) -> None: ...

class DeleteGroupResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class MoveResourcesRequest(_message.Message):
    __slots__ = ("group_id", "resource_ids")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_IDS_FIELD_NUMBER: _ClassVar[int]
    group_id: int
    resource_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, group_id: _Optional[int] = ..., resource_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class MoveResourcesResponse(_message.Message):
    __slots__ = ("moved",)
    MOVED_FIELD_NUMBER: _ClassVar[int]
    moved: int
    def __init__(self, moved: _Optional[int] = ...) -> None: ...

class LabelResponse(_message.Message):
    __slots__ = ("label",)
    LABEL_FIELD_NUMBER: _ClassVar[int]
    label: Label
    def __init__(self, label: _Optional[_Union[Label, _Mapping]] = ...) -> None: ...

class CreateLabelRequest(_message.Message):
    __slots__ = ("name", "color", "description")
    NAME_FIELD_NUMBER: _ClassVar[int]
    COLOR_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    name: str
    color: str
    description: str
    def __init__(self, name: _Optional[str] = ..., color: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class ListLabelsRequest(_message.Message):
    __slots__ = ("page",)
    PAGE_FIELD_NUMBER: _ClassVar[int]
    page: _common_pb2.PageRequest
    def __init__(self, page: _Optional[_Union[_common_pb2.PageRequest, _Mapping]] = ...) -> None: ...

class ListLabelsResponse(_message.Message):
    __slots__ = ("labels", "page")
    LABELS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    labels: _containers.RepeatedCompositeFieldContainer[Label]
    page: _common_pb2.PageInfo
    def __init__(self, labels: _Optional[_Iterable[_Union[Label, _Mapping]]] = ..., page: _Optional[_Union[_common_pb2.PageInfo, _Mapping]] = ...) -> None: ...

class UpdateLabelRequest(_message.Message):
    __slots__ = ("id", "name", "color", "description")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    COLOR_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    id: int
    name: str
    color: str
    description: str
    def __init__(self, id: _Optional[int] = ..., name: _Optional[str] = ..., color: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class DeleteLabelRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    def __init__(self, id: _Optional[int] = ...) -> None: ...

class DeleteLabelResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SetLabelAssignmentsRequest(_message.Message):
    __slots__ = ("label_id", "resource_ids", "assigned")
    LABEL_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_IDS_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_FIELD_NUMBER: _ClassVar[int]
    label_id: int
    resource_ids: _containers.RepeatedScalarFieldContainer[int]
    assigned: bool
    def __init__(self, label_id: _Optional[int] = ..., resource_ids: _Optional[_Iterable[int]] = ..., assigned: _Optional[bool] = ...) -> None: ...

class SetLabelAssignmentsResponse(_message.Message):
    __slots__ = ("changed",)
    CHANGED_FIELD_NUMBER: _ClassVar[int]
    changed: int
    def __init__(self, changed: _Optional[int] = ...) -> None: ...

class CsvImportOptions(_message.Message):
    __slots__ = ("mode", "dry_run", "partial")
    MODE_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    PARTIAL_FIELD_NUMBER: _ClassVar[int]
    mode: str
    dry_run: bool
    partial: bool
    def __init__(self, mode: _Optional[str] = ..., dry_run: _Optional[bool] = ..., partial: _Optional[bool] = ...) -> None: ...

class ImportResourcesCsvRequest(_message.Message):
    __slots__ = ("options", "chunk")
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    options: CsvImportOptions
    chunk: bytes
    def __init__(self, options: _Optional[_Union[CsvImportOptions, _Mapping]] = ..., chunk: _Optional[bytes] = ...) -> None: ...

class BeginImportRequest(_message.Message):
    __slots__ = ("mode", "dry_run", "partial", "columns")
    MODE_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    PARTIAL_FIELD_NUMBER: _ClassVar[int]
    COLUMNS_FIELD_NUMBER: _ClassVar[int]
    mode: str
    dry_run: bool
    partial: bool
    columns: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, mode: _Optional[str] = ..., dry_run: _Optional[bool] = ..., partial: _Optional[bool] = ..., columns: _Optional[_Iterable[str]] = ...) -> None: ...

class BeginImportResponse(_message.Message):
    __slots__ = ("import_id",)
    IMPORT_ID_FIELD_NUMBER: _ClassVar[int]
    import_id: str
    def __init__(self, import_id: _Optional[str] = ...) -> None: ...

class ImportRow(_message.Message):
    __slots__ = ("line", "cells")
    LINE_FIELD_NUMBER: _ClassVar[int]
    CELLS_FIELD_NUMBER: _ClassVar[int]
    line: int
    cells: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, line: _Optional[int] = ..., cells: _Optional[_Iterable[str]] = ...) -> None: ...

class AddImportRowsRequest(_message.Message):
    __slots__ = ("import_id", "rows")
    IMPORT_ID_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    import_id: str
    rows: _containers.RepeatedCompositeFieldContainer[ImportRow]
    def __init__(self, import_id: _Optional[str] = ..., rows: _Optional[_Iterable[_Union[ImportRow, _Mapping]]] = ...) -> None: ...

class AddImportRowsResponse(_message.Message):
    __slots__ = ("accepted", "rejected")
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    accepted: int
    rejected: int
    def __init__(self, accepted: _Optional[int] = ..., rejected: _Optional[int] = ...) -> None: ...

class FinishImportRequest(_message.Message):
    __slots__ = ("import_id",)
    IMPORT_ID_FIELD_NUMBER: _ClassVar[int]
    import_id: str
    def __init__(self, import_id: _Optional[str] = ...) -> None: ...

class ImportError(_message.Message):
    __slots__ = ("line", "message")
    LINE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    line: int
    message: str
    def __init__(self, line: _Optional[int] = ..., message: _Optional[str] = ...) -> None: ...

class ImportReport(_message.Message):
    __slots__ = ("created", "updated", "skipped", "errors", "error_count", "applied", "dry_run", "rows")
    CREATED_FIELD_NUMBER: _ClassVar[int]
    UPDATED_FIELD_NUMBER: _ClassVar[int]
    SKIPPED_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    ERROR_COUNT_FIELD_NUMBER: _ClassVar[int]
    APPLIED_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    created: int
    updated: int
    skipped: int
    errors: _containers.RepeatedCompositeFieldContainer[ImportError]
    error_count: int
    applied: bool
    dry_run: bool
    rows: int
    def __init__(self, created: _Optional[int] = ..., updated: _Optional[int] = ..., skipped: _Optional[int] = ..., errors: _Optional[_Iterable[_Union[ImportError, _Mapping]]] = ..., error_count: _Optional[int] = ..., applied: _Optional[bool] = ..., dry_run: _Optional[bool] = ..., rows: _Optional[int] = ...) -> None: ...

class AbortImportRequest(_message.Message):
    __slots__ = ("import_id",)
    IMPORT_ID_FIELD_NUMBER: _ClassVar[int]
    import_id: str
    def __init__(self, import_id: _Optional[str] = ...) -> None: ...

class AbortImportResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ExportResourcesRequest(_message.Message):
    __slots__ = ("page",)
    PAGE_FIELD_NUMBER: _ClassVar[int]
    page: _common_pb2.PageRequest
    def __init__(self, page: _Optional[_Union[_common_pb2.PageRequest, _Mapping]] = ...) -> None: ...

class ExportResourcesCsvRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ExportResourcesCsvResponse(_message.Message):
    __slots__ = ("chunk",)
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    chunk: bytes
    def __init__(self, chunk: _Optional[bytes] = ...) -> None: ...

class ExportResourcesResponse(_message.Message):
    __slots__ = ("resources", "page")
    RESOURCES_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    resources: _containers.RepeatedCompositeFieldContainer[Resource]
    page: _common_pb2.PageInfo
    def __init__(self, resources: _Optional[_Iterable[_Union[Resource, _Mapping]]] = ..., page: _Optional[_Union[_common_pb2.PageInfo, _Mapping]] = ...) -> None: ...
