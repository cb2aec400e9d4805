// Dashboard: opens with the user's latest matches from the archive (/api/matches), then goes on live over STOMP,
// newest first, one row per alert with every filter of the user's that it passed. Each live frame carries the matches
// of one flush interval and how many this page missed (it could not keep up) or skipped (too late to be live). After
// a lost connection, and when a frame says matches were missed or skipped, the page asks the archive for everything
// after the last match it saw, so each arrives once and in order.
import { Client } from '/webjars/stomp__stompjs/esm6/index.js';
import { cell, csrfHeaders, fixed, meta } from './page.js';

const MAX_ROWS = 500;
const BANDS = { g: 'band-g', r: 'band-r', i: 'band-i' };

const rows = document.getElementById('match-rows');
const placeholder = document.getElementById('no-matches');
const status = document.getElementById('status');
const statusText = document.getElementById('status-text');
const countEl = document.getElementById('match-count');
const notice = document.getElementById('live-notice');
let count = 0;
let missed = 0;
let skipped = 0;

function setStatus(state, text) {
  status.dataset.state = state;
  statusText.textContent = text;
}


function objectCell(match) {
  const td = document.createElement('td');
  td.className = 'object';
  const name = document.createElement('a');
  name.className = 'alert-link';
  name.href = `/alerts/${encodeURIComponent(match.stream)}/${match.alertId}`;
  name.title = 'This alert: light curve, cutouts and fields';
  name.textContent = match.objectId;
  td.append(name);
  const links = document.createElement('span');
  links.className = 'links';
  const add = (label, href, title) => {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = label;
    a.title = title;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    links.append(a);
  };
  if (/^ZTF\d{2}[a-z]{7}$/.test(match.objectId)) {
    const id = encodeURIComponent(match.objectId);
    add('Lasair', `https://lasair-ztf.lsst.ac.uk/objects/${id}/`, 'This object on Lasair');
    add('ALeRCE', `https://alerce.online/object/${id}`, 'This object on ALeRCE');
    add('Fink', `https://fink-portal.org/${id}`, 'This object on Fink');
  }
  add('SIMBAD', `https://simbad.cds.unistra.fr/simbad/sim-coo?Coord=${match.ra}%20${match.dec}&Radius=5&Radius.unit=arcsec`,
    'SIMBAD objects within 5″');
  add('Legacy', `https://www.legacysurvey.org/viewer?ra=${match.ra}&dec=${match.dec}&zoom=16`, 'Legacy Survey image');
  td.append(links);
  return td;
}

// Rows by alert; the matches shown, by alert and filter, so that none is shown twice.
const byAlert = new Map();
const seen = new Set();
// The last match seen, in the archive's order (time matched, alert, filter): what to ask for after a gap.
let last = null;
let criteria = {};

