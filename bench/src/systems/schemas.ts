import { z } from 'zod';

/** The echo call's input and output, shared by the systems that validate with zod. */
export const payloadSchema = z.object({ n: z.number(), s: z.string() });

/** A fan-out event. */
export const tickSchema = z.object({ seq: z.number() });
