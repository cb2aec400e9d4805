// The sky map: the user's latest matches in a Hammer–Aitoff projection drawn as SVG (no library: a few hundred points
// and three curves need none, and an SVG scales to any screen and prints), with the galactic plane and the ecliptic.
const SVG = 'http://www.w3.org/2000/svg';
const D = Math.PI / 180;
const W = 1000;
const H = 500;
const PALETTE = ['#2f6fde', '#c0392b', '#1f8a4c', '#b8860b', '#7b3fb8', '#d35400', '#16a085', '#8e44ad', '#2c3e50', '#e84393'];

/** Projects (ra, dec) in degrees to SVG coordinates; right ascension grows to the left, 0h at the centre. */
function project(ra, dec) {
  let lon = ((ra + 180) % 360 + 360) % 360 - 180; // -180..180
  lon = -lon * D;
  const lat = dec * D;
  const z = Math.sqrt(1 + Math.cos(lat) * Math.cos(lon / 2));
  const x = (2 * Math.SQRT2 * Math.cos(lat) * Math.sin(lon / 2)) / z;
  const y = (Math.SQRT2 * Math.sin(lat)) / z;
  return [W / 2 + (x / (2 * Math.SQRT2)) * (W / 2 - 4), H / 2 - (y / Math.SQRT2) * (H / 2 - 4)];
}

/** Galactic (l, b) to equatorial J2000 (ra, dec), degrees. */
function galacticToEquatorial(l, b) {
  const raNgp = 192.85948 * D;
  const decNgp = 27.12825 * D;
  const lNcp = 122.93192 * D;
  const sinDec = Math.sin(b * D) * Math.sin(decNgp) + Math.cos(b * D) * Math.cos(decNgp) * Math.cos(lNcp - l * D);
  const ra = raNgp + Math.atan2(Math.cos(b * D) * Math.sin(lNcp - l * D),
    Math.sin(b * D) * Math.cos(decNgp) - Math.cos(b * D) * Math.sin(decNgp) * Math.cos(lNcp - l * D));
  return [((ra / D) % 360 + 360) % 360, Math.asin(sinDec) / D];
}

/** Ecliptic longitude (latitude 0) to equatorial J2000, degrees. */
function eclipticToEquatorial(lambda) {
  const e = 23.4393 * D;
  const ra = Math.atan2(Math.sin(lambda * D) * Math.cos(e), Math.cos(lambda * D));
  return [((ra / D) % 360 + 360) % 360, Math.asin(Math.sin(e) * Math.sin(lambda * D)) / D];
}

function el(name, attrs) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/** A curve through the points, broken where it wraps from one edge of the map to the other. */
function curve(svg, points, className) {
  let d = '';
  let previous = null;
  for (const [ra, dec] of points) {
    const [x, y] = project(ra, dec);
    d += `${previous && Math.abs(x - previous) < W / 3 ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)} `;
    previous = x;
  }
  svg.append(el('path', { d, class: className }));
}

function range(from, to, step) {
  const out = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

async function draw() {
  const holder = document.getElementById('sky');
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, class: 'sky-map', role: 'img', 'aria-label': 'Sky map of your matches' });
  svg.append(el('ellipse', { cx: W / 2, cy: H / 2, rx: W / 2 - 4, ry: H / 2 - 4, class: 'sky-edge' }));
  for (const dec of [-60, -30, 0, 30, 60]) curve(svg, range(-179.9, 179.9, 2).map((ra) => [ra, dec]), 'sky-grid');
  for (const ra of [-120, -60, 0, 60, 120]) curve(svg, range(-89, 89, 2).map((dec) => [ra, dec]), 'sky-grid');
  for (const [ra, label] of [[0, '0h'], [90, '6h'], [270, '18h']]) {
    const [x, y] = project(ra, 0);
    const t = el('text', { x: x + 4, y: y - 4, class: 'sky-label' });
    t.textContent = label;
    svg.append(t);
  }
  curve(svg, range(0, 360, 1).map((l) => galacticToEquatorial(l, 0)).sort((a, b) => a[0] - b[0]), 'sky-galactic');
  curve(svg, range(0, 360, 1).map((l) => eclipticToEquatorial(l)).sort((a, b) => a[0] - b[0]), 'sky-ecliptic');
  holder.append(svg);

  const status = document.getElementById('sky-status');
  const response = await fetch('/api/matches?limit=500', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) {
    status.textContent = `The archive answered ${response.status}.`;
    return;
  }
  const { matches } = await response.json();
  const colours = new Map();
  const legend = document.getElementById('sky-legend');
  for (const m of matches) {
    if (!colours.has(m.filterId)) {
      const colour = PALETTE[colours.size % PALETTE.length];
      colours.set(m.filterId, colour);
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.dataset.colour = String((colours.size - 1) % PALETTE.length);
      item.append(swatch, ` ${m.filterName}`);
      legend.append(item);
    }
    const [x, y] = project(m.ra, m.dec);
    const link = el('a', { href: `/alerts/${encodeURIComponent(m.stream)}/${m.alertId}` });
    const dot = el('circle', {
      cx: x.toFixed(1), cy: y.toFixed(1), r: 4,
      class: `match colour-${[...colours.keys()].indexOf(m.filterId) % PALETTE.length}`,
      'data-object-id': m.objectId, 'data-filter-id': m.filterId,
    });
    const title = el('title', {});
    title.textContent = `${m.objectId} · ${m.filterName} · RA ${m.ra.toFixed(4)} Dec ${m.dec.toFixed(4)}`;
    dot.append(title);
    link.append(dot);
    svg.append(link);
  }
  status.textContent = matches.length ? `${matches.length} matches shown.` : 'No matches yet.';
}

draw();
