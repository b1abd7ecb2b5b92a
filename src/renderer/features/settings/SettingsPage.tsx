import { useState } from 'react';
import { DEFAULT_LB_IMAGE } from '../../../shared/lb';
import type { AppInfo, ShellKind, ThemePreference } from '../../../shared/types';
import { Alert } from '../../components/Alert';
import { CopyButton } from '../../components/CopyButton';
import { TextField } from '../../components/Field';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { Spinner } from '../../components/Spinner';
import { SettingsInlineForm, useSettingsSave } from './SettingsInlineForm';
import { useAppInfo } from '../../stores/appInfo';
import { useConnection } from '../../stores/connection';
import { useEffectiveTheme, useSettings } from '../../stores/settings';
import { BackupPanel } from './BackupPanel';
import { SessionsPanel } from './SessionsPanel';
import { TokensPanel, UsersPanel } from '../users';

const themes: { value: ThemePreference; label: string; detail: string }[] = [
  { value: 'system', label: 'System', detail: 'Follow the operating system' },
  { value: 'light', label: 'Light', detail: 'Always light' },
  { value: 'dark', label: 'Dark', detail: 'Always dark' },
];

const shellNames: Record<ShellKind, string> = {
  electron: 'Desktop app (Electron)',
  web: 'Web mode (browser)',
  cli: 'Command line',
};

/** A miniature window in the theme's colours; "system" shows light and dark side by side. */
function ThemePreview({ theme }: { theme: ThemePreference }) {
  const window = (variant: 'light' | 'dark', extra = '') => (
    <span className={`theme-option__preview theme-option__preview--${variant}${extra}`}>
      <span className="theme-option__bar" />
      <span className="theme-option__line" />
      <span className="theme-option__line theme-option__line--short" />
    </span>
  );
  return (
    <span className="theme-option__frame" aria-hidden="true">
      {window(theme === 'dark' ? 'dark' : 'light')}
      {theme === 'system' ? window('dark', ' theme-option__preview--half') : null}
    </span>
  );
}

