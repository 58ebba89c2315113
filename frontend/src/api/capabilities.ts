// Which endpoints the running gateway serves, read once from its /openapi.json, so a screen
// whose endpoint has not landed yet says so instead of failing.
import { useQuery } from "@tanstack/react-query";
import type { ApiPath, Method } from "./paths";

export type Capabilities = {
  known: boolean;
  has(method: Method, path: ApiPath): boolean;
  /** Does the operation take this query parameter? */
  accepts(method: Method, path: ApiPath, param: string): boolean;
};

type Operation = { parameters?: { name?: string; in?: string }[] };

export function capabilitiesFrom(document: unknown): Capabilities {
  const paths = (document as { paths?: Record<string, Record<string, Operation>> } | null)?.paths;
  if (!paths) return { known: false, has: () => true, accepts: () => true };
  const served = new Map<string, Set<string>>();
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const names = (operation.parameters ?? []).filter((p) => p.in === "query").map((p) => String(p.name));
      served.set(`${method} ${normalise(path)}`, new Set(names));
    }
  }
  return {
    known: true,
    has: (method, path) => served.has(`${method} ${normalise(path)}`),
    accepts: (method, path, param) => served.get(`${method} ${normalise(path)}`)?.has(param) ?? false,
  };
}

/** Path parameter names differ between plans and code; only their places matter. */
function normalise(path: string): string {
  return path.replace(/\{[^}]+\}/g, "{}").replace(/\/$/, "");
}

/** One definition, so the sign-in screen can fetch it ahead while the user types. */
export const capabilitiesQuery = {
  queryKey: ["openapi"],
  queryFn: async (): Promise<Capabilities> => {
    const response = await fetch("/openapi.json");
    return response.ok ? capabilitiesFrom(await response.json()) : capabilitiesFrom(null);
  },
  staleTime: 5 * 60_000,
  retry: 1,
};

export function useCapabilities(): Capabilities | undefined {
  const query = useQuery(capabilitiesQuery);
  if (query.isError) return capabilitiesFrom(null);
  return query.data;
}

/** true/false once known; undefined while loading. */
export function useServes(method: Method, path: ApiPath): boolean | undefined {
  return useCapabilities()?.has(method, path);
}
