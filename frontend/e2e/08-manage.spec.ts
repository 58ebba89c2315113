// Phone screens, managing bookings and the smaller things users expect: each check fails without its fix.
import { expect, test, type APIRequestContext, type Locator } from "@playwright/test";
import {
  ADMIN, createResource, ensureAdmin, expectAccessible, expectNoSidewaysScroll, failOnConsoleErrors, localInput, register, shot, signedInAs, token, tomorrowAt, unique, PASSWORD,
} from "./helpers";

const PHONE = { width: 375, height: 812 };

async function book(request: APIRequestContext, username: string, resourceId: number, start: Date, end: Date): Promise<number> {
  const answer = await request.post("/api/v1/reservations", {
    headers: { Authorization: `Bearer ${await token(request, username)}` },
    data: { resource_id: resourceId, start_time: start.toISOString(), end_time: end.toISOString() },
  });
  expect(answer.status(), await answer.text()).toBe(201);
  return ((await answer.json()) as { id: number }).id;
}

/** The element shows its whole text: nothing clipped inside it. */
async function notClipped(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
}

test.describe("managing bookings", () => {
  let room: { id: number; name: string };
  let adminToken: string;
  test.beforeAll(async ({ request }) => {
    await ensureAdmin(request);
    adminToken = await token(request, ADMIN.username, ADMIN.password);
    room = await createResource(request, adminToken, unique("Desk "));
  });

  test("on a phone: reservations as cards with Cancel on screen, filters folded, whole 'Mark read', one-day calendar says Today", async ({ page, request }, testInfo) => {
    const assertClean = failOnConsoleErrors(page);
    const username = unique("phone");
    await register(request, username);
    await book(request, username, room.id, tomorrowAt(8), tomorrowAt(9));
    await page.setViewportSize(PHONE);
    await signedInAs(page, request, username);

    await page.goto("/reservations");
    const row = page.getByTestId("reservation-row").filter({ hasText: room.name });
    await expect(row).toHaveCount(1);
    await expect(row.getByRole("button", { name: /^Cancel/ })).toBeInViewport({ ratio: 1 });
    await expect(row.getByText("Confirmed")).toBeInViewport({ ratio: 1 });
    await expect(page.getByTestId("reservations-table")).toHaveCount(0);
    await expectNoSidewaysScroll(page);
    await expectAccessible(page, "reservations on a phone");
    await shot(page, "30-phone-reservations", testInfo);

    await page.goto("/resources");
    await expect(page.getByRole("heading", { name: "Resources" })).toBeVisible();
    const filters = page.getByRole("button", { name: "Filters" });
    await expect(filters).toHaveAttribute("aria-expanded", "false");
    await expect(page.getByRole("combobox", { name: "Status" })).toBeHidden();
    await expect(page.getByTestId("resource-row").first()).toBeInViewport();
    await expectAccessible(page, "resources on a phone");
    await shot(page, "31-phone-resources", testInfo);
    await filters.click();
    await expect(page.getByRole("combobox", { name: "Status" })).toBeVisible();
    await expectAccessible(page, "resource filters open on a phone");

    await page.goto("/notifications");
    const markRead = page.getByRole("button", { name: /^Mark read:/ }).first();
    await expect(markRead).toBeVisible({ timeout: 20_000 });
    await expect(markRead).toHaveText("Mark read");
    expect(await notClipped(markRead.locator(".mantine-Button-label")), "the label is not cut").toBe(true);
    await expectNoSidewaysScroll(page);
    await expectAccessible(page, "notifications on a phone");
    await shot(page, "32-phone-notifications", testInfo);

    await page.goto(`/resources/${room.id}`);
    await expect(page.getByTestId("week-view")).toBeVisible();
    await expect(page.getByRole("button", { name: "Today" })).toBeVisible();
    await expect(page.getByRole("button", { name: "This week" })).toHaveCount(0);
    const start = page.getByRole("textbox", { name: "Start", exact: true });
    expect((await start.boundingBox())!.width, "room for the date, the time and AM/PM").toBeGreaterThanOrEqual(240);
    await expectAccessible(page, "resource page on a phone");
    assertClean();
  });

  test("the booking form's date-time fields have room for AM/PM on a desktop", async ({ page, request }) => {
    const username = unique("wide");
    await register(request, username);
    await signedInAs(page, request, username);
    await page.goto(`/resources/${room.id}`);
    for (const name of ["Start", "End"]) {
      const box = (await page.getByRole("textbox", { name, exact: true }).boundingBox())!;
      expect(box.width, `${name} is wide enough`).toBeGreaterThanOrEqual(240);
    }
  });

  test("move a booking to another time", async ({ page, request }, testInfo) => {
    const assertClean = failOnConsoleErrors(page);
    const username = unique("mover");
    await register(request, username);
    await book(request, username, room.id, tomorrowAt(10), tomorrowAt(11));
    await signedInAs(page, request, username);
    await page.goto("/reservations");
    const row = page.getByTestId("reservation-row").filter({ hasText: room.name });
    await row.getByRole("button", { name: /^Change time/ }).click();
    const dialog = page.getByRole("dialog", { name: "Change the time of this booking" });
    await dialog.getByRole("textbox", { name: "Start", exact: true }).fill(localInput(tomorrowAt(12)));
    await dialog.getByRole("textbox", { name: "End", exact: true }).fill(localInput(tomorrowAt(13)));
    await expectAccessible(page, "move dialog");
    await shot(page, "33-move", testInfo);
    await dialog.getByRole("button", { name: "Save the new time" }).click();
    await expect(page.getByText(/^Moved to .*12:00 PM – 1:00 PM\.$/)).toBeVisible();
    await expect(row).toContainText("12:00 PM – 1:00 PM");
    assertClean();
  });

  test("a series is grouped and can be cancelled as a whole", async ({ page, request }, testInfo) => {
    const username = unique("series");
    await register(request, username);
    const answer = await request.post("/api/v1/reservations/recurring", {
      headers: { Authorization: `Bearer ${await token(request, username)}` },
      data: {
        resource_id: room.id, start_time: tomorrowAt(18).toISOString(), end_time: tomorrowAt(19).toISOString(),
        recurrence: { frequency: "weekly", interval: 1, end_type: "after_count", occurrence_count: 3 },
      },
    });
    expect(answer.status(), await answer.text()).toBe(201);
    await signedInAs(page, request, username);
    await page.goto("/reservations");
    const heading = page.getByTestId("series-heading");
    await expect(heading).toHaveCount(1);
    await expect(heading).toContainText(`Recurring booking of ${room.name}: 3 occurrences`);
    await expectAccessible(page, "series");
    await shot(page, "34-series", testInfo);
    await heading.getByRole("button", { name: "Cancel series…" }).click();
    const dialog = page.getByRole("dialog", { name: "Cancel this reservation?" });
    await expect(dialog.getByRole("radio", { name: "The whole series" })).toBeChecked();
    await dialog.getByRole("button", { name: "Cancel", exact: true }).click();
    await expect(page.getByText("Reservation cancelled.")).toBeVisible();
    await expect(page.getByTestId("reservation-row").and(page.locator('[data-status="confirmed"]'))).toHaveCount(0);
  });

  test("check-in is offered only when it opens", async ({ page, request }) => {
    const assertClean = failOnConsoleErrors(page);
    const username = unique("checkin");
    await register(request, username);
    const other = await createResource(request, adminToken, unique("Bench "));
    await book(request, username, room.id, tomorrowAt(15), tomorrowAt(16));
    const soon = new Date(Date.now() + 5 * 60_000);
    await book(request, username, other.id, soon, new Date(soon.getTime() + 60 * 60_000));
    await signedInAs(page, request, username);
    await page.goto("/reservations");
    const tomorrow = page.getByTestId("reservation-row").filter({ hasText: room.name });
    await expect(tomorrow).toHaveCount(1);
    await expect(tomorrow.getByRole("button", { name: /^Check in/ })).toHaveCount(0);
    await tomorrow.getByRole("button", { name: /^Actions/ }).click();
    await expect(page.getByRole("menuitem", { name: "Check in" })).toHaveCount(0);
    await page.keyboard.press("Escape");
    const now = page.getByTestId("reservation-row").filter({ hasText: other.name });
    await now.getByRole("button", { name: /^Check in/ }).click();
    await expect(page.getByText("Checked in.")).toBeVisible();
    await expect(now).toHaveAttribute("data-status", "checked_in");
    assertClean();
  });

  test("an unavailable resource says so instead of offering a form that will be refused", async ({ page, request }, testInfo) => {
    const closed = await createResource(request, adminToken, unique("Closed lab "));
    const set = await request.put(`/api/v1/resources/${closed.id}/status/unavailable`, { headers: { Authorization: `Bearer ${adminToken}` }, data: { reason: "Flooded" } });
    expect(set.status(), await set.text()).toBe(200);
    const username = unique("late");
    await register(request, username);
    await signedInAs(page, request, username);
    await page.goto(`/resources/${closed.id}`);
    await expect(page.getByTestId("not-bookable")).toContainText("This resource cannot be booked right now.");
    await expect(page.getByTestId("not-bookable")).toContainText("Flooded");
    await expect(page.getByRole("button", { name: "Book", exact: true })).toHaveCount(0);
    await expectAccessible(page, "unavailable resource");
    await shot(page, "35-unavailable", testInfo);
  });
});

