// What got in the way of a new user trying the app end to end: each check fails without its fix.
import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import {
  ADMIN, createResource, ensureAdmin, expectAccessible, expectNoSidewaysScroll, failOnConsoleErrors, localInput, missing, register, served, shot, signedInAs, token, tomorrowAt, unique,
} from "./helpers";

const PHONE = { width: 375, height: 812 };

/** The enrolment's QR image, and how many pixels wide it decoded (0: a broken image). */
function qrImage(page: Page) {
  return page.locator("section[aria-labelledby=mfa-title] img");
}
async function qrLoaded(page: Page): Promise<number> {
  return qrImage(page).evaluate((img) => (img as HTMLImageElement).naturalWidth);
}

test.describe("first use", () => {
  test.beforeAll(async ({ request }) => ensureAdmin(request));

  for (const viewport of [null, PHONE]) {
    const where = viewport ? "on a phone" : "on a desktop";

    test(`MFA enrolment shows a QR code that loads ${where}`, async ({ page, request }, testInfo) => {
      const gap = missing(await served(request), "POST /api/v1/auth/mfa/setup");
      test.skip(gap !== null, gap ?? "");
      if (viewport) await page.setViewportSize(viewport);
      const assertClean = failOnConsoleErrors(page);
      const username = unique("qr");
      await register(request, username);
      await signedInAs(page, request, username);
      await page.goto("/account");
      await page.getByRole("button", { name: "Set up two-step verification" }).click();
      await expect(qrImage(page)).toBeVisible();
      await expect.poll(() => qrLoaded(page), { message: "the QR image decodes" }).toBeGreaterThan(0);
      await expect(qrImage(page)).toHaveAccessibleName("QR code for your authenticator app");
      await expectAccessible(page, `mfa enrolment ${where}`);
      await expectNoSidewaysScroll(page);
      await shot(page, `20-mfa-qr${viewport ? "-phone" : ""}`, testInfo);
      assertClean();
    });

    test(`a signed-in user without the role is told they have no access to /admin ${where}`, async ({ page, request }, testInfo) => {
      if (viewport) await page.setViewportSize(viewport);
      const username = unique("plain");
      await register(request, username);
      await signedInAs(page, request, username);
      await page.goto("/admin");
      await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
      await expect(page.getByText(/not available yet/)).toHaveCount(0);
      await expect(page.getByTestId("not-available")).toHaveCount(0);
      if (viewport) await page.getByRole("button", { name: "Open navigation" }).click();
      await expect(page.getByRole("link", { name: "My reservations" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Administration" })).toHaveCount(0);
      await expectAccessible(page, `admin forbidden ${where}`);
      await shot(page, `21-admin-forbidden${viewport ? "-phone" : ""}`, testInfo);
    });
  }

  test("a conflict is told once in local time; joining the waitlist shows the place in line", async ({ page, request }, testInfo) => {
    const assertClean = failOnConsoleErrors(page);
    const room = await createResource(request, await token(request, ADMIN.username, ADMIN.password), unique("Studio "));
    const holder = unique("holder");
    const waiter = unique("waiter");
    await register(request, holder);
    await register(request, waiter);
    const booked = await request.post("/api/v1/reservations", {
      headers: { Authorization: `Bearer ${await token(request, holder)}` },
      data: { resource_id: room.id, start_time: tomorrowAt(9).toISOString(), end_time: tomorrowAt(10).toISOString() },
    });
    expect(booked.status(), await booked.text()).toBe(201);

    await signedInAs(page, request, waiter);
    await page.goto(`/resources/${room.id}`);
    await page.getByRole("textbox", { name: "Start", exact: true }).fill(localInput(tomorrowAt(9, 30)));
    await page.getByRole("textbox", { name: "End", exact: true }).fill(localInput(tomorrowAt(10, 30)));
    await page.getByRole("button", { name: "Book", exact: true }).click();
    const start = page.getByRole("textbox", { name: "Start", exact: true });
    await expect(start).toHaveAttribute("aria-invalid", "true");
    const form = page.locator("#book");
    const message = form.getByText(/overlaps a booking/);
    await expect(message).toHaveCount(1);
    // 09:00–10:00 tomorrow in the reader's zone, once; no ISO timestamps anywhere in the form.
    await expect(message).toHaveText(/^This time overlaps a booking \(.+, 9:00 AM – 10:00 AM\); choose another time\.$/);
    expect(await form.textContent()).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
    await expectAccessible(page, "booking conflict");
    await shot(page, "22-conflict", testInfo);

    await form.getByRole("button", { name: "Join waitlist" }).click();
    await expect(form.getByTestId("waitlist-joined")).toContainText("You're number 1 in line.");
    await expect(form.getByRole("button", { name: "Join waitlist" })).toHaveCount(0);
    await expect(start).not.toHaveAttribute("aria-invalid", "true");
    await expect(form.getByText(/overlaps a booking/)).toHaveCount(0);
    await expectAccessible(page, "joined the waitlist");
    await shot(page, "23-joined-waitlist", testInfo);
    await form.getByRole("link", { name: "Open the waitlist" }).click();
    await expect(page.getByTestId("waitlist-entry").filter({ hasText: room.name })).toHaveCount(1);
    assertClean();
  });

  test("a waitlist offer reaches the user on any page: toast with countdown, badge, accept", async ({ page, request }, testInfo) => {
    const gap = missing(await served(request), "POST /api/v1/waitlist/{entry_id}/accept");
    test.skip(gap !== null, gap ?? "");
    const assertClean = failOnConsoleErrors(page);
    const room = await createResource(request, await token(request, ADMIN.username, ADMIN.password), unique("Kiln "));
    const holder = unique("holder");
    const waiter = unique("waiter");
    await register(request, holder);
    await register(request, waiter);
    const booked = await request.post("/api/v1/reservations", {
      headers: { Authorization: `Bearer ${await token(request, holder)}` },
      data: { resource_id: room.id, start_time: tomorrowAt(16).toISOString(), end_time: tomorrowAt(17).toISOString() },
    });
    expect(booked.status(), await booked.text()).toBe(201);
    const joined = await request.post("/api/v1/waitlist", {
      headers: { Authorization: `Bearer ${await token(request, waiter)}` },
      data: { resource_id: room.id, desired_start: tomorrowAt(16).toISOString(), desired_end: tomorrowAt(17).toISOString() },
    });
    expect(joined.status(), await joined.text()).toBe(201);

    await signedInAs(page, request, waiter);
    await page.goto("/reservations");
    await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
    await expect(page.getByTestId("offer-toast")).toHaveCount(0);
    const cancelled = await request.post(`/api/v1/reservations/${((await booked.json()) as { id: number }).id}/cancel`, {
      headers: { Authorization: `Bearer ${await token(request, holder)}` },
      data: { reason: "free it" },
    });
    expect(cancelled.status()).toBe(200);

    const toast = page.getByTestId("offer-toast");
    try {
      await expect(toast).toBeVisible({ timeout: 20_000 });
    } catch (error) {
      const log = process.env.RR_STACK_LOG ? readFileSync(process.env.RR_STACK_LOG, "utf8") : "";
      const reason = /MissingServiceCredentials\('([^']+)'/.exec(log)?.[1];
      test.skip(Boolean(reason), `no waitlist offer is made in this stack: ${reason}`);
      throw error;
    }
    await expect(toast).toContainText(room.name);
    await expect(toast).toContainText(/4:00 PM – 5:00 PM/);
    const timer = toast.getByRole("timer");
    await expect(timer).toHaveText(/^Offer expires in 1[45] min \d\d s$/);
    const first = await timer.textContent();
    await expect(timer).not.toHaveText(first!, { timeout: 3_000 }); // it counts down
    await expect(page.getByTestId("waitlist-badge")).toContainText("1");
    await expectAccessible(page, "offer toast");
    await shot(page, "24-offer-toast", testInfo);

    // On a phone the toast fits the screen and the menu button carries the news.
    await page.setViewportSize(PHONE);
    await expect(toast).toBeInViewport({ ratio: 1 });
    await expect(page.getByRole("button", { name: /Open navigation \(1 open offer/ })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page, "offer toast on a phone");
    await shot(page, "25-offer-toast-phone", testInfo);

    await toast.getByRole("button", { name: "Accept" }).click();
    await expect(page.getByText("Offer accepted: the slot is booked for you.")).toBeVisible();
    await expect(toast).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Open navigation" })).toBeVisible();
    await expect(page.getByTestId("waitlist-badge")).toHaveCount(0);
    assertClean();
  });
});
