// The resource's week (or day, on a phone): booked, free, closed dates, outside opening hours
// and my own bookings, each told by a label and a pattern as well as a colour.
import type { DateSelectArg, EventApi, EventClickArg, EventInput } from "@fullcalendar/core";
import esLocale from "@fullcalendar/core/locales/es";
import frLocale from "@fullcalendar/core/locales/fr";
import interactionPlugin from "@fullcalendar/interaction";
import FullCalendar from "@fullcalendar/react";
import timeGridPlugin from "@fullcalendar/timegrid";
import { Group, Stack, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useEffect, useMemo, useRef, useState } from "react";
import type { Blackout, BusinessHours, Resource } from "../../api/planned";
import { InfoNote } from "../../components/feedback";
import { userTimeZone } from "../../components/format";
import { useI18n } from "../../i18n";
import { useLive } from "../../live/LiveProvider";
import { useBusy } from "./queries";
import { closedIntervals, zonedInstant } from "./zonedTime";

const LOCALES = [esLocale, frLocale];
const TOOLBAR = { left: "prev,today,next", center: "title", right: "" };
const selectOverlap = (event: EventApi) => event.display === "background" && !event.classNames.includes("rr-blackout");

export type WeekViewProps = {
  resource: Resource;
  hours: BusinessHours[];
  blackouts: Blackout[];
  onSelect: (slot: { start: Date; end: Date }) => void;
  onTaken: (slot: { start: Date; end: Date }) => void;
};

function Legend() {
  const { t } = useI18n();
  const items = [
    { label: t("week.mine"), style: { background: "var(--mantine-color-blue-8)" } },
    { label: t("week.booked"), style: { background: "var(--mantine-color-gray-6)" } },
    { label: t("week.free"), style: { background: "var(--mantine-color-body)" } },
    { label: t("week.blackout"), className: "rr-legend-swatch rr-week-blackout" },
    { label: t("week.outside"), className: "rr-legend-swatch rr-week-outside" },
  ];
  return (
    <Group gap="md" aria-label={t("week.legend")} role="list">
      {items.map((item) => (
        <Group gap={4} key={item.label} role="listitem">
          <span className={item.className ?? "rr-legend-swatch"} style={item.style} aria-hidden />
          <Text size="xs">{item.label}</Text>
        </Group>
      ))}
    </Group>
  );
}

export default function WeekView({ resource, hours, blackouts, onSelect, onTaken }: WeekViewProps) {
  const { t, language } = useI18n();
  const narrow = useMediaQuery("(max-width: 48em)");
  const [range, setRange] = useState<{ start: Date; end: Date } | null>(null);
  const busy = useBusy(resource.id, range?.start ?? null, range?.end ?? null);
  // A phone shows one day at a time, so its buttons speak of days.
  const buttonText = useMemo(() => ({ today: t(narrow ? "week.todayDay" : "week.today") }), [t, narrow]);
  const buttonHints = useMemo(
    () => (narrow ? { prev: t("week.prevDay"), next: t("week.nextDay"), today: t("week.todayDay") } : { prev: t("week.prev"), next: t("week.next"), today: t("week.today") }),
    [t, narrow],
  );
  const { subscribeResources } = useLive();
  useEffect(() => subscribeResources([resource.id]), [resource.id, subscribeResources]);
  const box = useRef<HTMLDivElement>(null);
  // The toolbar's arrow icons are decoration: the buttons are named by their hints (title).
  useEffect(() => {
    const root = box.current;
    if (!root) return;
    const hide = () => root.querySelectorAll(".fc-icon:not([aria-hidden])").forEach((el) => el.setAttribute("aria-hidden", "true"));
    hide();
    const observer = new MutationObserver(hide);
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);

  const events = useMemo<EventInput[]>(() => {
    const out: EventInput[] = [];
    for (const [i, r] of (busy.data?.mine ?? []).entries()) {
      out.push({ id: `mine-${r.id ?? i}`, start: r.start_time ?? undefined, end: r.end_time ?? undefined, title: `★ ${t("week.mine")}`, classNames: ["rr-mine"], color: "var(--mantine-color-blue-8)", extendedProps: { kind: "mine" } });
    }
    for (const [i, r] of (busy.data?.others ?? []).entries()) {
      out.push({ id: `busy-${i}`, start: r.start_time ?? undefined, end: r.end_time ?? undefined, title: t("week.booked"), classNames: ["rr-booked"], color: "var(--mantine-color-gray-7)", extendedProps: { kind: "booked" } });
    }
    if (range) {
      for (const [i, c] of closedIntervals(hours, range.start, range.end, resource.timezone || "UTC").entries()) {
        out.push({ id: `closed-${i}`, start: c.start, end: c.end, display: "background", classNames: ["rr-outside"], title: t("week.outside") });
      }
    }
    for (const b of blackouts) {
      const zone = resource.timezone || "UTC";
      const start = b.start_date.length > 10 ? new Date(b.start_date) : zonedInstant(b.start_date, "00:00", zone);
      const end = b.end_date.length > 10 ? new Date(b.end_date) : zonedInstant(b.end_date, "23:59", zone);
      out.push({ id: `blackout-${b.id}`, start, end, display: "background", classNames: ["rr-blackout"], title: `${t("week.blackout")}${b.reason ? `: ${b.reason}` : ""}` });
    }
    return out;
  }, [busy.data, range, hours, blackouts, resource.timezone, t]);

  return (
    <Stack gap="xs" className="rr-week">
      <Legend />
      <Text size="sm">{t("week.pick")}</Text>
      <Text size="xs" c="dimmed">
        {t("app.timezone", { zone: userTimeZone() })}
      </Text>
      {busy.data && !busy.data.othersKnown ? <InfoNote>{t("week.othersUnavailable", { endpoint: busy.data.othersEndpoint })}</InfoNote> : null}
      <div data-testid="week-view" aria-busy={busy.isFetching} ref={box}>
        <FullCalendar
          key={narrow ? "day" : "week"}
          plugins={[timeGridPlugin, interactionPlugin]}
          initialView={narrow ? "timeGridDay" : "timeGridWeek"}
          locales={LOCALES}
          locale={language}
          firstDay={1}
          height="auto"
          allDaySlot={false}
          nowIndicator
          eventInteractive
          slotMinTime="06:00:00"
          slotMaxTime="22:00:00"
          scrollTime="08:00:00"
          selectable
          selectMirror
          selectOverlap={selectOverlap}
          unselectAuto={false}
          longPressDelay={300}
          events={events}
          headerToolbar={TOOLBAR}
          buttonText={buttonText}
          buttonHints={buttonHints}
          datesSet={(info) => setRange((prev) => (prev && prev.start.getTime() === info.start.getTime() && prev.end.getTime() === info.end.getTime() ? prev : { start: info.start, end: info.end }))}
          select={(info: DateSelectArg) => onSelect({ start: info.start, end: info.end })}
          eventClick={(info: EventClickArg) => {
            if (info.event.extendedProps.kind === "booked" && info.event.start && info.event.end) onTaken({ start: info.event.start, end: info.event.end });
          }}
          eventDidMount={(info) => {
            if (info.event.display !== "background") info.el.setAttribute("aria-label", `${info.event.title}: ${info.timeText}`);
          }}
        />
      </div>
    </Stack>
  );
}
