import { Alert, Anchor, Button, Group, List, Radio, Stack, Text, Textarea, TextInput, ThemeIcon } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconCheck, IconClockHour4, IconLock } from "@tabler/icons-react";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useCapabilities } from "../../api/capabilities";
import { describeError } from "../../api/describe";
import { ApiError } from "../../api/errors";
import type { Recurrence, Resource } from "../../api/planned";
import { ErrorAlert } from "../../components/feedback";
import { formatDateTime, formatRange, localInputToIso, toLocalInput } from "../../components/format";
import { useI18n } from "../../i18n";
import { useBook, useBookSeries, useBusy, useJoinWaitlist } from "./queries";
import { conflictsOf, expandOccurrences } from "./recurrence";
import { RecurrenceFields } from "./RecurrenceFields";

export type Slot = { start: Date; end: Date };
const PREVIEW_ROWS = 8;
const TIME_CODES = /conflict|business_hours|blackout|past|duration|advance|closed|unavailable|maintenance|window/;

/** Which field an API refusal is about: times for conflicts and rule violations. */
export function fieldForError(error: ApiError): "start" | "end" | "recurrence" | null {
  if (error.field("end_time")) return "end";
  if (error.field("start_time") || TIME_CODES.test(error.code)) return "start";
  if (error.field("recurrence") || /recurrence|series/.test(error.code)) return "recurrence";
  return null;
}

/** A resource that is not available cannot be booked: say so (and until when) instead of a form. */
export function BookingForm(props: { resource: Resource; slot: Slot | null; onBooked?: () => void }) {
  const { t, locale } = useI18n();
  const { resource } = props;
  if (resource.status === "available") return <AvailableBookingForm {...props} />;
  const until = resource.status_until ? t("book.unavailableUntil", { time: formatDateTime(resource.status_until, locale) }) : "";
  return (
    <Stack gap="sm">
      <Text fw={700} size="lg" component="h2">
        {t("book.title", { name: resource.name })}
      </Text>
      <Alert color="orange" variant="light" icon={<IconLock aria-hidden />} title={t("book.unavailable")} data-testid="not-bookable">
        <Text size="sm">{[resource.status_reason, until].filter(Boolean).join(" · ") || t("book.unavailableHint")}</Text>
      </Alert>
    </Stack>
  );
}

type Joined = { position: number | null };