function alertKey(m) { return `${m.stream}:${m.alertId}`; }
// alert ids arrive as strings (Rubin's pass 2^53): compared as BigInt, never as JavaScript numbers
function order(m) { return [m.matchedAt, BigInt(m.alertId), m.filterId]; }
function after(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}
function cursorOf(m) {
  return btoa(`${m.matchedAt}:${m.alertId}:${m.filterId}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Whether a match passes the criteria chosen above the table (live matches are held to them too). */
function wanted(m) {
  if (criteria.filter && String(m.filterId) !== criteria.filter) return false;
  if (criteria.band && m.band !== criteria.band) return false;
  if (criteria.brighter !== undefined && !(m.magnitude < criteria.brighter)) return false;
  if (criteria.fainter !== undefined && !(m.magnitude > criteria.fainter)) return false;
  if (criteria.objectId && m.objectId !== criteria.objectId) return false;
  return true;
}

function filterName(m) {
  const span = document.createElement('span');
  span.className = 'filter-name';
  span.dataset.filterId = m.filterId;
  span.textContent = m.filterName;
  if (m.replay) {
    const badge = document.createElement('span');
    badge.className = 'badge replay';
    badge.textContent = 'replayed';
    badge.title = 'From a replay of this filter over past alerts, not a new detection';
    span.append(' ', badge);
  }
  return span;
}

/**
 * Shows a match: a new row for a new alert, placed by the time it was matched, or one more filter on its alert's row.
 * kind: 'live' (just arrived), 'history' (from the archive, older) or 'missed' (from the archive, after a gap).
 */
function addMatch(match, kind = 'live') {
  const key = `${alertKey(match)}:${match.filterId}`;
  if (seen.has(key)) return false;
  seen.add(key);
  if (!last || after(order(match), last)) last = order(match);
  if (!wanted(match)) return false;
  if (placeholder.isConnected) placeholder.remove();
  let row = byAlert.get(alertKey(match));
  if (row) {
    row.tr.querySelector('td.filter').append(filterName(match));
    row.tr.dataset.filterIds = `${row.tr.dataset.filterIds} ${match.filterId}`;
    return true;
  }
  const tr = document.createElement('tr');
  tr.className = `match ${kind === 'live' ? 'fresh' : kind}`;
  tr.dataset.objectId = match.objectId;
  tr.dataset.alertId = match.alertId;
  tr.dataset.alertKey = alertKey(match);
  tr.dataset.filterIds = String(match.filterId);
  tr.dataset.matchedAt = match.matchedAt;
  const filters = cell('', 'filter');
  filters.append(filterName(match));
  tr.append(
    cell(new Date(match.matchedAt).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')),
    objectCell(match),
    cell(fixed(match.mjd, 5), 'num'),
    cell(fixed(match.ra, 5), 'num'),
    cell(fixed(match.dec, 5), 'num'),
    cell(fixed(match.magnitude, 2), 'num'),
    cell(match.band, 'band ' + (BANDS[match.band] || '')),
    filters,
  );
  byAlert.set(alertKey(match), { tr });
  // newest first (as the archive orders them: time matched, then alert): walk down past the rows that come before
  let before = rows.firstElementChild;
  const later = (row) => Number(row.dataset.matchedAt) > match.matchedAt
    || (Number(row.dataset.matchedAt) === match.matchedAt && BigInt(row.dataset.alertId) > BigInt(match.alertId));
  while (before && later(before)) before = before.nextElementSibling;
  rows.insertBefore(tr, before);
  if (kind === 'live') setTimeout(() => tr.classList.remove('fresh'), 1500);
  while (rows.rows.length > MAX_ROWS) {
    const gone = rows.rows[rows.rows.length - 1];
    byAlert.delete(`${gone.dataset.alertKey}`);
    gone.remove();
  }
  count = rows.rows.length;
  showCount();
  return true;
}

function showCount() {
  countEl.textContent = count === 1 ? '1 alert' : `${count.toLocaleString()} alerts`;
}

function plural(n, word) {
  return `${n.toLocaleString()} ${word}${n === 1 ? '' : 'es'}`;
}

// Filters matching more often than anyone can read (over 20 a second) arrive as a sample and a count each second:
// shown as a rate.
const firehosePanel = document.getElementById('firehose');
const countNote = document.getElementById('count-note');
const firehose = new Map();

// a report without a sample still names its filter: the page lists the filters it shows
function rateName(id, sample) {
  if (sample) return sample.filterName;
  const option = document.querySelector(`#q-filter option[value="${id}"]`);
  return option ? option.textContent : `Filter ${id}`;
}

function showRates() {
  const now = Date.now();
  firehosePanel.replaceChildren();
  for (const [id, f] of firehose) {
    f.counts = f.counts.filter(([t]) => now - t < 5000);
    const total = f.counts.reduce((sum, [, n]) => sum + n, 0);
    if (total === 0) {
      firehose.delete(id);
      continue;
    }
    const line = document.createElement('p');
    line.className = 'rate';
    line.dataset.filterId = id;
    line.textContent = `${f.name}: ${Math.round(total / 5).toLocaleString()} matches/s — too many to list, a sample is shown`;
    firehosePanel.append(line);
  }
  firehosePanel.hidden = firehose.size === 0;
}
setInterval(showRates, 1000);

function receive(frame) {
  // what this frame leaves out came before its matches: the gap starts at the last match seen before it
  const gapFrom = last;
  (frame.matches || []).forEach((m) => addMatch(m, 'live'));
  for (const f of frame.firehose || []) {
    const sample = (frame.matches || []).find((m) => m.filterId === f.filterId);
    const entry = firehose.get(f.filterId) || { counts: [] };
    if (!entry.name || sample) entry.name = rateName(f.filterId, sample);
    entry.counts.push([Date.now(), f.matches]);
    firehose.set(f.filterId, entry);
    count += f.matches - f.shown; // the matches not listed still count
    countNote.textContent = 'matched; the busiest filters are counted in their rate, not listed';
  }
  if (frame.firehose) showCount();
  if (frame.missed || frame.skipped) {
    missed += frame.missed || 0;
    skipped += frame.skipped || 0;
    const parts = [];
    if (missed) parts.push(`missed ${plural(missed, 'match')} while it could not keep up`);
    if (skipped) parts.push(`skipped ${plural(skipped, 'match')} that were more than a few seconds late`);
    notice.textContent = `This page ${parts.join(' and ')}; they are filled in from the archive.`;
    notice.hidden = false;
    // now, and once more when the archive (which gathers matches for up to a second) has them all
    catchUp(gapFrom);
    setTimeout(() => catchUp(gapFrom), 3000);
  }
}

// ---- the archive: the latest matches, older pages, and what was missed ----

const historyStatus = document.getElementById('history-status');
const olderButton = document.getElementById('load-older');
let older = null;

function query(params) {
  const q = new URLSearchParams();
  if (criteria.filter) q.set('filter', criteria.filter);
  if (criteria.band) q.set('band', criteria.band);
  if (criteria.brighter !== undefined) q.set('brighter', String(criteria.brighter));
  if (criteria.fainter !== undefined) q.set('fainter', String(criteria.fainter));
  if (criteria.objectId) q.set('objectId', criteria.objectId);
  for (const [k, v] of Object.entries(params)) q.set(k, v);
  return fetch(`/api/matches?${q}`, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`the archive answered ${r.status}`))));
}

