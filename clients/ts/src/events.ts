// Typed decoders of the Ballast events (hand-written; the Rust side is packages/types/src/events).
//
// Each action of a Ballast contract emits one custom event of type `ballast_<action>`, which the
// chain shows as `wasm-ballast_<action>` with a `_contract_address` attribute first; its first
// own attribute is `action = <action>`. The decoders take the `events` of a CosmJS
// `ExecuteResult` or `DeliverTxResponse` (or a `tx_search` result), find these events, check
// the `action` attribute, and parse every attribute:
//   - amounts (Rust `Uint128`) stay decimal strings, checked to be integers in range;
//     `toBigInt` converts one for arithmetic;
//   - `Decimal` / `Decimal256` stay decimal strings, checked (at most 18 fractional digits, in
//     range);
//   - coin lists (`100uatom,25uusdc`, empty when none) become `Coin[]` with string amounts;
//   - sub-accounts (`u32`) and decimals (`u8`) become numbers, checked to be in range;
//   - `true`/`false` become booleans; JSON attributes (parameters, price sources, the policy)
//     are parsed into the generated types.
// A malformed event throws an `EventDecodeError` naming the event type, the attribute and the
// value.

import type {
  CollateralParams,
  Decimal,
  Decimal256,
  LendingParams,
  PausedActions,
  StewardLimits,
  ThresholdRamp,
  Uint128,
} from "./generated/Vault.types";
import type { Expiration, PriceSource } from "./generated/Oracle.types";
import type { LiquidationPolicy } from "./generated/Liquidation.types";

/** An event as CosmJS returns it (`ExecuteResult.events`, `DeliverTxResponse.events`). */
export interface RawEvent {
  readonly type: string;
  readonly attributes: readonly { readonly key: string; readonly value: string }[];
}

/** A coin with its amount as a decimal string (`Uint128`). */
export interface Coin {
  denom: string;
  amount: Uint128;
}

/** Prefix of every Ballast event type, as the contract emits it. */
export const EVENT_PREFIX = "ballast_";
/** Prefix the chain adds to a contract's custom event type. */
export const WASM_PREFIX = "wasm-";

/** Why an event could not be decoded. */
export class EventDecodeError extends Error {
  constructor(
    message: string,
    /** The event's type as found. */
    readonly eventType: string,
    /** The attribute at fault, if one is. */
    readonly key?: string,
    /** Its value. */
    readonly value?: string,
  ) {
    super(message);
    this.name = "EventDecodeError";
  }
}

/** Fields every decoded event has. */
interface Common<A extends string> {
  /** The action; the event type is `ballast_<action>`. */
  action: A;
  /** The emitting contract (`_contract_address`); absent when the event does not carry it. */
  contract?: string;
}

// ---- vault (`ballast-vault`) ----

/** `ballast_deposit`: collateral deposited. */
export interface DepositEvent extends Common<"deposit"> {
  sender: string;
  owner: string;
  account: number;
  amount: Coin[];
}

/** `ballast_withdraw`: collateral withdrawn. */
export interface WithdrawEvent extends Common<"withdraw"> {
  owner: string;
  account: number;
  denom: string;
  amount: Uint128;
  recipient: string;
}

/** `ballast_borrow`: debt taken; `shares` are the debt shares minted (rounded up). */
export interface BorrowEvent extends Common<"borrow"> {
  owner: string;
  account: number;
  denom: string;
  amount: Uint128;
  shares: Uint128;
  recipient: string;
}

/** `ballast_repay`: debt repaid; `refunded` is the excess sent back to the sender (may be empty). */
export interface RepayEvent extends Common<"repay"> {
  sender: string;
  owner: string;
  account: number;
  repaid: Coin[];
  refunded: Coin[];
}

/** `ballast_supply`: assets supplied to lending pools; `shares` are the supply shares minted per denom. */
export interface SupplyEvent extends Common<"supply"> {
  sender: string;
  lender: string;
  amount: Coin[];
  shares: Coin[];
}

/** `ballast_redeem`: supplied assets redeemed; `shares` burned (rounded up). */
export interface RedeemEvent extends Common<"redeem"> {
  lender: string;
  denom: string;
  amount: Uint128;
  shares: Uint128;
  recipient: string;
}

