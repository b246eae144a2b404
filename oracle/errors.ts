// Typed errors of the oracle updater. Every error a caller may want to act on is a class with a literal
// `name`, so code narrows on `error.name` (viem's convention); `exitCode` tells the entry script how to exit.

/** Base class: a message that reads as one line, and the process exit code it maps to. */
export class OracleError extends Error {
  override name: string = "OracleError";
  /** 2 for configuration problems (nothing was attempted), 1 for runtime failures. */
  readonly exitCode: number = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Bad configuration: unknown network, missing key, wrong chain id, unreadable config, unreachable pool. */
export class ConfigError extends OracleError {
  override name = "ConfigError" as const;
  override readonly exitCode = 2;
}

/** The pool did not answer at all (connection refused, DNS, timeout). */
export class PoolUnreachableError extends OracleError {
  override name = "PoolUnreachableError" as const;
}

/** The pool answered with something that is not what its API promises. */
export class PoolDataError extends OracleError {
  override name = "PoolDataError" as const;
}

/** The pool has not published the data an epoch needs yet (earnings of a day not credited). */
export class PoolDataNotReadyError extends OracleError {
  override name = "PoolDataNotReadyError" as const;
}

/** A report would break the oracle's on-chain bounds (it would be rejected, so it is not signed). */
export class ReportOutOfBoundsError extends OracleError {
  override name = "ReportOutOfBoundsError" as const;
}

/** Fewer than `threshold` reporters signed. */
export class SignatureShortfallError extends OracleError {
  override name = "SignatureShortfallError" as const;
}

/** The RPC kept failing after every retry. */
export class RpcUnavailableError extends OracleError {
  override name = "RpcUnavailableError" as const;
}

/** A call or transaction reverted; `errorName` is the decoded custom error when the ABI knows it. */
export class ContractRevertError extends OracleError {
  override name = "ContractRevertError" as const;
  constructor(
    message: string,
    readonly errorName: string | undefined,
    readonly errorArgs: readonly unknown[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The sender cannot pay for gas. */
export class InsufficientFundsError extends OracleError {
  override name = "InsufficientFundsError" as const;
}

/** A transaction stayed unmined through every fee bump. */
export class StuckTransactionError extends OracleError {
  override name = "StuckTransactionError" as const;
}

/** Another transaction of the same account took the nonce (or chain state moved): re-derive and retry. */
export class NonceConflictError extends OracleError {
  override name = "NonceConflictError" as const;
}

/** The operator has not approved (or does not hold) what the epoch's net needs. */
export class FundingError extends OracleError {
  override name = "FundingError" as const;
}

/**
 * One line describing `error` for a log or the fatal message: the message of the first OracleError in its
 * cause chain (viem wraps what a transport throws), else its own first line.
 */
export function describeError(error: unknown): string {
  for (let e = error as { cause?: unknown } | undefined, i = 0; e && i < 10; e = e.cause as typeof e, i++) {
    if (e instanceof OracleError) return oneLine(e);
  }
  return oneLine(error);
}

/** The exit code of the first OracleError in `error`'s cause chain (1 for anything else). */
export function exitCodeOf(error: unknown): number {
  for (let e = error as { cause?: unknown } | undefined, i = 0; e && i < 10; e = e.cause as typeof e, i++) {
    if (e instanceof OracleError) return e.exitCode;
  }
  return 1;
}

/** First line of any error's message, for one-line logs. */
export function oneLine(error: unknown): string {
  const e = error as { shortMessage?: string; message?: string };
  const text = e?.shortMessage ?? e?.message ?? String(error);
  return text.split("\n")[0].trim();
}

/** The most specific reason in an error's cause chain: a system error code (ECONNREFUSED…) if any, else the innermost message. */
export function rootReason(error: unknown): string {
  let innermost = oneLine(error);
  for (
    let e = error as { code?: unknown; name?: string; cause?: unknown } | undefined, i = 0;
    e && i < 10;
    e = e.cause as typeof e, i++
  ) {
    if (typeof e.code === "string" && /^[A-Z][A-Z_]+$/.test(e.code)) return e.code;
    if (e.name === "TimeoutError") return "timeout";
    innermost = oneLine(e);
  }
  return innermost;
}
