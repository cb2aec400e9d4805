// The filter editor: field autocompletion from the stream's schema, live validation as you type,
// a gallery of examples, and a condition builder that writes the expression.
import { cell, fixed, jsonHeaders } from './page.js';

const form = document.getElementById('filter-form');
const textarea = document.getElementById('expression');
const streamSelect = document.getElementById('stream');
const nameInput = document.getElementById('name');
const status = document.getElementById('live-status');
const box = document.getElementById('suggestions');
// the functions filters can call, from the server's one list of them (GET /api/filters/functions)
const FUNCTIONS = [];
fetch('/api/filters/functions', { headers: { Accept: 'application/json' } })
  .then((response) => (response.ok ? response.json() : []))
  .then((list) => list.forEach((f) => FUNCTIONS.push({ path: `${f.name}(${f.parameters.join(', ')})`, name: f.name, type: f.returns, doc: f.doc })))
  .catch(() => {});

let fields = [];
let shown = [];
let selected = 0;

async function loadFields() {
  try {
    const response = await fetch(`/api/streams/${encodeURIComponent(streamSelect.value)}/fields`, {
      headers: { Accept: 'application/json' },
    });
    fields = response.ok ? await response.json() : [];
  } catch (e) {
    fields = [];
  }
  fillBuilderFields();
}

// ---- autocompletion ---------------------------------------------------------------------------------------------

function tokenBeforeCaret() {
  const upTo = textarea.value.slice(0, textarea.selectionStart);
  const match = upTo.match(/[A-Za-z_][\w.]*$/);
  return match ? match[0] : '';
}

