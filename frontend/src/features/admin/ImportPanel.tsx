import { Alert, Button, Checkbox, FileInput, Group, SegmentedControl, Stack, Table, Text } from "@mantine/core";
import { IconFileTypeCsv } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import type { UploadReport } from "../../api/planned";
import { ErrorAlert, Requires } from "../../components/feedback";
import { useT } from "../../i18n";

export function ImportReport({ report, dryRun }: { report: UploadReport; dryRun: boolean }) {
  const t = useT();
  return (
    <Stack gap="xs" data-testid="import-report" aria-live="polite">
      <Alert color={report.errors.length ? "orange" : "green"} variant="light" title={`${t("admin.report")}${dryRun ? ` (${t("admin.dryRun")})` : ""}`}>
        <Text size="sm">{t("admin.reportCounts", { created: report.created, updated: report.updated, skipped: report.skipped })}</Text>
        {report.error_count ? <Text size="sm">{t("admin.reportErrors", { count: report.error_count })}</Text> : null}
      </Alert>
      {report.errors.length ? (
        <Table withTableBorder striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={80}>{t("admin.line")}</Table.Th>
              <Table.Th>{t("admin.message")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.errors.map((e, i) => (
              <Table.Tr key={`${e.line}-${i}`}>
                <Table.Td>{e.line}</Table.Td>
                <Table.Td>{e.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </Stack>
  );
}

function Uploader() {
  const t = useT();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<"create" | "upsert">("create");
  const [dryRun, setDryRun] = useState(false);
  const [partial, setPartial] = useState(false);
  const upload = useMutation({
    mutationFn: (input: { file: File; mode: "create" | "upsert"; dryRun: boolean; partial: boolean }) => {
      const form = new FormData();
      form.append("file", input.file);
      return unwrap(
        api.POST("/api/v1/resources/upload", {
          params: { query: { mode: input.mode, dry_run: input.dryRun, partial: input.partial } },
          body: form as never,
          bodySerializer: (b: unknown) => b,
        }),
      );
    },
    onSuccess: (_report, input) => (input.dryRun ? undefined : client.invalidateQueries({ queryKey: ["resources"] })),
  });
  // An all-or-nothing import refused for bad rows still carries its row report.
  const rejected = upload.error instanceof ApiError && Array.isArray(upload.error.body.errors) ? (upload.error.body as unknown as UploadReport) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate({ file, mode, dryRun, partial });
  };
  return (
    <Stack>
      <form onSubmit={submit}>
        <Stack gap="sm" maw={520}>
          <FileInput label={t("admin.csvFile")} description={t("admin.csvHint")} accept=".csv,text/csv" value={file} onChange={setFile} leftSection={<IconFileTypeCsv size={16} aria-hidden />} clearable clearButtonProps={{ "aria-label": t("app.clear") }} required />
          <div>
            <Text size="sm" fw={500} id="csv-mode-label">
              {t("admin.csvMode")}
            </Text>
            <SegmentedControl
              aria-labelledby="csv-mode-label"
              value={mode}
              onChange={(v) => setMode(v as typeof mode)}
              data={[
                { value: "create", label: t("admin.csvCreate") },
                { value: "upsert", label: t("admin.csvUpsert") },
              ]}
            />
          </div>
          <Checkbox label={t("admin.dryRun")} checked={dryRun} onChange={(e) => setDryRun(e.currentTarget.checked)} />
          <Checkbox label={t("admin.partial")} checked={partial} onChange={(e) => setPartial(e.currentTarget.checked)} />
          <Group>
            <Button type="submit" disabled={!file} loading={upload.isPending}>
              {t("admin.upload")}
            </Button>
          </Group>
        </Stack>
      </form>
      {upload.error ? <ErrorAlert error={upload.error} /> : null}
      {rejected ? <ImportReport report={rejected} dryRun={false} /> : null}
      {upload.data ? <ImportReport report={upload.data} dryRun={upload.variables?.dryRun ?? false} /> : null}
    </Stack>
  );
}

export function ImportPanel() {
  return (
    <Requires feature="feature.upload" endpoints={[["post", "/api/v1/resources/upload"]]}>
      <Uploader />
    </Requires>
  );
}
