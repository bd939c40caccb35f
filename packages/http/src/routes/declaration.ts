/** `method path` of each route of a declared table (`'get /v1/rounds/{round}'`): the keys of its handlers. */
export type RouteKeyOf<Route> = Route extends {
  readonly method: infer M extends string;
  readonly path: infer P extends string;
}
  ? `${M} ${P}`
  : never;

/** A declared path (`/v1/rounds/{round}`, as OpenAPI writes it) as the router's (`/v1/rounds/:round`). */
export const routerPath = (path: string): string => path.replace(/\{([A-Za-z]+)\}/g, ':$1');
