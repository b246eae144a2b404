// One readable line for anything a wallet action throws: the SDK's decoded custom errors carry their own
// message ("Only 20 shares of rig 1 are left; you asked for 25"), a refusal in the wallet is a "rejected"
// outcome rather than a failure, and anything else falls back to viem's short message.
import { BaseError, UserRejectedRequestError } from "viem";

import { RigshareError, toRigshareError } from "../../../sdk/errors.js";

export type DescribedError = { kind: "rejected" | "failed"; message: string };

function isRejection(error: unknown): boolean {
  if (error instanceof BaseError && error.walk((e) => e instanceof UserRejectedRequestError)) return true;
  let e: unknown = error;
  for (let depth = 0; e && depth < 6; depth++) {
    if ((e as { code?: unknown }).code === 4001) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export function describeError(error: unknown): DescribedError {
  if (isRejection(error))
    return { kind: "rejected", message: "You rejected the request in your wallet; nothing was sent." };
  const decoded = toRigshareError(error);
  if (decoded instanceof RigshareError) return { kind: "failed", message: decoded.shortMessage };
  if (decoded instanceof BaseError) return { kind: "failed", message: decoded.shortMessage };
  if (decoded instanceof Error) return { kind: "failed", message: decoded.message };
  return { kind: "failed", message: String(decoded) };
}
