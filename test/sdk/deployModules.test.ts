// The Ignition modules of deploy/ on the in-process chain: the protocol module wires the distributor,
// grants OPERATOR_ROLE from its parameters and hands the admin role over when asked; the parameters
// files parse; the demo seed registers a rig on sale with funded accounts; the whole deployment of
// scripts/deploy.ts wires the oracle and configures the seeded rig for it. (Idempotent re-runs over
// JSON-RPC, with Ignition's journal, are checked by test/e2e.)
import { readFile } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { type Abi, type Address, erc20Abi, getAddress, isAddress, zeroHash } from "viem";

import { SEED_BOND, SEED_TERMS, buildDemoOracleSeedModule } from "../../deploy/DemoOracleSeedModule.js";
import {
  SEED_HOLDER_INDEXES,
  SEED_USDC_PER_HOLDER,
  buildDemoSeed,
  buildDemoSeedModule,
} from "../../deploy/DemoSeedModule.js";
import { buildOracleModule } from "../../deploy/OracleModule.js";
import { buildRigshareDeploymentModule } from "../../deploy/RigshareDeploymentModule.js";
import { OPERATOR_ROLE, PAUSER_ROLE, buildRigshareProtocolModule } from "../../deploy/RigshareProtocolModule.js";
import { buildShareMarketModule } from "../../deploy/ShareMarketModule.js";
import {
  epochFunderAbi,
  hashrateOracleAbi,
  rewardDistributorAbi,
  rigSharesAbi,
  shareMarketAbi,
} from "../../sdk/abis.js";
import { getOracleStatus } from "../../sdk/actions/getOracleStatus.js";
import { getRig } from "../../sdk/actions/getRig.js";
import { getRigTerms } from "../../sdk/actions/getRigTerms.js";
import { BITCOIN_NETWORK_NOW } from "../../scripts/lib/economics.js";

const connection = await network.create();
const { networkHelpers } = connection;
const ROOT = path.resolve(import.meta.dirname, "..", "..");

async function handoverFixture(c: NetworkConnection) {
  const [deployer, newAdmin, op1, op2, treasury] = await c.viem.getWalletClients();
  const module = buildRigshareProtocolModule({
    operators: [op1.account.address, op2.account.address, op1.account.address.toUpperCase().replace("0X", "0x")],
    admin: newAdmin.account.address,
    deployer: deployer.account.address,
  });
  const result = await c.ignition.deploy(module, {
    parameters: {
      RigSharesModule: { treasury: treasury.account.address, protocolFeeBps: 300, adminDelay: 3_600 },
      RewardDistributorModule: { adminDelay: 7_200 },
    },
  });
  return {
    publicClient: await c.viem.getPublicClient(),
    shares: (await result.shares.getAddress()) as Address,
    distributor: (await result.distributor.getAddress()) as Address,
    renderer: (await result.renderer.getAddress()) as Address,
    deployer,
    newAdmin,
    op1,
    op2,
    treasury,
  };
}

async function seededFixture(c: NetworkConnection) {
  const deployed = await c.ignition.deploy(buildDemoSeedModule(buildRigshareProtocolModule({ operators: [] })));
  return {
    publicClient: await c.viem.getPublicClient(),
    accounts: await c.viem.getWalletClients(),
    contracts: {
      rigShares: (await deployed.shares.getAddress()) as Address,
      distributor: (await deployed.distributor.getAddress()) as Address,
    },
    usdc: (await deployed.usdc.getAddress()) as Address,
    wbtc: (await deployed.wbtc.getAddress()) as Address,
  };
}

/** The modules scripts/deploy.ts runs with --seed and deploy/parameters/localhost.json's oracle settings. */
async function oracleDeploymentFixture(c: NetworkConnection) {
  const params = JSON.parse(await readFile(path.join(ROOT, "deploy", "parameters", "localhost.json"), "utf8"));
  const protocol = buildRigshareProtocolModule({ operators: params.RigshareProtocolModule.operators });
  const oracle = buildOracleModule({
    reporters: params.OracleModule.reporters,
    threshold: params.OracleModule.threshold,
    protocol,
  });
  const seed = buildDemoOracleSeedModule({
    seed: buildDemoSeed(protocol),
    oracle,
    networks: [
      {
        symbol: "WBTC",
        difficulty: BITCOIN_NETWORK_NOW.difficulty,
        blockReward: BITCOIN_NETWORK_NOW.blockReward,
        style: "bitcoin",
        maxTariffPerKWh: 500n,
      },
    ],
  });
  const deployed = await c.ignition.deploy(buildRigshareDeploymentModule({ protocol, oracle, seed }), {
    parameters: { OracleModule: { suspendAfterEpochs: params.OracleModule.suspendAfterEpochs } },
  });
  const address = async (f: { getAddress(): Promise<string> }) => getAddress(await f.getAddress());
  return {
    publicClient: await c.viem.getPublicClient(),
    accounts: await c.viem.getWalletClients(),
    contracts: {
      rigShares: await address(deployed.shares),
      distributor: await address(deployed.distributor),
      oracle: await address(deployed.oracle),
      funder: await address(deployed.funder),
    },
    wbtc: await address(deployed.wbtc),
  };
}

