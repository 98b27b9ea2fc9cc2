/**
 * `slv`: the engine's command-line tool. Each subcommand lives in src/commands/.
 */
import { UsageError } from './cli-args.ts';
import { runCodegenCommand } from './commands/codegen.ts';
import { runDissectCommand } from './commands/dissect.ts';
import { CLI_VERSION } from './version.ts';

const USAGE = `usage: slv <command> [options]     (slv <command> --help for its options; slv --version)

commands:
  dissect FILE [--json] [--filter NAME[,NAME]]   decode Second Life UDP traffic (pcap, .jsonl, raw datagram)
  codegen --template FILE --out DIR              generate TypeScript codecs from a message_template.msg
  bench SUITE [--json] [--quick]                 run a benchmark suite (protocol, net, …, all)
  sim [--port N] [--objects N] [--lights N] [--movers N] [--loss P --dup P --reorder P --delay-ms N]
                                                 run the embedded region simulator on 127.0.0.1
  connect [--login-uri URI] [--first F --last L] [--password-env VAR] [--seconds N] [--until-objects N] [--json]
                                                 log in headless, stay (N seconds, or until N objects arrived), log out
                                                 (embedded simulator by default)
  texture FILE [--discard N | --bytes K] [--out FILE.png] [--json]
                                                 decode a JPEG2000 texture, whole or a prefix, to PNG
  mesh FILE [--lod NAME] [--json]                decode a mesh asset: LODs, faces, vertex and triangle counts, skin joints
  fuzz TARGET|all [--seconds N] [--seed S] [--json] [--out DIR]
                                                 mutational fuzzing of every input surface (datagrams, LLSD, login, …)
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
    case 'dissect':
      return runDissectCommand(rest, out, err);
    case 'codegen':
      return runCodegenCommand(rest, out, err);
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
    case 'mesh': {
      const { runMesh } = await import('./commands/mesh.ts');
      return runMesh(rest, out, err);
    }
    case 'fuzz': {
      const { runFuzzCommand } = await import('./commands/fuzz.ts');
      return runFuzzCommand(rest, out, err);
    }
    case 'bench': {
      const { runBench } = await import('./commands/bench.ts');
      return runBench(rest, out, err);
    }
    case undefined: case 'help': case '--help': case '-h':
      out(USAGE);
      return command === undefined ? 2 : 0;
    case '--version': case 'version': case '-v':
      out(`slv ${CLI_VERSION}`);
      return 0;
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
    const command = process.argv[2] ?? '';
    if (error instanceof UsageError) err(`slv ${command}: ${error.message}\n(slv ${command} --help lists the options)`);
    else err(`slv: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
