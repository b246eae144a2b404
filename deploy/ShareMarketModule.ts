// Ignition module "ShareMarketModule": the secondary market (listings with partial fills, EIP-712 signed
// listings and offers, rentals through ERC-4907) on top of a deployed share token.
// Parameters (deploy/parameters/<network>.json, key "ShareMarketModule"):
//   feeBps      market fee on every sale and rental, in basis points (default 0)
//   treasury    receiver of the market fee (default the deployer)
//   adminDelay  seconds of the two-step admin transfer (AccessControlDefaultAdminRules), default 0
// Two ways to use it:
//   - standalone, against an existing deployment: this file's default export with the Ignition parameter
//     { "ShareMarketModule": { "shares": "0x…" } };
//   - inside the top-level deployment: `buildShareMarketModule({ protocol })` with the module that returns
//     `{ shares }` (RigshareProtocolModule), after every future of it. The market reads the distributor from
//     the share token once, at construction: the share token must be wired to its distributor first.
// The deployer is the market's admin (and pauser).
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { CallableContractFuture, IgnitionModule, IgnitionModuleResult } from "@nomicfoundation/ignition-core";

type ProtocolModule = IgnitionModule<
  string,
  string,
  IgnitionModuleResult<string> & { shares: CallableContractFuture<"RigShares"> }
>;

export function buildShareMarketModule({ protocol }: { protocol?: ProtocolModule } = {}) {
  return buildModule("ShareMarketModule", (m) => {
    const shares = protocol
      ? m.useModule(protocol).shares
      : m.contractAt("RigShares", m.getParameter<string>("shares"), { id: "RigSharesAt" });
    const deployer = m.getAccount(0);
    const feeBps = m.getParameter("feeBps", 0);
    const treasury = m.getParameter("treasury", deployer);
    const adminDelay = m.getParameter("adminDelay", 0);
    // The market reads the distributor from the share token in its constructor: inside the top-level
    // deployment it waits for the whole protocol module (RigShares.setDistributor included).
    const market = m.contract("ShareMarket", [shares, feeBps, treasury, adminDelay, deployer], {
      ...(protocol ? { after: [protocol] } : {}),
    });
    return { market, shares };
  });
}

/** The market for the share token given as the `shares` parameter. */
export default buildShareMarketModule();
