import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
import { createHmac } from "node:crypto";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";

export const ADMIN = { username: "admin", password: "Reserver-Pass-123!", email: "admin@example.com" };
export const PASSWORD = "Correct-Horse-42!";
const SHOTS = resolve(import.meta.dirname, "../test-results/screenshots");

/** A name unique to this run, so specs can be re-run against the same stack. */
export function unique(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

export type Served = (method: string, path: string) => boolean;

/** Which endpoints the gateway serves right now (path parameter names do not matter). */
export async function served(request: APIRequestContext): Promise<Served> {
  const doc = (await (await request.get("/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
  const norm = (p: string) => p.replace(/\{[^}]+\}/g, "{}").replace(/\/$/, "");
  const set = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${norm(p)}`)));
  return (method, path) => set.has(`${method.toLowerCase()} ${norm(path)}`);
}

/** Skip reason naming the first endpoint the gateway lacks, or null when all are served. */
export function missing(has: Served, ...endpoints: string[]): string | null {
  const gap = endpoints.find((e) => {
    const [method, path] = e.split(" ");
    return !has(method!, path!);
  });
  return gap ? `${gap} is not served by the gateway yet` : null;
}

export async function ensureAdmin(request: APIRequestContext): Promise<void> {
  const answer = await request.post("/api/v1/setup/initialize", { data: ADMIN });
  expect([201, 409]).toContain(answer.status());
}

export async function register(request: APIRequestContext, username: string, password = PASSWORD): Promise<void> {
  const answer = await request.post("/api/v1/register", { data: { username, password, email: `${username}@example.com` } });
  expect(answer.status(), await answer.text()).toBe(201);
}

export async function token(request: APIRequestContext, username: string, password = PASSWORD): Promise<string> {
  const answer = await request.post("/api/v1/token", { form: { username, password } });
  expect(answer.status(), await answer.text()).toBe(200);
  return ((await answer.json()) as { access_token: string }).access_token;
}

export async function createResource(request: APIRequestContext, adminToken: string, name: string, extra: Record<string, unknown> = {}): Promise<{ id: number; name: string }> {
  const answer = await request.post("/api/v1/resources", {
    headers: { Authorization: `Bearer ${adminToken}` },
    data: { name, description: "A room for the browser tests", tags: ["room", "e2e"], capacity: 6, location: "Floor 2", timezone: "Europe/Paris", ...extra },
  });
  expect(answer.status(), await answer.text()).toBe(201);
  return (await answer.json()) as { id: number; name: string };
}

/** Tomorrow at `hour`:00 local time (the browser runs in Europe/Paris; so does this). */
export function tomorrowAt(hour: number, minutes = 0): Date {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  d.setHours(hour, minutes, 0, 0);
  return d;
}

/** "YYYY-MM-DDTHH:MM" for a datetime-local input. */
export function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export async function signIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Username").fill(username);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toHaveText(username);
}

/**
 * Starts `page` signed in without the sign-in screen (covered by its own specs): tokens from the
 * API go where the app keeps its session (localStorage "rr.session") before the first page loads.
 * Seeded once per tab, so signing out later in the test sticks.
 */
export async function signedInAs(page: Page, request: APIRequestContext, username: string, password = PASSWORD): Promise<void> {
  const answer = await request.post("/api/v1/token", { form: { username, password } });
  expect(answer.status(), await answer.text()).toBe(200);
  const t = (await answer.json()) as { access_token: string; refresh_token?: string | null; expires_in: number };
  const tokens = JSON.stringify({ accessToken: t.access_token, refreshToken: t.refresh_token ?? "", expiresAt: Date.now() + t.expires_in * 1000 });
  await page.addInitScript((value) => {
    if (sessionStorage.getItem("rr.e2e.seeded")) return;
    sessionStorage.setItem("rr.e2e.seeded", "1");
    localStorage.setItem("rr.session", value);
  }, tokens);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
}

export async function shot(page: Page, name: string, testInfo?: TestInfo): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const path = resolve(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  if (testInfo) await testInfo.attach(name, { path, contentType: "image/png" });
}

/** axe-core on the page as it is: no serious or critical violation allowed. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  // The app has no frames, so axe runs in the page itself (legacy mode) instead of finishing in an
  // extra blank page per scan: same rules and results, about a second less each time.
  const result = await new AxeBuilder({ page }).setLegacyMode(true).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n  ")}`).join("\n");
  expect(bad, `axe violations on ${screen}:\n${report}`).toEqual([]);
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) for a base32 secret. */
export function totp(secret: string, at = Date.now()): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secret.replace(/=+$/, "").toUpperCase().replace(/\s/g, "")) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, "0");
}

/**
 * Fails the test on any uncaught exception or console error in the page. The browser's own line
 * for an answer the test expects (a 4xx such as the 409 of a conflict) is not an app error.
 */
export function failOnConsoleErrors(page: Page): () => void {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const text = message.text();
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    errors.push(text);
  });
  return () => expect(errors, "console errors").toEqual([]);
}

/** Nothing sticks out sideways at the current viewport width, once the layout has settled (after
 *  a resize the side navigation slides away with a transition). A lasting overflow still fails. */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), { timeout: 5_000 })
    .toBeLessThanOrEqual(0);
}
