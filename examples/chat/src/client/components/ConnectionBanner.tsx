import { useConnectionState } from '@wirecall/react';

const labels = {
  idle: 'Offline',
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
} as const;

/** Shows whether the page is live, and says so loudly while it reconnects. */
export function ConnectionBanner() {
  const state = useConnectionState();
  return (
    <output
      className={`connection connection-${state}`}
      data-testid="connection"
      data-state={state}
    >
      <span className="dot" aria-hidden="true" />
      {labels[state]}
    </output>
  );
}
