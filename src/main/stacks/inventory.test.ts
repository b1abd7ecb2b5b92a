import { describe, expect, it } from 'vitest';
import { serviceInfo } from './inventory';
import type { RawService } from '../swarm/objects';

const none = { tasks: [], history: [], nodes: new Map<string, string>() };

const service = (extra: Partial<RawService> = {}, labels: Record<string, string> = {}) =>
  ({
    ID: 'svc1',
    Version: { Index: 3 },
    Spec: {
      Name: 'shop_web',
      Labels: { 'com.docker.stack.namespace': 'shop', ...labels },
      Mode: { Replicated: { Replicas: 0 } },
      TaskTemplate: { ContainerSpec: { Image: 'nginx:1.25@sha256:abc' } },
    },
    ...extra,
  }) as RawService;

describe('serviceInfo', () => {
  it('tells the replicas a stop remembered, and nothing for a service scaled to 0', () => {
    expect(
      serviceInfo(service({}, { 'com.drover.stopped-replicas': '10' }), none).stoppedReplicas,
    ).toBe(10);
    expect(serviceInfo(service(), none).stoppedReplicas).toBeNull();
    expect(
      serviceInfo(service({}, { 'com.drover.stopped-replicas': 'x' }), none).stoppedReplicas,
    ).toBeNull();
  });

  it("carries Swarm's update status, without an empty message", () => {
    const paused = service({
      UpdateStatus: { State: 'paused', Message: 'update paused due to failure' },
    });
    expect(serviceInfo(paused, none).updateStatus).toEqual({
      state: 'paused',
      message: 'update paused due to failure',
    });
    const done = service({ UpdateStatus: { State: 'completed', Message: '' } });
    expect(serviceInfo(done, none).updateStatus).toEqual({ state: 'completed', message: null });
    expect(serviceInfo(service(), none).updateStatus).toBeNull();
  });
});