function AvailableBookingForm({ resource, slot, onBooked }: { resource: Resource; slot: Slot | null; onBooked?: () => void }) {
  const { t, locale } = useI18n();
  const caps = useCapabilities();
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [notes, setNotes] = useState("");
  const [recurrence, setRecurrence] = useState<Recurrence | null>(null);
  const [policy, setPolicy] = useState<"all_or_nothing" | "skip_conflicts">("all_or_nothing");
  const [localError, setLocalError] = useState<string | null>(null);
  const [joined, setJoined] = useState<Joined | null>(null);
  const idempotencyKey = useRef<string>("");
  const book = useBook();
  const bookSeries = useBookSeries();
  const join = useJoinWaitlist();
  const startRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!slot) return;
    setStart(toLocalInput(slot.start));
    setEnd(toLocalInput(slot.end));
    setLocalError(null);
    setJoined(null);
    book.reset();
    join.reset();
    startRef.current?.focus();
  }, [slot]);

  const startDate = start ? new Date(start) : null;
  const endDate = end ? new Date(end) : null;
  const valid = startDate && endDate && endDate > startDate;
  const occurrences = useMemo(() => (valid ? expandOccurrences(startDate, endDate, recurrence) : []), [start, end, recurrence, valid]);
  const span = occurrences.length ? { from: occurrences[0]!.start, to: occurrences[occurrences.length - 1]!.end } : null;
  const busy = useBusy(resource.id, recurrence ? span?.from ?? null : null, recurrence ? span?.to ?? null : null);
  const busyRanges = useMemo(
    () => [...(busy.data?.mine ?? []), ...(busy.data?.others ?? [])].map((r) => ({ start: new Date(String(r.start_time)), end: new Date(String(r.end_time)) })),
    [busy.data],
  );
  const conflicts = recurrence ? conflictsOf(occurrences, busyRanges) : [];
  const seriesAvailable = caps?.has("post", "/api/v1/reservations/recurring") ?? false;

  const apiError = (book.error ?? bookSeries.error) as ApiError | Error | null;
  const field = apiError instanceof ApiError ? fieldForError(apiError) : null;
  const conflictText = apiError instanceof ApiError && apiError.code === "reservation_conflict";
  const startError = localError ?? (field === "start" && apiError instanceof ApiError ? apiError.field("start_time") ?? describeError(apiError, t, locale) : undefined);
  const endError = field === "end" && apiError instanceof ApiError ? apiError.field("end_time") ?? describeError(apiError, t, locale) : undefined;
  const changeTimes = (set: (v: string) => void) => (value: string) => {
    set(value);
    setJoined(null);
    join.reset();
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setLocalError(null);
    if (!startDate || !endDate) return setLocalError(t("book.required"));
    if (endDate <= startDate) return setLocalError(t("book.endBeforeStart"));
    idempotencyKey.current ||= globalThis.crypto?.randomUUID?.() ?? String(Date.now());
    const times = { resource_id: resource.id, start_time: localInputToIso(start), end_time: localInputToIso(end), notes };
    try {
      if (recurrence) {
        const answer = await bookSeries.mutateAsync({ ...times, recurrence, conflict_policy: policy });
        notifications.show({ color: "green", message: t("book.seriesBooked", { created: answer.created.length, skipped: answer.skipped.length }) });
      } else {
        await book.mutateAsync({ ...times, idempotencyKey: idempotencyKey.current });
        notifications.show({ color: "green", message: t("book.booked", { name: resource.name, when: formatRange(startDate, endDate, locale) }) });
      }
      idempotencyKey.current = "";
      // A fresh form: the booking just made is not a conflict to show in red.
      setStart("");
      setEnd("");
      setNotes("");
      setRecurrence(null);
      book.reset();
      bookSeries.reset();
      onBooked?.();
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 0) idempotencyKey.current = "";
    }
  }

  function joinWaitlist() {
    join.mutate(
      { resource_id: resource.id, desired_start: localInputToIso(start), desired_end: localInputToIso(end), flexible_time: false },
      {
        onSuccess: (entry) => {
          book.reset();
          setJoined({ position: entry.position });
        },
        onError: (e) => {
          // Already waiting for this very time: that is the outcome the user wanted.
          if (e instanceof ApiError && e.code === "already_waiting") {
            book.reset();
            join.reset();
            setJoined({ position: null });
          }
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="book-title">
      <Stack gap="sm">
        <Text fw={700} id="book-title" size="lg" component="h2">
          {t("book.title", { name: resource.name })}
        </Text>
        {/* One under the other: side by side, the browser's date-time field cuts off its AM/PM. */}
        <TextInput ref={startRef} type="datetime-local" label={t("book.start")} value={start} onChange={(e) => changeTimes(setStart)(e.currentTarget.value)} error={startError} required />
        <TextInput type="datetime-local" label={t("book.end")} value={end} onChange={(e) => changeTimes(setEnd)(e.currentTarget.value)} error={endError} required />
        {conflictText && !joined ? (
          <Group gap="xs">
            <Text size="sm">{t("week.slotTaken")}</Text>
            <Button size="compact-sm" variant="default" onClick={joinWaitlist} loading={join.isPending}>
              {t("week.joinWaitlist")}
            </Button>
          </Group>
        ) : null}
        {joined ? (
          <Alert color="blue" variant="light" icon={<IconClockHour4 aria-hidden />} role="status" data-testid="waitlist-joined">
            <Text size="sm" fw={500}>
              {joined.position !== null ? t("wl.inLine", { position: joined.position }) : t("err.alreadyWaiting")}
            </Text>
            <Anchor component={Link} to="/waitlist" size="sm" c="var(--mantine-color-text)" underline="always">
              {t("wl.openList")}
            </Anchor>
          </Alert>
        ) : null}
        {join.error ? <ErrorAlert error={join.error} /> : null}
        <Textarea label={t("book.notes")} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} autosize minRows={1} maxLength={2000} />
        {seriesAvailable ? (
          <RecurrenceFields value={recurrence} onChange={setRecurrence} start={startDate} error={field === "recurrence" && apiError ? apiError.message : undefined} />
        ) : caps?.known ? (
          <Text size="xs" c="dimmed">
            {t("book.recurringUnavailable", { endpoint: "POST /api/v1/reservations/recurring" })}
          </Text>
        ) : null}
        {recurrence && occurrences.length ? (
          <div aria-live="polite">
            <Text size="sm" fw={500}>
              {t("book.preview", { count: occurrences.length })}
            </Text>
            <List size="sm" spacing={2} data-testid="occurrence-preview">
              {occurrences.slice(0, PREVIEW_ROWS).map((o, i) => (
                <List.Item
                  key={o.start.toISOString()}
                  icon={
                    <ThemeIcon size={16} radius="xl" color={conflicts[i] ? "red.8" : "green.8"}>
                      {conflicts[i] ? <IconAlertTriangle size={11} aria-hidden /> : <IconCheck size={11} aria-hidden />}
                    </ThemeIcon>
                  }
                >
                  {formatRange(o.start, o.end, locale)} — {conflicts[i] ? t("book.previewConflict") : t("book.previewFree")}
                </List.Item>
              ))}
            </List>
            {occurrences.length > PREVIEW_ROWS ? <Text size="xs">{t("book.previewMore", { count: occurrences.length - PREVIEW_ROWS })}</Text> : null}
            {conflicts.some(Boolean) ? (
              <Radio.Group label={t("book.policy")} value={policy} onChange={(v) => setPolicy(v as typeof policy)} mt="xs">
                <Group gap="md" mt={4}>
                  <Radio value="all_or_nothing" label={t("book.policyAll")} />
                  <Radio value="skip_conflicts" label={t("book.policySkip")} />
                </Group>
              </Radio.Group>
            ) : null}
          </div>
        ) : null}
        {apiError && !field ? (
          apiError instanceof ApiError && apiError.code === "quota_exceeded" ? (
            <Alert color="orange" role="alert">{apiError.message}</Alert>
          ) : (
            <ErrorAlert error={apiError} />
          )
        ) : null}
        <Group>
          <Button type="submit" loading={book.isPending || bookSeries.isPending}>
            {recurrence ? t("book.submitSeries", { count: occurrences.length }) : t("book.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