/** `ballast_settle_liquidation`: the vault settled a liquidation sent by the liquidation contract. */
export interface SettleLiquidationEvent extends Common<"settle_liquidation"> {
  /** The liquidation contract (the sender). */
  liquidation: string;
  owner: string;
  account: number;
  debt_denom: string;
  repaid: Uint128;
  collateral_denom: string;
  /** Collateral released in total. */
  seized: Uint128;
  /** Part of `seized` sent to the treasury. */
  protocol_fee: Uint128;
  /** Who received `seized − protocol_fee`. */
  recipient: string;
  treasury: string;
  /** Health factor before, at the vault's `Liquidation` prices. */
  health_before: Decimal256;
}

/** `ballast_bad_debt`: the remaining debt in one denom of an account without collateral was written off. */
export interface BadDebtEvent extends Common<"bad_debt"> {
  owner: string;
  account: number;
  denom: string;
  amount: Uint128;
  from_reserves: Uint128;
  from_suppliers: Uint128;
}

/** `ballast_list_asset`: an asset was listed. */
export interface ListAssetEvent extends Common<"list_asset"> {
  sender: string;
  denom: string;
  decimals: number;
  collateral: CollateralParams | null;
  lending: LendingParams | null;
}

/**
 * `ballast_update_asset`: an asset's parameters changed. Both parts are the asset's parameters
 * after the update, in full (`null`: the asset is not a collateral / has no lending pool), and
 * the `previous_` parts the same before it.
 */
export interface UpdateAssetEvent extends Common<"update_asset"> {
  sender: string;
  /** Who made the change: the owner, or the risk steward within its limits. */
  role: "owner" | "steward";
  denom: string;
  /** The parameters that moved (`max_ltv`, `liquidation_threshold`, `deposit_cap`, `rate_model`,
   * `reserve_factor`, `supply_cap`, `borrow_cap`), in that order; empty when none did. */
  changed: string[];
  collateral: CollateralParams | null;
  lending: LendingParams | null;
  /** A cut of the liquidation threshold ramping after the update (`null`: none); the target is
   * `collateral.liquidation_threshold`. */
  threshold_ramp: ThresholdRamp | null;
  previous_collateral: CollateralParams | null;
  previous_lending: LendingParams | null;
}

/** `ballast_set_guardian`: the owner set or cleared the vault's guardian. */
export interface SetGuardianEvent extends Common<"set_guardian"> {
  sender: string;
  /** The guardian before (`null`: none). */
  previous: string | null;
  /** The guardian after (`null`: cleared). */
  guardian: string | null;
}

/** `ballast_set_steward`: the owner set or cleared the risk steward, or changed its limits. */
export interface SetStewardEvent extends Common<"set_steward"> {
  sender: string;
  /** The steward before (`null`: none). */
  previous: string | null;
  /** The steward after (`null`: cleared). */
  steward: string | null;
  previous_limits: StewardLimits;
  limits: StewardLimits;
}

/** `ballast_set_paused`: the paused actions of a denom changed. */
export interface SetPausedEvent extends Common<"set_paused"> {
  sender: string;
  denom: string;
  actions: PausedActions;
}

/** `ballast_update_config` of the vault: the whole configuration after the update. */
export interface VaultUpdateConfigEvent extends Common<"update_config"> {
  emitter: "vault";
  sender: string;
  oracle: string;
  /** `null` until the liquidation contract is set. */
  liquidation: string | null;
  treasury: string;
  /** `null` when there is no guardian. */
  guardian: string | null;
  min_debt_value: Uint128;
  max_assets_per_account: number;
}

/** `ballast_withdraw_reserves`: protocol reserves withdrawn. */
export interface WithdrawReservesEvent extends Common<"withdraw_reserves"> {
  sender: string;
  denom: string;
  amount: Uint128;
  recipient: string;
}

// ---- oracle (`ballast-oracle`) ----

/** `ballast_set_price_source`: a denom's price source was registered or replaced. */
export interface SetPriceSourceEvent extends Common<"set_price_source"> {
  sender: string;
  denom: string;
  decimals: number;
  source: PriceSource;
}

