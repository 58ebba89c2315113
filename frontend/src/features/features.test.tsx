import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Resource } from "../api/planned";
import { fakeFetch, json, renderApp } from "../test/render";
import { SignIn } from "./auth/SignIn";
import { BookingForm } from "./resources/BookingForm";
import { VirtualResults } from "./resources/ResourceList";

const resource = (id: number): Resource => ({
  id, name: `Room ${id}`, description: "", location: "Floor 1", capacity: 4, tags: ["room"], timezone: "UTC", status: "available",
  available: true, requires_approval: false, created_at: null, updated_at: null,
});

describe("the resource list", () => {
  it("renders only a window of 10,000 resources", () => {
    const items = Array.from({ length: 10_000 }, (_, i) => resource(i + 1));
    renderApp(<VirtualResults items={items} total={10_000} hasMore={false} loadMore={() => undefined} loadingMore={false} />);
    const rows = screen.getAllByTestId("resource-row");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(40);
    expect(screen.getByTestId("result-count").textContent).toBe("10000 of 10000 resources");
  });
  it("asks for the next page as the end comes into view", () => {
    const loadMore = vi.fn();
    renderApp(<VirtualResults items={[resource(1), resource(2)]} total={200} hasMore loadMore={loadMore} loadingMore={false} />);
    expect(loadMore).toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Load more" }));
    expect(loadMore).toHaveBeenCalledTimes(2);
  });
});

