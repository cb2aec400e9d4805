// What every page's script shares: the page's <meta> values, the headers of a JSON request (with the CSRF token that
// every write needs), a table cell, a number to fixed digits, and a chart's width.

export function meta(name) {
  const el = document.querySelector(`meta[name="${name}"]`);
  return el ? el.content : null;
}

// The CSRF token as the header Spring Security reads, to add to any write (an empty object where there is none).
export function csrfHeaders() {
  const headers = {};
  const name = meta('_csrf_header');
  if (name) headers[name] = meta('_csrf');
  return headers;
}

// Headers of a JSON request that takes JSON or a problem back.
export function jsonHeaders() {
  return { 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json', ...csrfHeaders() };
}

export function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

// A number to fixed digits, or a dash for none.
export function fixed(value, digits) {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : Number(value).toFixed(digits);
}

// A chart's width in its element, within bounds.
export function chartWidth(el, min, max) {
  return Math.max(min, Math.min(el.clientWidth || 900, max));
}