function ThemePanel() {
  const theme = useEffectiveTheme();
  const pending = useSettings((s) => s.pendingTheme);
  const saveError = useSettings((s) => s.saveError);
  const status = useSettings((s) => s.status);
  const error = useSettings((s) => s.error);
  const load = useSettings((s) => s.load);
  const setTheme = useSettings((s) => s.setTheme);

  return (
    <Panel
      title="Appearance"
      titleId="appearance-title"
      description="Applies at once and is saved for every window of this console."
    >
      <LoadState status={status} error={error} what="settings" onRetry={() => void load()} rows={1}>
        <fieldset className="theme-picker">
          <div className="theme-picker__head">
            <legend className="field__label">Theme</legend>
            <span className="theme-picker__status" aria-live="polite">
              {pending ? (
                <span className="muted inline-status">
                  <Spinner size={12} /> Saving…
                </span>
              ) : null}
            </span>
          </div>
          <div className="theme-picker__options">
            {themes.map((t) => (
              <label key={t.value} className="theme-option">
                <input
                  type="radio"
                  name="theme"
                  value={t.value}
                  checked={theme === t.value}
                  onChange={() => void setTheme(t.value)}
                />
                <ThemePreview theme={t.value} />
                <span className="theme-option__text">
                  <span className="theme-option__label">{t.label}</span>
                  <span className="theme-option__detail">{t.detail}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        {saveError ? <Alert title="Couldn’t save the theme">{saveError}</Alert> : null}
      </LoadState>
    </Panel>
  );
}

function SecretStorage({ info, webMode }: { info: AppInfo; webMode: boolean }) {
  if (info.secretStorage === 'os-keychain') {
    return (
      <>
        <p className="about__value">{info.secretStorageReason ?? 'OS keychain'}</p>
        <p className="about__note">
          SSH passwords and key passphrases are encrypted with a key held by your operating system’s
          keychain, so they can only be read by your user account on this machine.
        </p>
      </>
    );
  }
  return (
    <>
      <p className="about__value">A key file readable only by you</p>
      <p className="about__note">
        {webMode
          ? 'In web mode the core runs as a plain process outside the desktop app and has no access to the OS keychain. '
          : ''}
        SSH passwords and key passphrases are encrypted with a key kept in a file that only your
        user account can read. Anyone who can read your files — for example from a backup of your
        home directory — could decrypt them, so protect the data directory like an SSH key.
      </p>
      {info.secretStorageReason ? <p className="about__note">{info.secretStorageReason}</p> : null}
    </>
  );
}

function AboutPanel() {
  const info = useAppInfo((s) => s.info);
  const status = useAppInfo((s) => s.status);
  const error = useAppInfo((s) => s.error);
  const load = useAppInfo((s) => s.load);
  const connection = useConnection();
  // This window knows how it reaches the core; that decides the shell it runs in.
  const shell: ShellKind = connection.transport === 'websocket' ? 'web' : 'electron';

  return (
    <Panel title="About this console" titleId="about-title">
      <LoadState
        status={status}
        error={error}
        what="information about the console"
        onRetry={() => void load()}
        rows={4}
      >
        {info ? (
          <dl className="about">
            <div className="about__row">
              <dt>Version</dt>
              <dd className="mono">{info.version}</dd>
            </div>
            <div className="about__row">
              <dt>Shell</dt>
              <dd>
                <p className="about__value">{shellNames[shell]}</p>
                {shell === 'web' ? (
                  <p className="about__note">
                    This page talks to the core over a WebSocket, authenticated by the link{' '}
                    <code>drover web</code> printed or by your sign-in.{' '}
                    {connection.state === 'connected'
                      ? 'Connected now.'
                      : 'Not connected right now.'}
                  </p>
                ) : null}
              </dd>
            </div>
            <div className="about__row">
              <dt>Platform</dt>
              <dd className="mono">{info.platform}</dd>
            </div>
            <div className="about__row">
              <dt>Data directory</dt>
              <dd>
                <div className="about__copy">
                  <code className="about__path">{info.dataDir}</code>
                  <CopyButton text={info.dataDir} label="data directory" />
                </div>
                <p className="about__note">
                  The console’s database: environments, hosts and their credentials, audit log.
                  Running workloads don’t depend on it.
                </p>
              </dd>
            </div>
            <div className="about__row">
              <dt>Store schema</dt>
              <dd className="mono">v{info.storeSchemaVersion}</dd>
            </div>
            <div className="about__row">
              <dt>Secrets</dt>
              <dd>
                <SecretStorage info={info} webMode={shell === 'web'} />
              </dd>
            </div>
          </dl>
        ) : null}
      </LoadState>
    </Panel>
  );
}

/** The HAProxy image load balancers run when their compose service names none. */
function LoadBalancerPanel() {
  const stored = useSettings((s) => s.settings.lbImage);
  const status = useSettings((s) => s.status);
  const [draft, setDraft] = useState<string | null>(null);
  const { saving, error, saved, edited, save } = useSettingsSave();
  const value = draft ?? stored ?? '';
  const onSave = async () => {
    if (await save({ lbImage: value.trim() || DEFAULT_LB_IMAGE })) setDraft(null);
  };
  return (
    <Panel
      title="Load balancers"
      titleId="lb-settings-title"
      description="The HAProxy image of load balancers whose compose service names no image. It reads its configuration from /usr/local/etc/haproxy/haproxy.cfg, as the official image does."
    >
      <SettingsInlineForm
        saving={saving}
        saved={saved}
        changed={draft !== null}
        onSave={() => void onSave()}
      >
        <TextField
          label="Load balancer image"
          className="input mono"
          value={value}
          placeholder={DEFAULT_LB_IMAGE}
          disabled={status !== 'ready'}
          hint={`Default: ${DEFAULT_LB_IMAGE}. Used at the next deploy of a stack.`}
          error={error ?? undefined}
          onChange={(e) => {
            setDraft(e.target.value);
            edited();
          }}
        />
      </SettingsInlineForm>
    </Panel>
  );
}

export function SettingsPage() {
  return (
    <div className="page page--narrow">
      <PageHeader
        title="Settings"
        description="Preferences for this console, and where it keeps its data."
      />
      <ThemePanel />
      <SessionsPanel />
      <LoadBalancerPanel />
      <UsersPanel />
      <TokensPanel />
      <BackupPanel />
      <AboutPanel />
    </div>
  );
}
