import { describe, expect, it } from 'vitest';
import { edgeWarnings } from './plan-warnings';

const edge = { Labels: { 'com.drover.lb': 'lb', 'com.drover.lb.tier': 'edge' } };
const rules = { Labels: { 'com.drover.lb': 'lb', 'com.drover.lb.tier': 'rules' } };

describe('edgeWarnings', () => {
  it('warns when an edge is replaced, not when only the rules tier rolls', () => {
    expect(
      edgeWarnings([
        { action: 'update', spec: rules, fields: ['TaskTemplate.ContainerSpec.Configs'] },
        { action: 'update', spec: edge, fields: ['Labels'] },
        { action: 'create', spec: edge, fields: [] },
      ]),
    ).toEqual([]);
    expect(
      edgeWarnings([{ action: 'update', spec: edge, fields: ['EndpointSpec.Ports'] }])[0],
    ).toMatch(/^load balancer lb: .*replaced stop-first/);
  });
});
