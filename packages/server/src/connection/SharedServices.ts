import type { DedupeStore } from '../dedupe/dedupeStore.js';
import type { ErrorReporter } from '../errorBoundary.js';
import type { LiveRegistry } from '../live/LiveRegistry.js';
import type { PubSub } from '../pubsub/pubsub.js';
import type { ServerTelemetry } from '../telemetry/ServerTelemetry.js';
import type { ConnectionSettings } from './connectionSettings.js';
import type { OperationHost } from './operationHost.js';

/** The server-wide parts of an {@link OperationHost}: the same for every connection of a server. */
type Services = Pick<
  OperationHost,
  'validateOutput' | 'report' | 'pubsub' | 'live' | 'dedupe' | 'telemetry'
>;

/**
 * What a connection hands its operations of the server's settings: its pub/sub, live queries,
 * dedupe store, telemetry, error reporter and whether outputs are validated. The connection
 * itself adds what is its own (context, session, sends).
 */
export class SharedServices implements Services {
  /** The connection's settings; one slot, which the connection reads too. */
  protected readonly settings: ConnectionSettings;

  constructor(settings: ConnectionSettings) {
    this.settings = settings;
  }

  get validateOutput(): boolean {
    return this.settings.validateOutput;
  }

  get report(): ErrorReporter {
    return this.settings.report;
  }

  get pubsub(): PubSub {
    return this.settings.pubsub;
  }

  get live(): LiveRegistry {
    return this.settings.live;
  }

  get dedupe(): DedupeStore {
    return this.settings.dedupe;
  }

  get telemetry(): ServerTelemetry | undefined {
    return this.settings.telemetry;
  }
}
