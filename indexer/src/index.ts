// Entry of the indexing functions: the handlers of every table, then the remaining events of each
// contract for the `event` history (Ponder also loads the handler files by itself; modules run once).
import {
  epochFunderAbi,
  hashrateOracleAbi,
  rewardDistributorAbi,
  rigSharesAbi,
  shareMarketAbi,
} from "../../sdk/abis.js";
import "./handlers/epochFunder.js";
import "./handlers/hashrateOracle.js";
import "./handlers/rewardDistributor.js";
import "./handlers/rigShares.js";
import "./handlers/shareMarket.js";
import { registerRemaining } from "./lib/register.js";

registerRemaining("RigShares", rigSharesAbi);
registerRemaining("RewardDistributor", rewardDistributorAbi);
registerRemaining("HashrateOracle", hashrateOracleAbi);
registerRemaining("EpochFunder", epochFunderAbi);
registerRemaining("ShareMarket", shareMarketAbi);
