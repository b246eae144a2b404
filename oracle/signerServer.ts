// The signer-only process (`--role signer`): holds one reporter's key(s), serves signatures over HTTP and
// nothing else — no transactions. It never signs blindly: for every request it recomputes the report from
// its own pool access and signs only an identical one, only for the rig's next epoch, once it has ended.
//   GET  /v1/health → { chainId, oracle, signers: [addresses], signed }
//   POST /v1/sign   { chainId, oracle, report } → 200 { signatures: [{ signer, signature }] }
//                   400 bad request / wrong domain · 401 bad token · 404 rig not served here
//                   409 not the next epoch, or values differ ({ error, report: ours }) · 425 epoch not ended
//                   503 pool data not ready or unreachable
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { type Address, type LocalAccount, getAddress, isAddress } from "viem";

import { oneLine } from "./errors.js";
import { type OracleDomain, signReport } from "./eip712.js";
import type { Logger } from "./log.js";
import { type EpochReport, type EpochReportJson, reportFromJson } from "./report.js";
import { type SignRequestBody, type SignResponseBody, tokenMatches } from "./signers.js";

/** A verdict on a report: sign it, or refuse with an HTTP status and a reason. */
export type Verdict = { ok: true } | { ok: false; status: number; error: string; report?: EpochReportJson };

export type SignerServerOptions = {
  host: string;
  port: number;
  accounts: readonly LocalAccount[];
  domain: OracleDomain;
  /** Decides whether `report` may be signed (recomputes it from the signer's own data). */
  verify: (report: EpochReport) => Promise<Verdict>;
  log: Logger;
  /** Bearer token required from relayers (none: any local caller). */
  token?: string;
};

export type SignerServer = {
  url: string;
  server: Server;
  close(): Promise<void>;
  stats: { signed: number; refused: number };
};

const MAX_BODY = 16 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error("body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function reply(res: ServerResponse, status: number, body: SignResponseBody | Record<string, unknown>) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

export async function startSignerServer(options: SignerServerOptions): Promise<SignerServer> {
  const { accounts, domain, log } = options;
  const stats = { signed: 0, refused: 0 };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://signer");
    if (options.token && !tokenMatches(req.headers.authorization, options.token)) {
      log.warn("sign-refused", { status: 401, error: "bad or missing bearer token" });
      return reply(res, 401, { error: "unauthorized" });
    }
    if (req.method === "GET" && url.pathname === "/v1/health") {
      return reply(res, 200, {
        chainId: domain.chainId,
        oracle: domain.verifyingContract,
        signers: accounts.map((a) => a.address),
        ...stats,
      });
    }
    if (req.method !== "POST" || url.pathname !== "/v1/sign") return reply(res, 404, { error: "not found" });

    let body: SignRequestBody;
    let report: EpochReport;
    try {
      body = JSON.parse(await readBody(req)) as SignRequestBody;
      report = reportFromJson(body.report);
    } catch (error) {
      return reply(res, 400, { error: `bad request: ${oneLine(error)}` });
    }
    const oracle =
      typeof body.oracle === "string" && isAddress(body.oracle, { strict: false })
        ? getAddress(body.oracle)
        : undefined;
    if (body.chainId !== domain.chainId || oracle !== domain.verifyingContract) {
      stats.refused++;
      log.warn("sign-refused", { status: 400, error: "wrong domain", chainId: body.chainId, oracle: body.oracle });
      return reply(res, 400, {
        error: `this signer signs for chain ${domain.chainId} oracle ${domain.verifyingContract}`,
      });
    }
    let verdict: Verdict;
    try {
      verdict = await options.verify(report);
    } catch (error) {
      verdict = { ok: false, status: 503, error: oneLine(error) };
    }
    if (!verdict.ok) {
      stats.refused++;
      log.warn("sign-refused", {
        rigId: report.rigId,
        epoch: report.epoch,
        status: verdict.status,
        error: verdict.error,
      });
      return reply(res, verdict.status, {
        error: verdict.error,
        ...(verdict.report ? { report: verdict.report } : {}),
      });
    }
    const signatures = await Promise.all(
      accounts.map(async (a) => ({ signer: a.address as Address, signature: await signReport(a, domain, report) })),
    );
    stats.signed++;
    log.info("signed", { rigId: report.rigId, epoch: report.epoch, signers: signatures.map((s) => s.signer) });
    return reply(res, 200, { signatures });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error("signer-error", { error: oneLine(error) });
      if (!res.headersSent) reply(res, 500, { error: "internal error" });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    server,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
