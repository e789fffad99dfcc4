import { msgpackCodec } from '@wirecall/msgpack';
import { wirecallWith } from './wirecall.js';

/** wirecall with the MessagePack codec (`@wirecall/msgpack`) on both sides, to compare with JSON. */
export const wirecallMsgpack = wirecallWith(
  { id: 'wirecall-msgpack', label: 'wirecall msgpack' },
  msgpackCodec,
);
