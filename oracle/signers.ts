// Collecting k reporter signatures: from keys this process holds and from signer processes (each
// reporter may run `--role signer` on its own machine; see signerServer.ts). Every signature is checked
// (recovers to the claimed signer, who is a reporter on chain) before it counts; the result is ordered
// as the oracle demands (ascending signer address) and cut to the threshold.
import { timingSafeEqual } from "node:crypto";

import type { Address, Hex, LocalAccount } from "viem";

import { SignatureShortfallError, oneLine } from "./errors.js";
import { type OracleDomain, type ReportSignature, orderSignatures, recoverReportSigner, signReport } from "./eip712.js";
import type { Logger } from "./log.js";
import { type EpochReport, reportToJson } from "./report.js";
import { type RetryOptions, isNetworkError, withRetry } from "./retry.js";

/** Somewhere signatures come from. */
export interface SignatureSource {
  readonly name: string;
  sign(report: EpochReport): Promise<ReportSignature[]>;
}

/** Keys held by this process. */
export function localSource(accounts: readonly LocalAccount[], domain: OracleDomain): SignatureSource {
  return {
    name: "local",
    sign: (report) =>
      Promise.all(accounts.map(async (a) => ({ signer: a.address, signature: await signReport(a, domain, report) }))),
  };
}

/** The body a relayer POSTs to a signer's /v1/sign. */
export type SignRequestBody = { chainId: number; oracle: Address; report: ReturnType<typeof reportToJson> };
/** What a signer answers: signatures, or an error (and its own report when the values differ). */
export type SignResponseBody = {
  signatures?: ReportSignature[];
  error?: string;
  report?: ReturnType<typeof reportToJson>;
};

export class SignerRefusedError extends Error {
  override name = "SignerRefusedError" as const;
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** A signer process at `url` (`--role signer`). */
export function remoteSource(
  url: string,
  {
    domain,
    token,
    timeoutMs = 20_000,
    retry,
    log,
  }: { domain: OracleDomain; token?: string; timeoutMs?: number; retry: RetryOptions; log?: Logger },
): SignatureSource {
  const endpoint = new URL("v1/sign", url.endsWith("/") ? url : `${url}/`).href;
  return {
    name: url,
    async sign(report) {
      const body: SignRequestBody = {
        chainId: domain.chainId,
        oracle: domain.verifyingContract,
        report: reportToJson(report),
      };
      const response = await withRetry(
        () =>
          fetch(endpoint, {
            method: "POST",
            headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(timeoutMs),
          }),
        {
          options: { ...retry, attempts: Math.min(retry.attempts, 3) },
          isTransient: isNetworkError,
          log,
          action: "signer-retry",
          fields: { signer: url },
        },
      );
      const json = (await response.json().catch(() => ({}))) as SignResponseBody;
      if (!response.ok)
        throw new SignerRefusedError(
          `${url} refused (HTTP ${response.status}): ${json.error ?? "no reason"}`,
          response.status,
        );
      if (!Array.isArray(json.signatures))
        throw new SignerRefusedError(`${url} answered without signatures`, response.status);
      return json.signatures.map((s) => ({ signer: s.signer as Address, signature: s.signature as Hex }));
    },
  };
}

/**
 * Asks every source, keeps the signatures that recover to a reporter, and returns `threshold` of them in
 * ascending signer order. Throws SignatureShortfallError (listing why each source fell short) otherwise.
 */
export async function collectSignatures({
  sources,
  report,
  domain,
  threshold,
  isReporter,
  log,
}: {
  sources: readonly SignatureSource[];
  report: EpochReport;
  domain: OracleDomain;
  threshold: number;
  isReporter: (account: Address) => Promise<boolean>;
  log: Logger;
}): Promise<ReportSignature[]> {
  const results = await Promise.allSettled(sources.map((s) => s.sign(report)));
  const valid: ReportSignature[] = [];
  const problems: string[] = [];
  for (const [i, result] of results.entries()) {
    const source = sources[i].name;
    if (result.status === "rejected") {
      problems.push(oneLine(result.reason));
      log.warn("signer-failed", { source, error: oneLine(result.reason) });
      continue;
    }
    for (const s of result.value) {
      const recovered = await recoverReportSigner(domain, report, s.signature).catch(() => undefined);
      if (!recovered || BigInt(recovered) !== BigInt(s.signer)) {
        problems.push(`${source}: signature does not recover to ${s.signer}`);
        log.warn("signature-invalid", { source, signer: s.signer, recovered });
        continue;
      }
      if (!(await isReporter(recovered))) {
        problems.push(`${source}: ${recovered} is not a reporter`);
        log.warn("signature-not-reporter", { source, signer: recovered });
        continue;
      }
      valid.push({ signer: recovered, signature: s.signature });
      log.info("signature", { source, signer: recovered });
    }
  }
  const ordered = orderSignatures(valid);
  if (ordered.length < threshold) {
    throw new SignatureShortfallError(
      `rig ${report.rigId} epoch ${report.epoch}: ${ordered.length} of ${threshold} signatures${problems.length ? ` (${problems.join("; ")})` : ""}`,
    );
  }
  return ordered.slice(0, threshold);
}

/** Constant-time bearer token check. */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, "") ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
