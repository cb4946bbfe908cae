// @ballast/client: the generated contract clients and types (src/generated, from schema/ by
// scripts/generate.cjs; do not edit them) and the hand-written event decoders (src/events.ts).
//
// Types are namespaced per contract (`Vault.PositionResponse`, `Oracle.PriceSource`,
// `Liquidation.LiquidationPolicy`) because the contracts share message names (`ExecuteMsg`,
// `QueryMsg`, ...). The clients are `<Contract>QueryClient` (queries, over a CosmWasmClient) and
// `<Contract>Client` (queries and executes, over a SigningCosmWasmClient).

export * as Oracle from "./generated/Oracle.types";
export * as Vault from "./generated/Vault.types";
export * as Liquidation from "./generated/Liquidation.types";
export * from "./generated/Oracle.client";
export * from "./generated/Vault.client";
export * from "./generated/Liquidation.client";
export * from "./events";
