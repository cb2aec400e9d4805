// Live dashboard: subscribes to the signed-in user's match queue over STOMP and shows matches newest first.
// Each frame carries the matches of one flush interval, oldest first, and how many this page missed (it could not
// keep up) or skipped (they reached the relay too late to be live).
import { Client } from '/webjars/stomp__stompjs/esm6/index.js';

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

function meta(name) {
  const el = document.querySelector(`meta[name="${name}"]`);
  return el ? el.content : null;
}

function setStatus(state, text) {
  status.dataset.state = state;
  statusText.textContent = text;
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function fixed(value, digits) {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : Number(value).toFixed(digits);
}

function objectCell(match) {
  const td = document.createElement('td');
  td.className = 'object';
  const name = document.createElement('span');
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

/** The filter's name, marked when the match comes from replaying it over past alerts rather than from the stream. */
function filterCell(match) {
  const td = cell(match.filterName, 'filter');
  if (match.replay) {
    const badge = document.createElement('span');
    badge.className = 'badge replay';
    badge.textContent = 'replayed';
    badge.title = 'From a replay of this filter over past alerts, not a new detection';
    td.append(' ', badge);
  }
  return td;
}

function addMatch(match) {
  if (placeholder.isConnected) placeholder.remove();
  const tr = document.createElement('tr');
  tr.className = 'match fresh';
  tr.dataset.objectId = match.objectId;
  tr.dataset.filterId = match.filterId;
  tr.append(
    cell(new Date(match.matchedAt).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')),
    objectCell(match),
    cell(fixed(match.mjd, 5), 'num'),
    cell(fixed(match.ra, 5), 'num'),
    cell(fixed(match.dec, 5), 'num'),
    cell(fixed(match.magnitude, 2), 'num'),
    cell(match.band, 'band ' + (BANDS[match.band] || '')),
    filterCell(match),
  );
  rows.prepend(tr);
  setTimeout(() => tr.classList.remove('fresh'), 1500);
  while (rows.rows.length > MAX_ROWS) rows.deleteRow(rows.rows.length - 1);
  count += 1;
  showCount();
}

function showCount() {
  countEl.textContent = count === 1 ? '1 match' : `${count.toLocaleString()} matches`;
}

function plural(n, word) {
  return `${n.toLocaleString()} ${word}${n === 1 ? '' : 'es'}`;
}

// Filters matching more than a frame can sensibly show arrive as samples and a count: shown as a rate.
const firehosePanel = document.getElementById('firehose');
const firehose = new Map();

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
  (frame.matches || []).forEach(addMatch);
  for (const f of frame.firehose || []) {
    const sample = (frame.matches || []).find((m) => m.filterId === f.filterId);
    const entry = firehose.get(f.filterId) || { name: sample ? sample.filterName : `Filter ${f.filterId}`, counts: [] };
    entry.counts.push([Date.now(), f.matches]);
    firehose.set(f.filterId, entry);
    count += f.matches - f.shown; // the matches not listed still count
  }
  if (frame.firehose) showCount();
  if (frame.missed || frame.skipped) {
    missed += frame.missed || 0;
    skipped += frame.skipped || 0;
    const parts = [];
    if (missed) parts.push(`missed ${plural(missed, 'match')} while it could not keep up`);
    if (skipped) parts.push(`skipped ${plural(skipped, 'match')} that were more than a few seconds late`);
    notice.textContent = `This page ${parts.join(' and ')}; it is live again.`;
    notice.hidden = false;
  }
}

const headers = {};
const csrfHeader = meta('_csrf_header');
if (csrfHeader) headers[csrfHeader] = meta('_csrf');

const client = new Client({
  brokerURL: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`,
  connectHeaders: headers,
  reconnectDelay: 2000,
  heartbeatIncoming: 10000,
  heartbeatOutgoing: 10000,
});

client.onConnect = () => {
  setStatus('live', 'Live');
  client.subscribe('/user/queue/matches', (message) => receive(JSON.parse(message.body)));
};
client.onWebSocketClose = () => setStatus('down', 'Disconnected — reconnecting…');
client.onStompError = (frame) => setStatus('down', `Refused: ${frame.headers.message || 'error'}`);

client.activate();
