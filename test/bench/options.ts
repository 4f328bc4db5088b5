import { z } from 'zod';

export interface BenchOptions {
  /** Concurrent simulated users in the main comparison (BENCH_USERS / --users). */
  users: number;
  /** Length of each measured phase of the comparison (--seconds). */
  phaseMs: number;
  /** Measured phases per side in the comparison, floor and Helpline taking turns (--pairs). */
  pairs: number;
  /** Run the scale curve and the Cosmos phase too (default; --quick skips them). */
  scale: boolean;
  /** Stored conversations at each point of the scale curve. */
  levels: number[];
  /** Concurrent users while measuring each scale point. */
  scaleUsers: number;
  /** Open handoffs in the queue during the scale curve. */
  openHandoffs: number;
  /** Concurrent users on Cosmos (the in-process emulator is slow). */
  cosmosUsers: number;
  /** Upper bound for any one load phase. */
  timeLimitMs: number;
  /** Where the JSON results go. */
  out: string;
}

const positiveInt = z.coerce.number().int().positive();

export const USAGE = `usage: npm run bench -- [--users N] [--seconds N] [--pairs N] [--quick] [--levels 1000,10000,100000] [--scale-users N] [--cosmos-users N] [--time-limit SECONDS] [--out FILE]
  --users N        concurrent conversations in the Helpline-vs-floor comparison (default 100, or BENCH_USERS)
  --seconds N      length of each measured phase: every user has conversations back to back until then, and turns/s
                   and latencies count the turns started once all users are under way, after the 1 s ramp (default 6)
  --pairs N        measured phases per side: floor and Helpline take turns N times and their figures are pooled,
                   so a machine whose speed drifts during the run favours neither (default 3)
  --quick          only the comparison and classify/redaction (skips the scale curve and the Cosmos phase; about 50 s)
  --scale          the scale curve and the Cosmos phase (the default; about 1.5 minutes more on 2 idle cores)
  --levels L,...   stored conversations at each scale point (default 1000,10000,100000)
  --scale-users N  concurrent conversations at each scale point (default 20)
  --cosmos-users N concurrent conversations on the Cosmos DB emulator (default 5)
  --time-limit S   upper bound for each load phase in seconds (default 120)
  --out FILE       JSON results (default bench-results/latest.json)`;

/** Reads the command line (and BENCH_USERS); throws with the usage text on anything unknown. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const options: BenchOptions = {
    users: env.BENCH_USERS ? positiveInt.parse(env.BENCH_USERS) : 100,
    phaseMs: 6_000,
    pairs: 3,
    scale: true,
    levels: [1_000, 10_000, 100_000],
    scaleUsers: 20,
    openHandoffs: 1_000,
    cosmosUsers: 5,
    timeLimitMs: 120_000,
    out: 'bench-results/latest.json',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i] ?? '';
    switch (flag) {
      case '--users':
        options.users = positiveInt.parse(value());
        break;
      case '--seconds':
        options.phaseMs = z.coerce.number().int().min(2).parse(value()) * 1000;
        break;
      case '--pairs':
        options.pairs = positiveInt.parse(value());
        break;
      case '--scale':
        options.scale = true;
        break;
      case '--quick':
      case '--no-scale':
        options.scale = false;
        break;
      case '--levels':
        options.levels = value().split(',').map((v) => positiveInt.parse(v.trim())).sort((a, b) => a - b);
        break;
      case '--scale-users':
        options.scaleUsers = positiveInt.parse(value());
        break;
      case '--cosmos-users':
        options.cosmosUsers = positiveInt.parse(value());
        break;
      case '--time-limit':
        options.timeLimitMs = positiveInt.parse(value()) * 1000;
        break;
      case '--out':
        options.out = value();
        break;
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
    }
  }
  return options;
}
