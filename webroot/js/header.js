// The top bar's live text: the connection badge, and the summary (what runs, its CPU and memory, unavailable hosts,
// the server node and interval, and what Pulse itself costs when the server reports it).

import {connectionLabel} from './connection.js';
import {bytes, duration, esc, pct} from './format.js';

const $ = (sel) => document.querySelector(sel);

/** CPU % with one decimal, spaced as the header reads ("0.4 %"); null when not a number. */
function costPct(v) {
  return typeof v === 'number' && Number.isFinite(v) ? `${v < 10 ? v.toFixed(1) : v.toFixed(0)} %` : null;
}

/**
 * Pulse's own cost from a status reply's optional `Cost` ({CpuPercent, SamplesPerSecond, CpuMsPerSample}), e.g.
 * "Pulse 0.4 % CPU · 50 samples/s"; null when the server does not report it.
 */
export function costText(status) {
  const cost = status && status.Cost;
  if (!cost || typeof cost !== 'object') return null;
  const parts = [];
  const cpu = costPct(cost.CpuPercent);
  if (cpu) parts.push(`${cpu} CPU`);
  const sps = cost.SamplesPerSecond;
  if (typeof sps === 'number' && Number.isFinite(sps)) parts.push(`${+sps.toFixed(sps < 10 ? 1 : 0)} samples/s`);
  return parts.length ? `Pulse ${parts.join(' · ')}` : null;
}

/** The tooltip of the cost: CPU time per sample and where history is kept, when reported. */
export function costTitle(status) {
  const cost = (status && status.Cost) || {};
  const lines = ['What Pulse itself uses on this node'];
  const ms = cost.CpuMsPerSample;
  if (typeof ms === 'number' && Number.isFinite(ms)) lines.push(`${+ms.toFixed(2)} ms CPU per sample`);
  if (status && typeof status.History === 'string') lines.push(`history kept in ${status.History}`);
  return lines.join('\n');
}

/** The summary's HTML from the inventory's totals and the status reply (may be null). */
export function summaryHtml(t, status) {
  const parts = [
    `<b>${t.running}</b> running / ${t.all}`,
    `CPU <b>${pct(t.cpu)}</b>`,
    `Mem <b>${bytes(t.mem)}</b>`,
  ];
  if (t.down) parts.push(`<span class="warn">${t.down} host${t.down > 1 ? 's' : ''} unavailable</span>`);
  if (status) {
    parts.push(`<span class="muted" title="Server node · sampling interval">${esc(status.Node)} · ` +
      `${duration(status.PollIntervalMs)}</span>`);
    const cost = costText(status);
    if (cost) parts.push(`<span id="pulse-cost" class="muted cost" title="${esc(costTitle(status))}">${esc(cost)}</span>`);
  }
  return parts.join('<span class="sep"></span>');
}

export function renderConnection(bus, now = Date.now()) {
  const {state, text} = connectionLabel(bus.state, bus.retryAt, now);
  const el = $('#conn-state');
  el.dataset.state = state;
  el.querySelector('.text').textContent = text;
  document.body.dataset.conn = state;
}

let shownSummary = null;

export function renderSummary(totals, status) {
  const html = summaryHtml(totals, status);
  if (html === shownSummary) return; // live points arrive many times a second: touch the DOM only on change
  shownSummary = html;
  $('#summary').innerHTML = html;
}
