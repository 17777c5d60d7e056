import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {bytes, clock, compact, dateTime, duration, esc, int, pct, rate} from '../../../webroot/js/format.js';

describe('formatters', () => {
  test('pct: one decimal, small values not lost, no value as a dash', () => {
    assert.equal(pct(12.345), '12.3%');
    assert.equal(pct(0), '0.0%');
    assert.equal(pct(0.005), '<0.01%');
    assert.equal(pct(0.05), '0.05%');
    assert.equal(pct(1234.5), '1235%');
    assert.equal(pct(99.853, 2), '99.85%');
    for (const v of [null, undefined, NaN, Infinity]) assert.equal(pct(v), '—');
  });

  test('bytes: binary units with three significant figures', () => {
    assert.equal(bytes(0), '0 B');
    assert.equal(bytes(1023), '1023 B');
    assert.equal(bytes(1024), '1.00 KiB');
    assert.equal(bytes(630784), '616 KiB');
    assert.equal(bytes(1.5 * 1024 ** 3), '1.50 GiB');
    assert.equal(bytes(25276510208), '23.5 GiB');
    assert.equal(bytes(null), '—');
  });

  test('rate: decimal units per second', () => {
    assert.equal(rate(0), '0 B/s');
    assert.equal(rate(999), '999 B/s');
    assert.equal(rate(12345), '12.3 kB/s');
    assert.equal(rate(4.5e6), '4.50 MB/s');
    assert.equal(rate(undefined), '—');
  });

  test('int, duration and axis text', () => {
    assert.equal(int(3.6), '4');
    assert.equal(int(null), '—');
    assert.equal(duration(1000), '1 s');
    assert.equal(duration(3000), '3 s');
    assert.equal(duration(90000), '1.5 min');
    assert.equal(duration(2 * 3600000), '2 h');
    assert.equal(duration(36 * 3600000), '1.5 d');
    assert.equal(compact('50.0 kB/s'), '50 kB/s');
    assert.equal(compact('1.50 MiB'), '1.5 MiB');
    assert.equal(compact('100%'), '100%');
    assert.equal(compact('120 B/s'), '120 B/s');
  });

  test('clock and date in local time', () => {
    const ms = new Date(2026, 0, 2, 3, 4, 5).getTime();
    assert.equal(clock(ms), '03:04:05');
    assert.equal(dateTime(ms), '2026-01-02 03:04:05');
  });

  test('esc makes text safe for innerHTML', () => {
    assert.equal(esc('<img src=x onerror="a()">&\''), '&#60;img src=x onerror=&#34;a()&#34;&#62;&#38;&#39;');
    assert.equal(esc(null), '');
  });
});
