// Ignition module "RewardDistributorModule": the reward distributor bound to the share token.
// Parameters (key "RewardDistributorModule"): adminDelay — seconds of the two-step admin transfer, default 0.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import RigSharesModule from "./RigSharesModule.js";

export default buildModule("RewardDistributorModule", (m) => {
  const { shares } = m.useModule(RigSharesModule);
  const adminDelay = m.getParameter("adminDelay", 0);
  const distributor = m.contract("RewardDistributor", [shares, adminDelay, m.getAccount(0)]);
  return { distributor };
});
