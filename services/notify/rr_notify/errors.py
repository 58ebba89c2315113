"""Every machine code notify raises that is its own, one class each (the kernel's shared ones,
such as `invalid_cursor`, `invalid_range` and `invalid_status`, come from `rr_common.errors`).

Raise them with the sentence that tells the caller what to fix:
`raise InvalidWebhookUrl("The webhook URL has no host.")`."""

from __future__ import annotations

from rr_common.errors import InvalidInput, PreconditionFailed

# In-app: notifications, announcements, preferences.


class InvalidSinceId(InvalidInput):
    default_code = "invalid_since_id"


class InvalidTitle(InvalidInput):
    default_code = "invalid_title"


class InvalidMessage(InvalidInput):
    default_code = "invalid_message"


class InvalidRole(InvalidInput):
    default_code = "invalid_role"


class InvalidReminderMinutes(InvalidInput):
    default_code = "invalid_reminder_minutes"


class UnknownNotificationType(InvalidInput):
    default_code = "unknown_notification_type"


class MandatoryChannel(InvalidInput):
    default_code = "mandatory_channel"


# Webhooks.


class InvalidWebhookUrl(InvalidInput):
    default_code = "invalid_webhook_url"


class WebhookTargetNotAllowed(InvalidInput):
    default_code = "webhook_target_not_allowed"


class InvalidEventFilter(InvalidInput):
    default_code = "invalid_event_filter"


class InvalidDescription(InvalidInput):
    default_code = "invalid_description"


class InvalidSecret(InvalidInput):
    default_code = "invalid_secret"


class PingNotRetried(PreconditionFailed):
    default_code = "ping_not_retried"


class WebhookDisabled(PreconditionFailed):
    default_code = "webhook_disabled"


# Audit log.


class EntityTypeRequired(InvalidInput):
    default_code = "entity_type_required"
