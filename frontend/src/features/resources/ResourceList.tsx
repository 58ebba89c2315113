import { Anchor, Button, Card, Collapse, Group, NumberInput, Select, SimpleGrid, Stack, TagsInput, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue, useDisclosure, useMediaQuery } from "@mantine/hooks";
import { IconAdjustmentsHorizontal, IconSearch, IconX } from "@tabler/icons-react";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useCapabilities } from "../../api/capabilities";
import type { Resource } from "../../api/planned";
import { ErrorAlert, Loading, StatusBadge } from "../../components/feedback";
import { useT, type Translate } from "../../i18n";
import { NO_FILTERS, useResourceSearch, type ResourceFilters } from "./queries";

const STATUSES = ["available", "unavailable", "maintenance"] as const;
const ROW_HEIGHT = 96;

/** Filters live in the address bar, so a search can be shared and survives a reload. */
function useFilters(): [ResourceFilters, (next: Partial<ResourceFilters>) => void] {
  const [params, setParams] = useSearchParams();
  const filters: ResourceFilters = {
    q: params.get("q") ?? "",
    status: params.get("status") ?? "",
    tags: params.getAll("tag"),
    capacityMin: params.get("capacity") ? Number(params.get("capacity")) : null,
    availableFrom: params.get("from") ?? "",
    availableUntil: params.get("until") ?? "",
  };
  const update = (next: Partial<ResourceFilters>) => {
    const merged = { ...filters, ...next };
    const out = new URLSearchParams();
    if (merged.q) out.set("q", merged.q);
    if (merged.status) out.set("status", merged.status);
    for (const tag of merged.tags) out.append("tag", tag);
    if (merged.capacityMin !== null) out.set("capacity", String(merged.capacityMin));
    if (merged.availableFrom) out.set("from", merged.availableFrom);
    if (merged.availableUntil) out.set("until", merged.availableUntil);
    setParams(out, { replace: true });
  };
  return [filters, update];
}

type Chip = { key: string; label: string; clear: Partial<ResourceFilters> };

export function chipsFor(filters: ResourceFilters, t: Translate): Chip[] {
  const chips: Chip[] = [];
  if (filters.q) chips.push({ key: "q", label: `“${filters.q}”`, clear: { q: "" } });
  if (filters.status) chips.push({ key: "status", label: `${t("resources.status")}: ${t(`status.${filters.status}` as "status.available")}`, clear: { status: "" } });
  for (const tag of filters.tags) chips.push({ key: `tag:${tag}`, label: `#${tag}`, clear: { tags: filters.tags.filter((x) => x !== tag) } });
  if (filters.capacityMin !== null) chips.push({ key: "cap", label: `≥ ${filters.capacityMin}`, clear: { capacityMin: null } });
  if (filters.availableFrom || filters.availableUntil) {
    chips.push({ key: "time", label: `${filters.availableFrom.replace("T", " ")} – ${filters.availableUntil.replace("T", " ")}`, clear: { availableFrom: "", availableUntil: "" } });
  }
  return chips;
}

function ResourceRow({ resource }: { resource: Resource }) {
  const t = useT();
  return (
    <Card withBorder padding="sm" h={ROW_HEIGHT - 8} data-testid="resource-row">
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Anchor component={Link} to={`/resources/${resource.id}`} fw={600} lineClamp={1}>
          {resource.name}
        </Anchor>
        <StatusBadge status={resource.status} />
      </Group>
      <Text size="sm" c="dimmed" lineClamp={1}>
        {[resource.location, resource.capacity != null ? t("resources.capacity", { capacity: resource.capacity }) : ""].filter(Boolean).join(" · ") || "\u00a0"}
      </Text>
      <Text size="xs" lineClamp={1}>
        {resource.tags.map((tag) => `#${tag}`).join(" ")}
      </Text>
    </Card>
  );
}

