// Fetches and validates the runtime configuration the Vite plugin publishes (see config.ts).
import { parseAddressBook } from "../../sdk/addressBook.js";
import { type AppConfig, CONFIG_FILE } from "./config.js";

export class AppConfigError extends Error {
  override readonly name = "AppConfigError";
}

export async function fetchAppConfig(): Promise<AppConfig> {
  const response = await fetch(`./${CONFIG_FILE}`, { cache: "no-store" });
  if (!response.ok) throw new AppConfigError(`${CONFIG_FILE}: HTTP ${response.status}`);
  const raw = (await response.json()) as AppConfig;
  const chains = raw.chains.map((c) => ({ ...c, addressBook: parseAddressBook(c.addressBook) }));
  if (chains.length === 0)
    throw new AppConfigError("no deployment found: run `npm run deploy -- --network localhost --seed` first");
  return { defaultChainId: raw.defaultChainId, chains };
}