/** `ballast_remove_price_source`: a denom's price source was removed. */
export interface RemovePriceSourceEvent extends Common<"remove_price_source"> {
  sender: string;
  denom: string;
}

// ---- liquidation (`ballast-liquidation`) ----

/** `ballast_liquidate`: an account was liquidated. */
export interface LiquidateEvent extends Common<"liquidate"> {
  owner: string;
  account: number;
  liquidator: string;
  debt_denom: string;
  repaid: Uint128;
  collateral_denom: string;
  /** Collateral released from the account. */
  seized: Uint128;
  /** Part of `seized` sent to the treasury. */
  protocol_fee: Uint128;
  bonus: Decimal;
  /** Health factor before, at `Liquidation` prices. */
  health_before: Decimal256;
  /** Health factor after; `null` when no debt remains (the attribute is left out). */
  health_after: Decimal256 | null;
  recipient: string;
  /** `seized − protocol_fee`. */
  to_liquidator: Uint128;
  /** Debt coin refunded to the liquidator. */
  refunded: Uint128;
  /** Value of the debt written off, quote units (0 when none). */
  bad_debt: Uint128;
}

/** `ballast_update_policy`: the liquidation policy was replaced, by the owner or (bonus curves
 * within its band) the vault's risk steward. */
export interface UpdatePolicyEvent extends Common<"update_policy"> {
  sender: string;
  role: "owner" | "steward";
  /** The bonus curves that moved: `default` or a collateral denom. */
  changed: string[];
  policy: LiquidationPolicy;
  /** The policy before. */
  previous: LiquidationPolicy;
}

/** `ballast_update_config` of the liquidation contract: its whole configuration after the update. */
export interface LiquidationUpdateConfigEvent extends Common<"update_config"> {
  emitter: "liquidation";
  sender: string;
  vault: string;
  treasury: string;
}

// ---- ownership (every contract, `update_ownership`) ----

/** `ballast_transfer_ownership`: the owner proposed a new owner, who must accept (before `pending_expiry`). */
export interface TransferOwnershipEvent extends Common<"transfer_ownership"> {
  sender: string;
  owner: string;
  pending_owner: string;
  /** When the proposal lapses; `null` if it never does. */
  pending_expiry: Expiration | null;
}

/** `ballast_accept_ownership`: the pending owner accepted and is now the owner. */
export interface AcceptOwnershipEvent extends Common<"accept_ownership"> {
  sender: string;
  previous_owner: string;
  owner: string;
}

/** `ballast_renounce_ownership`: the owner gave up ownership (and any pending proposal). */
export interface RenounceOwnershipEvent extends Common<"renounce_ownership"> {
  sender: string;
  previous_owner: string;
}

/** Every Ballast event by action. `update_config` is emitted by the vault and the liquidation contract. */
export interface BallastEventMap {
  deposit: DepositEvent;
  withdraw: WithdrawEvent;
  borrow: BorrowEvent;
  repay: RepayEvent;
  supply: SupplyEvent;
  redeem: RedeemEvent;
  settle_liquidation: SettleLiquidationEvent;
  bad_debt: BadDebtEvent;
  list_asset: ListAssetEvent;
  update_asset: UpdateAssetEvent;
  set_paused: SetPausedEvent;
  set_guardian: SetGuardianEvent;
  set_steward: SetStewardEvent;
  update_config: VaultUpdateConfigEvent | LiquidationUpdateConfigEvent;
  withdraw_reserves: WithdrawReservesEvent;
  set_price_source: SetPriceSourceEvent;
  remove_price_source: RemovePriceSourceEvent;
  liquidate: LiquidateEvent;
  update_policy: UpdatePolicyEvent;
  transfer_ownership: TransferOwnershipEvent;
  accept_ownership: AcceptOwnershipEvent;
  renounce_ownership: RenounceOwnershipEvent;
}

/** The action of a Ballast event: its type is `ballast_<action>`. */
export type BallastAction = keyof BallastEventMap;
/** Any decoded Ballast event; narrow on `action` (and on `emitter` for `update_config`). */
export type BallastEvent = BallastEventMap[BallastAction];

