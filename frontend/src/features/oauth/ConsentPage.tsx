import { Alert, Anchor, Button, Code, Group, List, Paper, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { ErrorAlert, Loading } from "../../components/feedback";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";

const FIELDS = ["response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method"] as const;

/** The authorization request exactly as the app sent it (the gateway checks every part again). */
function useAuthorizationRequest() {
  const [params] = useSearchParams();
  const request = Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ""])) as Record<(typeof FIELDS)[number], string>;
  return request;
}

/** Where the browser goes next is the app's registered redirect URI, as auth built it. */
function leaveFor(url: string) {
  window.location.assign(url);
}

export default function ConsentPage() {
  const { t } = useI18n();
  const request = useAuthorizationRequest();
  const details = useQuery({
    queryKey: ["oauth-consent", request],
    queryFn: () => unwrap(api.GET("/api/v1/oauth/authorize/details", { params: { query: request } })),
    retry: false,
  });
  const decide = useMutation({
    mutationFn: (allow: boolean) => unwrap(api.POST("/api/v1/oauth/authorize", { body: { ...request, allow } })),
    onSuccess: (answer) => leaveFor(answer.redirect_to),
  });
  if (details.isPending) return <Loading />;
  if (details.isError) {
    return (
      <Stack maw={560}>
        <Title order={1} size="h2">{t("oauth.invalidTitle")}</Title>
        <ErrorAlert error={details.error} />
      </Stack>
    );
  }
  const info = details.data;
  if (info.error) {
    return (
      <Stack maw={560}>
        <Title order={1} size="h2">{t("oauth.invalidTitle")}</Title>
        <Alert color="red" variant="light" role="alert">{info.error_description ?? info.error}</Alert>
        {info.redirect_to ? <Anchor href={info.redirect_to}>{t("oauth.backToApp", { client: info.client_name })}</Anchor> : null}
      </Stack>
    );
  }
  return (
    <Paper withBorder p="lg" maw={560} component="section" aria-labelledby="consent-title">
      <Stack>
        <Title order={1} size="h2" id="consent-title">{t("oauth.title", { client: info.client_name })}</Title>
        <Text>{t("oauth.actsForYou", { client: info.client_name })}</Text>
        {info.scopes.length ? (
          <div>
            <Text fw={600}>{t("oauth.scopes")}</Text>
            <List data-testid="consent-scopes">
              {info.scopes.map((scope) => (
                <List.Item key={scope}>
                  <Code>{scope}</Code> — {t(`scope.${scope}` as MessageKey, { scope }) === `scope.${scope}` ? scope : t(`scope.${scope}` as MessageKey)}
                </List.Item>
              ))}
            </List>
          </div>
        ) : (
          <Text data-testid="consent-scopes">{t("oauth.noScopes")}</Text>
        )}
        <Text size="sm">{t("oauth.redirectsTo", { uri: info.redirect_uri })}</Text>
        {decide.error ? <ErrorAlert error={decide.error} /> : null}
        <Group>
          <Button onClick={() => decide.mutate(true)} loading={decide.isPending && decide.variables === true}>{t("oauth.allow")}</Button>
          <Button variant="default" onClick={() => decide.mutate(false)} loading={decide.isPending && decide.variables === false}>{t("oauth.deny")}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}
