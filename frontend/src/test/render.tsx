import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement, ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { capabilitiesFrom } from "../api/capabilities";
import { AuthProvider } from "../auth/AuthProvider";
import { I18nProvider } from "../i18n";
import { theme } from "../theme";

/** Paths the fake gateway serves: "get /api/v1/..." → query parameter names. */
export type Served = Record<string, string[]>;

export function openapiOf(served: Served) {
  const paths: Record<string, Record<string, { parameters: { name: string; in: string }[] }>> = {};
  for (const [key, params] of Object.entries(served)) {
    const [method, path] = key.split(" ") as [string, string];
    (paths[path] ??= {})[method] = { parameters: params.map((name) => ({ name, in: "query" })) };
  }
  return { paths };
}

export function renderApp(ui: ReactElement, { route = "/", served }: { route?: string; served?: Served } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  if (served) client.setQueryData(["openapi"], capabilitiesFrom(openapiOf(served)));
  const wrapper = ({ children }: { children: ReactNode }) => (
    <MantineProvider theme={theme}>
      <QueryClientProvider client={client}>
        <I18nProvider language="en">
          <AuthProvider>
            <MemoryRouter initialEntries={[route]}>{children}</MemoryRouter>
          </AuthProvider>
        </I18nProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
  return { client, ...render(ui, { wrapper }) };
}

/** A fetch stand-in answering by "METHOD /path" with JSON. */
export function fakeFetch(routes: Record<string, (request: Request) => Response | Promise<Response>>) {
  const calls: Request[] = [];
  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), "http://localhost"), init);
    calls.push(request.clone());
    const url = new URL(request.url);
    const handler = routes[`${request.method} ${url.pathname}`];
    if (!handler) return json({ detail: "There is nothing at this address.", code: "not_found" }, 404);
    return handler(request);
  };
  return { fetchFn, calls };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}
