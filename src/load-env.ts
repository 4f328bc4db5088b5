// Loads .env before anything reads process.env. `natural` pulls in dotenv 17, which prints
// tips on every load unless told to be quiet; our output is for the operator.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('dotenv').config({ quiet: true });

// restify 11 (through spdy/http-deceiver) touches process.binding('http_parser') on Node 20,
// which warns DEP0111 on every start although nothing is wrong; that one warning is dropped.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const code = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as { code?: string }).code : rest[1];
  if (code === 'DEP0111') return;
  return (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;
