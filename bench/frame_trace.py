#!/usr/bin/env python3
"""What the list's frames are made of (BENCHMARKS.md §8): sums a Chrome trace written by
PageE2ETest#listFrameTimeWith200Rows with -Dpulse.frameTrace=<file> per kind of frame.

Each measured frame is the span of its `bench-whole <list> <kind>` user-timing measure (from the frame callback to
the posted message the test times, the "whole frame"). For each span it sums, on the page's renderer main thread: the
wall time of the top-level trace events inside the span and their thread (CPU) time, and the time of each event name
below (nested events count in their own name too, so the names do not add up to the total); and for every other
thread the wall time of its top-level events in the span. Prints median, p95 and mean per list and kind (ms).

Usage: python3 bench/frame_trace.py <trace file> [--others]
"""

import argparse
import bisect
import collections
import json
import statistics

NAMES = ['FunctionCall', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize',
         'IntersectionObserverController::computeIntersections', 'MinorGC', 'MajorGC']


def events(path):
    for line in open(path):
        m = json.loads(line)['message']
        if isinstance(m, str):
            m = json.loads(m)
        if m.get('method') == 'Tracing.dataCollected':
            yield m['params']


def top_level(lst, t0, t1):
    """Events overlapping [t0, t1] not nested in an earlier one (lst sorted by start)."""
    top, end = [], -1
    for e in lst:
        if e['ts'] + e['dur'] < t0 or e['ts'] > t1:
            continue
        if e['ts'] >= end:
            top.append(e)
            end = e['ts'] + e['dur']
    return top


def clip(e, t0, t1):
    return max(0, min(e['ts'] + e['dur'], t1) - max(e['ts'], t0)) / 1000


def pct(v, q):
    v = sorted(v)
    return v[min(len(v) - 1, int(len(v) * q))]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('trace')
    ap.add_argument('--others', action='store_true', help="also the other threads' busy time")
    args = ap.parse_args()
    evs = list(events(args.trace))
    names = {(e['pid'], e['tid']): e['args']['name'] for e in evs if e.get('name') == 'thread_name'}
    marks = [e for e in evs if e.get('name', '').startswith('bench-whole ') and e.get('ph') in ('b', 'e')]
    if not marks:
        raise SystemExit('no bench-whole measures in the trace (chromedriver keeps the first 100,000 events: '
                         'trace fewer kinds and lists)')
    pid = marks[0]['pid']
    begins = sorted((e for e in marks if e['ph'] == 'b'), key=lambda e: e['ts'])
    ends = sorted((e for e in marks if e['ph'] == 'e'), key=lambda e: e['ts'])
    spans = [(b['name'][len('bench-whole '):], b['ts'], e['ts']) for b, e in zip(begins, ends)]
    threads = collections.defaultdict(list)
    for e in evs:
        if e.get('ph') == 'X' and 'dur' in e:
            threads[(e['pid'], e['tid'])].append(e)
    for lst in threads.values():
        lst.sort(key=lambda e: e['ts'])
    main_events = threads[(pid, pid)]
    starts = [e['ts'] for e in main_events]
    out = collections.defaultdict(lambda: collections.defaultdict(list))
    for name, t0, t1 in spans:
        a = out[name]
        a['whole frame (span)'].append((t1 - t0) / 1000)
        # events that started up to 200 ms before the span may reach into it
        sub = main_events[bisect.bisect_left(starts, t0 - 200_000):bisect.bisect_right(starts, t1)]
        top = top_level(sub, t0, t1)
        a['main thread: top-level events, wall'].append(sum(clip(e, t0, t1) for e in top))
        a['main thread: top-level events, CPU'].append(
            sum(e.get('tdur', 0) / 1000 * clip(e, t0, t1) / max(1e-9, e['dur'] / 1000) for e in top))
        per = collections.Counter()
        for e in sub:
            per[e['name']] += clip(e, t0, t1)
        for n in NAMES:
            a[n].append(per.get(n, 0))
        if args.others:
            for key, lst in threads.items():
                if key == (pid, pid):
                    continue
                label = ('renderer ' if key[0] == pid else '') + names.get(key, str(key))
                a['other: ' + label].append(sum(clip(e, t0, t1) for e in top_level(lst, t0, t1)))
    for name, a in out.items():
        n = len(a['whole frame (span)'])
        print(f'{name} ({n} frames)')
        for k, v in a.items():
            v = v + [0] * (n - len(v))
            if max(v) < 0.3:
                continue
            print(f'  {k:55s} median {statistics.median(v):6.1f}  p95 {pct(v, .95):6.1f}  mean {statistics.mean(v):6.1f}')


if __name__ == '__main__':
    main()
