import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { ADMIN, createResource, ensureAdmin, expectAccessible, failOnConsoleErrors, localInput, missing, register, served, shot, signedInAs, token, tomorrowAt, unique } from "./helpers";

test.describe("waitlist", () => {
  let slot: { resourceId: number; resourceName: string; holder: string; waiter: string; reservationId: number };

  test.beforeAll(async ({ request }) => {
    await ensureAdmin(request);
    const room = await createResource(request, await token(request, ADMIN.username, ADMIN.password), unique("Lab "));
    const holder = unique("holder");
    const waiter = unique("waiter");
    await register(request, holder);
    await register(request, waiter);
    const booked = await request.post("/api/v1/reservations", {
      headers: { Authorization: `Bearer ${await token(request, holder)}` },
      data: { resource_id: room.id, start_time: tomorrowAt(14).toISOString(), end_time: tomorrowAt(15).toISOString() },
    });
    expect(booked.status(), await booked.text()).toBe(201);
    slot = { resourceId: room.id, resourceName: room.name, holder, waiter, reservationId: ((await booked.json()) as { id: number }).id };
  });

  test("a second user finds the slot taken, joins the waitlist and sees their position", async ({ page, request }, testInfo) => {
    const assertClean = failOnConsoleErrors(page);
    await signedInAs(page, request, slot.waiter);
    await page.goto(`/resources/${slot.resourceId}`);
    await page.getByRole("textbox", { name: "Start", exact: true }).fill(localInput(tomorrowAt(14)));
    await page.getByRole("textbox", { name: "End", exact: true }).fill(localInput(tomorrowAt(15)));
    await page.getByRole("button", { name: "Book", exact: true }).click();
    await expect(page.getByRole("textbox", { name: "Start", exact: true })).toHaveAttribute("aria-invalid", "true");
    await page.getByRole("button", { name: "Join waitlist" }).click();
    await expect(page.getByText("You're number 1 in line.")).toBeVisible();

    await page.getByRole("link", { name: "Waitlist", exact: true }).click();
    const entry = page.getByTestId("waitlist-entry").filter({ hasText: slot.resourceName });
    await expect(entry).toHaveCount(1);
    await expect(entry.getByTestId("waitlist-position")).toHaveText("Position 1");
    await expectAccessible(page, "waitlist");
    await shot(page, "08-waitlist", testInfo);
    assertClean();
  });

  test("the waiting user receives the offer live when the slot frees up, and accepts it", async ({ page, request }, testInfo) => {
    const has = await served(request);
    const gap = missing(has, "POST /api/v1/waitlist/{entry_id}/accept", "POST /api/v1/waitlist/{entry_id}/decline");
    test.skip(gap !== null, gap ?? "");

    // Standalone: join through the API unless the previous test already did.
    const waiterToken = await token(request, slot.waiter);
    const mine = (await (await request.get("/api/v1/waitlist", { headers: { Authorization: `Bearer ${waiterToken}` } })).json()) as { data: { resource_id: number }[] };
    if (!mine.data.some((e) => e.resource_id === slot.resourceId)) {
      const joined = await request.post("/api/v1/waitlist", {
        headers: { Authorization: `Bearer ${waiterToken}` },
        data: { resource_id: slot.resourceId, desired_start: tomorrowAt(14).toISOString(), desired_end: tomorrowAt(15).toISOString() },
      });
      expect(joined.status(), await joined.text()).toBe(201);
    }
    const assertClean = failOnConsoleErrors(page);
    await signedInAs(page, request, slot.waiter);
    await page.goto("/waitlist");
    await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
    const entry = page.getByTestId("waitlist-entry").filter({ hasText: slot.resourceName });
    await expect(entry).toHaveAttribute("data-status", "waiting");

    // The holder cancels; the offer must arrive without a reload.
    const cancelled = await request.post(`/api/v1/reservations/${slot.reservationId}/cancel`, {
      headers: { Authorization: `Bearer ${await token(request, slot.holder)}` },
      data: { reason: "free it for the waitlist" },
    });
    expect(cancelled.status()).toBe(200);
    const offer = entry.getByTestId("waitlist-offer");
    try {
      await expect(offer).toBeVisible({ timeout: 20_000 });
    } catch (error) {
      const log = process.env.RR_STACK_LOG ? readFileSync(process.env.RR_STACK_LOG, "utf8") : "";
      const reason = /MissingServiceCredentials\('([^']+)'/.exec(log)?.[1];
      test.skip(Boolean(reason), `no waitlist offer is made in this stack: ${reason}`);
      throw error;
    }
    await expect(offer.getByRole("timer")).toContainText(/Offer expires in \d/);
    await expectAccessible(page, "waitlist offer");
    await shot(page, "09-waitlist-offer", testInfo);
    await offer.getByRole("button", { name: "Accept" }).click();
    await expect(page.getByText("Offer accepted: the slot is booked for you.")).toBeVisible();

    await page.getByRole("link", { name: "My reservations" }).click();
    await expect(page.getByTestId("reservation-row").filter({ hasText: slot.resourceName })).toHaveCount(1);
    assertClean();
  });
});
