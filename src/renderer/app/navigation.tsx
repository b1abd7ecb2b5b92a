import type { ComponentType } from 'react';
import {
  AuditIcon,
  BellIcon,
  ContainersIcon,
  HostsIcon,
  MonitoringIcon,
  SettingsIcon,
  StacksIcon,
  type IconProps,
} from '../components/Icons';
import type { PageId } from '../lib/router';

export interface NavItem {
  page: PageId;
  label: string;
  icon: ComponentType<IconProps>;
}

/** The sidebar, in order. Settings sits apart at the bottom of the list. */
export const navItems: readonly NavItem[] = [
  { page: 'hosts', label: 'Environments & Hosts', icon: HostsIcon },
  { page: 'stacks', label: 'Stacks', icon: StacksIcon },
  { page: 'containers', label: 'Containers', icon: ContainersIcon },
  { page: 'metrics', label: 'Metrics', icon: MonitoringIcon },
  { page: 'alerts', label: 'Alerts', icon: BellIcon },
  { page: 'audit', label: 'Audit', icon: AuditIcon },
  { page: 'settings', label: 'Settings', icon: SettingsIcon },
];

export function pageLabel(page: PageId): string {
  return navItems.find((item) => item.page === page)?.label ?? 'Drover';
}
