// Vite for the Ballast web app: Svelte, the TypeScript client of clients/ts by relative path, and
// (dev and preview servers) config.json made from the deployment record, the node's RPC and
// REST proxied under /node/ (so the browser needs no CORS from the node), and a simulate report.
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";

import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig, type Plugin, type ProxyOptions } from "vite";

// @ts-expect-error: plain ESM without types (it also runs as `node server/config.mjs`)
import { ConfigError, appConfig, network, recordPath, reportPath } from "./server/config.mjs";

const clientSrc = fileURLToPath(new URL("../clients/ts/src", import.meta.url));

/** The node's URLs for the proxy, read once at start; a record written later is read per request. */
function nodeTargets(): { rpc: string; rest: string } {
  const path = recordPath();
  try {
    const record = JSON.parse(readFileSync(path, "utf8"));
    const net = network(record, path);
    return { rpc: net.rpc, rest: net.rest };
  } catch {
    const rpcPort = process.env.BALLAST_RPC_PORT ?? "26657";
    const apiPort = process.env.BALLAST_API_PORT ?? "1317";
    return {
      rpc: process.env.BALLAST_RPC ?? `http://127.0.0.1:${rpcPort}`,
      rest: process.env.BALLAST_REST ?? `http://127.0.0.1:${apiPort}`,
    };
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.statusCode = status;
  res.setHeader("content-type", type);
  res.setHeader("cache-control", "no-store");
  res.end(body);
}

/** Serves /config.json and /report.json from the files of this checkout. */
function ballastConfig(): Plugin {
  const handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const url = (req.url ?? "").split("?")[0];
    if (url === "/config.json") {
      try {
        const report = reportPath() ? "report.json" : null;
        const cfg = appConfig({ endpoints: { rpc: "/node/rpc", rest: "/node/rest" }, report });
        send(res, 200, "application/json", JSON.stringify(cfg));
      } catch (err) {
        const message = err instanceof ConfigError ? err.message : String(err);
        send(res, 503, "application/json", JSON.stringify({ error: message }));
      }
      return;
    }
    if (url === "/report.json") {
      const path = reportPath();
      if (!path) return send(res, 404, "application/json", JSON.stringify({ error: "no report" }));
      try {
        send(res, 200, "application/json", readFileSync(path, "utf8"));
      } catch (err) {
        send(res, 404, "application/json", JSON.stringify({ error: String(err) }));
      }
      return;
    }
    next();
  };
  return {
    name: "ballast-config",
    configureServer(server) {
      server.middlewares.use(handler);
    },
    configurePreviewServer(server) {
      server.middlewares.use(handler);
    },
  };
}

const targets = nodeTargets();
const proxy: Record<string, ProxyOptions> = {
  "/node/rpc": { target: targets.rpc, changeOrigin: true, rewrite: (p) => p.replace(/^\/node\/rpc/, "") || "/" },
  "/node/rest": { target: targets.rest, changeOrigin: true, rewrite: (p) => p.replace(/^\/node\/rest/, "") || "/" },
};
const port = Number(process.env.BALLAST_APP_PORT ?? 5173);

export default defineConfig({
  base: "./",
  plugins: [svelte(), ballastConfig()],
  resolve: {
    alias: { "@ballast/client": clientSrc },
    // clients/ts/src imports @cosmjs/*: take the app's copies (clients/ts's node_modules may be
    // absent, and two copies would not share classes)
    dedupe: ["@cosmjs/cosmwasm-stargate", "@cosmjs/proto-signing", "@cosmjs/stargate", "@cosmjs/amino"],
  },
  server: { host: "127.0.0.1", port, strictPort: true, proxy, fs: { allow: [".", clientSrc] } },
  preview: { host: "127.0.0.1", port, strictPort: true, proxy },
  build: {
    target: "es2022",
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
    rollupOptions: {
      onwarn(warning, warn) {
        // a dependency's comment placement (@scure/base), not a problem of the build
        if (warning.code === "INVALID_ANNOTATION" && warning.id?.includes("node_modules")) return;
        warn(warning);
      },
    },
  },
});
