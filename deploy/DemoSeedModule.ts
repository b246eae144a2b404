// Ignition module "DemoSeedModule" (local chains only, `npm run deploy -- --seed`): test tokens, balances
// and a demo rig on sale, so a fresh `hardhat node` is usable from the CLI and the web app at once.
//   account #0  deployer / admin / treasury
//   account #1  operator: OPERATOR_ROLE, 1,000 WBTC approved to the distributor, registers the demo rig
//   accounts #2-#5  holders: 1,000,000 USDC each
// The demo rig: "Antminer S21 #1", SHA-256, 200 TH/s, 3,500 W, 1,000 shares at 3.40 USDC ($3,400 the
// rig, the late-2025 price of scripts/lib/economics.ts), pays WBTC in daily epochs (at most 1 WBTC per
// epoch), 5% royalty. Every step is an Ignition future, so re-running
// the seed registers nothing twice. DemoOracleSeedModule then configures the rig for oracle-verified epochs.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ReadEventArgumentFuture } from "@nomicfoundation/ignition-core";

import { OPERATOR_ROLE, type buildRigshareProtocolModule } from "./RigshareProtocolModule.js";
import { S21_PRICE_PER_SHARE } from "../scripts/lib/economics.js";
import TestTokensModule from "./TestTokensModule.js";

export const SEED_OPERATOR_INDEX = 1;
export const SEED_HOLDER_INDEXES = [2, 3, 4, 5] as const;
export const SEED_USDC_PER_HOLDER = 1_000_000n * 10n ** 6n;
export const SEED_WBTC_FOR_OPERATOR = 1_000n * 10n ** 8n;
const MAX_UINT256 = 2n ** 256n - 1n;

/** The seed module and the future of the demo rig's id (module results hold contract futures only). */
export function buildDemoSeed(protocol: ReturnType<typeof buildRigshareProtocolModule>) {
  let rigIdFuture: ReadEventArgumentFuture | undefined;
  const module = buildModule("DemoSeedModule", (m) => {
    const { shares, distributor, renderer } = m.useModule(protocol);
    const { usdc, wbtc } = m.useModule(TestTokensModule);
    const operator = m.getAccount(SEED_OPERATOR_INDEX);

    for (const index of SEED_HOLDER_INDEXES) {
      m.call(usdc, "mint", [m.getAccount(index), SEED_USDC_PER_HOLDER], { id: `fundHolder${index}` });
    }
    m.call(wbtc, "mint", [operator, SEED_WBTC_FOR_OPERATOR], { id: "fundOperator" });
    const approved = m.call(wbtc, "approve", [distributor, MAX_UINT256], { id: "approvePayouts", from: operator });
    const role = m.call(shares, "grantRole", [OPERATOR_ROLE, operator], { id: "grantSeedOperator" });

    const register = m.call(
      shares,
      "registerRig",
      [
        {
          name: "Antminer S21 #1",
          algorithm: 0, // SHA-256
          hashrate: 200n * 10n ** 12n,
          powerWatts: 3_500,
          totalShares: 1_000,
          pricePerShare: S21_PRICE_PER_SHARE,
          paymentToken: usdc,
          payoutToken: wbtc,
          epochLength: 86_400,
          maxEpochPayout: 10n ** 8n,
          royaltyBps: 500,
        },
      ],
      { id: "registerDemoRig", from: operator, after: [role, approved] },
    );
    const rigId = m.readEventArgument(register, "RigRegistered", "rigId", { id: "demoRigId" });
    rigIdFuture = rigId;
    m.call(shares, "setSaleOpen", [rigId, true], { id: "openDemoSale", from: operator });
    return { usdc, wbtc, shares, distributor, renderer };
  });
  // buildModule runs the builder synchronously, so the future is set here.
  return { module, rigId: rigIdFuture! };
}

export function buildDemoSeedModule(protocol: ReturnType<typeof buildRigshareProtocolModule>) {
  return buildDemoSeed(protocol).module;
}