describe("Ignition modules (deploy/)", function () {
  this.timeout(60_000);

  it("wires the distributor, grants OPERATOR_ROLE to each operator once and starts the admin handover", async function () {
    const d = await networkHelpers.loadFixture(handoverFixture);
    const read = (
      address: Address,
      abi: typeof rigSharesAbi | typeof rewardDistributorAbi,
      functionName: string,
      args: unknown[] = [],
    ) => d.publicClient.readContract({ address, abi, functionName, args } as never) as Promise<unknown>;
    expect(getAddress((await read(d.shares, rigSharesAbi, "distributor")) as Address)).to.equal(
      getAddress(d.distributor),
    );
    expect(getAddress((await read(d.distributor, rewardDistributorAbi, "shareToken")) as Address)).to.equal(
      getAddress(d.shares),
    );
    expect(getAddress((await read(d.shares, rigSharesAbi, "renderer")) as Address)).to.equal(getAddress(d.renderer));
    expect(await read(d.shares, rigSharesAbi, "protocolFee")).to.deep.equal([
      300n,
      getAddress(d.treasury.account.address),
    ]);
    for (const op of [d.op1, d.op2])
      expect(await read(d.shares, rigSharesAbi, "hasRole", [OPERATOR_ROLE, op.account.address])).to.equal(true);
    expect(await read(d.shares, rigSharesAbi, "hasRole", [OPERATOR_ROLE, d.deployer.account.address])).to.equal(false);
    for (const [contract, abi, delay] of [
      [d.shares, rigSharesAbi, 3_600],
      [d.distributor, rewardDistributorAbi, 7_200],
    ] as const) {
      expect(await read(contract, abi, "defaultAdminDelay")).to.equal(delay);
      expect(await read(contract, abi, "hasRole", [PAUSER_ROLE, d.newAdmin.account.address])).to.equal(true);
      const [pending] = (await read(contract, abi, "pendingDefaultAdmin")) as [Address, number];
      expect(getAddress(pending)).to.equal(getAddress(d.newAdmin.account.address));
      expect(await read(contract, abi, "hasRole", [zeroHash, d.deployer.account.address])).to.equal(true); // until the new admin accepts
    }
  });

  it("seeds a local chain with test tokens, funded holders and the demo rig on sale", async function () {
    const s = await networkHelpers.loadFixture(seededFixture);
    const rig = await getRig(s.publicClient, { contracts: s.contracts, rigId: 1n });
    expect(rig).to.deep.include({
      name: "Antminer S21 #1",
      saleOpen: true,
      totalShares: 1_000n,
      pricePerShare: 3_400_000n,
      epochLength: 86_400n,
      operator: getAddress(s.accounts[1].account.address),
    });
    for (const index of SEED_HOLDER_INDEXES) {
      expect(
        await s.publicClient.readContract({
          address: s.usdc,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [s.accounts[index].account.address],
        }),
      ).to.equal(SEED_USDC_PER_HOLDER);
    }
    expect(await s.publicClient.readContract({ address: s.wbtc, abi: erc20Abi, functionName: "decimals" })).to.equal(8);
  });

  it("has a parameters file per network in Ignition's format, with the oracle's reporters, threshold and networks", async function () {
    for (const name of ["default", "localhost", "sepolia", "baseSepolia"]) {
      const params = JSON.parse(await readFile(path.join(ROOT, "deploy", "parameters", `${name}.json`), "utf8"));
      expect(params, name).to.have.keys(
        "RigSharesModule",
        "RewardDistributorModule",
        "RigshareProtocolModule",
        "OracleModule",
        "ShareMarketModule",
      );
      expect(params.ShareMarketModule.feeBps, name).to.be.within(0, 1_000);
      expect(params.RigSharesModule.protocolFeeBps, name).to.be.within(0, 1_000);
      expect(params.RigshareProtocolModule.operators, name).to.be.an("array");
      const oracle = params.OracleModule;
      expect(oracle.reporters, name).to.be.an("array");
      for (const r of oracle.reporters) expect(isAddress(r), `${name}: ${r}`).to.equal(true);
      if (oracle.reporters.length > 0) expect(oracle.threshold, name).to.be.within(1, oracle.reporters.length);
      expect(oracle.suspendAfterEpochs, name).to.be.within(1, 65_535);
      for (const n of oracle.networks) {
        expect(n.style, name).to.be.oneOf(["bitcoin", "monero"]);
        expect(BigInt(n.difficulty) > 0n && BigInt(n.blockReward) > 0n, name).to.equal(true);
      }
    }
    // Local chains: Hardhat accounts #10-#14 report, 3 of 5, and the seeded WBTC has Bitcoin's network.
    const local = JSON.parse(await readFile(path.join(ROOT, "deploy", "parameters", "localhost.json"), "utf8"));
    expect(local.OracleModule.reporters[0]).to.equal("0xBcd4042DE499D14e55001CcbB24a551F3b954096");
    expect([local.OracleModule.reporters.length, local.OracleModule.threshold]).to.deep.equal([5, 3]);
    expect(local.OracleModule.networks.map((n: { payoutToken: string }) => n.payoutToken)).to.deep.equal(["WBTC"]);
  });

  it("deploys what scripts/deploy.ts deploys: the oracle wired to the protocol and the seeded rig configured for it", async function () {
    const d = await networkHelpers.loadFixture(oracleDeploymentFixture);
    const read = (address: Address, abi: Abi, functionName: string, args: unknown[] = []) =>
      d.publicClient.readContract({ address, abi, functionName, args } as never) as Promise<unknown>;
    expect(getAddress((await read(d.contracts.distributor, rewardDistributorAbi, "funder")) as Address)).to.equal(
      d.contracts.funder,
    );
    expect(getAddress((await read(d.contracts.oracle!, hashrateOracleAbi, "consumer")) as Address)).to.equal(
      d.contracts.funder,
    );
    expect(await read(d.contracts.oracle!, hashrateOracleAbi, "reporterSet")).to.deep.equal([5n, 3n]);
    expect(await read(d.contracts.funder!, epochFunderAbi, "suspendAfterEpochs")).to.equal(21n);
    const status = await getOracleStatus(d.publicClient, { contracts: d.contracts, rigId: 1n });
    // The parameters file's network is the late-2025 one of scripts/lib/economics.ts.
    expect(status.network).to.deep.equal({
      difficulty: BITCOIN_NETWORK_NOW.difficulty,
      blockReward: BITCOIN_NETWORK_NOW.blockReward,
      style: "bitcoin",
    });
    expect(status.expectedDailyRevenue).to.equal(8_475n);
    const terms = await getRigTerms(d.publicClient, { contracts: d.contracts, rigId: 1n });
    expect(terms).to.deep.include({
      tariffPerKWh: SEED_TERMS.tariffPerKWh,
      serviceFeeBps: SEED_TERMS.serviceFeeBps,
      slaThresholdBps: SEED_TERMS.slaThresholdBps,
      requiredBond: SEED_TERMS.requiredBond,
      bond: SEED_BOND,
    });
    const operator = d.accounts[1].account.address;
    expect(await read(d.wbtc, erc20Abi, "allowance", [operator, d.contracts.funder!])).to.equal(2n ** 256n - 1n);
  });

  it("deploys the market after the protocol is wired and sets the oracle's bounds when given", async function () {
    const c = await network.create();
    const [, treasury] = await c.viem.getWalletClients();
    const protocol = buildRigshareProtocolModule({ operators: [] });
    const oracle = buildOracleModule({
      protocol,
      bounds: { toleranceBps: 11_000, luckBps: 25_000, staleAfterEpochs: 5 },
    });
    const deployed = await c.ignition.deploy(
      buildRigshareDeploymentModule({ protocol, oracle, market: buildShareMarketModule({ protocol }) }),
      { parameters: { ShareMarketModule: { feeBps: 100, treasury: treasury.account.address } } },
    );
    const publicClient = await c.viem.getPublicClient();
    const market = getAddress(await deployed.market.getAddress());
    expect(
      await publicClient.readContract({ address: market, abi: shareMarketAbi, functionName: "fee" }),
    ).to.deep.equal([100n, getAddress(treasury.account.address)]);
    expect(
      await publicClient.readContract({
        address: getAddress(await deployed.oracle.getAddress()),
        abi: hashrateOracleAbi,
        functionName: "bounds",
      }),
    ).to.deep.equal([11_000n, 25_000n, 5n]);
    await c.close();
  });
});
