/**
 * pandascribe-lab: the frontend half of pandascribe's cell insertion.
 *
 * 1. `%%transform`: the execute reply carries the classic `set_next_input` payload and a
 *    `pandascribe.cell` entry (the maker's cell id, the code, the tie). This plugin watches each
 *    kernel's incoming messages; `anyMessage` fires synchronously on arrival, before the notebook
 *    handles the reply, so the plugin removes the `set_next_input` entry there (the notebook then
 *    inserts nothing) and keeps one tied cell below the maker instead (`ties.ts`): left alone,
 *    replaced in place, or — when edited by hand — kept, with a fresh cell inserted above it.
 * 2. The panel: a widget callback cannot use `set_next_input` (no execute reply carries it), so the
 *    kernel side opens a comm on `pandascribe.lab`; this plugin answers `hello` (the handshake that
 *    tells the panel Insert is available) and then serves `insert` (same tie rules, one cell per
 *    request, anchored to the panel's own cell) and `copy`.
 *
 * Cells are found by id (the maker) or by the widget view in their outputs (the panel), never by the
 * active cell, and edited in one shared-model transaction, so focus and running cells do not matter.
 * Afterwards the generated cell becomes the active cell when the focus was on the maker or the cell
 * after it (Shift+Enter), so the next Shift+Enter runs it.
 */

import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { INotebookTracker, NotebookActions, NotebookPanel } from '@jupyterlab/notebook';
import { Kernel, KernelMessage } from '@jupyterlab/services';

import { describe, ITie, placeTied, PROTOCOL as TIE_PROTOCOL } from './ties';

/** Comm target the kernel side opens (`pandascribe.panel.bridge.COMM_TARGET`). */
const COMM_TARGET = 'pandascribe.lab';
/** Version of the little message protocol below; the kernel side checks it. */
const PROTOCOL = 1;
/** The execute-reply payload entry of `%%transform` (`pandascribe.ties.PAYLOAD_SOURCE`). */
const PAYLOAD_SOURCE = 'pandascribe.cell';
/** The output mime type under which a displayed ipywidget names its model. */
const WIDGET_VIEW_MIME = 'application/vnd.jupyter.widget-view+json';

type JSONish = { [key: string]: any };

/** Index of the code cell whose outputs display the widget `modelId`, or -1. */
function findPanelCell(panel: NotebookPanel, modelId: string): number {
  const model = panel.content.model;
  if (!model) {
    return -1;
  }
  for (let i = 0; i < model.cells.length; i++) {
    const cell = model.cells.get(i);
    if (cell.type !== 'code') {
      continue;
    }
    const outputs = (cell as any).outputs;
    for (let j = 0; j < outputs.length; j++) {
      const data = outputs.get(j).data as JSONish;
      const view = data ? (data[WIDGET_VIEW_MIME] as JSONish | undefined) : undefined;
      if (view && view.model_id === modelId) {
        return i;
      }
    }
  }
  return -1;
}

/** The notebook (and cell index) showing the panel, searching notebooks on this kernel first. */
function locatePanel(
  tracker: INotebookTracker,
  kernel: Kernel.IKernelConnection,
  modelId: string
): { panel: NotebookPanel; index: number } | null {
  const candidates: NotebookPanel[] = [];
  tracker.forEach(panel => {
    if (panel.sessionContext.session?.kernel?.id === kernel.id) {
      candidates.unshift(panel);
    } else {
      candidates.push(panel);
    }
  });
  for (const panel of candidates) {
    const index = findPanelCell(panel, modelId);
    if (index >= 0) {
      return { panel, index };
    }
  }
  return null;
}

/** The notebook (and cell index) holding the cell `cellId`, notebooks on this kernel first. */
function locateCell(
  tracker: INotebookTracker,
  kernel: Kernel.IKernelConnection,
  cellId: string
): { panel: NotebookPanel; index: number } | null {
  let found: { panel: NotebookPanel; index: number } | null = null;
  tracker.forEach(panel => {
    const model = panel.content.model;
    if (found || !model || panel.sessionContext.session?.kernel?.id !== kernel.id) {
      return;
    }
    for (let i = 0; i < model.cells.length; i++) {
      if (model.cells.get(i).id === cellId) {
        found = { panel, index: i };
        return;
      }
    }
  });
  return found;
}

/**
 * Place the tied cell of `maker` (index `anchor`) and move the focus onto it when the focus was on
 * the maker or on the cell right after it (where Shift+Enter leaves it before the reply arrives).
 */
function placeAndFocus(
  app: JupyterFrontEnd,
  panel: NotebookPanel,
  anchor: number,
  text: string,
  tie: ITie,
  what: string
) {
  const notebook = panel.content;
  const active = notebook.activeCell;
  const follow =
    !!active &&
    (active === notebook.widgets[anchor] || active === notebook.widgets[anchor + 1]);
  const result = placeTied(notebook.model!, anchor, text, tie);
  if (follow) {
    notebook.activeCellIndex = result.index;
    void notebook.scrollToItem(result.index, 'smart').catch(() => undefined);
  }
  const note = describe(result, what);
  if (note) {
    void app.commands
      .execute('apputils:notify', {
        message: note,
        type: 'info',
        options: { autoClose: 8000 }
      })
      .catch(() => undefined);
  }
  return { result, note };
}

