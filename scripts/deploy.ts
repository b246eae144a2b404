// Deploys the protocol, its oracle-verified epochs (HashrateOracle + EpochFunder, deploy/OracleModule.ts)
// and the secondary market (ShareMarket, deploy/ShareMarketModule.ts: parameters feeBps/treasury/adminDelay)
// with Hardhat Ignition and writes the address book deployments/<chainId>.json.
//
//   npm run deploy -- --network localhost [--seed]      a `hardhat node` (npm run chain); --seed adds test
//                                                         tokens and a demo rig on sale, configured for the
//                                                         oracle (terms, bond, network; local chains only)
//   npm run deploy -- --network sepolia [--verify]       see docs/DEPLOY.md
//
// Options: --rpc-url <url> overrides the network's URL (e.g. a node on another port); --parameters <file>
// (default deploy/parameters/<network>.json); --deployment-id <id> (default chain-<chainId>);
// --out-dir <dir> for the address book (default deployments/, or RIGSHARE_DEPLOYMENTS_DIR); --reset wipes
// the Ignition journal first; --no-compile skips the build; --json prints the address book only.
//
// Idempotent: Ignition's journal (ignition/deployments/<id>/) records every executed future, so a re-run
// sends nothing and yields the same addresses, and an interrupted run resumes where it stopped. A local
// chain restarted since the last run (the journal's contracts have no code) gets a fresh journal.
//
// On a public chain it also writes the verification inputs of every contract (standard JSON input,
// constructor arguments) to <out-dir>/<chainId>.verify/ (see scripts/lib/verifyInputs.ts, docs/testnet.md).
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";

import hre from "hardhat";
import { type Address, type Hex, decodeFunctionResult, encodeFunctionData, getAddress, isAddress } from "viem";

import { type SeedNetwork, buildDemoOracleSeedModule } from "../deploy/DemoOracleSeedModule.js";
import { buildDemoSeed } from "../deploy/DemoSeedModule.js";
import { type OracleNetwork, buildOracleModule } from "../deploy/OracleModule.js";
import { buildRigshareDeploymentModule } from "../deploy/RigshareDeploymentModule.js";
import { buildRigshareProtocolModule } from "../deploy/RigshareProtocolModule.js";
import { buildShareMarketModule } from "../deploy/ShareMarketModule.js";
import { hashrateOracleAbi } from "../sdk/abis.js";
import { VERSIONED_CONTRACTS, computeAbiVersion } from "../sdk/abiVersion.js";
import type { AddressBook, DeployedContract } from "../sdk/addressBook.js";
import { addressBookPath, deploymentsDir } from "../sdk/loadAddressBook.js";
import { writeVerificationInputs } from "./lib/verifyInputs.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const LOCAL_CHAIN_IDS = new Set([31337, 1337]);

