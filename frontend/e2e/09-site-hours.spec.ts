import { expect, test, type APIRequestContext } from "@playwright/test";
import { ADMIN, createResource, ensureAdmin, expectAccessible, missing, served, shot, signedInAs, token, unique } from "./helpers";

/** The site calendar is shared by every spec on the stack: leave it empty. */
async function clearSite(request: APIRequestContext, adminToken: string): Promise<void> {
  const headers = { Authorization: `Bearer ${adminToken}` };
  expect((await request.put("/api/v1/site/business-hours", { headers, data: [] })).status()).toBe(200);
  const listed = (await (await request.get("/api/v1/site/blackout-dates", { headers })).json()) as { data: { id: number }[] };
  for (const b of listed.data) expect((await request.delete(`/api/v1/site/blackout-dates/${b.id}`, { headers })).status()).toBe(204);
}

test.describe("site-wide hours and closed dates", () => {
  test.beforeAll(async ({ request }) => ensureAdmin(request));

  test("an admin sets the site's hours and closed dates; a resource without hours shows them as inherited", async ({ page, request }, testInfo) => {
    const gap = missing(await served(request), "PUT /api/v1/site/business-hours", "POST /api/v1/site/blackout-dates");
    test.skip(gap !== null, gap ?? "");
    const adminToken = await token(request, ADMIN.username, ADMIN.password);
    const headers = { Authorization: `Bearer ${adminToken}` };
    await clearSite(request, adminToken);
    try {
      await signedInAs(page, request, ADMIN.username, ADMIN.password);
      await page.goto("/admin/site");
      await expect(page.getByRole("tab", { name: "Site hours" })).toHaveAttribute("aria-selected", "true");
      const hours = page.getByRole("region", { name: "Site-wide opening hours" });
      await hours.getByRole("button", { name: "Create: Monday" }).click();
      await hours.getByLabel("Opens").fill("08:00");
      await hours.getByLabel("Closes").fill("12:00");
      await hours.getByRole("button", { name: "Save" }).click();
      await expect(page.getByText("Saved.")).toBeVisible();
      const saved = (await (await request.get("/api/v1/site/business-hours", { headers })).json()) as { intervals: unknown[] };
      expect(saved.intervals).toEqual([{ day_of_week: 0, open_time: "08:00", close_time: "12:00" }]);

      const closed = page.getByRole("region", { name: "Site-wide closed dates" });
      await closed.getByLabel("From").fill("2035-12-24");
      await closed.getByLabel("To").fill("2035-12-26");
      await closed.getByLabel("Reason").fill("Winter closure");
      await closed.getByRole("button", { name: "Add closed dates" }).click();
      await expect(closed.getByRole("listitem").filter({ hasText: "Winter closure" })).toBeVisible();
      await expectAccessible(page, "admin site hours");
      await shot(page, "site-hours-admin", testInfo);

      // Reversed dates are refused next to the field, and nothing is added.
      await closed.getByLabel("From").fill("2035-12-30");
      await closed.getByLabel("To").fill("2035-12-29");
      await closed.getByRole("button", { name: "Add closed dates" }).click();
      await expect(closed.getByLabel("To")).toHaveAttribute("aria-invalid", "true");
      await expect(closed.getByRole("listitem")).toHaveCount(1);

      // A resource without hours of its own shows the site's, marked as inherited.
      const room = await createResource(request, adminToken, unique("Site room "));
      await page.goto(`/resources/${room.id}`);
      await expect(page.getByTestId("hours-inherited")).toHaveText("Inherited from the site.");
      await expect(page.getByTestId("opening-hours")).toContainText("08:00");
      await expect(page.getByRole("listitem").filter({ hasText: "Winter closure (site-wide)" })).toBeVisible();

      // Reopening: the closed dates go away.
      await page.goto("/admin/site");
      await closed.getByRole("button", { name: "Delete: 2035-12-24" }).click();
      await expect(closed.getByRole("listitem")).toHaveCount(0);
      const left = (await (await request.get("/api/v1/site/blackout-dates", { headers })).json()) as { data: unknown[] };
      expect(left.data).toEqual([]);
    } finally {
      await clearSite(request, adminToken);
    }
  });
});
