import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useMemo, useSyncExternalStore, type ReactNode } from "react";
import { api, unwrap } from "../api/client";
import type { components } from "../api/schema";
import { session, type EndReason } from "./session";

export type User = components["schemas"]["UserOut"];
export type SignInInput = { username: string; password: string; otp?: string; backupCode?: string };

type Ctx = {
  signedIn: boolean;
  user: User | undefined;
  endReason: EndReason | null;
  isAdmin: boolean;
  isManager: boolean;
  signIn(input: SignInInput): Promise<void>;
  signOut(): Promise<void>;
};
const AuthContext = createContext<Ctx | null>(null);

export function useSession() {
  return useSyncExternalStore(session.subscribe, session.get, session.get);
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const tokens = useSession();
  const queryClient = useQueryClient();
  const me = useQuery({
    queryKey: ["me"],
    queryFn: () => unwrap(api.GET("/api/v1/users/me")),
    enabled: tokens !== null,
    staleTime: 60_000,
  });

  const signIn = useCallback(async ({ username, password, otp, backupCode }: SignInInput) => {
    const body: Record<string, string> = { username, password, grant_type: "password" };
    if (otp) body.otp = otp;
    if (backupCode) body.backup_code = backupCode;
    const answer = await unwrap(
      api.POST("/api/v1/token", {
        body: body as { username: string; password: string },
        bodySerializer: (b) => new URLSearchParams(b as Record<string, string>).toString(),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      }),
    );
    // Nothing of a previous user survives; what the gateway serves is the same for everyone.
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== "openapi" });
    session.set(answer);
  }, [queryClient]);

  const signOut = useCallback(async () => {
    const current = session.get();
    if (current) {
      await api.POST("/api/v1/logout", { body: { refresh_token: current.refreshToken } }).catch(() => undefined);
    }
    session.clear("signed_out");
    queryClient.clear();
  }, [queryClient]);

  const user = tokens ? me.data : undefined;
  const value = useMemo<Ctx>(() => {
    const roles = user?.roles ?? [];
    return {
      signedIn: tokens !== null,
      user,
      endReason: session.endReason(),
      isAdmin: roles.includes("admin"),
      isManager: roles.includes("admin") || roles.includes("manager"),
      signIn,
      signOut,
    };
  }, [tokens, user, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Ctx {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error("useAuth outside AuthProvider");
  return ctx;
}