const { values: args } = parseArgs({
  options: {
    network: { type: "string", default: "localhost" },
    "rpc-url": { type: "string" },
    seed: { type: "boolean", default: false },
    parameters: { type: "string" },
    "deployment-id": { type: "string" },
    "out-dir": { type: "string" },
    reset: { type: "boolean", default: false },
    verify: { type: "boolean", default: false },
    "no-compile": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
const log = (message: string) => {
  if (!args.json) console.log(message);
};

function fail(message: string): never {
  console.error(`deploy: ${message}`);
  process.exit(1);
}

type JournalMessage = {
  type: string;
  futureId?: string;
  hash?: string;
  receipt?: { blockNumber: number; contractAddress?: string };
};

/** Block number of every confirmed future's transaction, from the Ignition journal. */
async function confirmedBlocks(deploymentDir: string): Promise<Map<string, number>> {
  const blocks = new Map<string, number>();
  const text = await readFile(path.join(deploymentDir, "journal.jsonl"), "utf8").catch(() => "");
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const message = JSON.parse(line) as JournalMessage;
    if (message.type === "TRANSACTION_CONFIRM" && message.futureId && message.receipt) {
      blocks.set(message.futureId, Number(message.receipt.blockNumber));
    }
  }
  return blocks;
}

/** The "OracleModule" key of a parameters file: module options, plus OracleModule's Ignition parameters. */
type OracleParameters = {
  reporters?: string[];
  threshold?: number;
  /** Network parameters per payout token: an address, or the symbol of a test token of the --seed. */
  networks?: {
    payoutToken: string;
    difficulty: string | number;
    blockReward: string | number;
    style: string;
    /** Tariff ceiling of rigs paid in the token (EpochFunder.setMaxTariff), base units per kWh. */
    maxTariffPerKWh?: string | number;
  }[];
  /** Final admin of the oracle and the funder (default: RigshareProtocolModule's admin). */
  admin?: string;
  adminDelay?: number;
  suspendAfterEpochs?: number;
  /** Report bounds (HashrateOracle.setBounds); all three or none. */
  toleranceBps?: number;
  luckBps?: number;
  staleAfterEpochs?: number;
};

/** Splits the oracle parameters into OracleModule options, seed-token networks and Ignition parameters. */
function oracleParameters(raw: OracleParameters) {
  const whole = (value: unknown, what: string): bigint => {
    if ((typeof value !== "string" && typeof value !== "number") || !/^\d+$/.test(String(value)))
      fail(`OracleModule.${what} must be a whole number (a string for large values), not ${JSON.stringify(value)}`);
    return BigInt(value);
  };
  const reporters = raw.reporters ?? [];
  for (const r of reporters)
    if (!isAddress(r, { strict: false })) fail(`OracleModule.reporters: "${r}" is not an address`);
  const networks: OracleNetwork[] = [];
  const seedNetworks: SeedNetwork[] = [];
  for (const [i, n] of (raw.networks ?? []).entries()) {
    if (n.style !== "bitcoin" && n.style !== "monero")
      fail(`OracleModule.networks[${i}].style must be "bitcoin" or "monero", not ${JSON.stringify(n.style)}`);
    const difficulty = whole(n.difficulty, `networks[${i}].difficulty`);
    const blockReward = whole(n.blockReward, `networks[${i}].blockReward`);
    if (difficulty === 0n || blockReward === 0n)
      fail(`OracleModule.networks[${i}]: difficulty and blockReward must be positive`);
    const ceiling =
      n.maxTariffPerKWh === undefined
        ? {}
        : { maxTariffPerKWh: whole(n.maxTariffPerKWh, `networks[${i}].maxTariffPerKWh`) };
    if (isAddress(n.payoutToken, { strict: false }))
      networks.push({ payoutToken: n.payoutToken, difficulty, blockReward, style: n.style, ...ceiling });
    else if (n.payoutToken === "USDC" || n.payoutToken === "WBTC")
      seedNetworks.push({ symbol: n.payoutToken, difficulty, blockReward, style: n.style, ...ceiling });
    else fail(`OracleModule.networks[${i}].payoutToken must be an address or a --seed test token (USDC, WBTC)`);
  }
  const boundKeys = ["toleranceBps", "luckBps", "staleAfterEpochs"] as const;
  const given = boundKeys.filter((k) => raw[k] !== undefined);
  if (given.length > 0 && given.length < 3)
    fail(`OracleModule: give all of ${boundKeys.join(", ")} or none (have ${given.join(", ")})`);
  for (const k of given)
    if (!Number.isSafeInteger(raw[k]) || raw[k]! <= 0)
      fail(`OracleModule.${k} must be a positive whole number, not ${JSON.stringify(raw[k])}`);
  const bounds =
    given.length === 3
      ? { toleranceBps: raw.toleranceBps!, luckBps: raw.luckBps!, staleAfterEpochs: raw.staleAfterEpochs! }
      : undefined;
  const ignition: Record<string, number> = {};
  if (raw.adminDelay !== undefined) ignition.adminDelay = raw.adminDelay;
  if (raw.suspendAfterEpochs !== undefined) ignition.suspendAfterEpochs = raw.suspendAfterEpochs;
  return { reporters, threshold: raw.threshold, admin: raw.admin, networks, seedNetworks, bounds, ignition };
}

async function main() {
  if (!(args.network in hre.config.networks))
    fail(`unknown network "${args.network}" (have: ${Object.keys(hre.config.networks).join(", ")})`);
  if (!args["no-compile"]) await hre.tasks.getTask("build").run({ quiet: true, noTests: true });

  const connection = await hre.network.create({
    network: args.network,
    ...(args["rpc-url"] ? { override: { url: args["rpc-url"] } } : {}),
  });
  const { provider, ignition } = connection;
  let chainId: number;
  try {
    chainId = Number(await provider.request({ method: "eth_chainId" }));
  } catch (e) {
    fail(`cannot reach the RPC of network "${args.network}": ${(e as Error).message.split("\n")[0]}`);
  }
  const [deployer] = (await provider.request({ method: "eth_accounts" })) as Address[];
  if (!deployer) fail(`network "${args.network}" has no account to deploy from (see docs/DEPLOY.md)`);
  const local = LOCAL_CHAIN_IDS.has(chainId);
  if (args.seed && !local) fail(`--seed deploys test tokens and is for local chains only (chain ${chainId})`);
  const ephemeral = connection.networkConfig.type === "edr-simulated";
  if (ephemeral)
    log("note: the in-process chain disappears when this script ends; use --network localhost with `npm run chain`");

  // Parameters: the "RigshareProtocolModule" key configures the module factory, "OracleModule" both the
  // oracle module's factory (reporters, threshold, networks) and its Ignition parameters; the rest goes to
  // Ignition as is.
  const parametersFile = args.parameters ?? path.join(ROOT, "deploy", "parameters", `${args.network}.json`);
  if (!existsSync(parametersFile)) fail(`no parameters file ${path.relative(process.cwd(), parametersFile)}`);
  const {
    RigshareProtocolModule: protocolOptions = {},
    OracleModule: oracleRaw = {},
    ...ignitionParameters
  } = JSON.parse(await readFile(parametersFile, "utf8")) as {
    RigshareProtocolModule?: { operators?: string[]; admin?: string };
    OracleModule?: OracleParameters;
  } & Record<string, Record<string, unknown>>;
  const oracleOptions = oracleParameters(oracleRaw);
  if (Object.keys(oracleOptions.ignition).length > 0) ignitionParameters.OracleModule = oracleOptions.ignition;
  const protocolModule = buildRigshareProtocolModule({ ...protocolOptions, deployer });
  const oracleModule = buildOracleModule({
    reporters: oracleOptions.reporters,
    ...(oracleOptions.threshold === undefined ? {} : { threshold: oracleOptions.threshold }),
    networks: oracleOptions.networks,
    ...(oracleOptions.bounds ? { bounds: oracleOptions.bounds } : {}),
    ...((oracleOptions.admin ?? protocolOptions.admin) ? { admin: oracleOptions.admin ?? protocolOptions.admin } : {}),
    deployer,
    protocol: protocolModule,
  });
  if (!args.seed && oracleOptions.seedNetworks.length > 0)
    log(
      `note: network parameters of ${oracleOptions.seedNetworks.map((n) => n.symbol).join(", ")} apply to --seed test tokens only`,
    );
  const module = buildRigshareDeploymentModule({
    protocol: protocolModule,
    oracle: oracleModule,
    market: buildShareMarketModule({ protocol: protocolModule }),
    ...(args.seed
      ? {
          seed: buildDemoOracleSeedModule({
            seed: buildDemoSeed(protocolModule),
            oracle: oracleModule,
            networks: oracleOptions.seedNetworks,
          }),
        }
      : {}),
  });

  const deploymentId = args["deployment-id"] ?? `chain-${chainId}`;
  const deploymentDir = path.join(hre.config.paths.ignition, "deployments", deploymentId);
  if (args.reset && existsSync(deploymentDir)) {
    log(`wiping the Ignition journal ${path.relative(process.cwd(), deploymentDir)}`);
    await rm(deploymentDir, { recursive: true });
  } else if (local && existsSync(path.join(deploymentDir, "deployed_addresses.json"))) {
    const known = JSON.parse(await readFile(path.join(deploymentDir, "deployed_addresses.json"), "utf8")) as Record<
      string,
      Address
    >;
    const shares = known["RigSharesModule#RigShares"];
    const code = shares ? await provider.request({ method: "eth_getCode", params: [shares, "latest"] }) : "0x";
    if (code === "0x") {
      log(`the local chain was restarted since ${deploymentId} was deployed: starting a fresh journal`);
      await rm(deploymentDir, { recursive: true });
    }
  }

  log(
    `deploying to ${args.network} (chain ${chainId}) from ${deployer} as deployment ${deploymentId}${args.seed ? " with the demo seed" : ""}`,
  );
  const result = (await ignition.deploy(module, {
    parameters: ignitionParameters as never,
    deploymentId,
    displayUi: !args.json && process.stdout.isTTY === true,
  })) as Record<string, { getAddress(): Promise<string> }>;

  // Blocks from the journal (a persistent deployment), or from the chain for the in-process network.
  const blocks = ephemeral ? new Map<string, number>() : await confirmedBlocks(deploymentDir);
  const latest = Number(await provider.request({ method: "eth_blockNumber" }));
  const deployed = async (futureId: string, contractKey: string): Promise<DeployedContract> => ({
    address: getAddress(await result[contractKey].getAddress()),
    blockNumber: blocks.get(futureId) ?? latest,
  });
  // The ABI version of what was actually deployed: Ignition keeps the artifact of every deployed future, so
  // a re-run after a contract changed still reports the version of the contracts on chain.
  const deployedArtifact: Record<(typeof VERSIONED_CONTRACTS)[number], string> = {
    RigShares: "RigSharesModule#RigShares",
    RewardDistributor: "RewardDistributorModule#RewardDistributor",
    ShareRenderer: "ShareRendererModule#ShareRenderer",
    TestERC20: "TestTokensModule#USDC",
    HashrateOracle: "OracleModule#HashrateOracle",
    EpochFunder: "OracleModule#EpochFunder",
    ShareMarket: "ShareMarketModule#ShareMarket",
  };
  const artifacts = await Promise.all(
    VERSIONED_CONTRACTS.map(async (name) => {
      const stored = path.join(deploymentDir, "artifacts", `${deployedArtifact[name]}.json`);
      if (!ephemeral && existsSync(stored)) return JSON.parse(await readFile(stored, "utf8")) as { abi: unknown[] };
      return hre.artifacts.readArtifact(name);
    }),
  );
  const contracts = {
    ShareRenderer: await deployed("ShareRendererModule#ShareRenderer", "renderer"),
    RigShares: await deployed("RigSharesModule#RigShares", "shares"),
    RewardDistributor: await deployed("RewardDistributorModule#RewardDistributor", "distributor"),
    HashrateOracle: await deployed("OracleModule#HashrateOracle", "oracle"),
    EpochFunder: await deployed("OracleModule#EpochFunder", "funder"),
    ShareMarket: await deployed("ShareMarketModule#ShareMarket", "market"),
  };
  const book: AddressBook = {
    chainId,
    network: args.network,
    deploymentId,
    abiVersion: computeAbiVersion(artifacts.map((a) => a.abi)) as Hex,
    deploymentBlock: Math.min(...Object.values(contracts).map((c) => c.blockNumber)),
    contracts,
  };
  if (args.seed) {
    book.tokens = {
      USDC: { ...(await deployed("TestTokensModule#USDC", "usdc")), symbol: "USDC", decimals: 6 },
      WBTC: { ...(await deployed("TestTokensModule#WBTC", "wbtc")), symbol: "WBTC", decimals: 8 },
    };
    // The demo rig's id, read back from the journal's event argument (the in-process chain keeps no
    // journal: its fresh chain has the demo rig only, rig 1).
    const journal = ephemeral ? "" : await readFile(path.join(deploymentDir, "journal.jsonl"), "utf8");
    const read = journal
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { type: string; futureId?: string; result?: { value?: unknown } })
      .find(
        (m) => m.futureId === "DemoSeedModule#demoRigId" && m.type === "READ_EVENT_ARGUMENT_EXECUTION_STATE_INITIALIZE",
      );
    const rigId = ephemeral ? 1 : read?.result?.value;
    if (rigId !== undefined) book.seed = { rigId: Number(rigId) };
  } else {
    // A re-run without --seed keeps the seed section of an earlier seeded run of the same deployment.
    const previous = await readFile(addressBookPath(chainId, args["out-dir"] ?? deploymentsDir()), "utf8").catch(
      () => "",
    );
    if (previous) {
      const old = JSON.parse(previous) as AddressBook;
      if (old.deploymentId === deploymentId && old.contracts?.RigShares?.address === contracts.RigShares.address) {
        if (old.tokens) book.tokens = old.tokens;
        if (old.seed) book.seed = old.seed;
      }
    }
  }

  const outDir = args["out-dir"] ?? deploymentsDir();
  await mkdir(outDir, { recursive: true });
  const file = addressBookPath(chainId, outDir);
  if (!ephemeral) await writeFile(file, `${JSON.stringify(book, null, 2)}\n`);
  // Public chains: the verification inputs of every contract (standard JSON input, constructor arguments),
  // ready for `hardhat verify` or an explorer's form, in <out-dir>/<chainId>.verify/ (scripts/lib/verifyInputs.ts).
  const verifyDir = path.join(outDir, `${chainId}.verify`);
  const verifyInputs =
    local || ephemeral ? [] : await writeVerificationInputs(deploymentDir, verifyDir, args.network, chainId);
  if (args.json) console.log(JSON.stringify(book));
  else {
    for (const [name, c] of Object.entries(book.contracts))
      log(`  ${name.padEnd(18)} ${c.address}  (block ${c.blockNumber})`);
    for (const [symbol, t] of Object.entries(book.tokens ?? {}))
      log(`  ${symbol.padEnd(18)} ${t.address}  (test token)`);
    const data = (await provider.request({
      method: "eth_call",
      params: [
        {
          to: contracts.HashrateOracle.address,
          data: encodeFunctionData({ abi: hashrateOracleAbi, functionName: "reporterSet" }),
        },
        "latest",
      ],
    })) as Hex;
    const [reporters, threshold] = decodeFunctionResult({ abi: hashrateOracleAbi, functionName: "reporterSet", data });
    log(`  oracle: reports need ${threshold} of ${reporters} reporter signatures`);
    if (book.seed)
      log(`  demo rig ${book.seed.rigId} is on sale, with terms, a bond and its network set for the oracle`);
    log(
      ephemeral ? "address book not written (in-process chain)" : `address book: ${path.relative(process.cwd(), file)}`,
    );
    if (verifyInputs.length > 0)
      log(`verification inputs of ${verifyInputs.length} contracts: ${path.relative(process.cwd(), verifyDir)}/`);
  }

  if (args.verify) {
    if (local || ephemeral) fail("--verify needs a public network with a block explorer");
    try {
      await hre.tasks.getTask(["ignition", "verify"]).run({ deploymentId });
    } catch (e) {
      fail(
        `verification failed (is ETHERSCAN_API_KEY configured? see docs/DEPLOY.md): ${(e as Error).message.split("\n")[0]}`,
      );
    }
  }
  await connection.close();
}

await main();
