/**
 * pandascribe-lab: the frontend half of the pandascribe panel.
 *
 * A widget callback cannot use IPython's `set_next_input` (no execute reply carries the payload), so
 * the panel asks this plugin to insert its code instead. The kernel side opens a comm on the target
 * `pandascribe.lab` when a panel is created; this plugin answers `hello` (the handshake that tells
 * the panel Insert is available) and then serves `insert` and `copy` requests.
 *
 * The new cell is anchored to the panel's own cell — the cell whose outputs contain the panel's
 * widget view — never to the active cell, and is added with one synchronous edit of the shared
 * model, so it does not matter where the focus is or whether other cells are running.
 */

import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { Kernel, KernelMessage } from '@jupyterlab/services';

/** Comm target the kernel side opens (`pandascribe.panel.bridge.COMM_TARGET`). */
const COMM_TARGET = 'pandascribe.lab';
/** Version of the little message protocol below; the kernel side checks it. */
const PROTOCOL = 1;
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
      panel.content.model!.sharedModel.insertCell(index + 1, {
        cell_type: 'code',
        source: String(data.code ?? '')
      });
      panel.content.activeCellIndex = index + 1;
      reply({ type: 'inserted', id, index: index + 1 });
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
  description: 'Lets the pandascribe panel insert its code as a cell below the panel.',
  autoStart: true,
  requires: [INotebookTracker],
  activate: (app: JupyterFrontEnd, tracker: INotebookTracker) => {
    const served = new WeakSet<Kernel.IKernelConnection>();
    const register = (kernel: Kernel.IKernelConnection | null | undefined) => {
      if (!kernel || kernel.isDisposed || served.has(kernel)) {
        return;
      }
      served.add(kernel);
      kernel.registerCommTarget(COMM_TARGET, (comm, msg) =>
        servePanel(app, tracker, kernel, comm, msg)
      );
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
