import { describe, expect, it } from 'vitest';
import { overlayAdvice, SETTLE_MS, type PeerView } from './overlay';

const now = 1_000_000;
const view = (name: string, address: string, peers: string[] | null, joinedAt = 0): PeerView => ({
  name,
  address,
  peers,
  joinedAt,
});

describe('overlayAdvice', () => {
  it('says nothing while every node hears every other', () => {
    const all = ['10.0.0.1', '10.0.0.2', '10.0.0.3'];
    expect(
      overlayAdvice(
        [view('a', all[0]!, all), view('b', all[1]!, all), view('c', all[2]!, all)],
        now,
      ),
    ).toBeUndefined();
  });

  it('names who does not hear whom (a host whose gossip port is closed, as measured on the lab)', () => {
    // The blocked host still hears the manager; the manager no longer hears it.
    const advice = overlayAdvice(
      [view('mgr', '10.0.0.1', ['10.0.0.1']), view('w6', '10.0.0.2', ['10.0.0.1', '10.0.0.2'])],
      now,
    );
    expect(advice).toMatch(/^Overlay networking between hosts is broken \(mgr does not hear w6 in/);
    expect(advice).toMatch(/7946.*4789.*restarted/);
  });

  it('waits for gossip to settle after a join, and skips views it could not read', () => {
    expect(
      overlayAdvice(
        [
          view('mgr', '10.0.0.1', ['10.0.0.1']),
          view('new', '10.0.0.2', ['10.0.0.2'], now - SETTLE_MS / 2),
        ],
        now,
      ),
    ).toBeUndefined();
    expect(
      overlayAdvice([view('mgr', '10.0.0.1', null), view('w', '10.0.0.2', ['10.0.0.2'])], now),
    ).toMatch(/w does not hear mgr/);
  });
});
