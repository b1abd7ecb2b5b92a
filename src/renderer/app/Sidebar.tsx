import { DroverMark } from '../components/Icons';
import { useUnseenCount } from '../stores/alerts';
import { useCurrentEnvironment } from '../stores/environments';
import { ConnectionIndicator } from './ConnectionIndicator';
import { EnvironmentSwitcher } from './EnvironmentSwitcher';
import { navItems } from './navigation';
import { hrefFor, type PageId } from '../lib/router';

export function Sidebar({ page }: { page: PageId }) {
  const unseen = useUnseenCount(useCurrentEnvironment()?.id);
  const main = navItems.filter((item) => item.page !== 'settings');
  const settings = navItems.filter((item) => item.page === 'settings');
  const link = (item: (typeof navItems)[number]) => {
    const Icon = item.icon;
    const current = item.page === page;
    return (
      <li key={item.page}>
        <a
          href={hrefFor(item.page)}
          className={`nav__link${current ? ' is-current' : ''}`}
          aria-current={current ? 'page' : undefined}
        >
          <Icon size={18} />
          <span>{item.label}</span>
          {item.page === 'alerts' && unseen > 0 ? (
            <span className="nav__count">
              {unseen > 99 ? '99+' : unseen}
              <span className="visually-hidden"> open, not acknowledged</span>
            </span>
          ) : null}
        </a>
      </li>
    );
  };
  return (
    <header className="sidebar">
      <div className="sidebar__brand">
        <DroverMark size={26} />
        <span className="sidebar__product">Drover</span>
      </div>
      <EnvironmentSwitcher />
      <nav className="nav" aria-label="Main">
        <ul className="nav__list">{main.map(link)}</ul>
        <ul className="nav__list nav__list--bottom">{settings.map(link)}</ul>
      </nav>
      <div className="sidebar__footer">
        <ConnectionIndicator />
      </div>
    </header>
  );
}
