// Positions for the topology: load balancers, then services, then host groups, laid out left to
// right by elkjs (layered). Containers sit in a grid inside their host, in a stable order, so a
// replaced container takes its predecessor's place.
import type { TopoGraph } from './model';

export const CONTAINER = { width: 156, height: 34, gap: 8 };
export const SERVICE = { width: 232, height: 124 };
export const LB = { width: 210, height: 84 };
const HOST_HEADER = 44;
const HOST_PAD = 12;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function hostSize(count: number): { width: number; height: number; cols: number } {
  // One column keeps every edge clear of the other boxes; very full hosts get two.
  const cols = count > 8 ? 2 : 1;
  const rows = Math.max(1, Math.ceil(count / cols));
  return {
    cols,
    width: Math.max(200, cols * CONTAINER.width + (cols - 1) * CONTAINER.gap + HOST_PAD * 2),
    height: HOST_HEADER + rows * (CONTAINER.height + CONTAINER.gap) - CONTAINER.gap + HOST_PAD,
  };
}

/** Where a host's i-th container sits, relative to the host. */
export function containerOffset(index: number, cols: number): { x: number; y: number } {
  return {
    x: HOST_PAD + (index % cols) * (CONTAINER.width + CONTAINER.gap),
    y: HOST_HEADER + Math.floor(index / cols) * (CONTAINER.height + CONTAINER.gap),
  };
}

/** A key that changes only when the set of nodes (and which host holds what) changes. */
export function layoutKey(graph: TopoGraph): string {
  return [
    graph.hosts.map((h) => h.id).join(','),
    graph.services.map((s) => `${s.id}${s.isLb ? '*' : ''}>${s.targets.join('+')}`).join(','),
    graph.containers.map((c) => `${c.id}@${c.hostKey}`).join(','),
  ].join('|');
}

type Elk = InstanceType<typeof import('elkjs/lib/elk.bundled.js').default>;
let elkLoading: Promise<Elk> | null = null;
/** elkjs is large: loaded with the first layout, not with the app. */
function loadElk(): Promise<Elk> {
  elkLoading ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default());
  return elkLoading;
}

export async function computeLayout(graph: TopoGraph): Promise<Map<string, Box>> {
  const counts = new Map<string, number>();
  for (const c of graph.containers) counts.set(c.hostKey, (counts.get(c.hostKey) ?? 0) + 1);
  const edges = new Set<string>();
  for (const c of graph.containers) edges.add(`${c.service}\n${c.hostKey}`);
  for (const s of graph.services) for (const t of s.targets) edges.add(`${s.id}\n${t}`);

  const elk = await loadElk();
  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '28',
      'elk.layered.spacing.nodeNodeBetweenLayers': '110',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
      // One graph, so hosts without containers still sit in the hosts' column.
      'elk.separateConnectedComponents': 'false',
    },
    children: [
      ...graph.services.map((s) => ({
        id: s.id,
        ...(s.isLb ? LB : SERVICE),
        layoutOptions: (s.isLb
          ? { 'elk.layered.layering.layerConstraint': 'FIRST' }
          : {}) as Record<string, string>,
      })),
      ...graph.hosts.map((h) => {
        const size = hostSize(counts.get(h.id) ?? 0);
        return {
          id: h.id,
          width: size.width,
          height: size.height,
          layoutOptions: { 'elk.layered.layering.layerConstraint': 'LAST' },
        };
      }),
    ],
    edges: [...edges].map((e, i) => {
      const [source = '', target = ''] = e.split('\n');
      return { id: `e${i}`, sources: [source], targets: [target] };
    }),
  });
  const boxes = new Map<string, Box>();
  for (const child of result.children ?? []) {
    boxes.set(child.id, {
      x: child.x ?? 0,
      y: child.y ?? 0,
      width: child.width ?? 0,
      height: child.height ?? 0,
    });
  }
  return boxes;
}
