// Signature collection and the signer-only HTTP endpoint: k valid reporter signatures in ascending signer
// order, bad or foreign signatures dropped, a shortfall explained; the signer refuses what it cannot verify.
import { expect } from "chai";
import { type Address, type Hex, getAddress, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { type OracleDomain, oracleDomain, recoverReportSigner, signReport } from "../../oracle/eip712.js";
import { SignatureShortfallError } from "../../oracle/errors.js";
import { type LogRecord, createLogger } from "../../oracle/log.js";
import { type EpochReport, reportToJson } from "../../oracle/report.js";
import { type SignerServer, startSignerServer } from "../../oracle/signerServer.js";
import {
  type SignatureSource,
  SignerRefusedError,
  collectSignatures,
  localSource,
  remoteSource,
} from "../../oracle/signers.js";
import { rejects } from "./expectations.js";

const key = (i: number) => toHex(BigInt(i) * 0x9e3779b97f4a7c15n + 1n, { size: 32 });
const accounts = [1, 2, 3, 4, 5, 6].map((i) => privateKeyToAccount(key(i)));
const reporters = new Set(accounts.slice(0, 5).map((a) => a.address)); // #6 is not a reporter
const domain: OracleDomain = oracleDomain(31_337, "0x5FbDB2315678afecb367f032d93F642f64180aa3");
const report: EpochReport = {
  rigId: 1n,
  epoch: 20_000n,
  deliveredHashrate: 198_500_000_000_000n,
  uptimeBps: 10_000n,
  grossReward: 11_796n,
  energyWh: 84_000n,
};
const RETRY = { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 };

function quietLog(records: LogRecord[] = []) {
  return createLogger({ write: () => {}, onRecord: (r) => records.push(r) });
}
const isReporter = async (a: Address) => reporters.has(getAddress(a));

async function post(url: string, body: unknown, token?: string) {
  const r = await fetch(`${url}/v1/sign`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return {
    status: r.status,
    json: (await r.json()) as { signatures?: { signer: Address; signature: Hex }[]; error?: string; report?: unknown },
  };
}

describe("oracle service: signer endpoint", function () {
  let server: SignerServer;
  const verified: EpochReport[] = [];
  before(async function () {
    server = await startSignerServer({
      host: "127.0.0.1",
      port: 0,
      accounts: accounts.slice(0, 2),
      domain,
      token: "t0ken",
      log: quietLog(),
      verify: async (r) => {
        verified.push(r);
        if (r.epoch !== report.epoch) return { ok: false, status: 409, error: "not the next epoch" };
        if (r.grossReward !== report.grossReward)
          return { ok: false, status: 409, error: "values differ", report: reportToJson(report) };
        return { ok: true };
      },
    });
  });
  after(async function () {
    await server.close();
  });

  it("signs a report it verified, with every key it holds", async function () {
    const { status, json } = await post(
      server.url,
      { chainId: 31_337, oracle: domain.verifyingContract, report: reportToJson(report) },
      "t0ken",
    );
    expect(status).to.equal(200);
    expect(json.signatures!.map((s) => s.signer)).to.deep.equal(accounts.slice(0, 2).map((a) => a.address));
    for (const s of json.signatures!) expect(await recoverReportSigner(domain, report, s.signature)).to.equal(s.signer);
    expect(server.stats.signed).to.equal(1);
  });

  it("refuses without the bearer token, for another chain or oracle, or when its own data differs", async function () {
    const body = { chainId: 31_337, oracle: domain.verifyingContract, report: reportToJson(report) };
    expect((await post(server.url, body)).status).to.equal(401);
    expect((await post(server.url, body, "wrong")).status).to.equal(401);
    const otherChain = await post(server.url, { ...body, chainId: 1 }, "t0ken");
    expect(otherChain.status).to.equal(400);
    expect(otherChain.json.error).to.match(/signs for chain 31337/);
    expect(
      (await post(server.url, { ...body, oracle: "0x0000000000000000000000000000000000000001" }, "t0ken")).status,
    ).to.equal(400);
    const differs = await post(
      server.url,
      { ...body, report: reportToJson({ ...report, grossReward: 99_999n }) },
      "t0ken",
    );
    expect(differs.status).to.equal(409);
    expect(differs.json.report).to.deep.equal(reportToJson(report));
    expect(
      (await post(server.url, { ...body, report: { ...reportToJson(report), epoch: 5 } }, "t0ken")).status,
    ).to.equal(400);
    expect(server.stats.signed).to.equal(1);
  });

  it("serves its identity on /v1/health", async function () {
    const r = await fetch(`${server.url}/v1/health`, { headers: { authorization: "Bearer t0ken" } });
    expect(await r.json()).to.deep.include({
      chainId: 31_337,
      oracle: domain.verifyingContract,
      signers: accounts.slice(0, 2).map((a) => a.address),
    });
  });

  it("collects k signatures from local keys and the endpoint, ordered by ascending signer", async function () {
    const sources = [
      localSource(accounts.slice(2, 4), domain),
      remoteSource(server.url, { domain, token: "t0ken", retry: RETRY }),
    ];
    const sigs = await collectSignatures({ sources, report, domain, threshold: 3, isReporter, log: quietLog() });
    expect(sigs).to.have.length(3);
    const all = accounts
      .slice(0, 4)
      .map((a) => a.address)
      .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    expect(sigs.map((s) => s.signer)).to.deep.equal(all.slice(0, 3));
  });

  it("drops signatures that do not recover to their claimed signer or come from a non-reporter", async function () {
    const records: LogRecord[] = [];
    const forged: SignatureSource = {
      name: "forger",
      sign: async (r) => [{ signer: accounts[4].address, signature: await signReport(accounts[0], domain, r) }],
    };
    const outsider = localSource([accounts[5]], domain);
    const honest = localSource(accounts.slice(0, 2), domain);
    const error = await rejects(
      collectSignatures({
        sources: [honest, forged, outsider],
        report,
        domain,
        threshold: 3,
        isReporter,
        log: quietLog(records),
      }),
      SignatureShortfallError,
      /2 of 3 signatures .*does not recover to .*is not a reporter/,
    );
    expect(error.message).to.match(/^rig 1 epoch 20000:/);
    expect(records.map((r) => r.action)).to.include.members(["signature-invalid", "signature-not-reporter"]);
  });

  it("counts a refusing or unreachable signer as a shortfall with its reason", async function () {
    const refusing = remoteSource(server.url, { domain, token: "t0ken", retry: RETRY });
    const wrongEpoch = { ...report, epoch: 1n };
    const gone = remoteSource("http://127.0.0.1:9", { domain, retry: RETRY });
    const error = await rejects(
      collectSignatures({
        sources: [refusing, gone],
        report: wrongEpoch,
        domain,
        threshold: 1,
        isReporter,
        log: quietLog(),
      }),
      SignatureShortfallError,
      /0 of 1 signatures \(.*refused \(HTTP 409\): not the next epoch; .*fetch failed/,
    );
    expect(error).to.be.instanceOf(SignatureShortfallError);
    await rejects(refusing.sign(wrongEpoch), SignerRefusedError, /HTTP 409/);
  });
});
