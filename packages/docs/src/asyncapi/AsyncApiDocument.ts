import type { JsonSchema } from '../schema/JsonSchema.js';

/** Any AsyncAPI object this package writes (channel, operation, message, server). */
export interface AsyncApiObject {
  /** The object's fields, as the AsyncAPI 3.0 specification names them. */
  readonly [field: string]: unknown;
}

/** An AsyncAPI 3.0 document describing a contract's frames on the wirecall WebSocket. */
export interface AsyncApiDocument {
  /** Version of the AsyncAPI specification. */
  readonly asyncapi: '3.0.0';
  /** What the document is about. */
  readonly info: {
    /** The docs' title. */
    readonly title: string;
    /** The API's version. */
    readonly version: string;
    /** The docs' description and how frames share the WebSocket. */
    readonly description?: string;
  };
  /** Every frame is JSON. */
  readonly defaultContentType: 'application/json';
  /** The WebSocket server as `default`, when a server URL was given. */
  readonly servers?: { readonly [id: string]: AsyncApiObject };
  /** One channel per procedure, keyed by its dotted path. */
  readonly channels: { readonly [id: string]: AsyncApiObject };
  /** What the server receives and sends for each procedure. */
  readonly operations: { readonly [id: string]: AsyncApiObject };
  /** Reusable parts. */
  readonly components: {
    /** Every input, output, event and error data schema, keyed `path.role`. */
    readonly schemas: { readonly [id: string]: JsonSchema };
  };
}
