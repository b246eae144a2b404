// The updater's configuration, parsed once: the config file (oracle/config/<network>.json by default;
// pools, rigs, signer endpoints, timings) and the secrets from the environment. Every problem is a
// ConfigError whose message names the file and the field. Keys never come from the file.
import { readFile } from "node:fs/promises";
import path from "node:path";

import { type Address, type Hex, getAddress, isAddress, isHex } from "viem";

import { ConfigError } from "./errors.js";
import type { PoolConfig } from "./pool/types.js";
import { DEFAULT_RETRY, type RetryOptions } from "./retry.js";
import { isHashrateUnit } from "./units.js";

export type RigConfig = {
  rigId: bigint;
  /** Name of an entry of `pools`. */
  pool: string;
  /** Worker name at the pool. */
  worker: string;
  /** Pool (sub-)account the rig's earnings are credited to, if the pool splits earnings by account. */
  account?: string;
  /** Measured power draw in W; defaults to the rig's registered `powerWatts`. */
  powerWatts?: bigint;
};

export type RemoteSignerConfig = {
  url: string;
  /** Environment variable holding the bearer token the signer expects. */
  tokenEnv?: string;
};

export type TxOptions = {
  /** How long to wait for a receipt before bumping fees and replacing, in ms. */
  receiptTimeoutMs: number;
  /** Receipt polling period, in ms. */
  pollMs: number;
  /** Replacements (fee bumps) before giving up on a transaction. */
  maxFeeBumps: number;
  /** Fee increase per bump, in percent (≥ 10: nodes reject smaller replacements). */
  feeBumpPercent: number;
  /** Gas limit = estimate × this / 100. */
  gasMultiplierPercent: number;
};

export type OracleFileConfig = {
  /** The config file (absolute) and its directory (relative paths resolve against it). */
  file: string;
  dir: string;
  /** Expected chain id of the RPC; checked against the RPC and the deployments file. */
  chainId?: number;
  /** Address book (deployments/<chainId>.json) to read; default: the repository's deployments/. */
  deployments?: string;
  /** Addresses that override (or complete) the address book. */
  contracts: { HashrateOracle?: Address; EpochFunder?: Address };
  pollIntervalSeconds: number;
  /** Wait this long after an epoch ends before reporting it (pools publish late). */
  settleDelaySeconds: number;
  /** "combined": pushEpochWithReport in one transaction; "separate": submitReport, then pushEpoch. */
  steps: "combined" | "separate";
  /** "max": when the operator key is the rig's operator and its allowance is short, approve the funder. */
  approve: "none" | "max";
  retry: RetryOptions;
  tx: TxOptions;
  /** Block range of one eth_getLogs request when looking up an accepted report. */
  logScanBlocks: number;
  pools: Record<string, PoolConfig>;
  rigs: RigConfig[];
  signers: RemoteSignerConfig[];
  /** Where a `--role signer` process listens. */
  signer: { host: string; port: number };
};

export const DEFAULT_TX: TxOptions = {
  receiptTimeoutMs: 120_000,
  pollMs: 1_000,
  maxFeeBumps: 5,
  feeBumpPercent: 25,
  gasMultiplierPercent: 125,
};

type Obj = Record<string, unknown>;

class Reader {
  constructor(readonly file: string) {}
  fail(field: string, problem: string): never {
    throw new ConfigError(`${path.relative(process.cwd(), this.file) || this.file}: ${field} ${problem}`);
  }
  obj(v: unknown, field: string): Obj {
    if (typeof v !== "object" || v === null || Array.isArray(v)) this.fail(field, "must be an object");
    return v as Obj;
  }
  int(
    v: unknown,
    field: string,
    { min = 0, max = Number.MAX_SAFE_INTEGER, def }: { min?: number; max?: number; def?: number } = {},
  ): number {
    if (v === undefined && def !== undefined) return def;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min || v > max)
      this.fail(field, `must be an integer in [${min}, ${max}]`);
    return v;
  }
  num(v: unknown, field: string, def: number, min = 0): number {
    if (v === undefined) return def;
    if (typeof v !== "number" || !Number.isFinite(v) || v < min) this.fail(field, `must be a number ≥ ${min}`);
    return v;
  }
  str(v: unknown, field: string, def?: string): string {
    if (v === undefined && def !== undefined) return def;
    if (typeof v !== "string" || v.trim() === "") this.fail(field, "must be a non-empty string");
    return v;
  }
  optStr(v: unknown, field: string): string | undefined {
    return v === undefined ? undefined : this.str(v, field);
  }
  oneOf<T extends string>(v: unknown, field: string, options: readonly T[], def: T): T {
    if (v === undefined) return def;
    if (!options.includes(v as T)) this.fail(field, `must be one of ${options.map((o) => `"${o}"`).join(", ")}`);
    return v as T;
  }
  address(v: unknown, field: string): Address {
    if (typeof v !== "string" || !isAddress(v, { strict: false })) this.fail(field, "must be an address");
    return getAddress(v);
  }
  url(v: unknown, field: string): string {
    const s = this.str(v, field);
    try {
      const u = new URL(s);
      if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error();
    } catch {
      this.fail(field, `must be an http(s) URL (got "${s}")`);
    }
    return s;
  }
  bigint(v: unknown, field: string): bigint {
    if ((typeof v === "number" && Number.isSafeInteger(v) && v >= 0) || (typeof v === "string" && /^\d+$/.test(v)))
      return BigInt(v);
    this.fail(field, "must be a non-negative integer");
  }
}

