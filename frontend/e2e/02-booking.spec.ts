import { expect, test } from "@playwright/test";
import { ADMIN, PASSWORD, createResource, ensureAdmin, expectAccessible, failOnConsoleErrors, localInput, shot, token, tomorrowAt, unique } from "./helpers";

test("sign up, sign in, find a resource, book it, see it in the week view, cancel it", async ({ page, request }, testInfo) => {
  test.setTimeout(120_000); // the longest journey: six screens, each checked with axe
  const assertClean = failOnConsoleErrors(page);
  await ensureAdmin(request);
  const room = await createResource(request, await token(request, ADMIN.username, ADMIN.password), unique("Room "));
  const username = unique("alice");

  // Sign up: the meter follows the policy as the password is typed.
  await page.goto("/signup");
  await expect(page.getByRole("heading", { name: "Create an account" })).toBeVisible();
  await page.getByLabel("Username").fill(username);
  const password = page.getByRole("textbox", { name: "Password", exact: true });
  await password.fill("short");
  await expect(page.getByTestId("password-strength")).toHaveText("Password strength: very weak");
  await expect(page.getByText("At least 10 characters (not met)")).toBeAttached();
  await expectAccessible(page, "sign up");
  await shot(page, "02-signup-weak", testInfo);
  // The server's policy message lands next to the field.
  await password.fill("alllowercase-password");
  await page.getByRole("button", { name: "Create an account" }).click();
  await expect(page.getByText("Password must contain an upper-case letter.")).toBeVisible();
  await password.fill(PASSWORD);
  await expect(page.getByText("At least 10 characters (met)")).toBeAttached();
  await page.getByRole("button", { name: "Create an account" }).click();

  // Signing up signs in.
  await expect(page).toHaveURL(/\/resources$/);
  await expect(page.getByTestId("current-user")).toHaveText(username);
  await expect(page.getByText("Account created. Sign in to continue.")).toHaveCount(0);

  // Find the resource.
  await expect(page.getByRole("heading", { name: "Resources" })).toBeVisible();
  await page.getByRole("searchbox", { name: "Search resources" }).fill(room.name);
  await expect(page.getByTestId("resource-row")).toHaveCount(1);
  await expect(page.getByRole("button", { name: `Remove filter “${room.name}”` })).toBeVisible();
  await expectAccessible(page, "resources");
  await shot(page, "04-resources", testInfo);
  await page.getByRole("link", { name: room.name }).click();

  // Book it with the form.
  await expect(page.getByRole("heading", { name: room.name, level: 1 })).toBeVisible();
  await expect(page.getByTestId("week-view")).toBeVisible();
  const start = tomorrowAt(10);
  await page.getByRole("textbox", { name: "Start", exact: true }).fill(localInput(start));
  await page.getByRole("textbox", { name: "End", exact: true }).fill(localInput(tomorrowAt(11)));
  await page.getByRole("button", { name: "Book", exact: true }).click();
  await expect(page.getByText(`Booked ${room.name}`)).toBeVisible();
  // The form starts fresh: the booking just made is not shown back as a conflict.
  await expect(page.getByRole("textbox", { name: "Start", exact: true })).toHaveValue("");
  await expect(page.getByRole("textbox", { name: "Start", exact: true })).not.toHaveAttribute("aria-invalid", "true");

  // It shows in the week view as mine (next week when tomorrow is a Monday).
  if (start.getDay() === 1) await page.getByRole("button", { name: "Next week" }).click();
  const mine = page.getByTestId("week-view").locator(".rr-mine");
  await expect(mine).toHaveCount(1);
  await expect(mine).toContainText("Your booking");
  await expectAccessible(page, "resource page");
  await shot(page, "05-resource-week", testInfo);

  // The same slot again is refused, with the reason next to the start field.
  await page.getByRole("textbox", { name: "Start", exact: true }).fill(localInput(start));
  await page.getByRole("textbox", { name: "End", exact: true }).fill(localInput(tomorrowAt(11)));
  await page.getByRole("button", { name: "Book", exact: true }).click();
  await expect(page.getByRole("textbox", { name: "Start", exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(/overlaps a booking/i)).toBeVisible();

  // My reservations: cancel it.
  await page.getByRole("link", { name: "My reservations" }).click();
  const row = page.getByTestId("reservation-row").filter({ hasText: room.name });
  await expect(row).toHaveCount(1);
  await expectAccessible(page, "my reservations");
  await shot(page, "06-my-reservations", testInfo);
  await row.getByRole("button", { name: /^Cancel/ }).click();
  const dialog = page.getByRole("dialog", { name: "Cancel this reservation?" });
  await dialog.getByLabel("Reason (optional)").fill("Plans changed");
  await dialog.getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(page.getByText("Reservation cancelled.")).toBeVisible();
  await expect(page.getByTestId("reservation-row").filter({ hasText: room.name }).and(page.locator('[data-status="confirmed"]'))).toHaveCount(0);

  // Gone from the week view.
  await page.goto(`/resources/${room.id}`);
  if (start.getDay() === 1) await page.getByRole("button", { name: "Next week" }).click();
  await expect(page.getByTestId("week-view").locator(".rr-mine")).toHaveCount(0);

  // The booking and the cancellation reached the notification centre (the list follows live
  // events, so no reload is needed while the consumer catches up).
  await page.getByRole("link", { name: "Notifications", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  await expect(page.getByTestId("notification").filter({ hasText: "Reservation cancelled" })).toBeVisible({ timeout: 20_000 });
  await expectAccessible(page, "notifications");
  await shot(page, "07-notifications", testInfo);
  await page.getByRole("button", { name: "Mark all read" }).click();
  await expect(page.getByTestId("notification").and(page.locator('[data-read="false"]'))).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Notifications, 0 unread" })).toBeVisible();
  assertClean();
});