test.describe("smaller things", () => {
  test.beforeAll(async ({ request }) => ensureAdmin(request));

  test("a notification leads to its reservation and follows the chosen language", async ({ page, request }, testInfo) => {
    const room = await createResource(request, await token(request, ADMIN.username, ADMIN.password), unique("Hall "));
    const username = unique("news");
    await register(request, username);
    const id = await book(request, username, room.id, tomorrowAt(11), tomorrowAt(12));
    await signedInAs(page, request, username);
    await page.goto("/notifications");
    const item = page.getByTestId("notification").filter({ hasText: "Reservation confirmed" });
    await expect(item).toHaveCount(1, { timeout: 20_000 });
    await item.getByRole("link", { name: "Reservation confirmed" }).click();
    await expect(page).toHaveURL(new RegExp(`/reservations\\?id=${id}$`));
    await expect(page.locator(`#reservation-${id}`)).toHaveAttribute("data-highlighted", "true");

    await page.goto("/notifications");
    await page.getByLabel("Language").selectOption("es");
    const spanish = page.getByTestId("notification").first();
    await expect(spanish).toContainText("Reserva confirmada");
    // Written from the facts the API sends: the resource, and the slot in Spanish.
    await expect(spanish).toContainText(`Tu reserva de ${room.name} (`);
    await expect(spanish).toContainText(") está confirmada.");
    await expect(spanish).not.toContainText("is confirmed");
    await expectAccessible(page, "notifications in Spanish");
    await shot(page, "36-notifications-es", testInfo);
  });

  test("notification preferences can be changed and stay changed", async ({ page, request }, testInfo) => {
    const username = unique("prefs");
    await register(request, username);
    await signedInAs(page, request, username);
    await page.goto("/notifications");
    await page.getByRole("link", { name: "Preferences" }).click();
    await expect(page.getByRole("heading", { name: "Notification preferences" })).toBeVisible();
    const email = page.getByRole("checkbox", { name: "Reservation confirmed: By e-mail" });
    await expect(email).toBeChecked();
    await email.uncheck();
    await page.getByLabel("Reminder before a booking (minutes)").fill("30");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Preferences saved.")).toBeVisible();
    await page.reload();
    await expect(page.getByRole("checkbox", { name: "Reservation confirmed: By e-mail" })).not.toBeChecked();
    await expect(page.getByLabel("Reminder before a booking (minutes)")).toHaveValue("30");
    await expectAccessible(page, "notification preferences");
    await shot(page, "37-preferences", testInfo);
    await page.setViewportSize(PHONE);
    await expectNoSidewaysScroll(page);
    await expectAccessible(page, "notification preferences on a phone");
  });

  test("a wrong password is said plainly; after a lockout another name can still sign in", async ({ page, request }, testInfo) => {
    const locked = unique("locked");
    const other = unique("other");
    await register(request, locked);
    await register(request, other);
    await page.goto("/signin");
    await page.getByLabel("Username").fill(locked);
    const password = page.getByRole("textbox", { name: "Password", exact: true });
    await password.fill("Wrong-Password-1!");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText("The username or password is not correct.");
    await expect(page.getByText("Something went wrong")).toHaveCount(0);
    await expectAccessible(page, "wrong password");
    await shot(page, "38-wrong-password", testInfo);
    for (let i = 0; i < 6 && !(await page.getByTestId("lockout").isVisible()); i++) {
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("alert")).toBeVisible();
    }
    await expect(page.getByTestId("lockout")).toContainText(/try again in \d+ min/);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeDisabled();
    await page.getByLabel("Username").fill(other);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    await password.fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("current-user")).toHaveText(other);
  });
});
