// Third-party apps: the consent screen of the authorization-code grant (PKCE) and the admin screen for clients.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createHash, randomBytes } from "node:crypto";
import { ADMIN, ensureAdmin, expectAccessible, failOnConsoleErrors, register, shot, signedInAs, token, unique } from "./helpers";

// The app's callback never leaves the browser: the test answers it (see page.route below).
const CALLBACK = "https://app.example.test/callback";

function pkce() {
  const verifier = randomBytes(48).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

async function registerApp(request: APIRequestContext, name: string): Promise<{ client_id: string }> {
  const answer = await request.post("/api/v1/oauth/clients", {
    headers: { Authorization: `Bearer ${await token(request, ADMIN.username, ADMIN.password)}` },
    data: { client_name: name, scope: "users:read", redirect_uris: [CALLBACK], public: true },
  });
  expect(answer.status(), await answer.text()).toBe(201);
  return (await answer.json()) as { client_id: string };
}

function authorizeUrl(clientId: string, challenge: string, state: string): string {
  const query = new URLSearchParams({
    response_type: "code", client_id: clientId, redirect_uri: CALLBACK, scope: "users:read", state, code_challenge: challenge, code_challenge_method: "S256",
  });
  return `/api/v1/oauth/authorize?${query}`;
}

test.describe("third-party apps", () => {
  test.beforeAll(async ({ request }) => {
    await ensureAdmin(request);
  });

  test("consent: the app's name and scopes; Allow lands on its callback with code and state; Deny with access_denied", async ({ page, request }, testInfo) => {
    const assertClean = failOnConsoleErrors(page);
    const appName = unique("Calendar Sync ");
    const app = await registerApp(request, appName);
    const username = unique("consent");
    await register(request, username);
    await signedInAs(page, request, username);
    await page.route(`${CALLBACK}**`, (route) => route.fulfill({ contentType: "text/html", body: "<!doctype html><title>App</title><p>Back in the app</p>" }));

    const pair = pkce();
    await page.goto(authorizeUrl(app.client_id, pair.challenge, "first-state"));
    await expect(page).toHaveURL(/\/oauth\/consent\?/);
    await expect(page.getByRole("heading", { name: `${appName} wants to use your account` })).toBeVisible();
    await expect(page.getByTestId("consent-scopes")).toContainText("users:read");
    await expectAccessible(page, "the consent screen");
    await shot(page, "40-oauth-consent", testInfo);

    await page.getByRole("button", { name: "Allow" }).click();
    await page.waitForURL((url) => url.href.startsWith(CALLBACK));
    const back = new URL(page.url());
    expect(back.searchParams.get("state")).toBe("first-state");
    const code = back.searchParams.get("code");
    expect(code).toBeTruthy();
    // The code really buys the app a token for this user.
    const exchanged = await request.post("/api/v1/token", {
      form: { grant_type: "authorization_code", code: code!, redirect_uri: CALLBACK, client_id: app.client_id, code_verifier: pair.verifier },
    });
    expect(exchanged.status(), await exchanged.text()).toBe(200);
    const me = await request.get("/api/v1/users/me", { headers: { Authorization: `Bearer ${((await exchanged.json()) as { access_token: string }).access_token}` } });
    expect(((await me.json()) as { username: string }).username).toBe(username);

    await page.goto(authorizeUrl(app.client_id, pkce().challenge, "second-state"));
    await page.getByRole("button", { name: "Deny" }).click();
    await page.waitForURL((url) => url.href.startsWith(CALLBACK));
    const denied = new URL(page.url());
    expect(denied.searchParams.get("error")).toBe("access_denied");
    expect(denied.searchParams.get("state")).toBe("second-state");
    expect(denied.searchParams.get("code")).toBeNull();
    assertClean();
  });

  test("a request the app cannot make is explained on the consent screen, not sent on", async ({ page, request }) => {
    const app = await registerApp(request, unique("Greedy "));
    const username = unique("careful");
    await register(request, username);
    await signedInAs(page, request, username);
    const query = new URLSearchParams({
      response_type: "code", client_id: app.client_id, redirect_uri: CALLBACK, scope: "users:manage", state: "s", code_challenge: pkce().challenge, code_challenge_method: "S256",
    });
    await page.goto(`/oauth/consent?${query}`);
    await expect(page.getByRole("heading", { name: "This sign-in request cannot be used" })).toBeVisible();
    await expect(page.getByRole("alert")).toContainText("users:manage");
    await expect(page.getByRole("button", { name: "Allow" })).toHaveCount(0);
  });

  test("admin: register a confidential client (secret shown once), see it listed, revoke it", async ({ page, request }, testInfo) => {
    const assertClean = failOnConsoleErrors(page);
    await signedInAs(page, request, ADMIN.username, ADMIN.password);
    await page.goto("/admin/clients");
    const name = unique("Reporting ");
    await page.getByLabel(/App name/).fill(name);
    await page.getByLabel("Redirect URIs").fill("https://reports.example.test/cb");
    await page.getByRole("button", { name: "Register client" }).click();
    const created = page.getByTestId("client-created");
    await expect(created).toBeVisible();
    const secret = (await page.getByTestId("client-secret").textContent()) ?? "";
    expect(secret.length).toBeGreaterThan(30);
    const item = page.getByRole("listitem").filter({ hasText: name });
    await expect(item).toContainText("https://reports.example.test/cb");
    await expect(item).toContainText("confidential");
    await expectAccessible(page, "the clients admin screen");
    await shot(page, "41-admin-clients", testInfo);

    await item.getByRole("button", { name: `Revoke ${name}` }).click();
    const dialog = page.getByRole("dialog", { name: `Revoke ${name}` });
    await dialog.getByRole("button", { name: "Revoke", exact: true }).click();
    await expect(page.getByRole("listitem").filter({ hasText: name })).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole("heading", { name: "Administration" })).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: name })).toHaveCount(0);
    assertClean();
  });
});
