// "Export CSV" on the portfolio: the account's credits (exact), claims with their transactions (exact) and
// the epochs of its positions (pro-rata, informational), valued at a coin price the user enters, as a file
// download (sdk/export.ts builds the CSV; a Blob and an object URL hand it to the browser).
import { useState } from "react";
import type { Address } from "viem";

import { InvalidDecimalError, parseDecimal } from "../../../sdk/decimal.js";
import { exportCsv, exportFileName } from "../../../sdk/export.js";
import { useProtocol } from "../protocol/ProtocolContext.js";
import { Field, ReadError } from "./ui.js";

export function ExportCsv({ account }: { account: Address }) {
  const { publicClient, contracts, indexer } = useProtocol();
  const [price, setPrice] = useState("");
  const [currency, setCurrency] = useState("USD");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  let priceError: string | undefined;
  if (price.trim() !== "") {
    try {
      parseDecimal(price, 18);
    } catch (e) {
      priceError = e instanceof InvalidDecimalError ? e.message : String(e);
    }
  }
  const run = async () => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const { csv, history } = await exportCsv(publicClient, {
        contracts,
        account,
        indexer,
        ...(price.trim() !== "" ? { coinPrice: price.trim(), currency: currency.trim() || "USD" } : {}),
      });
      const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
      const name = exportFileName(account);
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setDone(`${name}: ${history.entries.length} rows`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="export-csv" data-testid="export-csv">
      <h2>Export CSV</h2>
      <p className="muted">
        Every credit and claim of this account (exact, with the transaction), and each epoch of its positions (pro-rata
        shares of the rig's breakdown, informational). Amounts in the payout token; the value column multiplies them by
        the price you enter.
      </p>
      <div className="toolbar">
        <Field
          label="Coin price (optional)"
          value={price}
          onChange={setPrice}
          testId="export-coin-price"
          placeholder="e.g. 97000"
        />
        <Field label="Currency" value={currency} onChange={setCurrency} testId="export-currency" />
        <button data-testid="export-button" disabled={busy || priceError !== undefined} onClick={() => void run()}>
          {busy ? "Exporting…" : "Export CSV"}
        </button>
      </div>
      {priceError && <p className="error">{priceError}</p>}
      {done && (
        <p className="muted" data-testid="export-done">
          Downloaded {done}
        </p>
      )}
      <ReadError error={error} />
    </section>
  );
}
