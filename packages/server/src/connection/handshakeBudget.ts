/**
 * Slots for connections still in the handshake, overall and per remote address. Kept apart from
 * the server's connection limit: sockets that never say `hello` then cost only this budget, not
 * the places of authenticated connections.
 */
export class HandshakeBudget {
  readonly #max: number;
  readonly #maxPerAddress: number;
  #pending = 0;
  /** Only addresses with a handshake under way: an entry goes when its last one ends. */
  readonly #byAddress = new Map<string, number>();

  constructor(max: number, maxPerAddress: number) {
    this.#max = max;
    this.#maxPerAddress = maxPerAddress;
  }

  /** Connections in the handshake now. */
  get pending(): number {
    return this.#pending;
  }

  /**
   * Takes a slot for a connection from `address` (empty when unknown); false, taking nothing,
   * when the budget or the address's share of it is used up.
   */
  take(address: string): boolean {
    const fromAddress = this.#byAddress.get(address) ?? 0;
    if (this.#pending >= this.#max || fromAddress >= this.#maxPerAddress) return false;
    this.#pending++;
    this.#byAddress.set(address, fromAddress + 1);
    return true;
  }

  /** Gives back a slot taken for `address`: its handshake ended, accepted or not. */
  release(address: string): void {
    const fromAddress = this.#byAddress.get(address);
    if (fromAddress === undefined) return;
    this.#pending--;
    if (fromAddress <= 1) this.#byAddress.delete(address);
    else this.#byAddress.set(address, fromAddress - 1);
  }
}