/**
 * Notes for a maker's output, added once its run has finished (`NotebookActions.executed` fires
 * after the reply *and* the kernel's idle status, so the note comes after the magic's own output).
 */
const pendingNotes = new WeakMap<object, string>();

/**
 * An execute reply with our payload: strip `set_next_input` (before the notebook sees it) and keep
 * the tied cell instead. Without a maker cell to anchor to, the reply is left as it came.
 */
function handleReply(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  kernel: Kernel.IKernelConnection,
  msg: KernelMessage.IMessage
): void {
  if (msg.channel !== 'shell' || msg.header.msg_type !== 'execute_reply') {
    return;
  }
  const payload = (msg.content as JSONish).payload;
  if (!Array.isArray(payload)) {
    return;
  }
  const ours = payload.find(
    (p: JSONish) => p && p.source === PAYLOAD_SOURCE && p.protocol === TIE_PROTOCOL
  ) as JSONish | undefined;
  if (!ours || !ours.tie || typeof ours.text !== 'string') {
    return;
  }
  const found = locateCell(tracker, kernel, String(ours.cell_id ?? ''));
  if (!found || !found.panel.content.model) {
    return;
  }
  for (let i = payload.length - 1; i >= 0; i--) {
    if (payload[i] && payload[i].source === 'set_next_input') {
      payload.splice(i, 1);
    }
  }
  const { panel, index } = found;
  const { note } = placeAndFocus(app, panel, index, ours.text, ours.tie as ITie, 'the code');
  if (note) {
    pendingNotes.set(panel.content.model!.cells.get(index), note);
  }
}

/** Copy text to the clipboard: the async Clipboard API, else the older `execCommand` route. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }
}

/** Serve one panel's comm: answer the handshake, then insert / copy on request. */
function servePanel(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  kernel: Kernel.IKernelConnection,
  comm: Kernel.IComm,
  open: KernelMessage.ICommOpenMsg
): void {
  const opened = (open.content.data ?? {}) as JSONish;
  const reply = (data: JSONish) => {
    if (!comm.isDisposed) {
      comm.send(data);
    }
  };
  reply({
    type: 'hello',
    protocol: PROTOCOL,
    frontend: app.name,
    version: app.version
  });
  comm.onMsg = async (msg: KernelMessage.ICommMsgMsg) => {
    const data = (msg.content.data ?? {}) as JSONish;
    const id = data.id;
    if (data.type === 'insert') {
      const modelId = String(data.model_id ?? opened.model_id ?? '');
      const found = locatePanel(tracker, kernel, modelId);
      if (!found || !found.panel.content.model) {
        reply({
          type: 'error',
          id,
          message:
            "could not find the panel's cell in an open notebook (is the panel shown inside another widget?)"
        });
        return;
      }
      const { panel, index } = found;
      const code = String(data.code ?? '');
      if (data.tie && data.tie.protocol === TIE_PROTOCOL) {
        // the tie belongs to the panel's cell as this notebook knows it
        const tie = {
          ...(data.tie as ITie),
          source_cell: panel.content.model!.cells.get(index).id
        };
        const { result, note } = placeAndFocus(app, panel, index, code, tie, 'the code');
        reply({ type: 'inserted', id, index: result.index, action: result.action, note });
        return;
      }
      panel.content.model!.sharedModel.insertCell(index + 1, {
        cell_type: 'code',
        source: code
      });
      panel.content.activeCellIndex = index + 1;
      reply({ type: 'inserted', id, index: index + 1, action: 'inserted' });
    } else if (data.type === 'copy') {
      const ok = await copyText(String(data.code ?? ''));
      reply({ type: 'copied', id, ok });
    } else {
      reply({ type: 'error', id, message: `unknown request ${String(data.type)}` });
    }
  };
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'pandascribe-lab:plugin',
  description:
    'Keeps the cell a %%transform or the pandascribe panel generated tied to its maker (insert, update in place, keep hand edits).',
  autoStart: true,
  requires: [INotebookTracker],
  activate: (app: JupyterFrontEnd, tracker: INotebookTracker) => {
    NotebookActions.executed.connect((_, { cell }) => {
      const note = pendingNotes.get(cell.model);
      if (note !== undefined) {
        pendingNotes.delete(cell.model);
        (cell.model as any).outputs?.add({
          output_type: 'stream',
          name: 'stdout',
          text: note + '\n'
        });
      }
    });
    const served = new WeakSet<Kernel.IKernelConnection>();
    const register = (kernel: Kernel.IKernelConnection | null | undefined) => {
      if (!kernel || kernel.isDisposed || served.has(kernel)) {
        return;
      }
      served.add(kernel);
      kernel.registerCommTarget(COMM_TARGET, (comm, msg) =>
        servePanel(app, tracker, kernel, comm, msg)
      );
      kernel.anyMessage.connect((_, args) => {
        if (args.direction === 'recv') {
          try {
            handleReply(app, tracker, kernel, args.msg);
          } catch (error) {
            console.error('pandascribe-lab: could not place the generated cell', error);
          }
        }
      });
    };
    tracker.widgetAdded.connect((_, panel) => {
      const context = panel.sessionContext;
      context.kernelChanged.connect((_ctx, change) => register(change.newValue));
      void context.ready.then(() => register(context.session?.kernel));
      register(context.session?.kernel);
    });
  }
};

export default plugin;
