/**
 * Generated cells tied to the cell that made them — the frontend's half
 * (the kernel's half and the reasons: `src/pandascribe/ties.py`).
 *
 * A generated cell stores `metadata.pandascribe = {protocol, source_cell, slot, request_hash,
 * schema_hash, code_hash, target, cell_hash}`; `cell_hash` is the fingerprint of the cell's text as
 * inserted, so a cell whose text no longer matches it was edited by hand and is never overwritten.
 */

import { INotebookModel } from '@jupyterlab/notebook';

export const META_KEY = 'pandascribe';
export const PROTOCOL = 1;

type JSONish = { [key: string]: any };

/** What the maker sends: the tie without `cell_hash` (that is computed here, from the text). */
export interface ITie {
  protocol: number;
  source_cell: string;
  slot: string;
  request_hash: string;
  schema_hash: string;
  code_hash: string;
  target: string;
}

/** What happened to the maker's cell. */
export type TieAction = 'inserted' | 'unchanged' | 'updated' | 'inserted-above-edited' | 'adopted';

export interface ITieResult {
  action: TieAction;
  /** Index of the maker's (now current) generated cell. */
  index: number;
}

const encoder = new TextEncoder();
const FNV_OFFSET = BigInt('0xcbf29ce484222325');
const FNV_PRIME = BigInt('0x100000001b3');
const MASK = (BigInt(1) << BigInt(64)) - BigInt(1);

/** 64-bit FNV-1a over UTF-8 as 16 hex digits — the same as `pandascribe.ties.fingerprint`. */
export function fingerprint(text: string): string {
  let h = FNV_OFFSET;
  for (const byte of encoder.encode(text)) {
    h = ((h ^ BigInt(byte)) * FNV_PRIME) & MASK;
  }
  return h.toString(16).padStart(16, '0');
}

/** The note heading a fresh cell put above a hand-edited one. */
export const EDITED_NOTE =
  '# note: pandascribe kept your hand-edited version (below) as it is; this is the new code\n';

function tieOf(model: INotebookModel, index: number): JSONish | null {
  const cell = model.cells.get(index);
  if (cell.type !== 'code') {
    return null;
  }
  const meta = cell.getMetadata(META_KEY) as JSONish | undefined;
  return meta && meta.protocol === PROTOCOL ? meta : null;
}

function edited(model: INotebookModel, index: number, meta: JSONish): boolean {
  return fingerprint(model.cells.get(index).sharedModel.getSource()) !== meta.cell_hash;
}

/**
 * Make the notebook hold exactly one current cell of `text` for the maker at `anchor`:
 *
 * - a tied, unedited cell with the same code: left alone (its metadata refreshed);
 * - a tied, unedited cell with other code: its text and metadata replaced in place;
 * - only hand-edited tied cells: a fresh cell directly below the maker, headed by a note; the edited
 *   ones are not touched;
 * - no tied cell: the cell directly below the maker, if it is exactly `text` (a notebook saved
 *   before ties, or by a frontend without the extension), is adopted; else a new cell is inserted.
 *
 * Further unedited copies of the tie (a copied-and-pasted cell) lose the tie, so one cell per maker
 * and slot stays current. Everything happens in one shared-model transaction.
 */
export function placeTied(
  model: INotebookModel,
  anchor: number,
  text: string,
  tie: ITie
): ITieResult {
  const shared = model.sharedModel;
  const n = model.cells.length;
  const order: number[] = [];
  for (let i = anchor + 1; i < n; i++) {
    order.push(i);
  }
  for (let i = anchor - 1; i >= 0; i--) {
    order.push(i);
  }
  const fresh: number[] = [];
  const handEdited: number[] = [];
  for (const i of order) {
    const meta = tieOf(model, i);
    if (!meta || meta.source_cell !== tie.source_cell || (meta.slot ?? '') !== tie.slot) {
      continue;
    }
    (edited(model, i, meta) ? handEdited : fresh).push(i);
  }
  const metadataFor = (source: string) => ({ ...tie, cell_hash: fingerprint(source) });
  let result: ITieResult;
  shared.transact(() => {
    for (const i of fresh.slice(1)) {
      model.cells.get(i).deleteMetadata(META_KEY);
    }
    if (fresh.length) {
      const i = fresh[0];
      const cell = model.cells.get(i);
      const old = tieOf(model, i)!;
      if (old.code_hash === tie.code_hash) {
        cell.setMetadata(META_KEY, { ...metadataFor(cell.sharedModel.getSource()) });
        result = { action: 'unchanged', index: i };
      } else {
        cell.sharedModel.setSource(text);
        cell.setMetadata(META_KEY, metadataFor(text));
        result = { action: 'updated', index: i };
      }
      return;
    }
    const below = anchor + 1 < n ? model.cells.get(anchor + 1) : null;
    if (
      !handEdited.length &&
      below &&
      below.type === 'code' &&
      below.getMetadata(META_KEY) === undefined &&
      below.sharedModel.getSource() === text
    ) {
      below.setMetadata(META_KEY, metadataFor(text));
      result = { action: 'adopted', index: anchor + 1 };
      return;
    }
    const source = handEdited.length ? EDITED_NOTE + text : text;
    shared.insertCell(anchor + 1, {
      cell_type: 'code',
      source,
      metadata: { trusted: false, [META_KEY]: metadataFor(source) }
    });
    result = {
      action: handEdited.length ? 'inserted-above-edited' : 'inserted',
      index: anchor + 1
    };
  });
  return result!;
}

/** A one-line note for the user about what happened, or '' when nothing worth saying did. */
export function describe(result: ITieResult, what: string): string {
  const where = `cell ${result.index + 1}`;
  switch (result.action) {
    case 'updated':
      return `pandascribe: updated the generated cell in place (${where}): ${what} changed.`;
    case 'inserted-above-edited':
      return (
        `pandascribe: the generated cell was edited by hand, so it was kept as it is; ` +
        `the new code is in a new cell above it (${where}).`
      );
    default:
      return '';
  }
}
