// CLI-level errors. Exit codes: 0 success, 1 a failure the chain or the pre-flight checks reported (or an
// unreachable RPC), 2 bad usage (unknown command or option, malformed argument, missing confirmation).

/** Malformed command line: exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError" as const;
}

/** A problem with the environment (network, RPC, address book, account): exit code 1. */
export class CliError extends Error {
  override readonly name = "CliError" as const;
}