/** A window-scrolled virtual list: ten thousand resources cost as much as the visible few. */
export function VirtualResults({ items, total, hasMore, loadMore, loadingMore }: { items: Resource[]; total: number | null | undefined; hasMore: boolean; loadMore: () => void; loadingMore: boolean }) {
  const t = useT();
  const listRef = useRef<HTMLUListElement>(null);
  const virtualizer = useWindowVirtualizer({ count: items.length, estimateSize: () => ROW_HEIGHT, overscan: 8, scrollMargin: listRef.current?.offsetTop ?? 0 });
  const virtualItems = virtualizer.getVirtualItems();
  const last = virtualItems[virtualItems.length - 1];
  useEffect(() => {
    if (last && last.index >= items.length - 10 && hasMore && !loadingMore) loadMore();
  }, [last, items.length, hasMore, loadingMore, loadMore]);

  return (
    <>
      <Text size="sm" aria-live="polite" data-testid="result-count">
        {total != null ? t("resources.count", { shown: items.length, total }) : t("resources.countUnknown", { shown: items.length })}
      </Text>
      <ul ref={listRef} aria-label={t("resources.title")} style={{ listStyle: "none", margin: 0, padding: 0, position: "relative", height: virtualizer.getTotalSize() }}>
        {virtualItems.map((row) => {
          const resource = items[row.index];
          if (!resource) return null;
          return (
            <li
              key={resource.id}
              aria-setsize={total ?? -1}
              aria-posinset={row.index + 1}
              style={{ position: "absolute", top: 0, left: 0, width: "100%", height: ROW_HEIGHT, transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)` }}
            >
              <ResourceRow resource={resource} />
            </li>
          );
        })}
      </ul>
      {hasMore ? (
        <Button variant="default" onClick={loadMore} loading={loadingMore}>
          {t("app.loadMore")}
        </Button>
      ) : items.length ? (
        <Text size="sm" c="dimmed">
          {t("app.noMore")}
        </Text>
      ) : null}
    </>
  );
}

export default function ResourceList() {
  const t = useT();
  const caps = useCapabilities();
  const [filters, setFilters] = useFilters();
  const [text, setText] = useState(filters.q);
  const [debounced] = useDebouncedValue(text, 300);
  useEffect(() => {
    if (debounced !== filters.q) setFilters({ q: debounced });
  }, [debounced]);
  const query = useResourceSearch(filters);
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.data) ?? [], [query.data]);
  const total = query.data?.pages[0]?.total_count;
  const chips = chipsFor(filters, t);
  const canSearchTime = caps?.has("get", "/api/v1/resources/search") ?? false;
  const canCapacity = canSearchTime || (caps?.accepts("get", "/api/v1/resources", "capacity_min") ?? false);
  // On a phone the filters other than the search box fold behind one button, so results show first.
  const narrow = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const [filtersOpen, { toggle: toggleFilters }] = useDisclosure(false);
  const activeFilters = chips.filter((c) => c.key !== "q").length;
  const more = (
    <>
      <Select
        label={t("resources.status")}
        data={[{ value: "", label: t("resources.anyStatus") }, ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
        value={filters.status}
        onChange={(v) => setFilters({ status: v ?? "" })}
        allowDeselect={false}
      />
      <TagsInput label={t("resources.tags")} placeholder={t("resources.tagsPlaceholder")} value={filters.tags} onChange={(tags) => setFilters({ tags })} clearable clearButtonProps={{ "aria-label": t("app.clear") }} />
      {canCapacity ? (
        <NumberInput label={t("resources.capacityMin")} min={0} value={filters.capacityMin ?? ""} onChange={(v) => setFilters({ capacityMin: v === "" ? null : Number(v) })} />
      ) : null}
      {canSearchTime ? (
        <>
          <TextInput type="datetime-local" label={t("resources.availableFrom")} value={filters.availableFrom} onChange={(e) => setFilters({ availableFrom: e.currentTarget.value })} />
          <TextInput type="datetime-local" label={t("resources.availableUntil")} value={filters.availableUntil} onChange={(e) => setFilters({ availableUntil: e.currentTarget.value })} />
        </>
      ) : null}
    </>
  );

  return (
    <Stack>
      <Title order={1} size="h2">
        {t("resources.title")}
      </Title>
      <form role="search" onSubmit={(e) => e.preventDefault()} aria-label={t("resources.searchForm")}>
        {narrow ? (
          <Stack gap="sm">
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput style={{ flex: 1 }} label={t("resources.search")} placeholder={t("resources.searchPlaceholder")} leftSection={<IconSearch size={16} aria-hidden />} value={text} onChange={(e) => setText(e.currentTarget.value)} type="search" />
              <Button variant="default" onClick={toggleFilters} aria-expanded={filtersOpen} aria-controls="resource-filters" leftSection={<IconAdjustmentsHorizontal size={16} aria-hidden />}>
                {activeFilters ? t("resources.filtersButtonCount", { count: activeFilters }) : t("resources.filtersButton")}
              </Button>
            </Group>
            <Collapse expanded={filtersOpen} id="resource-filters">
              <Stack gap="sm">{more}</Stack>
            </Collapse>
          </Stack>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
            <TextInput label={t("resources.search")} placeholder={t("resources.searchPlaceholder")} leftSection={<IconSearch size={16} aria-hidden />} value={text} onChange={(e) => setText(e.currentTarget.value)} type="search" />
            {more}
          </SimpleGrid>
        )}
      </form>
      {caps?.known && !canSearchTime ? <Text size="xs" c="dimmed">{t("resources.filterSearchOnly")}</Text> : null}
      {chips.length ? (
        <Group gap="xs" aria-label={t("resources.filters")} role="group">
          {chips.map((chip) => (
            <Button
              key={chip.key}
              size="compact-sm"
              variant="default"
              radius="xl"
              rightSection={<IconX size={12} aria-hidden />}
              aria-label={t("resources.removeFilter", { filter: chip.label })}
              onClick={() => {
                if (chip.key === "q") setText("");
                setFilters(chip.clear);
              }}
            >
              {chip.label}
            </Button>
          ))}
          <Button
            size="compact-sm"
            variant="subtle"
            onClick={() => {
              setText("");
              setFilters(NO_FILTERS);
            }}
          >
            {t("resources.clearFilters")}
          </Button>
        </Group>
      ) : null}
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isSuccess && !items.length ? <Text>{t("resources.none")}</Text> : null}
      {items.length ? (
        <VirtualResults items={items} total={total} hasMore={Boolean(query.hasNextPage)} loadMore={() => void query.fetchNextPage()} loadingMore={query.isFetchingNextPage} />
      ) : null}
    </Stack>
  );
}
