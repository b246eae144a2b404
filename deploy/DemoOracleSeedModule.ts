// Ignition module "DemoOracleSeedModule" (local chains only, `npm run deploy -- --seed`): makes the demo rig
// of DemoSeedModule work with oracle-verified epochs, so the oracle flow runs end to end on a fresh node:
//   1. oracle.setNetwork(token, network)     for each seeded test token the parameters give a network for
//                                           (deployer: it holds NETWORK_ROLE)
//   2. funder.configureRig(demo rig, …)     tariff 66 sat/kWh ($0.06 at $90k/BTC), 2% service fee,
//                                           SLA at 92% of nominal, 0.001 WBTC required bond (operator)
//   3. wbtc.approve(funder, max)            the operator funds each epoch's net and bonds through the funder
//   4. funder.depositBond(demo rig, 0.003 WBTC)
// The reporters are those of the parameters file (Hardhat accounts #10–#14, 3 of 5, on local chains).
// Future ids are fixed, so a re-run sends nothing.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ContractFuture } from "@nomicfoundation/ignition-core";

import { BTC_USD, ELECTRICITY_USD_CENTS_X100, tariffPerKWh } from "../scripts/lib/economics.js";
import { SEED_OPERATOR_INDEX, type buildDemoSeed } from "./DemoSeedModule.js";
import type { buildOracleModule } from "./OracleModule.js";

/** The demo rig's terms at the epoch funder: electricity $0.06/kWh at $90,000/BTC (scripts/lib/economics.ts). */
export const SEED_TERMS = {
  tariffPerKWh: tariffPerKWh(ELECTRICITY_USD_CENTS_X100, BTC_USD, 8),
  serviceFeeBps: 200n,
  slaThresholdBps: 9_200n,
  requiredBond: 100_000n,
} as const;
/** The demo rig's SLA bond. */
export const SEED_BOND = 300_000n;
const MAX_UINT256 = 2n ** 256n - 1n;

/** Network parameters of a seeded test token, by symbol. */
export type SeedNetwork = {
  symbol: "USDC" | "WBTC";
  difficulty: bigint;
  blockReward: bigint;
  style: "bitcoin" | "monero";
  /** The funder's tariff ceiling for rigs paid in the token, base units per kWh (see OracleNetwork). */
  maxTariffPerKWh?: bigint;
};

export function buildDemoOracleSeedModule({
  seed,
  oracle: oracleModule,
  networks = [],
}: {
  seed: ReturnType<typeof buildDemoSeed>;
  oracle: ReturnType<typeof buildOracleModule>;
  networks?: readonly SeedNetwork[];
}) {
  return buildModule("DemoOracleSeedModule", (m) => {
    const { usdc, wbtc, renderer } = m.useModule(seed.module);
    const { oracle, funder, shares, distributor } = m.useModule(oracleModule);
    const operator = m.getAccount(SEED_OPERATOR_INDEX);
    const tokens: Record<SeedNetwork["symbol"], ContractFuture<string>> = { USDC: usdc, WBTC: wbtc };

    // The demo rig's tariff needs its payout token's ceiling first (EpochFunder.setMaxTariff).
    const ceilings = [];
    for (const n of networks) {
      const network = { difficulty: n.difficulty, blockReward: n.blockReward, style: n.style === "bitcoin" ? 0 : 1 };
      m.call(oracle, "setNetwork", [tokens[n.symbol], network], { id: `setNetwork_${n.symbol}` });
      if (n.maxTariffPerKWh !== undefined) {
        ceilings.push(
          m.call(funder, "setMaxTariff", [tokens[n.symbol], n.maxTariffPerKWh], { id: `setMaxTariff_${n.symbol}` }),
        );
      }
    }
    const { tariffPerKWh, serviceFeeBps, slaThresholdBps, requiredBond } = SEED_TERMS;
    const configured = m.call(
      funder,
      "configureRig",
      [seed.rigId, tariffPerKWh, serviceFeeBps, slaThresholdBps, requiredBond],
      { id: "configureDemoRig", from: operator, after: ceilings },
    );
    const approved = m.call(wbtc, "approve", [funder, MAX_UINT256], { id: "approveFunder", from: operator });
    m.call(funder, "depositBond", [seed.rigId, SEED_BOND], {
      id: "depositDemoBond",
      from: operator,
      after: [configured, approved],
    });
    return { oracle, funder, shares, distributor, renderer, usdc, wbtc };
  });
}
