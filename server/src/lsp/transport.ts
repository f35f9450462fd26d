/**
 * The connection's transport: stdio by default (also with --stdio), --node-ipc, --socket=N or
 * --pipe=NAME as vscode-languageserver reads them, but built here so that every transport goes
 * through the ProtocolGate (life cycle, parameter checks) and stdio through the FramedMessageReader
 * (resynchronises after a malformed frame instead of going silent).
 */
import {
  Connection,
  createConnection,
  createServerPipeTransport,
  createServerSocketTransport,
  IPCMessageReader,
  IPCMessageWriter,
  MessageReader,
  MessageWriter,
  ProposedFeatures,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { FramedMessageReader } from './framing';
import { ProtocolGate } from './gate';

function option(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name) return argv[i + 1];
    if (argv[i].startsWith(`${name}=`)) return argv[i].slice(name.length + 1);
  }
  return undefined;
}

/** A connection on the transport the command line names (stdio when it names none). */
export function transportConnection(argv = process.argv.slice(2)): Connection {
  let log: (m: string) => void = (m) => process.stderr.write(`${m}\n`);
  const late = (m: string) => log(m);
  let reader: MessageReader;
  let writer: MessageWriter;
  const port = Number(option(argv, '--socket'));
  const pipe = option(argv, '--pipe');
  let stdio = false;
  if (argv.includes('--node-ipc')) {
    reader = new IPCMessageReader(process);
    writer = new IPCMessageWriter(process);
  } else if (Number.isInteger(port) && port > 0) {
    [reader, writer] = createServerSocketTransport(port);
  } else if (pipe) {
    [reader, writer] = createServerPipeTransport(pipe);
  } else {
    stdio = true;
    reader = new FramedMessageReader(process.stdin, { log: late });
    writer = new StreamMessageWriter(process.stdout);
  }
  const gate = new ProtocolGate(reader, writer, late);
  const connection = createConnection(ProposedFeatures.all, gate, writer);
  log = (m) => connection.console.warn(m);
  if (stdio) {
    // the client went away: nothing will ever come again (vscode-languageserver does this for
    // the streams it creates itself)
    const gone = () => process.exit(gate.shutdownReceived ? 0 : 1);
    process.stdin.on('end', gone);
    process.stdin.on('close', gone);
  }
  return connection;
}
