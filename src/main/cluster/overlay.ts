// Whether the hosts of a Swarm exchange overlay network state. Each engine's view of the ingress
// network lists the nodes it hears through the Swarm's gossip (`docker network inspect -v`,
// "Peers"); a node missing from another's view has no overlay traffic with it: its tasks cannot
// reach containers there and a load balancer on it answers nothing. Seen when the gossip ports
// are closed, and when a Docker 20.10 host joined after leaving another Swarm without a restart
// (it keeps the old Swarm's keys: "No installed keys could decrypt the message").

/** One node's view: its address and the addresses it hears (null: not known now). */
export interface PeerView {
  name: string;
  address: string;
  peers: string[] | null;
  /** When the node joined: gossip takes a moment to converge after a join. */
  joinedAt?: number;
}

/** Gossip converges within seconds of a join; before that a missing peer means nothing. */
export const SETTLE_MS = 30_000;

/** One advice line naming who does not hear whom, or undefined when every view is whole. */
export function overlayAdvice(views: PeerView[], now = Date.now()): string | undefined {
  const settled = views.filter((v) => v.address && (v.joinedAt ?? 0) <= now - SETTLE_MS);
  const gaps: string[] = [];
  for (const view of settled) {
    if (!view.peers) continue;
    const unheard = settled.filter((o) => o !== view && !view.peers?.includes(o.address));
    if (unheard.length)
      gaps.push(`${view.name} does not hear ${unheard.map((o) => o.name).join(', ')}`);
  }
  if (!gaps.length) return undefined;
  return (
    `Overlay networking between hosts is broken (${gaps.join('; ')} in the Swarm's network gossip): ` +
    'tasks there cannot reach each other across hosts. Open TCP and UDP port 7946 and UDP port 4789 ' +
    'between the hosts; a host that was in another Swarm before needs its Docker restarted ' +
    "(Docker 20.10 keeps the old Swarm's keys)."
  );
}