describe("sign in", () => {
  it("shows the lockout and how long to wait", async () => {
    vi.stubGlobal("fetch", fakeFetch({ "POST /api/v1/token": () => json({ detail: "Too many failed sign-ins.", code: "account_locked", retry_after: 125 }, 423) }).fetchFn);
    renderApp(<SignIn />, { route: "/signin" });
    await userEvent.type(screen.getByLabelText(/Username/), "bob");
    await userEvent.type(screen.getByLabelText(/^Password/), "wrong-password");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    const alert = await screen.findByTestId("lockout");
    expect(alert.textContent).toContain("This account is locked after too many failed attempts.");
    expect(alert.textContent).toMatch(/You can try again in 2 min 0[45] s/);
    expect(screen.getByRole("button", { name: "Sign in" }).hasAttribute("disabled")).toBe(true);
  });

  it("says a rate limit once and blocks only the name it was reported for", async () => {
    vi.stubGlobal("fetch", fakeFetch({ "POST /api/v1/token": () => json({ detail: "Too many requests; try again in 30 seconds.", code: "rate_limited", retry_after: 30 }, 429) }).fetchFn);
    renderApp(<SignIn />, { route: "/signin" });
    await userEvent.type(screen.getByLabelText(/Username/), "bob");
    await userEvent.type(screen.getByLabelText(/^Password/), "wrong-password");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toMatch(/^Too many attempts\. Try again in (30|29) s\.$/);
    expect(screen.queryByText(/seconds/)).toBeNull();
    expect(screen.getByRole("button", { name: "Sign in" }).hasAttribute("disabled")).toBe(true);
    await userEvent.type(screen.getByLabelText(/Username/), "2");
    expect(screen.getByRole("button", { name: "Sign in" }).hasAttribute("disabled")).toBe(false);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("says a wrong password plainly, without a generic heading", async () => {
    vi.stubGlobal("fetch", fakeFetch({ "POST /api/v1/token": () => json({ detail: "Incorrect username or password.", code: "invalid_credentials" }, 401) }).fetchFn);
    renderApp(<SignIn />, { route: "/signin" });
    await userEvent.type(screen.getByLabelText(/Username/), "bob");
    await userEvent.type(screen.getByLabelText(/^Password/), "wrong-password");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("The username or password is not correct.");
    expect(screen.queryByText("Something went wrong")).toBeNull();
  });

  it("asks for the authenticator code when the account has MFA, then sends it", async () => {
    const bodies: string[] = [];
    vi.stubGlobal("fetch", fakeFetch({
      "POST /api/v1/token": async (req) => {
        const body = await req.text();
        bodies.push(body);
        return body.includes("otp=123456")
          ? json({ access_token: "a", refresh_token: "r", token_type: "bearer", expires_in: 900 })
          : json({ detail: "Enter the code from your authenticator app.", code: "mfa_required" }, 401);
      },
      "GET /api/v1/users/me": () => json({ id: 1, username: "bob", roles: ["user"], email: null, mfa_enabled: true, is_active: true, created_at: null }),
    }).fetchFn);
    renderApp(<SignIn />, { route: "/signin" });
    await userEvent.type(screen.getByLabelText(/Username/), "bob");
    await userEvent.type(screen.getByLabelText(/^Password/), "Correct-Horse-42!");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await userEvent.type(await screen.findByLabelText(/Authentication code/), "123456");
    await userEvent.click(screen.getByRole("button", { name: "Verify" }));
    await waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies[1]).toContain("otp=123456");
    expect(bodies[1]).toContain("username=bob");
  });
});

describe("booking", () => {
  it("shows a conflict next to the start field and offers the waitlist", async () => {
    vi.stubGlobal("fetch", fakeFetch({
      "POST /api/v1/reservations": () => json({ detail: "The resource is already booked in that time.", code: "reservation_conflict", conflicts: [{ start_time: "2030-01-15T09:00:00Z", end_time: "2030-01-15T10:00:00Z" }] }, 409),
    }).fetchFn);
    renderApp(<BookingForm resource={resource(1)} slot={null} />, { served: { "post /api/v1/reservations": [] } });
    fireEvent.change(screen.getByLabelText(/^Start/), { target: { value: "2030-01-15T09:30" } });
    fireEvent.change(screen.getByLabelText(/^End/), { target: { value: "2030-01-15T10:30" } });
    await userEvent.click(screen.getByRole("button", { name: "Book" }));
    await waitFor(() => expect(screen.getByLabelText(/^Start/).getAttribute("aria-invalid")).toBe("true"));
    // The taken time once, formatted for the reader; never the server's ISO timestamps.
    const message = screen.getByText(/overlaps a booking/).textContent ?? "";
    expect(message).toMatch(/^This time overlaps a booking \(Jan 15, 2030, .+\); choose another time\.$/);
    expect(message).not.toMatch(/\d{4}-\d\d-\d\dT/);
    expect(document.body.textContent).not.toContain("already booked");
    expect(screen.getByRole("button", { name: "Join waitlist" })).toBeTruthy();
  });

  it("after joining the waitlist shows the place in line instead of the error and the button", async () => {
    vi.stubGlobal("fetch", fakeFetch({
      "POST /api/v1/reservations": () => json({ detail: "The resource is already booked in that time.", code: "reservation_conflict", conflicts: [{ start_time: "2030-01-15T09:00:00Z", end_time: "2030-01-15T10:00:00Z" }] }, 409),
      "POST /api/v1/waitlist": () => json({ id: 7, resource_id: 1, user_id: 1, status: "waiting", position: 2, flexible_time: false, desired_start: "2030-01-15T09:30:00Z", desired_end: "2030-01-15T10:30:00Z" }, 201),
    }).fetchFn);
    renderApp(<BookingForm resource={resource(1)} slot={null} />, { served: { "post /api/v1/reservations": [] } });
    fireEvent.change(screen.getByLabelText(/^Start/), { target: { value: "2030-01-15T09:30" } });
    fireEvent.change(screen.getByLabelText(/^End/), { target: { value: "2030-01-15T10:30" } });
    await userEvent.click(screen.getByRole("button", { name: "Book" }));
    await userEvent.click(await screen.findByRole("button", { name: "Join waitlist" }));
    expect((await screen.findByTestId("waitlist-joined")).textContent).toContain("You're number 2 in line.");
    expect(screen.getByRole("link", { name: "Open the waitlist" }).getAttribute("href")).toBe("/waitlist");
    expect(screen.queryByRole("button", { name: "Join waitlist" })).toBeNull();
    expect(screen.getByLabelText(/^Start/).getAttribute("aria-invalid")).not.toBe("true");
  });

  it("says the resource cannot be booked instead of showing a form that will be refused", () => {
    renderApp(<BookingForm resource={{ ...resource(1), status: "maintenance", status_reason: "New projector" }} slot={null} />, { served: {} });
    expect(screen.getByTestId("not-bookable").textContent).toContain("This resource cannot be booked right now.");
    expect(screen.getByTestId("not-bookable").textContent).toContain("New projector");
    expect(screen.queryByRole("button", { name: "Book" })).toBeNull();
  });

  it("refuses an end before the start without asking the server", async () => {
    const { fetchFn, calls } = fakeFetch({});
    vi.stubGlobal("fetch", fetchFn);
    renderApp(<BookingForm resource={resource(1)} slot={null} />, { served: {} });
    fireEvent.change(screen.getByLabelText(/^Start/), { target: { value: "2030-01-15T10:30" } });
    fireEvent.change(screen.getByLabelText(/^End/), { target: { value: "2030-01-15T09:30" } });
    await userEvent.click(screen.getByRole("button", { name: "Book" }));
    expect(await screen.findByText("The end must be after the start.")).toBeTruthy();
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);
  });
});
