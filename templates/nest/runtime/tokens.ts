/**
 * Dependency-injection tokens of the generated Nest server. Every injection names its token
 * with `@Inject(TOKEN)`: tsx, esbuild and Vite emit no decorator metadata, so Nest's injection
 * by parameter type would find nothing there, while explicit tokens work under every compiler.
 */

/** The NestApi (shared server runtime and lifecycle) the guards, pipes and filter use. */
export const NEST_API = Symbol("apigen.nest.api");

/** The user's handlers object (`Handlers<Principal>` from server/contract.gen.ts). */
export const API_HANDLERS = Symbol("apigen.nest.handlers");

/** The API's route paths in Express syntax (which router routes are the API's own). */
export const API_ROUTE_PATHS = Symbol("apigen.nest.routePaths");
