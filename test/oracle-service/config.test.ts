// Configuration parsing (one clear error per problem, naming the field) and the ABI fragments the
// updater calls, checked against the compiled contracts.
import { readFile } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";
import type { AbiItem } from "viem";
import { formatAbiItem } from "viem/utils";

import { epochFunderAbi, erc20Abi, hashrateOracleAbi, rewardDistributorAbi, rigSharesAbi } from "../../oracle/abi.js";
import { parseOracleConfig, parsePrivateKey, parsePrivateKeys } from "../../oracle/config.js";
import { ConfigError } from "../../oracle/errors.js";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const FILE = path.join(ROOT, "oracle", "config", "test.json");

const minimal = {
  pools: { fake: { url: "http://127.0.0.1:8787", hashrateUnit: "TH/s" } },
  rigs: [{ rigId: 1, pool: "fake", worker: "s21-1" }],
};

function configError(json: unknown): string {
  try {
    parseOracleConfig(json, FILE);
  } catch (e) {
    expect(e).to.be.instanceOf(ConfigError);
    expect((e as ConfigError).exitCode).to.equal(2);
    return (e as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("oracle service: configuration", function () {
  it("fills every default from a minimal file", function () {
    const c = parseOracleConfig(minimal, FILE);
    expect(c.rigs).to.deep.equal([{ rigId: 1n, pool: "fake", worker: "s21-1" }]);
    expect(c.pools.fake).to.deep.equal({
      type: "http",
      url: "http://127.0.0.1:8787",
      hashrateUnit: "TH/s",
      earningsUnit: "coin",
      sampleInterval: 600,
      sampleAlignment: "start",
      timeoutMs: 10_000,
      maxRangeSeconds: 86_400,
    });
    expect(c).to.deep.include({
      steps: "combined",
      approve: "none",
      settleDelaySeconds: 0,
      pollIntervalSeconds: 60,
      signers: [],
      logScanBlocks: 10_000,
    });
    expect(c.retry).to.deep.equal({ attempts: 8, baseDelayMs: 250, maxDelayMs: 8_000 });
    expect(c.signer).to.deep.equal({ host: "127.0.0.1", port: 9_101 });
    expect(c.dir).to.equal(path.dirname(FILE));
  });

  it("resolves file pools and the deployments path against the config's directory", function () {
    const c = parseOracleConfig(
      {
        deployments: "../../deployments/31337.json",
        pools: { files: { type: "file", hashrate: "data/{worker}.csv", earnings: "data/earnings.csv" } },
        rigs: [{ rigId: "2", pool: "files", worker: "w", account: "acct", powerWatts: 3_250 }],
        signers: ["http://127.0.0.1:9101", { url: "https://signer.example", tokenEnv: "TOKEN_B" }],
        contracts: { HashrateOracle: "0x5fbdb2315678afecb367f032d93f642f64180aa3" },
      },
      FILE,
    );
    expect(c.deployments).to.equal(path.join(ROOT, "deployments", "31337.json"));
    expect(c.rigs[0]).to.deep.equal({ rigId: 2n, pool: "files", worker: "w", account: "acct", powerWatts: 3_250n });
    expect(c.signers).to.deep.equal([
      { url: "http://127.0.0.1:9101" },
      { url: "https://signer.example", tokenEnv: "TOKEN_B" },
    ]);
    expect(c.contracts.HashrateOracle).to.equal("0x5FbDB2315678afecb367f032d93F642f64180aa3");
  });

  it("names the file and the field of each problem", function () {
    expect(configError({ ...minimal, rigs: [] })).to.equal("oracle/config/test.json: rigs must list at least one rig");
    expect(configError({ ...minimal, rigs: [{ rigId: 1, pool: "nope", worker: "w" }] })).to.match(
      /rigs\[0\]\.pool "nope" is not defined in pools$/,
    );
    expect(configError({ ...minimal, rigs: [...minimal.rigs, ...minimal.rigs] })).to.match(
      /rigs\[1\]\.rigId 1 is listed twice/,
    );
    expect(configError({ ...minimal, pools: { fake: { url: "ftp://pool" } } })).to.match(
      /pools\.fake\.url must be an http\(s\) URL/,
    );
    expect(configError({ ...minimal, pools: { fake: { url: "http://p", hashrateUnit: "TH" } } })).to.match(
      /pools\.fake\.hashrateUnit "TH" is not a hashrate unit/,
    );
    expect(configError({ ...minimal, steps: "both" })).to.match(/steps must be one of "combined", "separate"/);
    expect(configError({ ...minimal, tx: { feeBumpPercent: 5 } })).to.match(
      /tx\.feeBumpPercent must be an integer in \[10,/,
    );
    expect(configError({ ...minimal, rigs: [{ rigId: -1, pool: "fake", worker: "w" }] })).to.match(
      /rigs\[0\]\.rigId must be a non-negative integer/,
    );
    expect(configError({ ...minimal, contracts: { EpochFunder: "0x1234" } })).to.match(
      /contracts\.EpochFunder must be an address/,
    );
    expect(configError({ ...minimal, signers: "http://x" })).to.match(/signers must be a list/);
  });

  it("reads private keys with or without 0x and rejects anything else without echoing it", function () {
    const key = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    expect(parsePrivateKey(key, "K")).to.equal(`0x${key}`);
    expect(parsePrivateKeys(` 0x${key} ,${key.toUpperCase()}`, "KEYS")).to.deep.equal([`0x${key}`, `0x${key}`]);
    expect(() => parsePrivateKey("0x1234", "RIGSHARE_OPERATOR_KEY")).to.throw(
      ConfigError,
      /^RIGSHARE_OPERATOR_KEY is not a 32-byte hex private key$/,
    );
    expect(() => parsePrivateKeys(`${key},nothex`, "RIGSHARE_REPORTER_KEYS")).to.throw(
      ConfigError,
      /RIGSHARE_REPORTER_KEYS #2/,
    );
  });

  it("ships a localhost config that parses", async function () {
    const file = path.join(ROOT, "oracle", "config", "localhost.json");
    const c = parseOracleConfig(JSON.parse(await readFile(file, "utf8")), file);
    expect(c.chainId).to.equal(31_337);
    expect(c.rigs.map((r) => r.rigId)).to.deep.equal([1n]);
  });
});

describe("oracle service: ABI fragments", function () {
  const artifacts: Record<string, string> = {
    HashrateOracle: "contracts/HashrateOracle.sol/HashrateOracle.json",
    EpochFunder: "contracts/EpochFunder.sol/EpochFunder.json",
    RewardDistributor: "contracts/RewardDistributor.sol/RewardDistributor.json",
    RigShares: "contracts/RigShares.sol/RigShares.json",
    TestERC20: "contracts/test/TestERC20.sol/TestERC20.json",
  };
  const cases = [
    ["HashrateOracle", hashrateOracleAbi],
    ["EpochFunder", epochFunderAbi],
    ["RewardDistributor", rewardDistributorAbi],
    ["RigShares", rigSharesAbi],
    ["TestERC20", erc20Abi],
  ] as const;

  for (const [name, abi] of cases) {
    it(`matches the compiled ${name} (names, argument and return types)`, async function () {
      const compiled = (
        JSON.parse(await readFile(path.join(ROOT, "artifacts", artifacts[name]), "utf8")) as { abi: AbiItem[] }
      ).abi;
      // Errors the contract inherits from libraries it calls (ECDSA) are not in its ABI unless used directly.
      const inherited = new Set(["ECDSAInvalidSignature", "ECDSAInvalidSignatureLength", "ECDSAInvalidSignatureS"]);
      for (const item of abi as readonly AbiItem[]) {
        if (item.type !== "function" && item.type !== "event" && item.type !== "error") continue;
        if (item.type === "error" && inherited.has(item.name)) continue;
        const match = compiled.find(
          (c) =>
            c.type === item.type && "name" in c && c.name === item.name && formatAbiItem(c) === formatAbiItem(item),
        );
        expect(match, `${name}.${item.name}: ${formatAbiItem(item)}`).to.not.equal(undefined);
        if (item.type === "function" && match?.type === "function") {
          expect(formatAbiItem({ ...match, inputs: match.outputs }), `${name}.${item.name} outputs`).to.equal(
            formatAbiItem({ ...item, inputs: item.outputs }),
          );
          expect(match.stateMutability === "view").to.equal(item.stateMutability === "view");
        }
        if (item.type === "event" && match?.type === "event") {
          expect(
            match.inputs.map((i) => i.indexed === true),
            `${name}.${item.name} indexed`,
          ).to.deep.equal(item.inputs.map((i) => i.indexed === true));
        }
      }
    });
  }
});
