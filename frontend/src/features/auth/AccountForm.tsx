import { Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useState, type FormEvent, type ReactNode } from "react";
import { ApiError } from "../../api/errors";
import { ErrorAlert } from "../../components/feedback";
import { useT } from "../../i18n";
import { PasswordStrength } from "./PasswordStrength";

export type AccountInput = { username: string; password: string; email?: string };

/** Username, e-mail and password with the live policy meter; the server's messages go next to their field. */
export function AccountForm({ submitLabel, onSubmit, children }: { submitLabel: string; onSubmit: (input: AccountInput) => Promise<void>; children?: ReactNode }) {
  const t = useT();
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fieldError = (name: string) => (error instanceof ApiError ? error.field(name) : undefined);
  const general = error instanceof ApiError && Object.keys(error.fieldErrors).length > 0 && !error.fieldErrors._ ? null : error;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ username: username.trim(), password, email: email.trim() || undefined });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {children}
        {general ? <ErrorAlert error={general} /> : null}
        <TextInput
          label={t("auth.username")}
          description={t("auth.usernameHint")}
          value={username}
          onChange={(e) => setUsername(e.currentTarget.value)}
          error={fieldError("username") ?? (error instanceof ApiError && error.code === "username_taken" ? error.message : undefined)}
          autoComplete="username"
          required
        />
        <TextInput
          label={t("auth.email")}
          type="email"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={fieldError("email") ?? (error instanceof ApiError && error.code === "email_taken" ? error.message : undefined)}
          autoComplete="email"
        />
        <div>
          <PasswordInput
            label={t("auth.password")}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fieldError("password")}
            autoComplete="new-password"
            aria-describedby="password-strength"
            required
          />
          <PasswordStrength id="password-strength" password={password} username={username} />
        </div>
        <Button type="submit" loading={busy}>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
