import { describe, expect, it } from 'vitest';
import { containerHref, hostHref, parseContainerSection, parseHostSection } from './router';

describe('entity routes', () => {
  it('round-trips a container page and its tabs', () => {
    expect(containerHref(4, 'c0ffee')).toBe('#/containers/4~c0ffee');
    expect(containerHref(4, 'c0ffee', 'logs')).toBe('#/containers/4~c0ffee~logs');
    expect(parseContainerSection('4~c0ffee~logs')).toEqual({
      hostId: 4,
      containerId: 'c0ffee',
      tab: 'logs',
    });
    expect(parseContainerSection('4~c0ffee~nope')?.tab).toBe('details');
  });

  it('refuses sections that are not a host id and a container id', () => {
    for (const section of [null, '', 'x~c0ffee', '4', '4~', '4~../etc', '4~a b'])
      expect(parseContainerSection(section), String(section)).toBeNull();
  });

  it('tells a host page from the hosts page sections', () => {
    expect(hostHref(12)).toBe('#/hosts/12');
    expect(parseHostSection('12')).toBe(12);
    expect(parseHostSection('environments')).toBeNull();
    expect(parseHostSection(null)).toBeNull();
  });
});
