/*
 * The pieces of `natural` the router uses, loaded one module at a time.
 *
 * `require('natural')` loads every storage back-end, and each of them calls
 * `dotenv.config()`, which prints "injected env" lines to stdout (corrupting the output of
 * `helpline classify`) and reads .env a second time. Types still come from natural's own
 * declarations.
 */
import type * as Natural from 'natural';

const base = 'natural/lib/natural';
export const { RegexpTokenizer } = require(`${base}/tokenizers/regexp_tokenizer`) as Pick<typeof Natural, 'RegexpTokenizer'>;
export const PorterStemmer = require(`${base}/stemmers/porter_stemmer`) as typeof Natural.PorterStemmer;
export const { DamerauLevenshteinDistance } = require(`${base}/distance/levenshtein_distance`) as Pick<typeof Natural, 'DamerauLevenshteinDistance'>;
export const JaroWinklerDistance = require(`${base}/distance/jaro-winkler_distance`) as typeof Natural.JaroWinklerDistance;
export const BayesClassifier = require(`${base}/classifiers/bayes_classifier`) as typeof Natural.BayesClassifier;
export const LogisticRegressionClassifier = require(`${base}/classifiers/logistic_regression_classifier`) as typeof Natural.LogisticRegressionClassifier;
