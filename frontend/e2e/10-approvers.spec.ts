import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { ADMIN, PASSWORD, createResource, ensureAdmin, expectAccessible, failOnConsoleErrors, shot, signedInAs, token, tomorrowAt, unique } from "./helpers";

async function account(request: APIRequestContext, prefix: string): Promise<{ id: number; username: string; auth: string }> {
  const username = unique(prefix);
  const made = await request.post("/api/v1/register", { data: { username, password: PASSWORD, email: `${username}@example.com` } });
  expect(made.status(), await made.text()).toBe(201);
  return { id: ((await made.json()) as { id: number }).id, username, auth: await token(request, username) };
}

async function ask(request: APIRequestContext, auth: string, resourceId: number, dayOffset: number): Promise<{ id: number; start_time: string; end_time: string }> {
  const start = tomorrowAt(9);
  start.setDate(start.getDate() + dayOffset);
  const end = new Date(start.getTime() + 3_600_000);
  const answer = await request.post("/api/v1/reservations", { headers: { Authorization: `Bearer ${auth}` }, data: { resource_id: resourceId, start_time: start.toISOString(), end_time: end.toISOString() } });
  expect(answer.status(), await answer.text()).toBe(201);
  return (await answer.json()) as { id: number; start_time: string; end_time: string };
}

/** The admin's resource table pages by 50: load more until the resource's row shows. */
async function adminRow(page: Page, name: string) {
  const table = page.getByTestId("admin-resources");
  const cell = table.getByRole("cell", { name, exact: true });
  await expect(table).toBeVisible();
  while (!(await cell.isVisible())) {
    const more = page.getByRole("button", { name: "Load more" });
    if (!(await more.isVisible())) break;
    await more.click();
    await page.waitForTimeout(300);
  }
  return cell;
}

test("an admin names an approver, who sees and approves only that resource's requests", async ({ browser, page, request }, testInfo) => {
  await ensureAdmin(request);
  const adminAuth = await token(request, ADMIN.username, ADMIN.password);
  const lab = await createResource(request, adminAuth, unique("Approval Lab "), { requires_approval: true });
  const other = await createResource(request, adminAuth, unique("Other Lab "), { requires_approval: true });
  const approver = await account(request, "ada");
  const requester = await account(request, "reqa");

  // The admin names the approver in the resource's approval settings.
  const assertAdminClean = failOnConsoleErrors(page);
  await signedInAs(page, request, ADMIN.username, ADMIN.password);
  await page.goto("/admin/resources");
  await adminRow(page, lab.name);
  await page.getByRole("button", { name: `Actions: ${lab.name}` }).click();
  await page.getByRole("menuitem", { name: "Approvers" }).click();
  const dialog = page.getByRole("dialog", { name: `Who approves ${lab.name}` });
  const users = dialog.getByRole("textbox", { name: "Approvers (user ids)" });
  await users.fill("twelve");
  await expect(users).toHaveAttribute("aria-invalid", "true");
  await users.fill(String(approver.id));
  await expectAccessible(page, "approval settings");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  const saved = await request.get(`/api/v1/approvals/resources/${lab.id}/settings`, { headers: { Authorization: `Bearer ${adminAuth}` } });
  expect(((await saved.json()) as { approver_user_ids: number[] }).approver_user_ids).toEqual([approver.id]);
  assertAdminClean();

  const mine = await ask(request, requester.auth, lab.id, 20);
  const elsewhere = await ask(request, requester.auth, other.id, 21);

  // The approver, a plain user, finds the request in the Approvals queue, and nothing else.
  const context = await browser.newContext();
  const approverPage = await context.newPage();
  const assertClean = failOnConsoleErrors(approverPage);
  await signedInAs(approverPage, request, approver.username);
  await approverPage.goto("/resources");
  await approverPage.getByRole("link", { name: "Approvals" }).click();
  await expect(approverPage.getByRole("heading", { name: "Waiting for my decision" })).toBeVisible();
  const queue = approverPage.getByTestId("approval-queue");
  await expect(queue.getByRole("listitem")).toHaveCount(1);
  await expect(queue.getByRole("listitem")).toContainText(lab.name);
  await expect(queue).not.toContainText(other.name);
  await expectAccessible(approverPage, "approvals");
  await shot(approverPage, "10-approver-queue", testInfo);
  await queue.getByRole("button", { name: "Approve" }).click();
  await expect(queue.getByText("No pending requests.")).toBeVisible();
  const decided = await request.get(`/api/v1/approvals/${mine.id}`, { headers: { Authorization: `Bearer ${requester.auth}` } });
  expect(((await decided.json()) as { status: string; decided_by: number }).decided_by).toBe(approver.id);
  const untouched = await request.get(`/api/v1/reservations/${elsewhere.id}`, { headers: { Authorization: `Bearer ${adminAuth}` } });
  expect(((await untouched.json()) as { status: string }).status).toBe("pending_approval");
  assertClean();
  await context.close();
});

test("the requester withdraws a pending request and the slot is free again", async ({ page, request }, testInfo) => {
  const assertClean = failOnConsoleErrors(page);
  await ensureAdmin(request);
  const lab = await createResource(request, await token(request, ADMIN.username, ADMIN.password), unique("Withdraw Lab "), { requires_approval: true });
  const requester = await account(request, "wendy");
  const asked = await ask(request, requester.auth, lab.id, 22);

  await signedInAs(page, request, requester.username);
  await page.goto("/approvals");
  const request_ = page.getByTestId("my-request").filter({ hasText: lab.name });
  await expect(request_).toHaveAttribute("data-status", "pending_approval");
  await expectAccessible(page, "my requests");
  await request_.getByRole("button", { name: /^Withdraw/ }).click();
  await expect(page.getByText("Request withdrawn; the slot is free again.")).toBeVisible();
  await expect(request_).toHaveAttribute("data-status", "cancelled");
  await expect(request_.getByRole("button", { name: /^Withdraw/ })).toHaveCount(0);
  await shot(page, "10-withdrawn", testInfo);

  // Someone else can now ask for the same slot.
  const rival = await account(request, "rival");
  const again = await request.post("/api/v1/reservations", { headers: { Authorization: `Bearer ${rival.auth}` }, data: { resource_id: lab.id, start_time: asked.start_time, end_time: asked.end_time } });
  expect(again.status(), await again.text()).toBe(201);
  assertClean();
});
