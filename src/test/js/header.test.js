import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {costText, costTitle, summaryHtml} from '../../../webroot/js/header.js';

const T = {running: 2, all: 3, cpu: 30.5, mem: 1024 * 1024, down: 0};
const STATUS = {Node: 'node-1', PollIntervalMs: 3000};

describe('header', () => {
  test("Pulse's own cost, when the status reports it", () => {
    const s = {...STATUS, Cost: {CpuPercent: 0.43, SamplesPerSecond: 50, CpuMsPerSample: 0.61}, History: 'disk'};
    assert.equal(costText(s), 'Pulse 0.4 % CPU · 50 samples/s');
    assert.equal(costText({Cost: {CpuPercent: 12.6, SamplesPerSecond: 0.333}}), 'Pulse 13 % CPU · 0.3 samples/s');
    assert.equal(costText({Cost: {SamplesPerSecond: 66.7}}), 'Pulse 67 samples/s');
    assert.equal(costTitle(s), 'What Pulse itself uses on this node\n0.61 ms CPU per sample\nhistory kept in disk');
  });

  test('no cost, or a malformed one: nothing shown', () => {
    for (const s of [null, STATUS, {Cost: null}, {Cost: 'x'}, {Cost: {}}, {Cost: {CpuPercent: 'high'}}]) {
      assert.equal(costText(s), null, JSON.stringify(s));
    }
    assert.ok(!summaryHtml(T, STATUS).includes('pulse-cost'));
  });

  test('the summary: totals, unavailable hosts, node and interval, cost; text is escaped', () => {
    const html = summaryHtml({...T, down: 2}, {...STATUS, Node: '<b>x', Cost: {CpuPercent: 1, SamplesPerSecond: 2}});
    assert.match(html, /<b>2<\/b> running \/ 3/);
    assert.match(html, /CPU <b>30\.5%<\/b>/);
    assert.match(html, /Mem <b>1\.00 MiB<\/b>/);
    assert.match(html, /2 hosts unavailable/);
    assert.match(html, /&#60;b&#62;x · 3 s/);
    assert.match(html, /id="pulse-cost"[^>]*>Pulse 1\.0 % CPU · 2 samples\/s</);
    assert.ok(!summaryHtml(T, null).includes('node'), 'before the first status only the totals');
  });
});
