import type { OverflowPolicy } from '../contract/flowOptions.js';

/**
 * Flow-control defaults shared by both ends, so a client and a server that leave an option unset
 * agree on what it is.
 */

/** Events a subscription lets the server send ahead of its consumer when nobody sets `window`. */
export const DEFAULT_WINDOW = 256;

/** Events a server holds for a slow subscriber before the overflow policy applies. */
export const DEFAULT_BUFFER_SIZE = 1_000;

/** What a push source does for a subscriber `bufferSize` events behind, when nobody says. */
export const DEFAULT_OVERFLOW: OverflowPolicy = 'buffer';

/**
 * Bytes a socket may hold encoded but unwritten (its own buffer and the batcher's) before its
 * side stops sending: 1 MiB.
 */
export const DEFAULT_HIGH_WATER_MARK = 1_048_576;
