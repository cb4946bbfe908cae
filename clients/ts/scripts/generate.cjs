#!/usr/bin/env node
// Generates the contracts' TypeScript types and clients from the checked-in JSON schemas with
// @cosmwasm/ts-codegen (the version pinned in package.json), into OUT_DIR (default
// src/generated). OUT_DIR is emptied first, so its content depends only on the schemas and the
// pinned versions: the same schemas give byte-identical files (scripts/ts-client.sh check relies
// on it). The files are then formatted by prettier (pinned too) with the fixed options below,
// never a configuration file found on the machine.
//
//   node scripts/generate.cjs [OUT_DIR]
//
// Input: schema/<contract>/ballast-<contract>.json only, the single IDL file that
// cosmwasm_schema::write_api! writes. It is copied alone into a temporary directory, because
// ts-codegen 1.12 reads every *.json under the directory it is given and would also take
// schema/<contract>/cw_schema/ (the CosmWasm 3 format) for legacy per-message files.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const codegen = require("@cosmwasm/ts-codegen").default;
const prettier = require("prettier");

const PRETTIER = { parser: "typescript", printWidth: 100, trailingComma: "all", endOfLine: "lf" };

const pkgDir = path.resolve(__dirname, "..");
const schemaDir = path.resolve(pkgDir, "../../schema");
const outDir = path.resolve(process.cwd(), process.argv[2] ?? path.join(pkgDir, "src/generated"));

// The class names are <Name>Client / <Name>QueryClient, the files <Name>.types.ts and
// <Name>.client.ts.
const contracts = [
  { name: "Oracle", idl: "oracle/ballast-oracle.json" },
  { name: "Vault", idl: "vault/ballast-vault.json" },
  { name: "Liquidation", idl: "liquidation/ballast-liquidation.json" },
];

async function main() {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), "ballast-ts-codegen-"));
  try {
    const staged = contracts.map(({ name, idl }) => {
      const src = path.join(schemaDir, idl);
      if (!fs.existsSync(src)) throw new Error(`no schema ${src} (run scripts/schema.sh)`);
      const dir = path.join(stage, name);
      fs.mkdirSync(dir);
      fs.copyFileSync(src, path.join(dir, path.basename(idl)));
      return { name, dir };
    });
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(outDir, { recursive: true });
    await codegen({
      contracts: staged,
      outPath: outDir,
      options: {
        bundle: { enabled: false },
        types: { enabled: true },
        client: { enabled: true },
        messageComposer: { enabled: false },
        messageBuilder: { enabled: false },
        reactQuery: { enabled: false },
        recoil: { enabled: false },
        useContractsHook: { enabled: false },
      },
    });
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
  const files = fs.readdirSync(outDir).sort();
  for (const file of files) {
    const full = path.join(outDir, file);
    fs.writeFileSync(full, await prettier.format(fs.readFileSync(full, "utf8"), PRETTIER));
  }
  console.log(`wrote ${files.length} files to ${outDir}: ${files.join(" ")}`);
}

main().catch((err) => {
  console.error(`generate: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
