// Ignition module "RigshareDeployment": what scripts/deploy.ts deploys — the protocol
// (RigshareProtocolModule), oracle-verified epochs on top of it (OracleModule: HashrateOracle and
// EpochFunder, the distributor handed to the funder), the secondary market (ShareMarketModule) and, on local chains with --seed, the demo seed
// (DemoSeedModule) configured for the oracle (DemoOracleSeedModule). It sends nothing itself: it gathers
// every contract the address book lists, so adding or dropping the seed never changes a future.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ContractFuture } from "@nomicfoundation/ignition-core";

import type { buildDemoOracleSeedModule } from "./DemoOracleSeedModule.js";
import type { buildOracleModule } from "./OracleModule.js";
import type { buildRigshareProtocolModule } from "./RigshareProtocolModule.js";
import type { buildShareMarketModule } from "./ShareMarketModule.js";

export function buildRigshareDeploymentModule({
  protocol,
  oracle,
  market,
  seed,
}: {
  protocol: ReturnType<typeof buildRigshareProtocolModule>;
  oracle: ReturnType<typeof buildOracleModule>;
  /** The secondary market (scripts/deploy.ts always deploys it). */
  market?: ReturnType<typeof buildShareMarketModule>;
  /** The seeded demo, configured for the oracle (local chains only). */
  seed?: ReturnType<typeof buildDemoOracleSeedModule>;
}) {
  return buildModule("RigshareDeployment", (m) => {
    const { shares, distributor, renderer } = m.useModule(protocol);
    const { oracle: hashrateOracle, funder } = m.useModule(oracle);
    const result: Record<string, ContractFuture<string>> = {
      shares,
      distributor,
      renderer,
      oracle: hashrateOracle,
      funder,
    };
    if (market) result.market = m.useModule(market).market;
    if (seed) {
      const { usdc, wbtc } = m.useModule(seed);
      Object.assign(result, { usdc, wbtc });
    }
    return result;
  });
}
