/**
 * The arguments after an observer's (or a hook's) procedure handle: the input, which may be left out when the
 * procedure takes none (or only optional input), then the options.
 */
export type InputArgs<TInput, TOptions> = undefined extends TInput
  ? [input?: TInput, options?: TOptions]
  : [input: TInput, options?: TOptions];
