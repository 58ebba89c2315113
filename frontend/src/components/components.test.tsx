import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { PasswordStrength } from "../features/auth/PasswordStrength";
import { renderApp } from "../test/render";
import { Requires, StatusBadge } from "./feedback";

describe("StatusBadge", () => {
  it("says the status in words and a symbol, not colour alone", () => {
    renderApp(<StatusBadge status="maintenance" />);
    const badge = screen.getByText("Maintenance");
    expect(badge.closest("[data-status]")?.textContent).toContain("⚠");
  });
  it("shows an unknown status as it is", () => {
    renderApp(<StatusBadge status="teleported" />);
    expect(screen.getByText("teleported")).toBeTruthy();
  });
});

describe("PasswordStrength", () => {
  it("lists each policy rule as met or not met, live", () => {
    const { rerender } = renderApp(<PasswordStrength id="s" password="short" username="bob" />);
    expect(screen.getByTestId("password-strength").textContent).toBe("Password strength: very weak");
    expect(screen.getByText("At least 10 characters").parentElement?.textContent).toContain("not met");
    rerender(<PasswordStrength id="s" password="Correct-Horse-42!" username="bob" />);
    expect(screen.getByText("At least 10 characters").parentElement?.textContent).toContain("(met)");
    expect(screen.getByTestId("password-strength").textContent).toMatch(/good|strong/);
  });
});

describe("Requires", () => {
  it("renders the feature when the gateway serves its endpoints", () => {
    renderApp(<Requires feature="feature.upload" endpoints={[["post", "/api/v1/resources/upload"]]}>uploader</Requires>, { served: { "post /api/v1/resources/upload": [] } });
    expect(screen.getByText("uploader")).toBeTruthy();
  });
  it("says which endpoint is missing instead of failing", () => {
    renderApp(<Requires feature="feature.upload" endpoints={[["post", "/api/v1/resources/upload"]]}>uploader</Requires>, { served: {} });
    expect(screen.queryByText("uploader")).toBeNull();
    expect(screen.getByText("CSV import is not available yet on this server.")).toBeTruthy();
    expect(screen.getByTestId("not-available").textContent).toContain("POST /api/v1/resources/upload");
  });
});
