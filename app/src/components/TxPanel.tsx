// The activity column: every action sent from the app, its steps (approval, then the call) with their
// transaction hashes, and how it ended.
import { useProtocol } from "../protocol/ProtocolContext.js";
import { useTx } from "../tx/TxContext.js";

const STATUS_TEXT = {
  wallet: "Confirm in your wallet…",
  pending: "Pending…",
  confirmed: "Confirmed",
  failed: "Failed",
  rejected: "Rejected in wallet",
} as const;

export function TxPanel() {
  const { entries, dismiss } = useTx();
  // On a public chain each hash links to its block explorer.
  const explorer = useProtocol().publicClient.chain?.blockExplorers?.default.url;
  return (
    <aside className="tx-panel" aria-live="polite">
      <h2>Activity</h2>
      {entries.length === 0 && <p className="muted">Transactions you send from here show up in this column.</p>}
      {entries.map((e) => (
        <div key={e.id} className={`tx tx-${e.status}`} data-testid="tx" data-status={e.status} data-title={e.title}>
          <div className="tx-head">
            <strong>{e.title}</strong>
            <span className="tx-status">{STATUS_TEXT[e.status]}</span>
            <button className="link" onClick={() => dismiss(e.id)} aria-label="Dismiss">
              ×
            </button>
          </div>
          {e.steps.length > 0 && (
            <ol className="tx-steps">
              {e.steps.map((s) => (
                <li key={s.hash} data-testid="tx-step" data-done={s.done}>
                  {s.done ? "✓" : "…"} {s.label}{" "}
                  {explorer ? (
                    <a href={`${explorer}/tx/${s.hash}`} target="_blank" rel="noreferrer">
                      <code title={s.hash}>{s.hash.slice(0, 10)}…</code>
                    </a>
                  ) : (
                    <code title={s.hash}>{s.hash.slice(0, 10)}…</code>
                  )}
                </li>
              ))}
            </ol>
          )}
          {e.message && (
            <p className="tx-message" data-testid="tx-message">
              {e.message}
            </p>
          )}
        </div>
      ))}
    </aside>
  );
}
