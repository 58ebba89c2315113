// Endpoints the public API promises (shared API.md) that the gateway may not serve yet.
// `paths.ts` merges these under the generated schema: once the gateway publishes an endpoint,
// its generated type replaces the one below, and the compiler flags any difference in shape.
import type { components } from "./schema";

type Schemas = components["schemas"];
export type Resource = Schemas["ResourceOut"];
export type Reservation = Schemas["ReservationOut"];
export type WaitlistEntry = Schemas["WaitlistEntryOut"];
export type Page<T> = {
  data: T[];
  next_cursor?: string | null;
  prev_cursor?: string | null;
  has_more?: boolean;
  total_count?: number | null;
};
type ErrorBody = Schemas["ErrorBody"];

type Json<T> = { headers: { [name: string]: unknown }; content: { "application/json": T } };
type Params<P, Q> = {
  query?: Q;
  header?: never;
  path: P;
  cookie?: never;
};
type NoPath<Q> = { query?: Q; header?: never; path?: never; cookie?: never };
type Body<B> = [B] extends [never] ? { requestBody?: never } : { requestBody: { content: { "application/json": B } } };
/** One operation: path params P (never: none), query Q, JSON body B (never: none), answer R. */
export type PlannedOp<R, P = never, Q = never, B = never, S extends number = 200> = {
  parameters: [P] extends [never] ? NoPath<Q> : Params<P, Q>;
  responses: { [C in S]: Json<R> } & { default: Json<ErrorBody> };
} & Body<B>;
export type PlannedItem<Ops> = Ops & { parameters: NoPath<never> };

export type BusinessHours = Schemas["OpeningIntervalIO"];
export type Blackout = Schemas["BlackoutOut"];
export type TimeRange = { start_time: string | null; end_time: string | null };
export type UploadReport = Schemas["ImportReportOut"];
export type ResourceGroup = Schemas["GroupOut"];
export type Label = Schemas["LabelOut"];
/** What the recurrence selector produces; a subset of the API's RecurrenceIn. */
export type Recurrence = {
  frequency: "daily" | "weekly" | "monthly";
  interval: number;
  days_of_week?: number[];
  end_type: "on_date" | "after_count";
  end_date?: string | null;
  occurrence_count?: number;
};
export type HistoryEntry = Schemas["HistoryOut"];
export type Webhook = Schemas["WebhookOut"];
export type Delivery = Schemas["DeliveryOut"];
export type AuditEntry = Schemas["AuditEntryOut"];
export type MfaSetup = Schemas["MfaSetupOut"];
export type AdminUser = Schemas["AdminUserOut"];
export type QuotaLimits = Schemas["QuotaLimits"];

/** Add an endpoint here, as `"/api/v1/x": PlannedItem<{ get: PlannedOp<Answer, PathParams, Query, Body> }>`, to build a screen before the gateway serves it. */
export interface PlannedPaths {}
