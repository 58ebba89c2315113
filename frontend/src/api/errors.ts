// Every failed API answer becomes an ApiError: status, stable `code`, one human sentence, and
// messages per field (from FastAPI's 422 list, or the `errors` list services send).

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fieldErrors: FieldErrors;
  readonly retryAfter: number | undefined;
  readonly body: Record<string, unknown>;

  constructor(status: number, body: unknown, retryAfterHeader?: string | null) {
    const record = isRecord(body) ? body : {};
    const fieldErrors = collectFieldErrors(record);
    super(describe(status, record, fieldErrors));
    this.name = "ApiError";
    this.status = status;
    this.code = typeof record.code === "string" ? record.code : `http_${status}`;
    this.fieldErrors = fieldErrors;
    this.body = record;
    const retry = typeof record.retry_after === "number" ? record.retry_after : Number(retryAfterHeader);
    this.retryAfter = Number.isFinite(retry) && retry > 0 ? retry : undefined;
  }

  /** The endpoint is not served (yet): unknown route, method not allowed, not implemented. */
  get notAvailable(): boolean {
    return this.status === 405 || this.status === 501 || (this.status === 404 && this.message === NO_ROUTE);
  }

  field(name: string): string | undefined {
    const messages = this.fieldErrors[name];
    return messages && messages.length ? messages.join(" ") : undefined;
  }
}

/** The gateway's sentence for a path it does not route. */
export const NO_ROUTE = "There is nothing at this address.";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fieldOf(loc: unknown): string {
  const parts = Array.isArray(loc) ? loc : [loc];
  const names = parts.filter((p) => typeof p === "string" && !["body", "query", "path", "header"].includes(p));
  return String(names[names.length - 1] ?? "_");
}

function collectFieldErrors(body: Record<string, unknown>): FieldErrors {
  const out: FieldErrors = {};
  const lists = [Array.isArray(body.detail) ? body.detail : [], Array.isArray(body.errors) ? body.errors : []];
  for (const item of lists.flat()) {
    if (!isRecord(item)) continue;
    const msg = typeof item.msg === "string" ? item.msg : typeof item.message === "string" ? item.message : "";
    if (!msg) continue;
    const key = fieldOf(item.loc ?? item.field);
    (out[key] ??= []).push(msg.replace(/^Value error, /, ""));
  }
  return out;
}

function describe(status: number, body: Record<string, unknown>, fields: FieldErrors): string {
  if (typeof body.detail === "string" && body.detail) return body.detail;
  const first = Object.values(fields).flat()[0];
  if (first) return first;
  if (status === 0) return "The server could not be reached; check your connection.";
  return `The request failed (HTTP ${status}).`;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