function candidatesFor(token) {
  if (!token) return [];
  const lower = token.toLowerCase();
  if (!token.includes('.')) {
    const roots = [...new Set(fields.map((f) => f.path.split(/[.[]/)[0]))]
      .map((root) => fields.find((f) => f.path === root) || { path: root, name: root, type: '', doc: '' });
    return [...roots, ...FUNCTIONS].filter((f) => f.name.toLowerCase().startsWith(lower)).slice(0, 12);
  }
  const direct = fields.filter((f) => f.path.replace(/\[\]/g, '').toLowerCase().startsWith(lower));
  if (direct.length) return direct.slice(0, 12);
  // inside a macro, e.g. prv_candidates.exists(p, p.ma…): offer the fields of any nested record by name
  const last = lower.slice(lower.lastIndexOf('.') + 1);
  const seen = new Set();
  return fields
    .filter((f) => f.path.includes('[].') && f.name.toLowerCase().startsWith(last))
    .filter((f) => !seen.has(f.name) && seen.add(f.name))
    .slice(0, 12);
}

function render() {
  box.replaceChildren();
  if (!shown.length) {
    box.hidden = true;
    return;
  }
  shown.forEach((f, i) => {
    const item = document.createElement('div');
    item.className = 'suggestion' + (i === selected ? ' active' : '');
    item.setAttribute('role', 'option');
    const path = document.createElement('code');
    path.textContent = f.path;
    const type = document.createElement('span');
    type.className = 'type';
    type.textContent = f.type;
    const doc = document.createElement('span');
    doc.className = 'doc';
    doc.textContent = f.doc;
    item.append(path, type, doc);
    item.addEventListener('mousedown', (event) => {
      event.preventDefault();
      accept(f);
    });
    box.append(item);
  });
  box.hidden = false;
}

function accept(field) {
  const token = tokenBeforeCaret();
  const start = textarea.selectionStart - token.length;
  let insert;
  if (FUNCTIONS.includes(field)) {
    insert = field.name + '(';
  } else if (token.includes('.') && !field.path.replace(/\[\]/g, '').toLowerCase().startsWith(token.toLowerCase())) {
    insert = token.slice(0, token.lastIndexOf('.') + 1) + field.name;
  } else {
    insert = field.path.replace(/\[\]/g, '');
  }
  textarea.setRangeText(insert, start, textarea.selectionStart, 'end');
  shown = [];
  render();
  textarea.focus();
  scheduleValidation();
}

textarea.addEventListener('input', () => {
  shown = candidatesFor(tokenBeforeCaret());
  selected = 0;
  render();
  scheduleValidation();
});
textarea.addEventListener('keydown', (event) => {
  if (box.hidden) return;
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    selected = (selected + (event.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length;
    render();
    event.preventDefault();
  } else if (event.key === 'Enter' || event.key === 'Tab') {
    accept(shown[selected]);
    event.preventDefault();
  } else if (event.key === 'Escape') {
    shown = [];
    render();
  }
});
textarea.addEventListener('blur', () => setTimeout(() => { shown = []; render(); }, 150));

// ---- live validation --------------------------------------------------------------------------------------------

let timer = null;
let sequence = 0;

function scheduleValidation() {
  clearTimeout(timer);
  timer = setTimeout(validate, 300);
}

async function validate() {
  const expression = textarea.value.trim();
  if (!expression) {
    status.className = 'live-status';
    status.textContent = '';
    return;
  }
  const mine = ++sequence;
  const headers = jsonHeaders();
  let response;
  try {
    response = await fetch('/api/filters/validate', {
      method: 'POST',
      headers,
      body: JSON.stringify({ stream: streamSelect.value, expression }),
    });
  } catch (e) {
    return;
  }
  if (mine !== sequence) return; // a newer check is on its way
  const problem = await response.json().catch(() => ({}));
  if (response.ok && problem.valid) {
    status.className = 'live-status ok';
    status.textContent = '✓ The expression is valid.';
    return;
  }
  status.className = 'live-status error';
  status.replaceChildren();
  for (const p of problem.problems || [{ message: problem.detail || 'invalid' }]) {
    const line = document.createElement('p');
    line.textContent = p.line ? `line ${p.line}, column ${p.column}: ${p.message}` : p.message;
    status.append(line);
  }
}

streamSelect.addEventListener('change', () => {
  loadFields();
  scheduleValidation();
});

// ---- examples -----------------------------------------------------------------------------------------------------

document.querySelectorAll('[data-example]').forEach((button) => {
  button.addEventListener('click', () => {
    textarea.value = button.dataset.example;
    if (!nameInput.value.trim()) nameInput.value = button.dataset.name;
    scheduleValidation();
    textarea.focus();
  });
});

// ---- condition builder --------------------------------------------------------------------------------------------

const rows = document.getElementById('builder-rows');
const addRow = document.getElementById('builder-add');
const write = document.getElementById('builder-write');

function fillBuilderFields() {
  rows.querySelectorAll('select.field').forEach((select) => fillFieldSelect(select));
}

function fillFieldSelect(select) {
  const current = select.value;
  select.replaceChildren();
  fields
    .filter((f) => !f.path.includes('[]') && /^(int|double|string|bool)( or null)?$/.test(f.type))
    .forEach((f) => {
      const option = document.createElement('option');
      option.value = f.path;
      option.textContent = `${f.path} (${f.type})`;
      option.dataset.type = f.type;
      select.append(option);
    });
  if (current) select.value = current;
}

function newRow() {
  const row = document.createElement('div');
  row.className = 'builder-row';
  const field = document.createElement('select');
  field.className = 'field';
  fillFieldSelect(field);
  const op = document.createElement('select');
  op.className = 'op';
  for (const o of ['<', '<=', '==', '!=', '>=', '>']) {
    const option = document.createElement('option');
    option.value = o;
    option.textContent = o;
    op.append(option);
  }
  const value = document.createElement('input');
  value.className = 'value';
  value.type = 'text';
  value.placeholder = 'value';
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'small secondary';
  remove.textContent = '✕';
  remove.title = 'Remove this condition';
  remove.addEventListener('click', () => row.remove());
  row.append(field, op, value, remove);
  rows.append(row);
}

function literal(raw, type) {
  const text = raw.trim();
  if (type.startsWith('string')) return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (type.startsWith('bool')) return text === 'true' ? 'true' : 'false';
  if (type.startsWith('double') && /^-?\d+$/.test(text)) return text + '.0';
  return text;
}

addRow.addEventListener('click', newRow);
write.addEventListener('click', () => {
  const parts = [];
  rows.querySelectorAll('.builder-row').forEach((row) => {
    const field = row.querySelector('.field');
    const value = row.querySelector('.value').value;
    if (!field.value || !value.trim()) return;
    const type = field.selectedOptions[0].dataset.type;
    const condition = `${field.value} ${row.querySelector('.op').value} ${literal(value, type)}`;
    parts.push(type.endsWith('or null') ? `(${field.value} != null && ${condition})` : condition);
  });
  if (!parts.length) return;
  textarea.value = parts.join('\n  && ');
  scheduleValidation();
});

loadFields().then(() => {
  newRow();
  if (textarea.value.trim()) scheduleValidation();
});
form.addEventListener('submit', () => clearTimeout(timer));

// ---- test before you save (rewind) ----------------------------------------------------------------------------

const startButton = document.getElementById('rewind-start');
const cancelButton = document.getElementById('rewind-cancel');
const hoursInput = document.getElementById('rewind-hours');
const progress = document.getElementById('rewind-progress');
const summary = document.getElementById('rewind-summary');
const matchTable = document.getElementById('rewind-matches');
let rewindId = null;
let poller = null;

function showRewind(rewind) {
  progress.hidden = false;
  progress.value = rewind.progress;
  const rate = rewind.matchesPerHour.toFixed(1);
  let text = `${rewind.scanned.toLocaleString()} of ~${rewind.total.toLocaleString()} alerts scanned · `
    + `${rewind.matched.toLocaleString()} matched (${rate} per hour)`;
  if (rewind.failures) text += ` · failed on ${rewind.failures.toLocaleString()}`;
  if (rewind.state === 'DONE') text += rewind.stoppedBy ? ` · stopped early (${rewind.stoppedBy})` : ' · done';
  if (rewind.state === 'CANCELLED') text += ' · cancelled';
  if (rewind.state === 'FAILED') text += ` · failed: ${rewind.error}`;
  summary.textContent = text;
  const body = matchTable.querySelector('tbody');
  body.replaceChildren();
  for (const m of rewind.firstMatches.slice(0, 10)) {
    const tr = document.createElement('tr');
    tr.append(cell(m.objectId), cell(fixed(m.mjd, 5)), cell(fixed(m.ra, 5)), cell(fixed(m.dec, 5)),
      cell(fixed(m.magnitude, 2)), cell(m.band));
    body.append(tr);
  }
  matchTable.hidden = rewind.firstMatches.length === 0;
  const running = rewind.state === 'RUNNING';
  cancelButton.hidden = !running;
  startButton.disabled = running;
  if (!running) {
    clearInterval(poller);
    poller = null;
  }
}

async function launch(url, payload) {
  summary.textContent = 'Starting…';
  const response = await fetch(url, { method: 'POST', headers: jsonHeaders(), body: JSON.stringify(payload) });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    summary.textContent = body.problems ? body.problems.map((p) => p.message).join('; ') : (body.detail || 'failed');
    return;
  }
  rewindId = body.id;
  showRewind(body);
  poller = setInterval(async () => {
    const r = await fetch(`/api/rewinds/${rewindId}`, { headers: { Accept: 'application/json' } });
    if (r.ok) showRewind(await r.json());
  }, 500);
}

startButton.addEventListener('click', () => launch('/api/rewinds', {
  stream: streamSelect.value, expression: textarea.value, hours: Number(hoursInput.value) || 24,
}));

const replayButton = document.getElementById('replay-start');
if (replayButton) {
  replayButton.addEventListener('click', () => launch(
    `/api/filters/${replayButton.dataset.filterId}/replay`, { hours: Number(hoursInput.value) || 24 },
  ));
}

cancelButton.addEventListener('click', async () => {
  if (!rewindId) return;
  const r = await fetch(`/api/rewinds/${rewindId}`, { method: 'DELETE', headers: jsonHeaders() });
  if (r.ok) summary.textContent = 'Cancelling…';
});
