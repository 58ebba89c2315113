import { Chip, Group, NumberInput, Radio, Select, Stack, Text, TextInput } from "@mantine/core";
import type { Recurrence } from "../../api/planned";
import { useT } from "../../i18n";
import type { MessageKey } from "../../i18n/en";

export type RepeatChoice = "none" | Recurrence["frequency"];

export function defaultRecurrence(frequency: Recurrence["frequency"], start: Date | null): Recurrence {
  const weekday = start ? (start.getDay() + 6) % 7 : 0;
  return { frequency, interval: 1, days_of_week: frequency === "weekly" ? [weekday] : [], end_type: "after_count", occurrence_count: 4, end_date: null };
}

/** Daily / weekly (with weekdays) / monthly, ending on a date or after a count. */
export function RecurrenceFields({ value, onChange, start, error }: { value: Recurrence | null; onChange: (r: Recurrence | null) => void; start: Date | null; error?: string }) {
  const t = useT();
  const frequency: RepeatChoice = value?.frequency ?? "none";
  return (
    <Stack gap="xs">
      <Select
        label={t("book.repeat")}
        value={frequency}
        allowDeselect={false}
        data={[
          { value: "none", label: t("book.repeatNone") },
          { value: "daily", label: t("book.daily") },
          { value: "weekly", label: t("book.weekly") },
          { value: "monthly", label: t("book.monthly") },
        ]}
        onChange={(v) => onChange(!v || v === "none" ? null : defaultRecurrence(v as Recurrence["frequency"], start))}
        error={error}
      />
      {value ? (
        <>
          <Group align="flex-end" gap="xs">
            <NumberInput
              label={t("book.interval")}
              min={1}
              max={99}
              w={110}
              value={value.interval}
              onChange={(v) => onChange({ ...value, interval: Math.max(1, Number(v) || 1) })}
            />
            <Text size="sm" pb={8}>
              {t(`book.intervalUnit.${value.frequency}` as MessageKey)}
            </Text>
          </Group>
          {value.frequency === "weekly" ? (
            <div role="group" aria-labelledby="weekday-label">
              <Text size="sm" fw={500} id="weekday-label" mb={4}>
                {t("book.weekdays")}
              </Text>
              <Chip.Group multiple value={(value.days_of_week ?? []).map(String)} onChange={(days) => onChange({ ...value, days_of_week: days.map(Number).sort() })}>
                <Group gap={6}>
                  {[0, 1, 2, 3, 4, 5, 6].map((d) => (
                    <Chip key={d} value={String(d)} size="xs">
                      {t(`day.${d}` as MessageKey).slice(0, 3)}
                      <span className="rr-sr-only">{t(`day.${d}` as MessageKey).slice(3)}</span>
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
            </div>
          ) : null}
          <Radio.Group
            label={t("book.ends")}
            value={value.end_type}
            onChange={(v) => onChange({ ...value, end_type: v as Recurrence["end_type"] })}
          >
            <Group gap="md" mt={4}>
              <Radio value="after_count" label={t("book.endsAfter")} />
              <Radio value="on_date" label={t("book.endsOnDate")} />
            </Group>
          </Radio.Group>
          {value.end_type === "after_count" ? (
            <NumberInput
              label={t("book.count")}
              min={1}
              max={366}
              w={160}
              value={value.occurrence_count ?? 1}
              onChange={(v) => onChange({ ...value, occurrence_count: Math.max(1, Number(v) || 1) })}
            />
          ) : (
            <TextInput type="date" label={t("book.endDate")} w={200} value={value.end_date ?? ""} onChange={(e) => onChange({ ...value, end_date: e.currentTarget.value || null })} />
          )}
        </>
      ) : null}
    </Stack>
  );
}
