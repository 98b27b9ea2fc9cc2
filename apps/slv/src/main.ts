/**
 * `slv`: the engine's command-line tool. Each subcommand lives in src/commands/.
 */
import { parseArgs } from 'node:util';
import { runCodegen } from './commands/codegen.ts';
import { runDissect } from './commands/dissect.ts';

const USAGE = `usage: slv <command> [options]

commands:
  dissect FILE [--json] [--filter NAME[,NAME]]   decode Second Life UDP traffic (pcap, .jsonl, raw datagram)
  codegen --template FILE [--out DIR]            generate TypeScript codecs from a message_template.msg
  bench SUITE [--json] [--quick]                 run a benchmark suite (protocol, net, …, all)
  sim [--port N] [--objects N] [--lights N] [--movers N] [--loss P --dup P --reorder P --delay-ms N]
                                                 run the embedded region simulator on 127.0.0.1
  connect [--login-uri URI] [--first F --last L] [--password-env VAR] [--seconds N] [--until-objects N] [--json]
                                                 log in headless, stay (N seconds, or until N objects arrived), log out
                                                 (embedded simulator by default)
  texture FILE [--discard N | --bytes K] [--out FILE.png] [--json]
                                                 decode a JPEG2000 texture, whole or a prefix, to PNG
`;

// A closed pipe (`slv dissect big.pcap | head`) ends the command quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const out = (line: string) => process.stdout.write(line + '\n');
const err = (line: string) => process.stderr.write(line + '\n');

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'dissect': {
      const { values, positionals } = parseArgs({
        args: rest, allowPositionals: true,
        options: { json: { type: 'boolean', default: false }, filter: { type: 'string', multiple: true, default: [] } },
      });
      if (positionals.length !== 1) return usage('dissect needs exactly one FILE');
      const filter = values.filter.flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean);
      return runDissect(positionals[0]!, { json: values.json, filter }, out, err);
    }
    case 'codegen': {
      const { values } = parseArgs({
        args: rest,
        options: { template: { type: 'string' }, out: { type: 'string', default: 'generated' } },
      });
      if (!values.template) return usage('codegen needs --template FILE');
      return runCodegen(values.template, values.out, out, err);
    }
    case 'sim': {
      const { runSimCommand } = await import('./commands/sim.ts');
      return runSimCommand(rest, out, err);
    }
    case 'connect': {
      const [{ runConnect }, { startRegion }] = await Promise.all([import('./commands/connect.ts'), import('@slv/sim')]);
      return runConnect(rest, out, err, async (options) => {
        const region = await startRegion({ sceneOptions: options });
        return { loginUri: region.loginUri, stop: () => region.stop() };
      });
    }
    case 'texture': {
      const { runTexture } = await import('./commands/texture.ts');
      return runTexture(rest, out, err);
    }
    case 'bench': {
      const { runBench } = await import('./commands/bench.ts');
      return runBench(rest, out, err);
    }
    case undefined: case 'help': case '--help': case '-h':
      out(USAGE);
      return command === undefined ? 2 : 0;
    default:
      return usage(`unknown command ${JSON.stringify(command)}`);
  }
}

function usage(problem: string): number {
  err(`slv: ${problem}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    err(`slv: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
