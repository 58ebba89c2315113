import { expect, test, type APIRequestContext } from "@playwright/test";
import { ADMIN, createResource, ensureAdmin, expectAccessible, failOnConsoleErrors, register, shot, signedInAs, token, tomorrowAt, unique } from "./helpers";

type Made = { series_id: number; created: { id: number; start_time: string; end_time: string }[] };

async function weeklySeries(request: APIRequestContext, auth: string, resourceId: number): Promise<Made> {
  const start = tomorrowAt(9);
  const end = tomorrowAt(10);
  const answer = await request.post("/api/v1/reservations/recurring", {
    headers: { Authorization: `Bearer ${auth}` },
    data: { resource_id: resourceId, start_time: start.toISOString(), end_time: end.toISOString(), recurrence: { rrule: "FREQ=WEEKLY;COUNT=4" } },
  });
  expect(answer.status(), await answer.text()).toBe(201);
  return (await answer.json()) as Made;
}

test("a series page shows the rule in words, the cancelled and moved occurrences, and every occurrence", async ({ page, request }, testInfo) => {
  const assertClean = failOnConsoleErrors(page);
  await ensureAdmin(request);
  const room = await createResource(request, await token(request, ADMIN.username, ADMIN.password), unique("Series Room "));
  const owner = unique("serena");
  await register(request, owner);
  const auth = await token(request, owner);
  const made = await weeklySeries(request, auth, room.id);
  const [, cancelled, moved] = made.created;
  const headers = { Authorization: `Bearer ${auth}` };
  expect((await request.post(`/api/v1/reservations/${cancelled!.id}/cancel`, { headers, data: { reason: "holiday" } })).status()).toBe(200);
  const later = (iso: string) => new Date(Date.parse(iso) + 2 * 3_600_000).toISOString();
  const shifted = await request.patch(`/api/v1/reservations/${moved!.id}`, { headers, data: { start_time: later(moved!.start_time), end_time: later(moved!.end_time) } });
  expect(shifted.status(), await shifted.text()).toBe(200);

  // From My reservations, the series heading leads to the series page.
  await signedInAs(page, request, owner);
  await page.goto("/reservations");
  await page.getByTestId("series-link").first().click();
  await expect(page).toHaveURL(new RegExp(`/reservations/series/${made.series_id}$`));
  await expect(page.getByRole("heading", { name: `Recurring booking of ${room.name}`, level: 1 })).toBeVisible();
  await expect(page.getByTestId("series-rule")).toHaveText("Every week, 4 times");
  const exceptions = page.getByTestId("series-exceptions");
  await expect(exceptions.locator("tbody tr")).toHaveCount(2);
  await expect(exceptions.locator('tr[data-kind="cancelled"]')).toContainText("Cancelled");
  await expect(exceptions.locator('tr[data-kind="moved"]')).toContainText("Moved");
  await expect(page.getByRole("heading", { name: "Occurrences (4)" })).toBeVisible();
  await expect(page.getByTestId("series-occurrence")).toHaveCount(4);
  await expect(page.locator('[data-testid="series-occurrence"][data-status="cancelled"]')).toHaveCount(1);
  await expectAccessible(page, "series");
  await shot(page, "09-series", testInfo);
  assertClean();
});

test("someone else's series is not found", async ({ page, request }) => {
  await ensureAdmin(request);
  const room = await createResource(request, await token(request, ADMIN.username, ADMIN.password), unique("Series Room "));
  const owner = unique("sam");
  const stranger = unique("stan");
  await register(request, owner);
  await register(request, stranger);
  const made = await weeklySeries(request, await token(request, owner), room.id);
  await signedInAs(page, request, stranger);
  await page.goto(`/reservations/series/${made.series_id}`);
  await expect(page.getByRole("alert")).toContainText(`Series ${made.series_id} does not exist.`);
  await expect(page.getByTestId("series-occurrence")).toHaveCount(0);
});
