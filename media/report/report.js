// Claims report webview: renders the model the extension posts (src/vscode/reportPanel.ts) and
// sends back what the user does (reveal a claim, change scope or filters, export). Text is always
// set with textContent; links are built only for http(s) URLs. Runs under a strict CSP (nonce).
/* global acquireVsCodeApi */
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const saved = vscode.getState() || {};
  /** The last model from the extension. */
  let model = null;
  let filter = { status: saved.status || 'all', entity: saved.entity || 'all' };
  let selectedKey = saved.selected || '';

  const $ = (id) => document.getElementById(id);
  const rowsEl = $('rows');
  const statusEl = $('status');
  const entityEl = $('entity');

  /** Creates an element with a class and text (or children). */
  function el(tag, className, content) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (Array.isArray(content)) {
      for (const child of content) if (child) node.appendChild(child);
    } else if (content !== undefined && content !== null) {
      node.textContent = String(content);
    }
    return node;
  }

  function isHttp(url) {
    return typeof url === 'string' && /^https?:\/\/\S+$/i.test(url);
  }

  function keyOf(row) {
    return row.document + '#' + row.id;
  }

  function save() {
    vscode.setState({ status: filter.status, entity: filter.entity, selected: selectedKey });
  }

  function passes(row) {
    const status =
      filter.status === 'all' ||
      (filter.status === 'reviewed' ? row.status !== 'unreviewed' : row.status === filter.status);
    const entity =
      !filter.entity || filter.entity === 'all' || row.entities.some((e) => e.id === filter.entity);
    return status && entity;
  }

  function renderEntities(report) {
    const current = filter.entity;
    while (entityEl.options.length > 1) entityEl.remove(1);
    for (const e of report.entities) {
      const option = el('option', '', e.name + ' (' + e.kind + ', ' + e.claims + ')');
      option.value = e.id;
      entityEl.appendChild(option);
    }
    if (current !== 'all' && !report.entities.some((e) => e.id === current)) filter.entity = 'all';
    entityEl.value = filter.entity;
  }

  function sourcesCell(row) {
    if (!row.sources.length) return el('td', '', '—');
    const list = el('ul', 'plain');
    for (const s of row.sources) {
      const item = el('li');
      if (isHttp(s.url)) {
        const a = el('a', '', s.title || s.url);
        a.href = s.url;
        a.title = s.url;
        item.appendChild(a);
      } else {
        item.textContent = s.title || s.url;
      }
      if (s.accessed) item.appendChild(el('span', 'detail', 'accessed ' + s.accessed));
      list.appendChild(item);
    }
    return el('td', '', [list]);
  }

  function valueCell(row) {
    const parts = [el('span', '', row.value)];
    if (row.hedgeReading) parts.push(el('span', 'detail', row.hedgeReading));
    if (row.period) parts.push(el('span', 'detail', 'over ' + row.period));
    if (row.time) parts.push(el('span', 'detail', row.time));
    if (row.vague) parts.push(el('span', 'detail', row.vague));
    return el('td', '', parts);
  }

  function checksCell(row) {
    const list = el('ul', 'plain');
    for (const c of row.checks) {
      const item = el('li', c.agrees ? 'agrees' : 'differs', (c.agrees ? '✓ ' : '✗ ') + c.summary);
      item.title = c.explanation;
      list.appendChild(item);
    }
    for (const c of row.consistency) {
      const differs = c.relation === 'differs';
      const item = el('li', differs ? 'differs' : '', (differs ? '≠ ' : '= ') + '“' + c.otherText + '”');
      item.title = c.explanation;
      list.appendChild(item);
    }
    return el('td', '', list.childNodes.length ? [list] : '—');
  }

  function renderRow(row) {
    const tr = el('tr');
    tr.tabIndex = 0;
    tr.dataset.key = keyOf(row);
    if (tr.dataset.key === selectedKey) tr.classList.add('selected');
    const doc = el('td', 'col-document', [el('span', 'where', row.documentName)]);
    const claim = el('td', '', [
      el('span', 'claim-text', row.text),
      el('span', 'where', ' line ' + row.line),
      el('span', 'sentence', row.sentence),
    ]);
    claim.title = row.sentence;
    const status = el('td', '', [
      el('span', 'status ' + row.status, row.status),
      row.note ? el('span', 'note', row.note) : null,
    ]);
    const reviewer = el('td', '', [
      el('span', '', row.reviewer || '—'),
      row.reviewed ? el('span', 'detail', row.reviewed.slice(0, 10)) : null,
    ]);
    const entities = el('td', '', row.entities.map((e) => e.name).join(', ') || '—');
    for (const cell of [
      doc,
      claim,
      valueCell(row),
      status,
      sourcesCell(row),
      reviewer,
      entities,
      checksCell(row),
    ])
      tr.appendChild(cell);
    return tr;
  }

  function render() {
    if (!model) return;
    const report = model.report;
    document.body.classList.toggle('workspace', model.scope === 'workspace');
    for (const radio of document.querySelectorAll('input[name="scope"]'))
      radio.checked = radio.value === model.scope;
    $('title').textContent =
      model.scope === 'workspace'
        ? 'Claims in the workspace'
        : 'Claims in ' + (model.name || 'this document');
    statusEl.value = filter.status;
    renderEntities(report);
    const visible = report.rows.filter(passes);
    rowsEl.replaceChildren(...visible.map(renderRow));
    $('empty').hidden = visible.length > 0;
    const counts = Object.entries(report.counts)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => n + ' ' + s)
      .join(', ');
    const dates = report.documents
      .filter((d) => d.articleDate)
      .map((d) => d.articleDate)
      .slice(0, 1);
    $('summary').textContent =
      'Showing ' +
      visible.length +
      ' of ' +
      report.rows.length +
      ' claims' +
      (counts ? ' (' + counts + ')' : '') +
      (model.scope === 'workspace' ? ' in ' + report.documents.length + ' documents' : '') +
      (model.scope === 'document' && dates.length ? '. Article date: ' + dates[0] : '') +
      '.';
    vscode.postMessage({ type: 'rendered', rows: visible.length, version: model.version });
  }

  function reveal(tr) {
    if (!model || !tr || !tr.dataset.key) return;
    const row = model.report.rows.find((r) => keyOf(r) === tr.dataset.key);
    if (!row) return;
    selectedKey = tr.dataset.key;
    save();
    for (const other of rowsEl.querySelectorAll('tr.selected')) other.classList.remove('selected');
    tr.classList.add('selected');
    vscode.postMessage({
      type: 'reveal',
      document: row.document,
      id: row.id,
      start: row.start,
      end: row.end,
    });
  }

  rowsEl.addEventListener('click', (event) => {
    if (event.target.closest('a')) return; // links open in the browser
    reveal(event.target.closest('tr'));
  });
  rowsEl.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    if (event.target.closest('a')) return;
    event.preventDefault();
    reveal(event.target.closest('tr'));
  });
  for (const radio of document.querySelectorAll('input[name="scope"]'))
    radio.addEventListener('change', () => {
      if (radio.checked) vscode.postMessage({ type: 'scope', scope: radio.value });
    });
  statusEl.addEventListener('change', () => {
    filter.status = statusEl.value;
    save();
    vscode.postMessage({ type: 'filter', status: filter.status });
    render();
  });
  entityEl.addEventListener('change', () => {
    filter.entity = entityEl.value;
    save();
    vscode.postMessage({ type: 'filter', entity: filter.entity });
    render();
  });
  $('export-csv').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'csv' }));
  $('export-claimreview').addEventListener('click', () =>
    vscode.postMessage({ type: 'export', format: 'claimreview' }),
  );

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || message.type !== 'model') return;
    model = message;
    if (message.filter) filter = { status: message.filter.status, entity: message.filter.entity };
    save();
    render();
  });

  // Restore the filters chosen before the panel was hidden, then ask for the model.
  if (saved.status || saved.entity)
    vscode.postMessage({ type: 'filter', status: filter.status, entity: filter.entity });
  vscode.postMessage({ type: 'ready' });
})();