/**
 * Addresses of the deployment, used to tell the two `update_config` events apart by their
 * `_contract_address` (without them the attributes decide, when they can).
 */
export interface DecodeOptions {
  vault?: string;
  liquidation?: string;
}

// ---- attribute readers ----

const U128_MAX = (1n << 128n) - 1n;
const U256_MAX = (1n << 256n) - 1n;
const DECIMAL_PLACES = 18;

class Reader {
  readonly contract: string | undefined;

  constructor(readonly event: RawEvent) {
    this.contract = this.opt("_contract_address") ?? undefined;
  }

  fail(key: string, value: string, why: string): never {
    throw new EventDecodeError(
      `event ${this.event.type}: attribute ${key} = ${JSON.stringify(value)} is invalid: ${why}`,
      this.event.type,
      key,
      value,
    );
  }

  opt(key: string): string | null {
    const found = this.event.attributes.find((a) => a.key === key);
    return found === undefined ? null : found.value;
  }

  str(key: string): string {
    const value = this.opt(key);
    if (value === null) {
      throw new EventDecodeError(
        `event ${this.event.type} has no attribute ${key}`,
        this.event.type,
        key,
      );
    }
    return value;
  }

  /** An unsigned integer of at most `max`, kept as its decimal string. */
  uint(key: string, max: bigint = U128_MAX): string {
    return this.uintOf(key, this.str(key), max);
  }

  uintOf(key: string, value: string, max: bigint): string {
    if (!/^[0-9]+$/.test(value)) this.fail(key, value, "not an unsigned integer");
    if (BigInt(value) > max) this.fail(key, value, `larger than ${max}`);
    return value;
  }

  /** A small unsigned integer (`u8`, `u32`) as a number. */
  num(key: string, max: number): number {
    return Number(this.uint(key, BigInt(max)));
  }

  /** A `Decimal` (`wide` = false) or `Decimal256`, kept as its decimal string. */
  decimal(key: string, wide: boolean): string {
    const value = this.str(key);
    const m = /^([0-9]+)(?:\.([0-9]+))?$/.exec(value);
    if (m === null) this.fail(key, value, "not a decimal");
    const [, whole = "", frac = ""] = m;
    if (frac.length > DECIMAL_PLACES)
      this.fail(key, value, `more than ${DECIMAL_PLACES} decimal places`);
    const atomics =
      BigInt(whole) * 10n ** BigInt(DECIMAL_PLACES) + BigInt(frac.padEnd(DECIMAL_PLACES, "0"));
    if (atomics > (wide ? U256_MAX : U128_MAX)) this.fail(key, value, "out of range");
    return value;
  }

  bool(key: string): boolean {
    const value = this.str(key);
    if (value === "true") return true;
    if (value === "false") return false;
    return this.fail(key, value, "not true or false");
  }

  /** A coin list as the bank module writes it: `100uatom,25ibc/…`, empty when there is none. */
  coins(key: string): Coin[] {
    const raw = this.str(key);
    if (raw === "") return [];
    return raw.split(",").map((part) => {
      const m = /^([0-9]+)([^0-9].*)$/.exec(part);
      if (m === null) return this.fail(key, raw, `${JSON.stringify(part)} is not <amount><denom>`);
      const [, amount = "", denom = ""] = m;
      return { denom, amount: this.uintOf(key, amount, U128_MAX) };
    });
  }

  json<T>(key: string): T {
    return this.jsonOf<T>(key, this.str(key));
  }

  optJson<T>(key: string): T | null {
    const value = this.opt(key);
    return value === null ? null : this.jsonOf<T>(key, value);
  }

