/**
 * Security guards. The templates generate one guard class per security scheme
 * (`BearerAuthGuard extends SecuritySchemeGuard`), and every controller lists them all.
 *
 * Nest ANDs its guards, but a spec's requirements are an OR of ANDs (`bearer OR (apiKey AND
 * basic)`), and the answer (principal, 401 with every challenge, or 403) depends on the whole
 * requirement. So a scheme guard does not decide alone: on an operation that names its
 * scheme, it runs the operation's whole requirement through the runtime's `authenticate`,
 * memoised per request, so the first guard to run decides and the others share that verdict;
 * on an operation that does not name its scheme, it stands aside. The validation pipe
 * authenticates too (the same memoised call), so an operation whose guards were removed is
 * still protected, and credentials are always checked before the body is read.
 */
import type { CanActivate, ExecutionContext } from "@nestjs/common";
import type { OperationContract } from "../server/types.js";
import { exchangeOf, type NestApi } from "./exchange.js";

/** Whether an operation's security requirements name a scheme. */
export function usesScheme(contract: OperationContract, scheme: string): boolean {
  return contract.security?.some((alternative) => alternative.some((entry) => entry.scheme === scheme)) ?? false;
}

/**
 * The guard of one security scheme. Subclasses (generated) only name the scheme; credentials
 * are checked by the verifier given to `ApiModule.forRoot({ verifiers })`. Throws the runtime's
 * 401/403 problem, which the exception filter renders.
 */
export abstract class SecuritySchemeGuard implements CanActivate {
  protected constructor(
    private readonly api: NestApi,
    /** The scheme's name in the spec (`bearerAuth`). */
    readonly scheme: string,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const exchange = exchangeOf(this.api, context);
    if (usesScheme(exchange.contract, this.scheme)) await exchange.authenticate();
    return true;
  }
}