function parsePool(r: Reader, v: unknown, field: string): PoolConfig {
  const o = r.obj(v, field);
  const hashrateUnit = r.str(o.hashrateUnit, `${field}.hashrateUnit`, "H/s");
  if (!isHashrateUnit(hashrateUnit))
    r.fail(`${field}.hashrateUnit`, `"${hashrateUnit}" is not a hashrate unit (H/s … EH/s)`);
  const common = {
    hashrateUnit,
    earningsUnit: r.oneOf(o.earningsUnit, `${field}.earningsUnit`, ["coin", "base"] as const, "coin"),
    sampleInterval: r.int(o.sampleInterval, `${field}.sampleInterval`, { min: 1, def: 600 }),
    sampleAlignment: r.oneOf(o.sampleAlignment, `${field}.sampleAlignment`, ["start", "end"] as const, "start"),
  };
  const type = r.oneOf(o.type, `${field}.type`, ["http", "file"] as const, "http");
  if (type === "http") {
    return {
      ...common,
      type,
      url: r.url(o.url, `${field}.url`),
      ...(o.apiKeyEnv !== undefined ? { apiKeyEnv: r.str(o.apiKeyEnv, `${field}.apiKeyEnv`) } : {}),
      timeoutMs: r.int(o.timeoutMs, `${field}.timeoutMs`, { min: 1, def: 10_000 }),
      maxRangeSeconds: r.int(o.maxRangeSeconds, `${field}.maxRangeSeconds`, { min: 60, def: 86_400 }),
    };
  }
  return {
    ...common,
    type,
    hashrate: r.str(o.hashrate, `${field}.hashrate`),
    earnings: r.str(o.earnings, `${field}.earnings`),
  };
}

