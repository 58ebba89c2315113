import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { fakeFetch, json, renderApp } from "../../test/render";
import { ForgotPassword, ResetPassword } from "./PasswordReset";

describe("forgotten password", () => {
  it("sends an e-mail address as `email`, then says only that a mail may be on its way", async () => {
    const bodies: unknown[] = [];
    vi.stubGlobal(
      "fetch",
      fakeFetch({
        "POST /api/v1/auth/password-reset": async (request: Request) => {
          bodies.push(await request.json());
          return json({ message: "ok" }, 202);
        },
      }).fetchFn,
    );
    renderApp(<ForgotPassword />, { route: "/forgot-password" });
    await userEvent.type(screen.getByLabelText(/E-mail address or username/), "alice@example.com");
    await userEvent.click(screen.getByRole("button", { name: "Send the link" }));
    expect(await screen.findByText(/If an active account matches/)).toBeTruthy();
    expect(bodies).toEqual([{ email: "alice@example.com" }]);
  });

  it("offers a new link when the one in the e-mail was spent", async () => {
    vi.stubGlobal(
      "fetch",
      fakeFetch({
        "POST /api/v1/auth/password-reset/confirm": () =>
          json({ detail: "This password-reset link was already used; ask for a new one on the sign-in page.", code: "invalid_reset_token" }, 422),
      }).fetchFn,
    );
    renderApp(<ResetPassword />, { route: "/reset-password?token=abc" });
    await userEvent.type(screen.getByLabelText(/New password/), "Brand-New-Horse-7!");
    await userEvent.click(screen.getByRole("button", { name: "Set the new password" }));
    expect((await screen.findByRole("alert")).textContent).toContain("already used");
    expect(screen.getByRole("link", { name: "Ask for a new link" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Set the new password" })).toBeNull();
  });
});
