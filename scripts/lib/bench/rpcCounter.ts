// A counting JSON-RPC proxy on 127.0.0.1 for the indexer benchmark (scripts/bench-indexer.ts): forwards every
// POST to the node unchanged and counts the JSON-RPC calls in it (each entry of a batch counts), in total and
// per method, so a benchmark can say how many requests a read path costs the chain.
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type RpcCounts = {
  /** HTTP requests received. */
  httpRequests: number;
  /** JSON-RPC calls (batch entries counted one by one). */
  calls: number;
  byMethod: Record<string, number>;
};

export type RpcCounter = {
  /** http://127.0.0.1:<port>: give this to a client instead of the node's URL. */
  url: string;
  /** Counts since the start or the last reset. */
  counts(): RpcCounts;
  reset(): void;
  close(): Promise<void>;
};

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

/** Starts a proxy in front of `target` (a node's JSON-RPC URL). */
export async function startRpcCounter(target: string): Promise<RpcCounter> {
  let counts: RpcCounts = { httpRequests: 0, calls: 0, byMethod: {} };
  const count = (body: Buffer) => {
    counts.httpRequests++;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString());
    } catch {
      counts.calls++;
      counts.byMethod["(not JSON)"] = (counts.byMethod["(not JSON)"] ?? 0) + 1;
      return;
    }
    for (const entry of Array.isArray(parsed) ? parsed : [parsed]) {
      const method =
        typeof (entry as { method?: unknown })?.method === "string" ? (entry as { method: string }).method : "?";
      counts.calls++;
      counts.byMethod[method] = (counts.byMethod[method] ?? 0) + 1;
    }
  };
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    try {
      const body = await readBody(request);
      if (request.method === "POST") count(body);
      const upstream = await fetch(target, {
        method: request.method,
        headers: { "content-type": "application/json" },
        body: request.method === "POST" ? body : undefined,
        signal: AbortSignal.timeout(60_000),
      });
      const answer = Buffer.from(await upstream.arrayBuffer());
      response.writeHead(upstream.status, {
        "content-type": upstream.headers.get("content-type") ?? "application/json",
      });
      response.end(answer);
    } catch (e) {
      response.writeHead(502, { "content-type": "text/plain" });
      response.end(`rpc counter: ${(e as Error).message}`);
    }
  };
  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts, byMethod: { ...counts.byMethod } }),
    reset: () => {
      counts = { httpRequests: 0, calls: 0, byMethod: {} };
    },
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
