import { Command, InvalidArgumentError } from 'commander';
import { runExportFeedback } from './feedback-export.js';
import { runGenerate } from './generate.js';
import { runEvaluate, runExport, runPredict, runSummary } from './model-commands.js';
import type { ProgressStream } from './progress.js';
import { runRetrain, runRollback, runServe, runVersions, type ServeFlags } from './registry-commands.js';
import { runTrain } from './train.js';
import { launchWorkers, withoutWorkersFlag } from './workers.js';
import { launchedAsRank } from '../core/collective.js';

function int(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n)) throw new InvalidArgumentError(`${name} must be an integer.`);
    return n;
  };
}

function num(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a number.`);
    return n;
  };
}

const DB_HELP = 'feedback/registry store: a SQLite file or postgres://user:pass@host/db (default <dir>/tforge.db)';
const DB_KEY_HELP = 'file holding the SQLite encryption key (else TFORGE_DB_KEY; neither: not encrypted)';

/**
 * Builds the `tforge` command line (commander): train, evaluate, predict, generate, summary, export, serve, retrain,
 * versions, rollback. `out` receives normal output; `onServe` gets running servers (tests stop them).
 * @example await buildProgram(process.stdout).parseAsync(['node', 'tforge', 'summary', 'models/mnist']);
 */
export function buildProgram(out: ProgressStream = process.stdout, onServe?: (s: Awaited<ReturnType<typeof runServe>>) => void): Command {
  const program = new Command('tforge')
    .description('Tensorforge: train, evaluate, serve and improve models from the command line.')
    .version('0.1.0')
    .showHelpAfterError();

  program
    .command('train <spec>')
    .description("train a model from a spec: a built-in workload ('mnist-mlp', 'mnist-linear' with --data-dir), a JSON workload config (including a GPT on a text file: {\"workload\": \"gpt\", \"text\": \"corpus.txt\"}), or a TS/JS module exporting { model(), data() }")
    .option('--data-dir <dir>', 'data folder for a built-in workload (e.g. ../shared/datasets/mnist)')
    .option('--epochs <n>', 'epochs', int('--epochs'))
    .option('--batch-size <n>', 'batch size', int('--batch-size'))
    .option('--validation-split <f>', 'fraction of the training data held out for validation', num('--validation-split'))
    .option('--seed <n>', 'random seed', int('--seed'))
    .option('--out <dir>', 'output directory (default models/<name>)')
    .option('--backend <name>', "kernel backend: 'native', 'ts' or 'cpu'")
    .option('--dashboard [port]', 'serve a live training dashboard (default port 8502)', int('--dashboard'))
    .option('--workers <n>', 'data-parallel: run N local ranks under mpirun (Open MPI), the batch size being the global batch', int('--workers'))
    .option('--iters <n>', 'GPT specs ({"workload": "gpt", "text": ...}): training iterations', int('--iters'))
    .action(async (spec: string, o: { epochs?: number; batchSize?: number; validationSplit?: number; seed?: number; out?: string; backend?: string; dashboard?: number | boolean; dataDir?: string; workers?: number; iters?: number }) => {
      if (o.workers !== undefined && o.workers > 1 && !launchedAsRank()) {
        process.exitCode = await launchWorkers(o.workers, withoutWorkersFlag(process.argv));
        return;
      }
      await runTrain(spec, o, out);
    });

  program
    .command('evaluate <model>')
    .description('print loss, metrics and the confusion matrix on the test split')
    .option('--data <spec>', "spec whose test split to use (default: the model's training data)")
    .option('--json', 'print JSON')
    .action(async (model: string, o: { data?: string; json?: boolean }) => {
      await runEvaluate(model, o, out);
    });

  program
    .command('predict <model> [input]')
    .description('predict from inline JSON, a .json/.csv/.npy file, a .png digit, or stdin lines with --interactive')
    .option('--interactive', 'read one example per line from stdin')
    .option('--json', 'print raw probabilities as JSON')
    .action(async (model: string, input: string | undefined, o: { interactive?: boolean; json?: boolean }) => {
      await runPredict(model, input, o, out);
    });

  program
    .command('generate <model> <prompt>')
    .description('continue a prompt with a GPT (tforge bundle with its tokenizer, or a Hugging Face GPT-2 directory), streaming tokens')
    .option('--max-new-tokens <n>', 'tokens to generate (default 200)', int('--max-new-tokens'))
    .option('--temperature <t>', '0 = greedy; default 0.8', num('--temperature'))
    .option('--top-k <k>', 'sample among the k most likely tokens', int('--top-k'))
    .option('--top-p <p>', 'nucleus sampling threshold in (0, 1]', num('--top-p'))
    .option('--seed <n>', 'random seed', int('--seed'))
    .option('--stop <text>', 'stop when this text is generated')
    .action(async (model: string, prompt: string, o: { maxNewTokens?: number; temperature?: number; topK?: number; topP?: number; seed?: number; stop?: string }) => {
      await runGenerate(model, prompt, o, out);
    });

  program
    .command('summary <model>')
    .description('print the architecture summary and test metrics')
    .action(async (model: string) => {
      await runSummary(model, out);
    });

  program
    .command('export <model>')
    .description('export the model to another format')
    .option('--onnx', 'ONNX (opset 17)')
    .option('--out <file>', 'output file (default <model>/model.onnx)')
    .action(async (model: string, o: { onnx?: boolean; out?: string }) => {
      await runExport(model, o, out);
    });

  program
    .command('serve <dir>')
    .description('serve a model directory (TF Serving REST + Open Inference Protocol v2 + web pages)')
    .option('--name <name>', "model name in URLs (default: the directory's base name)")
    .option('--port <n>', 'port', int('--port'), 8501)
    .option('--host <addr>', 'address to bind (loopback unless told otherwise)', '127.0.0.1')
    .option('--db <path-or-url>', DB_HELP)
    .option('--db-key-file <file>', DB_KEY_HELP)
    .option('--watch-ms <n>', 'how often to look for a newly promoted version', int('--watch-ms'), 1000)
    .option('--max-batch-delay-ms <n>', 'micro-batching window', num('--max-batch-delay-ms'), 2)
    .option('--tokens <file>', 'JSON file of role -> bearer token (roles: predict, feedback, metrics, admin); else TFORGE_<ROLE>_TOKEN, else generated into <dir>/tokens.json on loopback')
    .option('--open-predict', 'leave predict open without a token beyond loopback (a gateway authenticates in front)')
    .option('--tls-cert <pem>', 'serve HTTPS with this certificate (with --tls-key)')
    .option('--tls-key <pem>', 'private key of --tls-cert')
    .option('--user-id-key-file <file>', 'key for hashing user ids in feedback (else TFORGE_USER_ID_KEY, else generated into <dir>/user-id.key)')
    .option('--scrub <kinds>', "identifiers scrubbed from comments: comma-separated email,iban,card,ip,phone, or 'none' (default all)")
    .option('--retention-days <n>', 'delete feedback older than this', num('--retention-days'))
    .option('--body-limit <bytes>', 'largest request body (default 8 MiB)', int('--body-limit'))
    .option('--max-rows <n>', 'most examples per request (default 1024)', int('--max-rows'))
    .option('--max-in-flight <n>', 'requests handled at once before 503 (default 512)', int('--max-in-flight'))
    .option('--headers-timeout-ms <n>', 'time to receive request headers (default 10000)', int('--headers-timeout-ms'))
    .option('--request-timeout-ms <n>', 'time to receive a whole request (default 30000)', int('--request-timeout-ms'))
    .option('--keep-alive-timeout-ms <n>', 'idle keep-alive time (default 5000)', int('--keep-alive-timeout-ms'))
    .action(async (dir: string, o: ServeFlags & { headersTimeoutMs?: number; requestTimeoutMs?: number; keepAliveTimeoutMs?: number }) => {
      const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, ...rest } = o;
      const timeouts = {
        ...(headersTimeoutMs === undefined ? {} : { headersMs: headersTimeoutMs }),
        ...(requestTimeoutMs === undefined ? {} : { requestMs: requestTimeoutMs }),
        ...(keepAliveTimeoutMs === undefined ? {} : { keepAliveMs: keepAliveTimeoutMs }),
      };
      const s = await runServe(dir, { ...rest, timeouts }, out);
      onServe?.(s);
      if (!onServe) {
        // SIGTERM (docker stop, systemd, Kubernetes): stop accepting, finish in-flight requests, then exit.
        const stop = () => void s.close().then(() => process.exit(0), () => process.exit(1));
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }
    });

  program
    .command('retrain <dir>')
    .description('fine-tune the serving version on feedback (+ replayed training data); promote if not worse')
    .option('--name <name>', 'model name (default: directory base name)')
    .option('--db <path-or-url>', DB_HELP)
    .option('--db-key-file <file>', DB_KEY_HELP)
    .option('--epochs <n>', 'epochs', int('--epochs'))
    .option('--batch-size <n>', 'batch size', int('--batch-size'))
    .option('--replay-ratio <n>', 'training examples replayed per feedback example', num('--replay-ratio'))
    .option('--tolerance <f>', 'accepted drop in test accuracy', num('--tolerance'))
    .option('--seed <n>', 'random seed', int('--seed'))
    .option('--data <spec>', "spec for the training/test data (default: the model card's)")
    .option('--dp-epsilon <e>', 'train with DP-SGD within this epsilon (RDP accountant); noise is chosen to fit', num('--dp-epsilon'))
    .option('--dp-delta <d>', 'delta of the DP guarantee (default min(1e-5, 1/(10 N)))', num('--dp-delta'))
    .option('--dp-clip <c>', 'per-example gradient L2 clip norm (default 1)', num('--dp-clip'))
    .action(async (dir: string, o: Record<string, never>) => {
      await runRetrain(dir, o, out);
    });

  program
    .command('export-feedback <dir>')
    .description("write a served GPT's chat feedback (👍 answers and corrected answers) as fine-tuning text")
    .option('--out <file>', 'output file (default: standard output)')
    .option('--format <f>', "'text' (prompt + completion, blank line between; trains with a GPT spec) or 'jsonl'", 'text')
    .option('--name <name>', 'model name')
    .option('--db <path-or-url>', DB_HELP)
    .option('--db-key-file <file>', DB_KEY_HELP)
    .action(async (dir: string, o: { out?: string; format?: 'text' | 'jsonl'; name?: string; db?: string; dbKeyFile?: string }) => {
      await runExportFeedback(dir, o, out);
    });

  program
    .command('versions <dir>')
    .description('list registered versions with their status and metrics')
    .option('--name <name>', 'model name')
    .option('--db <path-or-url>', DB_HELP)
    .option('--db-key-file <file>', DB_KEY_HELP)
    .action(async (dir: string, o: { name?: string; db?: string; dbKeyFile?: string }) => {
      await runVersions(dir, o, out);
    });

  program
    .command('rollback <dir>')
    .description('serve the previous (or a given) version again')
    .option('--to <version>', 'version to serve', int('--to'))
    .option('--name <name>', 'model name')
    .option('--db <path-or-url>', DB_HELP)
    .option('--db-key-file <file>', DB_KEY_HELP)
    .action(async (dir: string, o: { to?: number; name?: string; db?: string; dbKeyFile?: string }) => {
      await runRollback(dir, o, out);
    });
  return program;
}
