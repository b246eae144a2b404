// Starts the updater in one of its two roles, after checking the whole configuration up front (so a bad
// setup fails at once with one clear line, before anything is signed or sent):
//   relayer  builds reports, collects k signatures (own keys + signer processes), relays and pushes with
//            the operator key; loops every `pollIntervalSeconds`, or once with `once`.
//   signer   serves signatures for reports it can reproduce from its own pool data (signerServer.ts).
import type { Address, LocalAccount, PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { hashrateOracleAbi } from "./abi.js";
import { ReportBuilder } from "./builder.js";
import { type Deployment, ZERO_HASH, connect, loadDeployment, readRigState } from "./chain.js";
import type { OracleFileConfig, OracleSecrets, RigConfig } from "./config.js";
import { type OracleDomain, oracleDomain } from "./eip712.js";
import { crashPoint } from "./crash.js";
import { ConfigError, PoolDataNotReadyError, PoolUnreachableError, describeError, oneLine } from "./errors.js";
import type { Logger } from "./log.js";
import { createPoolAdapter } from "./pool/index.js";
import type { PoolAdapter } from "./pool/types.js";
import { type EpochReport, reportDiff, reportToJson, sameReport } from "./report.js";
import { sleep } from "./retry.js";
import { TxSender } from "./sender.js";
import { type Verdict, startSignerServer } from "./signerServer.js";
import { type SignatureSource, localSource, remoteSource } from "./signers.js";
import { processRig } from "./updater.js";

export type RunOptions = {
  config: OracleFileConfig;
  /** Hardhat network name (for logs and errors). */
  network: string;
  rpcUrl: string;
  /** Chain id the network's config declares, if any. */
  networkChainId?: number;
  /** Address book file to use (default: `<deploymentsDir>/<chainId>.json`). */
  bookFile?: string;
  deploymentsDir: string;
  secrets: OracleSecrets;
  dryRun: boolean;
  once: boolean;
  /** Only these rigs (default: every rig of the config). */
  rigIds?: bigint[];
  /** Overrides `pollIntervalSeconds`. */
  intervalSeconds?: number;
  /** Signer role: overrides `signer.port`. */
  port?: number;
  log: Logger;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
};

type Setup = {
  client: PublicClient;
  chainId: number;
  deployment: Deployment;
  builder: ReportBuilder;
  domain: OracleDomain;
  rigs: RigConfig[];
  chain: Awaited<ReturnType<typeof connect>>["chain"];
};

/** Everything both roles need, each piece checked. */
async function setup(o: RunOptions): Promise<Setup> {
  const { config, log } = o;
  const rigs = o.rigIds ? config.rigs.filter((r) => o.rigIds!.includes(r.rigId)) : config.rigs;
  for (const id of o.rigIds ?? [])
    if (!config.rigs.some((r) => r.rigId === id)) throw new ConfigError(`rig ${id} is not in ${config.file}`);

  const { client, chainId, chain } = await connect(
    o.rpcUrl,
    { ...config.retry, attempts: Math.min(config.retry.attempts, 4) },
    log,
    o.signal,
  );
  const expected = config.chainId ?? o.networkChainId;
  if (expected !== undefined && expected !== chainId) {
    throw new ConfigError(
      `wrong chain id: network "${o.network}" expects chain ${expected} but the RPC at ${o.rpcUrl} is chain ${chainId}`,
    );
  }
  const bookFile = o.bookFile ?? config.deployments ?? `${o.deploymentsDir}/${chainId}.json`;
  const deployment = await loadDeployment(client, { chainId, bookFile, overrides: config.contracts });

  const pools = new Map<string, PoolAdapter>();
  for (const name of new Set(rigs.map((r) => r.pool))) {
    const adapter = createPoolAdapter(name, config.pools[name], {
      baseDir: config.dir,
      log,
      retry: config.retry,
      env: o.env,
    });
    try {
      await adapter.ping();
    } catch (error) {
      if (error instanceof PoolUnreachableError) throw new ConfigError(error.message);
      throw error;
    }
    pools.set(name, adapter);
  }
  const builder = new ReportBuilder(client, deployment, pools, new Map(rigs.map((r) => [r.rigId, r])), log);
  for (const rig of rigs) await builder.facts(rig.rigId);
  return { client, chainId, chain, deployment, builder, domain: oracleDomain(chainId, deployment.oracle), rigs };
}

async function reporterAccounts(
  client: PublicClient,
  d: Deployment,
  keys: OracleSecrets["reporterKeys"],
  log: Logger,
): Promise<LocalAccount[]> {
  const accounts = keys.map((k) => privateKeyToAccount(k));
  for (const a of accounts) {
    const ok = await client.readContract({
      address: d.oracle,
      abi: hashrateOracleAbi,
      functionName: "isReporter",
      args: [a.address],
    });
    if (!ok) log.warn("not-a-reporter", { signer: a.address, note: "its signatures will not count" });
  }
  return accounts;
}

/** Runs the relayer. Resolves with the process exit code (0: every rig up to date or waiting for data). */
export async function runRelayer(o: RunOptions): Promise<number> {
  const { config, log } = o;
  if (!o.dryRun && !o.secrets.operatorKey) {
    throw new ConfigError(
      "RIGSHARE_OPERATOR_KEY is not set (environment variable or Hardhat keystore): the relayer needs the operator's key to send",
    );
  }
  const s = await setup(o);
  const env = o.env ?? process.env;
  const locals = await reporterAccounts(s.client, s.deployment, o.secrets.reporterKeys, log);
  const sources: SignatureSource[] = [];
  if (locals.length) sources.push(localSource(locals, s.domain));
  for (const signer of config.signers) {
    const token = signer.tokenEnv ? env[signer.tokenEnv] : undefined;
    if (signer.tokenEnv && !token)
      throw new ConfigError(`signer ${signer.url} needs a token in ${signer.tokenEnv}, which is not set`);
    sources.push(remoteSource(signer.url, { domain: s.domain, token, retry: config.retry, log }));
  }
  const [, threshold] = await s.client.readContract({
    address: s.deployment.oracle,
    abi: hashrateOracleAbi,
    functionName: "reporterSet",
  });
  if (locals.length < Number(threshold) && config.signers.length === 0) {
    throw new ConfigError(
      `the oracle needs ${threshold} signatures but only ${locals.length} reporter key(s) are set (RIGSHARE_REPORTER_KEYS) and no signers are configured`,
    );
  }
  const sender = o.secrets.operatorKey
    ? new TxSender(s.client, privateKeyToAccount(o.secrets.operatorKey), s.chain, config.tx, log, {
        afterSend: (_hash, label) => {
          const epoch = /^push\S* rig \d+ epoch (\d+)$/.exec(label)?.[1];
          if (epoch) crashPoint("after-send", BigInt(epoch), log);
        },
      })
    : undefined;

  log.info("start", {
    role: "relayer",
    network: o.network,
    chainId: s.chainId,
    oracle: s.deployment.oracle,
    funder: s.deployment.funder,
    addresses: s.deployment.source,
    sender: sender?.address,
    rigs: s.rigs.map((r) => r.rigId),
    threshold,
    localReporters: locals.map((a) => a.address),
    signers: config.signers.map((x) => x.url),
    steps: config.steps,
    dryRun: o.dryRun,
    once: o.once,
  });

  const ctx = {
    client: s.client,
    deployment: s.deployment,
    config,
    builder: s.builder,
    domain: s.domain,
    sources,
    sender,
    dryRun: o.dryRun,
    log,
    signal: o.signal,
  };
  const interval = (o.intervalSeconds ?? config.pollIntervalSeconds) * 1000;
  for (;;) {
    let failures = 0;
    for (const rig of s.rigs) {
      if (o.signal?.aborted) break;
      try {
        await processRig(ctx, rig);
      } catch (error) {
        if (error instanceof PoolDataNotReadyError) {
          log.info("waiting", { rigId: rig.rigId, reason: error.message });
          continue;
        }
        failures++;
        log.error("error", { rigId: rig.rigId, kind: (error as Error).name, error: describeError(error) });
      }
    }
    if (o.once || o.dryRun || o.signal?.aborted) {
      log.info("stop", { failures });
      return failures ? 1 : 0;
    }
    await sleep(interval, o.signal);
    if (o.signal?.aborted) {
      log.info("stop", { failures: 0 });
      return 0;
    }
  }
}

/** Runs a signer-only process until `signal` aborts. Resolves with the exit code. */
export async function runSigner(o: RunOptions): Promise<number> {
  const { config, log } = o;
  if (o.secrets.reporterKeys.length === 0) {
    throw new ConfigError(
      "RIGSHARE_REPORTER_KEYS is not set (environment variable or Hardhat keystore): a signer needs a reporter key",
    );
  }
  const s = await setup(o);
  const accounts = await reporterAccounts(s.client, s.deployment, o.secrets.reporterKeys, log);
  const env = o.env ?? process.env;
  const rigs = new Map(s.rigs.map((r) => [r.rigId, r]));

  const verify = async (report: EpochReport): Promise<Verdict> => {
    if (!rigs.has(report.rigId))
      return { ok: false, status: 404, error: `rig ${report.rigId} is not served by this signer` };
    const state = await readRigState(s.client, s.deployment, report.rigId);
    if (state.pending !== ZERO_HASH)
      return { ok: false, status: 409, error: `a report for epoch ${state.nextEpoch} is already accepted` };
    if (report.epoch !== state.nextEpoch)
      return {
        ok: false,
        status: 409,
        error: `epoch ${report.epoch} is not the rig's next epoch (${state.nextEpoch})`,
      };
    const readyAt = (report.epoch + 1n) * state.epochLength + BigInt(config.settleDelaySeconds);
    if (state.now < readyAt)
      return { ok: false, status: 425, error: `epoch ${report.epoch} is not over until ${readyAt}` };
    let ours: EpochReport;
    try {
      ours = (await s.builder.build(report.rigId, report.epoch)).report;
    } catch (error) {
      return { ok: false, status: 503, error: oneLine(error) };
    }
    if (!sameReport(ours, report)) {
      return {
        ok: false,
        status: 409,
        error: `values differ from this signer's data: ${reportDiff(report, ours).join(", ")}`,
        report: reportToJson(ours),
      };
    }
    return { ok: true };
  };

  const server = await startSignerServer({
    host: config.signer.host,
    port: o.port ?? config.signer.port,
    accounts,
    domain: s.domain,
    verify,
    log,
    token: env.RIGSHARE_SIGNER_TOKEN || undefined,
  });
  log.info("start", {
    role: "signer",
    network: o.network,
    chainId: s.chainId,
    oracle: s.deployment.oracle,
    url: server.url,
    signers: accounts.map((a) => a.address as Address),
    rigs: s.rigs.map((r) => r.rigId),
  });
  await new Promise<void>((resolve) => {
    if (o.signal?.aborted) return resolve();
    o.signal?.addEventListener("abort", () => resolve(), { once: true });
  });
  await server.close();
  log.info("stop", { signed: server.stats.signed, refused: server.stats.refused });
  return 0;
}