  jsonOf<T>(key: string, value: string): T {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (err) {
      return this.fail(key, value, `not JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (typeof parsed !== "object" || parsed === null) this.fail(key, value, "not a JSON object");
    return parsed as T;
  }
}

const U8_MAX = 0xff;
const U32_MAX = 0xffff_ffff;

function common<A extends BallastAction>(action: A, r: Reader): Common<A> {
  return r.contract === undefined ? { action } : { action, contract: r.contract };
}

/** A comma-separated list attribute (empty: none). */
function list(r: Reader, key: string): string[] {
  const value = r.str(key);
  return value === "" ? [] : value.split(",");
}

/** The `role` of `update_asset` and `update_policy`: `owner` or `steward`, anything else is
 * malformed. */
function role(r: Reader): "owner" | "steward" {
  const value = r.str("role");
  if (value !== "owner" && value !== "steward") {
    r.fail("role", value, "expected owner or steward");
  }
  return value;
}

type Decoder<A extends BallastAction> = (r: Reader, opts: DecodeOptions) => BallastEventMap[A];

const DECODERS: { [A in BallastAction]: Decoder<A> } = {
  deposit: (r) => ({
    ...common("deposit", r),
    sender: r.str("sender"),
    owner: r.str("owner"),
    account: r.num("account", U32_MAX),
    amount: r.coins("amount"),
  }),
  withdraw: (r) => ({
    ...common("withdraw", r),
    owner: r.str("owner"),
    account: r.num("account", U32_MAX),
    denom: r.str("denom"),
    amount: r.uint("amount"),
    recipient: r.str("recipient"),
  }),
  borrow: (r) => ({
    ...common("borrow", r),
    owner: r.str("owner"),
    account: r.num("account", U32_MAX),
    denom: r.str("denom"),
    amount: r.uint("amount"),
    shares: r.uint("shares"),
    recipient: r.str("recipient"),
  }),
  repay: (r) => ({
    ...common("repay", r),
    sender: r.str("sender"),
    owner: r.str("owner"),
    account: r.num("account", U32_MAX),
    repaid: r.coins("repaid"),
    refunded: r.coins("refunded"),
  }),
  supply: (r) => ({
    ...common("supply", r),
    sender: r.str("sender"),
    lender: r.str("lender"),
    amount: r.coins("amount"),
    shares: r.coins("shares"),
  }),
  redeem: (r) => ({
    ...common("redeem", r),
    lender: r.str("lender"),
    denom: r.str("denom"),
    amount: r.uint("amount"),
    shares: r.uint("shares"),
    recipient: r.str("recipient"),
  }),
  settle_liquidation: (r) => ({
    ...common("settle_liquidation", r),
    liquidation: r.str("liquidation"),
    owner: r.str("owner"),
    account: r.num("account", U32_MAX),
    debt_denom: r.str("debt_denom"),
    repaid: r.uint("repaid"),
    collateral_denom: r.str("collateral_denom"),
    seized: r.uint("seized"),
    protocol_fee: r.uint("protocol_fee"),
    recipient: r.str("recipient"),
    treasury: r.str("treasury"),
    health_before: r.decimal("health_before", true),
  }),
  bad_debt: (r) => ({
    ...common("bad_debt", r),
    owner: r.str("owner"),
    account: r.num("account", U32_MAX),
    denom: r.str("denom"),
    amount: r.uint("amount"),
    from_reserves: r.uint("from_reserves"),
    from_suppliers: r.uint("from_suppliers"),
  }),
  list_asset: (r) => ({
    ...common("list_asset", r),
    sender: r.str("sender"),
    denom: r.str("denom"),
    decimals: r.num("decimals", U8_MAX),
    collateral: r.optJson<CollateralParams>("collateral"),
    lending: r.optJson<LendingParams>("lending"),
  }),
  update_asset: (r) => ({
    ...common("update_asset", r),
    sender: r.str("sender"),
    role: role(r),
    denom: r.str("denom"),
    changed: list(r, "changed"),
    collateral: r.optJson<CollateralParams>("collateral"),
    lending: r.optJson<LendingParams>("lending"),
    threshold_ramp: r.optJson<ThresholdRamp>("threshold_ramp"),
    previous_collateral: r.optJson<CollateralParams>("previous_collateral"),
    previous_lending: r.optJson<LendingParams>("previous_lending"),
  }),
  set_guardian: (r) => ({
    ...common("set_guardian", r),
    sender: r.str("sender"),
    previous: r.opt("previous"),
    guardian: r.opt("guardian"),
  }),
  set_steward: (r) => ({
    ...common("set_steward", r),
    sender: r.str("sender"),
    previous: r.opt("previous"),
    steward: r.opt("steward"),
    previous_limits: r.json<StewardLimits>("previous_limits"),
    limits: r.json<StewardLimits>("limits"),
  }),
  set_paused: (r) => ({
    ...common("set_paused", r),
    sender: r.str("sender"),
    denom: r.str("denom"),
    actions: {
      deposit: r.bool("deposit"),
      withdraw: r.bool("withdraw"),
      supply: r.bool("supply"),
      redeem: r.bool("redeem"),
      borrow: r.bool("borrow"),
    },
  }),
  update_config: (r, opts) => {
    if (emitterOfUpdateConfig(r, opts) === "liquidation") {
      return {
        ...common("update_config", r),
        emitter: "liquidation",
        sender: r.str("sender"),
        vault: r.str("vault"),
        treasury: r.str("treasury"),
      };
    }
    return {
      ...common("update_config", r),
      emitter: "vault",
      sender: r.str("sender"),
      oracle: r.str("oracle"),
      liquidation: r.opt("liquidation"),
      treasury: r.str("treasury"),
      guardian: r.opt("guardian"),
      min_debt_value: r.uint("min_debt_value"),
      max_assets_per_account: r.num("max_assets_per_account", U8_MAX),
    };
  },
  withdraw_reserves: (r) => ({
    ...common("withdraw_reserves", r),
    sender: r.str("sender"),
    denom: r.str("denom"),
    amount: r.uint("amount"),
    recipient: r.str("recipient"),
  }),
  set_price_source: (r) => ({
    ...common("set_price_source", r),
    sender: r.str("sender"),
    denom: r.str("denom"),
    decimals: r.num("decimals", U8_MAX),
    source: r.json<PriceSource>("source"),
  }),
  remove_price_source: (r) => ({
    ...common("remove_price_source", r),
    sender: r.str("sender"),
    denom: r.str("denom"),
  }),
  liquidate: (r) => ({
    ...common("liquidate", r),
    owner: r.str("owner"),
    account: r.num("account", U32_MAX),
    liquidator: r.str("liquidator"),
    debt_denom: r.str("debt_denom"),
    repaid: r.uint("repaid"),
    collateral_denom: r.str("collateral_denom"),
    seized: r.uint("seized"),
    protocol_fee: r.uint("protocol_fee"),
    bonus: r.decimal("bonus", false),
    health_before: r.decimal("health_before", true),
    health_after: r.opt("health_after") === null ? null : r.decimal("health_after", true),
    recipient: r.str("recipient"),
    to_liquidator: r.uint("to_liquidator"),
    refunded: r.uint("refunded"),
    bad_debt: r.uint("bad_debt"),
  }),
  update_policy: (r) => ({
    ...common("update_policy", r),
    sender: r.str("sender"),
    role: role(r),
    changed: list(r, "changed"),
    policy: r.json<LiquidationPolicy>("policy"),
    previous: r.json<LiquidationPolicy>("previous"),
  }),
  transfer_ownership: (r) => ({
    ...common("transfer_ownership", r),
    sender: r.str("sender"),
    owner: r.str("owner"),
    pending_owner: r.str("pending_owner"),
    pending_expiry: r.optJson<Expiration>("pending_expiry"),
  }),
  accept_ownership: (r) => ({
    ...common("accept_ownership", r),
    sender: r.str("sender"),
    previous_owner: r.str("previous_owner"),
    owner: r.str("owner"),
  }),
  renounce_ownership: (r) => ({
    ...common("renounce_ownership", r),
    sender: r.str("sender"),
    previous_owner: r.str("previous_owner"),
  }),
};

/** Each `update_config` carries its contract's whole configuration: the vault's always has an
 * `oracle`, the liquidation contract's always a `vault`. */
const VAULT_ONLY_CONFIG = ["oracle", "min_debt_value", "max_assets_per_account"];

function emitterOfUpdateConfig(r: Reader, opts: DecodeOptions): "vault" | "liquidation" {
  if (r.contract !== undefined) {
    if (r.contract === opts.vault) return "vault";
    if (r.contract === opts.liquidation) return "liquidation";
  }
  const vaultOnly = VAULT_ONLY_CONFIG.some((key) => r.opt(key) !== null);
  const liquidationOnly = r.opt("vault") !== null;
  if (vaultOnly && !liquidationOnly) return "vault";
  if (liquidationOnly && !vaultOnly) return "liquidation";
  throw new EventDecodeError(
    `event ${r.event.type}: cannot tell whether the vault or the liquidation contract emitted it ` +
      `(contract ${r.contract ?? "unknown"}); pass the deployment's addresses in DecodeOptions`,
    r.event.type,
  );
}

/** The action of a Ballast event type (`ballast_<action>` or `wasm-ballast_<action>`), or `null`. */
export function ballastActionOf(type: string): string | null {
  const bare = type.startsWith(WASM_PREFIX) ? type.slice(WASM_PREFIX.length) : type;
  return bare.startsWith(EVENT_PREFIX) ? bare.slice(EVENT_PREFIX.length) : null;
}

function isKnownAction(action: string): action is BallastAction {
  return Object.prototype.hasOwnProperty.call(DECODERS, action);
}

/**
 * Decodes one Ballast event. Throws an `EventDecodeError` if it is not a Ballast event, its
 * action is unknown (a client older than the contract), its `action` attribute disagrees with
 * its type, or an attribute is missing or malformed.
 */
export function decodeEvent(event: RawEvent, opts: DecodeOptions = {}): BallastEvent {
  const action = ballastActionOf(event.type);
  if (action === null) {
    throw new EventDecodeError(`${event.type} is not a Ballast event`, event.type);
  }
  if (!isKnownAction(action)) {
    throw new EventDecodeError(`unknown Ballast event ${event.type}`, event.type);
  }
  return decodeAs(action, event, opts);
}

function decodeAs<A extends BallastAction>(
  action: A,
  event: RawEvent,
  opts: DecodeOptions,
): BallastEventMap[A] {
  const r = new Reader(event);
  const found = r.str("action");
  if (found !== action) r.fail("action", found, `expected ${action}`);
  const decoder: Decoder<A> = DECODERS[action];
  return decoder(r, opts);
}

/** Decodes every Ballast event in `events`, in order; other events are skipped. */
export function decodeEvents(
  events: readonly RawEvent[],
  opts: DecodeOptions = {},
): BallastEvent[] {
  return events
    .filter((ev) => ballastActionOf(ev.type) !== null)
    .map((ev) => decodeEvent(ev, opts));
}

/** Decodes every event of `action` in `events`, in order (none: an empty array). */
export function findEvents<A extends BallastAction>(
  events: readonly RawEvent[],
  action: A,
  opts: DecodeOptions = {},
): BallastEventMap[A][] {
  return events
    .filter((ev) => ballastActionOf(ev.type) === action)
    .map((ev) => decodeAs(action, ev, opts));
}

/** Decodes the first event of `action` in `events`; throws an `EventDecodeError` if there is none. */
export function findEvent<A extends BallastAction>(
  events: readonly RawEvent[],
  action: A,
  opts: DecodeOptions = {},
): BallastEventMap[A] {
  const ev = events.find((e) => ballastActionOf(e.type) === action);
  if (ev === undefined) {
    throw new EventDecodeError(
      `no event of type ${EVENT_PREFIX}${action}`,
      `${WASM_PREFIX}${EVENT_PREFIX}${action}`,
    );
  }
  return decodeAs(action, ev, opts);
}

/** A `Uint128` (or any unsigned decimal string) as a bigint, for exact arithmetic. */
export function toBigInt(amount: Uint128): bigint {
  if (!/^[0-9]+$/.test(amount))
    throw new RangeError(`not an unsigned integer: ${JSON.stringify(amount)}`);
  return BigInt(amount);
}

/** The amount of `denom` in a coin list as a bigint (0 when absent). */
export function amountOf(coins: readonly Coin[], denom: string): bigint {
  return coins.filter((c) => c.denom === denom).reduce((sum, c) => sum + toBigInt(c.amount), 0n);
}
