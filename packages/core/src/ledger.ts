import { type Decimal, ZERO } from './decimal.js';
import { decimalOf, type ItemNode, lostItems } from './items.js';

export interface LedgerItem {
  readonly unit: string;
  readonly code: string;
  readonly name: string;
  readonly lost: Decimal;
  readonly cause: string | undefined;
  /** Every agency named for this item. */
  readonly responsible: readonly string[];
}

export interface LedgerAccount {
  /** The agency, or `null` for items no agency was named for. */
  readonly agency: string | null;
  /** Points lost on items this agency is named for (an item shared with others counts in full here). */
  readonly lost: Decimal;
  readonly items: readonly LedgerItem[];
}

export interface ResponsibilityLedger {
  /** Agencies by points lost, most first. */
  readonly accounts: readonly LedgerAccount[];
  /** Points lost over all items, each item counted once however many agencies share it. */
  readonly totalLost: Decimal;
  readonly items: readonly LedgerItem[];
}

/** What the ledger reads of a node: a scored result's, or the same as JSON. */
export interface LedgerNode<N> extends ItemNode<N> {
  readonly code: string;
  readonly name: string;
  readonly cause?: string | undefined;
  readonly responsible: readonly string[];
}

/** What the ledger reads of a result: its unit and its tree (a `UnitResult`, or a stored result as JSON). */
export interface LedgerSource<N> {
  readonly unit: { readonly id: string };
  readonly nodes?: readonly N[] | undefined;
}

/**
 * Points lost per responsible agency over one or many results (scored, or stored as JSON), with the items
 * behind them.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { responsibilityLedger, scoreDocuments, unwrap } from '@cchc/core';
 * import { konRay2021 } from '@cchc/examples';
 * const ledger = responsibilityLedger(unwrap(scoreDocuments(konRay2021)));
 * // Points lost per responsible agency; an item shared by agencies counts once in the total.
 * assert.ok(ledger.accounts.length > 0 && ledger.totalLost.gt(0));
 * ```
 */
export function responsibilityLedger<N extends LedgerNode<N>>(
  results: readonly LedgerSource<N>[],
): ResponsibilityLedger {
  const items: LedgerItem[] = [];
  for (const result of results) {
    for (const node of lostItems(result.nodes ?? [])) {
      items.push({
        unit: result.unit.id,
        code: node.code,
        name: node.name,
        lost: decimalOf(node.lost),
        cause: node.cause,
        responsible: node.responsible,
      });
    }
  }
  const byAgency = new Map<string | null, LedgerItem[]>();
  for (const item of items) {
    const agencies = item.responsible.length > 0 ? new Set(item.responsible) : new Set([null]);
    for (const agency of agencies) {
      const list = byAgency.get(agency) ?? [];
      list.push(item);
      byAgency.set(agency, list);
    }
  }
  const accounts = [...byAgency.entries()]
    .map(([agency, list]) => ({ agency, items: list, lost: sum(list.map((item) => item.lost)) }))
    .sort((a, b) => b.lost.comparedTo(a.lost));
  return { accounts, totalLost: sum(items.map((item) => item.lost)), items };
}

function sum(values: readonly Decimal[]): Decimal {
  return values.reduce((total, value) => total.plus(value), ZERO);
}
