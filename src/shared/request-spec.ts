// How the contract declares a request: its argument schema, whether it changes state (audited),
// and its result type. Shared by the contract's parts (contract.ts, contract-access.ts).
import { z } from 'zod';

export interface RequestSpec<A extends z.ZodType, R> {
  args: A;
  /** State-changing requests are written to the audit log. */
  mutates: boolean;
  /** Phantom: carries the result type. */
  result?: R;
}

export const query = <A extends z.ZodType>(args: A) => ({
  returns: <R>(): RequestSpec<A, R> => ({ args, mutates: false }),
});
export const mutation = <A extends z.ZodType>(args: A) => ({
  returns: <R>(): RequestSpec<A, R> => ({ args, mutates: true }),
});

export const noArgs = z.object({}).strict();
export const id = z.number().int().positive();
