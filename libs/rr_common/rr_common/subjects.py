"""Every event subject, by the service that publishes it: the names of the event contract in one
place. Producers publish under these and consumers subscribe to them, so a subject is spelled
once (the payloads are in proto/rr/<service>/v1/events.proto, the goldens in tests/contract)."""

from __future__ import annotations

# auth
AUTH_PASSWORD_RESET_REQUESTED = "rr.auth.password_reset.requested"
AUTH_USER_ANY = "rr.auth.user.*"
AUTH_USER_DEACTIVATED = "rr.auth.user.deactivated"
AUTH_USER_DELETED = "rr.auth.user.deleted"
AUTH_USER_LOCKED = "rr.auth.user.locked"
AUTH_USER_REACTIVATED = "rr.auth.user.reactivated"
AUTH_USER_REGISTERED = "rr.auth.user.registered"
AUTH_USER_ROLE_CHANGED = "rr.auth.user.role_changed"

# catalog
CATALOG_BLACKOUT_ADDED = "rr.catalog.blackout.added"
CATALOG_BLACKOUT_REMOVED = "rr.catalog.blackout.removed"
CATALOG_GROUP_CHANGED = "rr.catalog.group.changed"
CATALOG_HOURS_CHANGED = "rr.catalog.hours.changed"
CATALOG_IMPORT_COMPLETED = "rr.catalog.import.completed"
CATALOG_LABEL_CHANGED = "rr.catalog.label.changed"
CATALOG_RESOURCE_BOOKABILITY_CHANGED = "rr.catalog.resource.bookability_changed"
CATALOG_RESOURCE_CREATED = "rr.catalog.resource.created"
CATALOG_RESOURCE_DELETED = "rr.catalog.resource.deleted"
CATALOG_RESOURCE_STATUS_CHANGED = "rr.catalog.resource.status_changed"
CATALOG_RESOURCE_UPDATED = "rr.catalog.resource.updated"
CATALOG_SITE_CALENDAR_CHANGED = "rr.catalog.site.calendar_changed"

# booking
BOOKING_RESERVATION_ANY = "rr.booking.reservation.*"
BOOKING_RESERVATION_CANCELLED = "rr.booking.reservation.cancelled"
BOOKING_RESERVATION_CHECKED_IN = "rr.booking.reservation.checked_in"
BOOKING_RESERVATION_COMPLETED = "rr.booking.reservation.completed"
BOOKING_RESERVATION_CONFIRMED = "rr.booking.reservation.confirmed"
BOOKING_RESERVATION_CREATED = "rr.booking.reservation.created"
BOOKING_RESERVATION_HELD = "rr.booking.reservation.held"
BOOKING_RESERVATION_HOLD_RELEASED = "rr.booking.reservation.hold_released"
BOOKING_RESERVATION_MOVED = "rr.booking.reservation.moved"
BOOKING_RESERVATION_NO_SHOW = "rr.booking.reservation.no_show"
BOOKING_RESERVATION_REJECTED = "rr.booking.reservation.rejected"
BOOKING_RESERVATION_RESOURCE_UNAVAILABLE = "rr.booking.reservation.resource_unavailable"
BOOKING_SERIES_ANY = "rr.booking.series.*"
BOOKING_SERIES_CANCELLED = "rr.booking.series.cancelled"
BOOKING_SERIES_CREATED = "rr.booking.series.created"

# waitlist
WAITLIST_ENTRY_JOINED = "rr.waitlist.entry.joined"
WAITLIST_ENTRY_LEFT = "rr.waitlist.entry.left"
WAITLIST_OFFER_ACCEPTED = "rr.waitlist.offer.accepted"
WAITLIST_OFFER_CREATED = "rr.waitlist.offer.created"
WAITLIST_OFFER_DECLINED = "rr.waitlist.offer.declined"
WAITLIST_OFFER_EXPIRED = "rr.waitlist.offer.expired"

# notify
NOTIFY_ANNOUNCEMENT_SENT = "rr.notify.announcement.sent"
NOTIFY_NOTIFICATION_CREATED = "rr.notify.notification.created"

# the old-system importer (recorded by notify)
IMPORTER_OLD_SYSTEM_IMPORTED = "rr.importer.old_system.imported"
