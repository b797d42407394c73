import { useConnection, useSession } from '../sync/hooks.ts';
import { Icon } from './Icon.tsx';
import './ConnectionStatus.css';

/** Always-visible connection state, and the "work offline" switch for editors; `className` places it in its bar. */
export function ConnectionStatus({ className }: { className?: string }) {
  const session = useSession();
  const connection = useConnection();
  const readOnly = !session.canEdit;
  const reviewer = session.role === 'reviewer';
  const label =
    connection.status === 'online'
      ? connection.synced
        ? readOnly
          ? reviewer ? 'Comments only' : 'Read only'
          : 'Online'
        : 'Syncing…'
      : connection.status === 'connecting'
        ? 'Connecting…'
        : 'Offline';
  const detail =
    connection.status === 'offline' && !readOnly
      ? 'Your changes are kept in this browser and merge when you are back online.'
      : readOnly
        ? reviewer ? 'You can comment, @mention and check in on your commitments; the board itself is read only.' : 'You can look but not change this board.'
        : connection.status === 'online'
          ? 'Changes are shared live.'
          : 'Trying to reach the server.';
  return (
    <div className={className ? `connection ${className}` : 'connection'}>
      <p className="connection-status" role="status" data-status={connection.status} data-readonly={readOnly} title={detail}>
        <span className="dot" aria-hidden="true" />
        <span className="connection-label">{label}</span>
        {readOnly && connection.status !== 'online' && <span className="visually-hidden"> · read only</span>}
      </p>
      {!readOnly && (
        <button
          className="icon-button"
          type="button"
          aria-pressed={connection.workingOffline}
          aria-label="Work offline"
          title={connection.workingOffline ? 'Go back online' : 'Work offline'}
          onClick={() => session.connection.setWorkingOffline(!connection.workingOffline)}
        >
          <Icon name={connection.workingOffline ? 'offline' : 'online'} />
        </button>
      )}
    </div>
  );
}
