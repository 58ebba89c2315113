// The client's view of the API: the generated schema, plus the planned endpoints it lacks.
// For a path both know, each method the gateway serves takes the generated type.
import type { PlannedPaths } from "./planned";
import type { paths } from "./schema";

type Defined<T> = { [K in keyof T as [NonNullable<T[K]>] extends [never] ? never : K]: T[K] };
type MergePath<G, P> = Defined<G> & Omit<Defined<P>, keyof Defined<G>>;

export type ApiPaths = {
  [K in keyof paths | keyof PlannedPaths]: K extends keyof paths
    ? K extends keyof PlannedPaths
      ? MergePath<paths[K], PlannedPaths[K]>
      : paths[K]
    : K extends keyof PlannedPaths
      ? PlannedPaths[K]
      : never;
};
export type ApiPath = keyof ApiPaths & string;
export type Method = "get" | "post" | "put" | "patch" | "delete";
