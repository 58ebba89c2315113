import { expect, test } from "@playwright/test";
import { ADMIN, expectAccessible, shot } from "./helpers";

// Runs first, on a fresh stack: nobody is admin yet.
test("first run: the setup page creates the administrator, who then signs in", async ({ page, request }, testInfo) => {
  const status = (await (await request.get("/api/v1/setup/status")).json()) as { needs_setup: boolean };
  test.skip(!status.needs_setup, "an administrator already exists on this stack (setup runs once)");

  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: /create the first administrator/i })).toBeVisible();
  await expectAccessible(page, "setup");
  await shot(page, "01-setup", testInfo);

  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("E-mail (optional)").fill(ADMIN.email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(ADMIN.password);
  await expect(page.getByTestId("password-strength")).toContainText(/good|strong/);
  await page.getByRole("button", { name: "Create administrator" }).click();

  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByText("Administrator created. Sign in with it.")).toBeVisible();
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toHaveText(ADMIN.username);
  await expect(page.getByRole("link", { name: "Administration" })).toBeVisible();
});
