// The HTTP API Ponder serves (`ponder start` mounts this app at "/", next to its own /health, /ready,
// /status and /metrics). The routes are in routes.ts; `createApi()` builds them on a fresh app, so other
// modules (and tests) can build and extend one too.
//
// Mount point: further routers are added here, before the export. The order relay (relay/) is meant to be
// mounted as `app.route("/orders", relayApp)`; /orders is kept free for it.
import { createApi } from "./routes.js";

const app = createApi();

export default app;
