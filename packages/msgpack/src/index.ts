export type { Codec, Frame } from '@wirecall/core';
export { msgpackCodec, PROTOCOL_V1_MSGPACK } from './msgpackCodec.js';
