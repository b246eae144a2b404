// Ignition module "TestTokensModule": open-mint test tokens for local chains (`npm run deploy -- --seed`):
// a 6-decimal USD stablecoin for share prices and an 8-decimal wrapped BTC for payouts.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

export default buildModule("TestTokensModule", (m) => {
  const usdc = m.contract("TestERC20", ["USD Coin (test)", "USDC", 6], { id: "USDC" });
  const wbtc = m.contract("TestERC20", ["Wrapped BTC (test)", "WBTC", 8], { id: "WBTC" });
  return { usdc, wbtc };
});
