// Ignition module "RigSharesModule": the rig registry / ERC-721 share token.
// Parameters (deploy/parameters/<network>.json, key "RigSharesModule"):
//   adminDelay      seconds of the two-step admin transfer (AccessControlDefaultAdminRules), default 0
//   treasury        receiver of protocol fees on primary sales, default the deployer
//   protocolFeeBps  protocol fee on primary sales in basis points (≤ 1,000), default 250
// The deployer is the initial admin so that RigshareProtocolModule can wire the distributor and grant
// roles; it hands the admin role over afterwards when the parameters name another admin.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import ShareRendererModule from "./ShareRendererModule.js";

export default buildModule("RigSharesModule", (m) => {
  const { renderer } = m.useModule(ShareRendererModule);
  const deployer = m.getAccount(0);
  const adminDelay = m.getParameter("adminDelay", 0);
  const treasury = m.getParameter("treasury", deployer);
  const protocolFeeBps = m.getParameter("protocolFeeBps", 250);
  const shares = m.contract("RigShares", [adminDelay, deployer, renderer, treasury, protocolFeeBps]);
  return { shares, renderer };
});