/** Parses the config file's JSON (already read) into an OracleFileConfig. */
export function parseOracleConfig(json: unknown, file: string): OracleFileConfig {
  const r = new Reader(file);
  const o = r.obj(json, "the file");
  const dir = path.dirname(path.resolve(file));

  const pools: Record<string, PoolConfig> = {};
  for (const [name, p] of Object.entries(r.obj(o.pools ?? {}, "pools"))) pools[name] = parsePool(r, p, `pools.${name}`);

  if (!Array.isArray(o.rigs) || o.rigs.length === 0) r.fail("rigs", "must list at least one rig");
  const seen = new Set<bigint>();
  const rigs = (o.rigs as unknown[]).map((v, i): RigConfig => {
    const f = `rigs[${i}]`;
    const rig = r.obj(v, f);
    const rigId = r.bigint(rig.rigId, `${f}.rigId`);
    if (seen.has(rigId)) r.fail(`${f}.rigId`, `${rigId} is listed twice`);
    seen.add(rigId);
    const pool = r.str(rig.pool, `${f}.pool`);
    if (!pools[pool]) r.fail(`${f}.pool`, `"${pool}" is not defined in pools`);
    return {
      rigId,
      pool,
      worker: r.str(rig.worker, `${f}.worker`),
      ...(rig.account !== undefined ? { account: r.str(rig.account, `${f}.account`) } : {}),
      ...(rig.powerWatts !== undefined ? { powerWatts: r.bigint(rig.powerWatts, `${f}.powerWatts`) } : {}),
    };
  });

  if (!Array.isArray(o.signers ?? [])) r.fail("signers", "must be a list");
  const signers = ((o.signers ?? []) as unknown[]).map((v, i): RemoteSignerConfig => {
    const s = typeof v === "string" ? { url: v } : r.obj(v, `signers[${i}]`);
    return {
      url: r.url(s.url, `signers[${i}].url`),
      ...(s.tokenEnv !== undefined ? { tokenEnv: r.str(s.tokenEnv, `signers[${i}].tokenEnv`) } : {}),
    };
  });

  const contractsIn = r.obj(o.contracts ?? {}, "contracts");
  const contracts: OracleFileConfig["contracts"] = {};
  for (const name of ["HashrateOracle", "EpochFunder"] as const) {
    if (contractsIn[name] !== undefined) contracts[name] = r.address(contractsIn[name], `contracts.${name}`);
  }

  const retryIn = r.obj(o.retry ?? {}, "retry");
  const txIn = r.obj(o.tx ?? {}, "tx");
  const signerIn = r.obj(o.signer ?? {}, "signer");
  const deployments = r.optStr(o.deployments, "deployments");
  return {
    file: path.resolve(file),
    dir,
    ...(o.chainId !== undefined ? { chainId: r.int(o.chainId, "chainId", { min: 1 }) } : {}),
    ...(deployments ? { deployments: path.resolve(dir, deployments) } : {}),
    contracts,
    pollIntervalSeconds: r.num(o.pollIntervalSeconds, "pollIntervalSeconds", 60, 0.05),
    settleDelaySeconds: r.int(o.settleDelaySeconds, "settleDelaySeconds", { def: 0 }),
    steps: r.oneOf(o.steps, "steps", ["combined", "separate"] as const, "combined"),
    approve: r.oneOf(o.approve, "approve", ["none", "max"] as const, "none"),
    retry: {
      attempts: r.int(retryIn.attempts, "retry.attempts", { min: 1, def: DEFAULT_RETRY.attempts }),
      baseDelayMs: r.int(retryIn.baseDelayMs, "retry.baseDelayMs", { min: 1, def: DEFAULT_RETRY.baseDelayMs }),
      maxDelayMs: r.int(retryIn.maxDelayMs, "retry.maxDelayMs", { min: 1, def: DEFAULT_RETRY.maxDelayMs }),
    },
    tx: {
      receiptTimeoutMs: r.int(txIn.receiptTimeoutMs, "tx.receiptTimeoutMs", {
        min: 100,
        def: DEFAULT_TX.receiptTimeoutMs,
      }),
      pollMs: r.int(txIn.pollMs, "tx.pollMs", { min: 10, def: DEFAULT_TX.pollMs }),
      maxFeeBumps: r.int(txIn.maxFeeBumps, "tx.maxFeeBumps", { def: DEFAULT_TX.maxFeeBumps }),
      feeBumpPercent: r.int(txIn.feeBumpPercent, "tx.feeBumpPercent", { min: 10, def: DEFAULT_TX.feeBumpPercent }),
      gasMultiplierPercent: r.int(txIn.gasMultiplierPercent, "tx.gasMultiplierPercent", {
        min: 100,
        def: DEFAULT_TX.gasMultiplierPercent,
      }),
    },
    logScanBlocks: r.int(o.logScanBlocks, "logScanBlocks", { min: 1, def: 10_000 }),
    pools,
    rigs,
    signers,
    signer: {
      host: r.str(signerIn.host, "signer.host", "127.0.0.1"),
      port: r.int(signerIn.port, "signer.port", { max: 65_535, def: 9_101 }),
    },
  };
}

/** Reads and parses a config file; a missing or malformed file is a ConfigError. */
export async function loadOracleConfig(file: string): Promise<OracleFileConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      `config file ${path.relative(process.cwd(), file) || file} ${code === "ENOENT" ? "does not exist" : `cannot be read (${code})`}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      `config file ${path.relative(process.cwd(), file)} is not valid JSON: ${(error as Error).message}`,
    );
  }
  return parseOracleConfig(json, file);
}

/** The secrets a process needs, from the environment (or the Hardhat keystore, resolved by the caller). */
export type OracleSecrets = {
  /** Operator (transaction sender) private key. */
  operatorKey?: Hex;
  /** Reporter private keys this process signs with. */
  reporterKeys: Hex[];
};

/** Parses a private key; `what` names its source in the error. */
export function parsePrivateKey(value: string, what: string): Hex {
  const v = value.trim();
  const key = (v.startsWith("0x") ? v : `0x${v}`).toLowerCase();
  if (!isHex(key) || key.length !== 66) throw new ConfigError(`${what} is not a 32-byte hex private key`);
  return key as Hex;
}

/** Parses a comma-separated list of private keys. */
export function parsePrivateKeys(value: string, what: string): Hex[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((k, i) => parsePrivateKey(k, `${what} #${i + 1}`));
}
