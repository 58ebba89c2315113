import { Alert, Button, Checkbox, Code, CopyButton, Group, Modal, MultiSelect, Paper, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import type { components } from "../../api/schema";
import { ErrorAlert, Loading, Requires } from "../../components/feedback";
import { useI18n } from "../../i18n";
import { useAnyList } from "./useList";

type Client = components["schemas"]["ClientOut"];
type NewClient = components["schemas"]["ClientCreatedOut"];

/** The credentials of a client just registered: the secret is never shown again. */
function Created({ client }: { client: NewClient }) {
  const { t } = useI18n();
  return (
    <Alert mt="sm" color="yellow" variant="light" role="status" data-testid="client-created">
      <Stack gap={4}>
        <Text size="sm">{t("admin.clientId")}: <Code>{client.client_id}</Code></Text>
        {client.client_secret ? (
          <Group gap="xs">
            <Text size="sm">{t("admin.clientSecretOnce")}: <Code data-testid="client-secret">{client.client_secret}</Code></Text>
            <CopyButton value={client.client_secret}>
              {({ copied, copy }) => <Button size="compact-xs" variant="default" onClick={copy}>{copied ? t("app.copied") : t("app.copy")}</Button>}
            </CopyButton>
          </Group>
        ) : (
          <Text size="sm">{t("admin.clientPublicNoSecret")}</Text>
        )}
      </Stack>
    </Alert>
  );
}

function Clients() {
  const { t } = useI18n();
  const client = useQueryClient();
  const key = ["admin", "oauth-clients"];
  const list = useAnyList<Client>(key, true, () => unwrap(api.GET("/api/v1/oauth/clients", { params: { query: { limit: 100 } } })));
  const permissions = useQuery({
    queryKey: ["admin", "permissions"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/auth/roles/permissions"))).map((p) => ({ value: p.name, label: p.name })),
  });
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>([]);
  const [redirects, setRedirects] = useState("");
  const [isPublic, setPublic] = useState(false);
  const [created, setCreated] = useState<NewClient | null>(null);
  const [revoking, setRevoking] = useState<Client | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: key });
  const create = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/oauth/clients", {
        body: {
          client_name: name.trim(),
          scope: scopes.join(" "),
          redirect_uris: redirects.split(/\s+/).filter(Boolean),
          public: isPublic,
        },
      })),
    onSuccess: (answer) => {
      setName("");
      setScopes([]);
      setRedirects("");
      setPublic(false);
      setCreated(answer);
      return refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/oauth/clients/{client_id}", { params: { path: { client_id: id } } })),
    onSuccess: () => {
      setRevoking(null);
      return refresh();
    },
  });
  const err = create.error instanceof ApiError ? create.error : null;
  return (
    <Stack>
      <Paper withBorder p="sm">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setCreated(null);
            create.mutate();
          }}
        >
          <Stack gap="sm">
            <Group align="flex-end">
              <TextInput label={t("admin.clientName")} value={name} onChange={(e) => setName(e.currentTarget.value)} error={err?.field("client_name")} required miw={240} />
              <MultiSelect label={t("admin.clientScopes")} data={permissions.data ?? []} value={scopes} onChange={setScopes} error={err?.field("scope")} searchable miw={260} />
            </Group>
            <Textarea
              label={t("admin.clientRedirects")}
              description={t("admin.clientRedirectsHint")}
              value={redirects}
              onChange={(e) => setRedirects(e.currentTarget.value)}
              error={err?.field("redirect_uris")}
              autosize
              minRows={2}
            />
            <Checkbox label={t("admin.clientPublic")} description={t("admin.clientPublicHint")} checked={isPublic} onChange={(e) => setPublic(e.currentTarget.checked)} />
            <Group>
              <Button type="submit" loading={create.isPending}>{t("admin.addClient")}</Button>
            </Group>
          </Stack>
        </form>
        {create.error && !err?.field("client_name") && !err?.field("redirect_uris") && !err?.field("scope") ? <ErrorAlert error={create.error} /> : null}
        {created ? <Created client={created} /> : null}
      </Paper>
      {list.isPending ? <Loading /> : list.isError ? <ErrorAlert error={list.error} /> : !list.data.length ? <Text size="sm">{t("app.empty")}</Text> : (
        <Stack component="ul" p={0} m={0} style={{ listStyle: "none" }} aria-label={t("admin.clients")}>
          {list.data.map((c) => (
            <Paper component="li" withBorder p="sm" key={c.client_id}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <div style={{ minWidth: 0 }}>
                  <Text fw={600}>{c.client_name}</Text>
                  <Text size="xs" style={{ wordBreak: "break-all" }}><Code>{c.client_id}</Code> · {c.public ? t("admin.clientKindPublic") : t("admin.clientKindConfidential")}</Text>
                  <Text size="xs">{t("admin.clientGrants")}: {c.grant_types}</Text>
                  {c.scope ? <Text size="xs">{t("admin.clientScopes")}: {c.scope}</Text> : null}
                  {c.redirect_uris?.length ? <Text size="xs" style={{ wordBreak: "break-all" }}>{t("admin.clientRedirects")}: {c.redirect_uris.join(", ")}</Text> : null}
                </div>
                <Button
                  size="compact-sm"
                  variant="outline"
                  color="red.8"
                  aria-label={t("admin.revokeClient", { name: c.client_name })}
                  onClick={() => setRevoking(c)}
                >
                  {t("admin.revoke")}
                </Button>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      <Modal opened={revoking !== null} onClose={() => setRevoking(null)} title={t("admin.revokeClient", { name: revoking?.client_name ?? "" })}>
        <Stack>
          <Text>{t("admin.revokeClientConfirm", { name: revoking?.client_name ?? "" })}</Text>
          {revoke.error ? <ErrorAlert error={revoke.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(null)}>{t("app.cancel")}</Button>
            <Button color="red.8" loading={revoke.isPending} onClick={() => revoking && revoke.mutate(revoking.client_id)}>{t("admin.revoke")}</Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

export function ClientsPanel() {
  return (
    <Requires feature="feature.clients" endpoints={[["get", "/api/v1/oauth/clients"]]}>
      <Clients />
    </Requires>
  );
}
