// Loads .env before anything reads process.env. `natural` pulls in dotenv 17, which prints
// tips on every load unless told to be quiet; our output is for the operator.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('dotenv').config({ quiet: true });