/** One page back in history, newest first. */
async function loadOlder() {
  historyStatus.textContent = 'Loading…';
  try {
    const page = await query(older ? { before: older, limit: 100 } : { limit: 100 });
    page.matches.forEach((m) => addMatch(m, 'history'));
    older = page.next;
    olderButton.hidden = !older;
    historyStatus.textContent = '';
    if (!rows.rows.length || placeholder.isConnected) {
      placeholder.firstElementChild.textContent = 'No matches yet: they appear here as they arrive.';
    }
  } catch (e) {
    historyStatus.textContent = `History unavailable (${e.message}); live matches still arrive.`;
  }
}

/**
 * Everything after a match seen (by default the last), oldest first, page by page: a gap filled once (matches
 * already shown are not added again) and in order. Requests run one after another.
 */
let catching = Promise.resolve();
function catchUp(from = last) {
  if (!from) return catching;
  catching = catching.then(() => fill(from));
  return catching;
}

async function fill(from) {
  try {
    let cursor = from;
    for (let i = 0; i < 20; i++) {
      const page = await query({ after: cursorOf({ matchedAt: cursor[0], alertId: cursor[1], filterId: cursor[2] }), limit: 500 });
      page.matches.forEach((m) => addMatch(m, 'missed'));
      if (page.matches.length) cursor = order(page.matches[page.matches.length - 1]);
      if (page.matches.length < 500) break;
    }
  } catch (e) {
    historyStatus.textContent = `Could not fill the gap (${e.message}).`;
  }
}

function clearTable() {
  rows.replaceChildren(placeholder);
  placeholder.firstElementChild.textContent = 'Loading…';
  byAlert.clear();
  seen.clear();
  count = 0;
  showCount();
  older = null;
}

function number(id) {
  const v = document.getElementById(id).value;
  return v === '' ? undefined : Number(v);
}

document.getElementById('history-controls').addEventListener('submit', (e) => {
  e.preventDefault();
  criteria = {
    filter: document.getElementById('q-filter').value,
    band: document.getElementById('q-band').value,
    brighter: number('q-faint'),
    fainter: number('q-bright'),
    objectId: document.getElementById('q-object').value.trim(),
  };
  clearTable();
  loadOlder();
});
document.getElementById('q-clear').addEventListener('click', () => {
  document.getElementById('history-controls').reset();
  criteria = {};
  clearTable();
  loadOlder();
});
olderButton.addEventListener('click', loadOlder);

const headers = csrfHeaders();

const client = new Client({
  brokerURL: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`,
  connectHeaders: headers,
  reconnectDelay: 2000,
  heartbeatIncoming: 10000,
  heartbeatOutgoing: 10000,
});

let connectedBefore = false;
client.onConnect = () => {
  setStatus('live', 'Live');
  client.subscribe('/user/queue/matches', (message) => receive(JSON.parse(message.body)));
  if (connectedBefore) {
    // back after a lost connection: what was matched meanwhile, now and once more when the archive has caught up
    const gapFrom = last;
    catchUp(gapFrom);
    setTimeout(() => catchUp(gapFrom), 3000);
  }
  connectedBefore = true;
};
client.onWebSocketClose = () => setStatus('down', 'Disconnected — reconnecting…');
client.onStompError = (frame) => setStatus('down', `Refused: ${frame.headers.message || 'error'}`);

loadOlder().then(() => client.activate());

// for scripted checks of the reconnecting path: drop the connection, and come back
window.fountainDashboard = { disconnect: () => client.deactivate(), reconnect: () => client.activate() };
