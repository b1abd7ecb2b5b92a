// The topology: load balancers → services → containers grouped by host, for one stack or the
// whole environment. React Flow draws it; elkjs lays it out once per set of nodes, so positions
// stay put while states (colours, counts) change live.
import { Background, Controls, ReactFlow, type Edge } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useState } from 'react';
import type { StackDetail } from '../../../shared/types';
import { Alert } from '../../components/Alert';
import { EmptyState } from '../../components/EmptyState';
import { StacksIcon } from '../../components/Icons';
import { Spinner } from '../../components/Spinner';
import { errorMessage } from '../../lib/errors';
import { useEnvironmentHosts } from '../../stores/hosts';
import { useStackDetails, useStackList } from '../../stores/stacks';
import { buildGraph, UNPLACED, type TopoGraph } from './model';
import { computeLayout, containerOffset, hostSize, layoutKey, type Box } from './layout';
import { nodeTypes, type TopoNode } from './nodes';
import { useContainers } from './useContainers';
import './topology.css';

export function TopologyView({ environmentId, stack }: { environmentId: number; stack?: string }) {
  const list = useStackList(stack ? undefined : environmentId);
  const names = useMemo(
    () => (stack ? [stack] : (list.data ?? []).map((s) => s.name)),
    [stack, list.data],
  );
  const details = useStackDetails(environmentId, names);
  const hosts = useEnvironmentHosts(environmentId);
  const containers = useContainers(environmentId);

  const loaded = details.filter((d) => d.data).map((d) => d.data as StackDetail);
  const waiting =
    (!stack && list.status !== 'ready' && list.status !== 'error') ||
    details.some((d) => !d.data && d.status !== 'error');
  const failed = details.find((d) => d.status === 'error' && !d.data);

  const graph = useMemo(
    () => buildGraph(hosts, loaded, containers.items, containers.hosts),
    // loaded is derived from details.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [hosts, details, containers],
  );

  if (!stack && list.status === 'error')
    return <Alert title="Couldn’t load the stacks">{list.error}</Alert>;
  if (failed) return <Alert title="Couldn’t load the stack">{failed.error}</Alert>;
  if (waiting && loaded.length === 0)
    return (
      <p className="inline-status">
        <Spinner size={14} /> Loading the topology…
      </p>
    );
  if (!stack && names.length === 0)
    return (
      <EmptyState compact icon={<StacksIcon size={24} />} title="Nothing deployed yet">
        <p>Services and their containers appear here, grouped by host, once a stack runs.</p>
      </EmptyState>
    );
  return <TopologyCanvas graph={graph} environmentId={environmentId} showStack={!stack} />;
}

function TopologyCanvas({
  graph,
  environmentId,
  showStack,
}: {
  graph: TopoGraph;
  environmentId: number;
  showStack: boolean;
}) {
  const key = layoutKey(graph);
  const [layout, setLayout] = useState<{ key: string; boxes: Map<string, Box> } | null>(null);
  const [layoutError, setLayoutError] = useState<string | null>(null);

  useEffect(() => {
    if (layout?.key === key) return;
    let cancelled = false;
    computeLayout(graph)
      .then((boxes) => {
        if (!cancelled) setLayout({ key, boxes });
      })
      .catch((error: unknown) => !cancelled && setLayoutError(errorMessage(error)));
    return () => {
      cancelled = true;
    };
    // Re-layout only when the set of nodes changes (the key), not on every state change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const { nodes, edges } = useMemo(() => {
    const nodes: TopoNode[] = [];
    const edges: Edge[] = [];
    if (!layout) return { nodes, edges };
    const byHost = new Map<string, typeof graph.containers>();
    for (const c of graph.containers) byHost.set(c.hostKey, [...(byHost.get(c.hostKey) ?? []), c]);
    for (const host of graph.hosts) {
      const box = layout.boxes.get(host.id);
      if (!box) continue;
      const inside = byHost.get(host.id) ?? [];
      const size = hostSize(inside.length);
      nodes.push({
        id: host.id,
        type: 'host',
        position: { x: box.x, y: box.y },
        width: size.width,
        height: size.height,
        data: { host, count: inside.length },
        selectable: false,
      });
      inside.forEach((container, index) => {
        nodes.push({
          id: container.id,
          type: 'container',
          parentId: host.id,
          extent: 'parent',
          position: containerOffset(index, size.cols),
          width: 156,
          height: 34,
          // For the tooltip with the state and the engine's message.
          style: { pointerEvents: 'all' },
          data: { container },
        });
        edges.push({
          id: `${container.service}->${container.id}`,
          source: container.service,
          target: container.id,
          className: `topo-edge topo-edge--${container.tone}`,
        });
      });
    }
    for (const service of graph.services) {
      const box = layout.boxes.get(service.id);
      if (!box) continue;
      nodes.push(
        service.isLb
          ? {
              id: service.id,
              type: 'lb',
              position: { x: box.x, y: box.y },
              width: box.width,
              height: box.height,
              data: { service, showStack },
            }
          : {
              id: service.id,
              type: 'service',
              position: { x: box.x, y: box.y },
              // Nodes are neither draggable nor selectable, which would turn their pointer
              // events off: the scale handle needs them.
              style: { pointerEvents: 'all' },
              width: box.width,
              height: box.height,
              data: { service, environmentId, showStack },
            },
      );
      for (const target of service.targets) {
        edges.push({
          id: `${service.id}=>${target}`,
          source: service.id,
          target,
          animated: true,
          className: 'topo-edge topo-edge--lb',
        });
      }
    }
    // Edges only between nodes that are drawn.
    const ids = new Set(nodes.map((n) => n.id));
    return { nodes, edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)) };
  }, [graph, layout, environmentId, showStack]);

  const counts = {
    hosts: graph.hosts.filter((h) => h.id !== UNPLACED).length,
    containers: graph.containers.filter((c) => c.hostKey !== UNPLACED).length,
    waiting: graph.containers.filter((c) => c.hostKey === UNPLACED).length,
    services: graph.services.length,
  };

  return (
    <div className="topology">
      <p className="topology__summary" aria-live="polite">
        {counts.services} {counts.services === 1 ? 'service' : 'services'} ·{' '}
        <span data-testid="topology-containers">{counts.containers}</span>{' '}
        {counts.containers === 1 ? 'container' : 'containers'} on {counts.hosts}{' '}
        {counts.hosts === 1 ? 'host' : 'hosts'}
        {counts.waiting ? ` · ${counts.waiting} waiting for a node` : ''}
        <span className="topology__legend" aria-hidden="true">
          <span className="topology__key topology__key--ok">running</span>
          <span className="topology__key topology__key--info">starting</span>
          <span className="topology__key topology__key--error">failed</span>
        </span>
      </p>
      {layoutError ? <Alert title="Couldn’t lay out the topology">{layoutError}</Alert> : null}
      <div className="topology__canvas">
        <ReactFlow
          key={layout ? 'ready' : 'pending'}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          fitView
          fitViewOptions={{ padding: 0.12, maxZoom: 1.1 }}
          minZoom={0.2}
          proOptions={{ hideAttribution: true }}
          aria-label="Topology"
        >
          <Background gap={20} size={1} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
    </div>
  );
}
