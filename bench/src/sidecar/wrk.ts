import { execFile } from 'node:child_process';
import { LOADGEN_CORE, pinnedCommand } from './cores';

export interface WrkResult {
  readonly rps: number;
  readonly requests: number;
  /** Non-2xx/3xx answers plus socket errors (connect, read, write, timeout). */
  readonly errors: number;
}

export interface WrkRun {
  readonly url: string;
  readonly seconds: number;
  readonly connections: number;
  /** Host header: the service the client app calls through its sidecar's virtual listener. */
  readonly host?: string;
}

/** Parses wrk's summary: "Requests/sec:", "N requests in", "Socket errors:" and "Non-2xx or 3xx responses:". */
export function parseWrk(text: string): WrkResult {
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(text)?.[1];
  if (rps === undefined) throw new Error(`wrk printed no "Requests/sec:" line:\n${text}`);
  const requests = Number(/(\d+) requests in/.exec(text)?.[1] ?? NaN);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(text)?.[1] ?? 0);
  return { rps: Number(rps), requests, errors: socketErrors + non2xx };
}

/** One closed-loop wrk run (one thread, keep-alive) on the load generator's core. */
export function runWrk(run: WrkRun): Promise<WrkResult> {
  const args = ['-t1', `-c${run.connections}`, `-d${run.seconds}s`, ...(run.host ? ['-H', `Host: ${run.host}`] : []), run.url];
  const [command, pinnedArgs] = pinnedCommand(LOADGEN_CORE, 'wrk', args);
  return new Promise((resolve, reject) => {
    execFile(command, pinnedArgs, { timeout: (run.seconds + 30) * 1000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`wrk ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}`));
      try {
        resolve(parseWrk(stdout));
      } catch (parseErr) {
        reject(parseErr instanceof Error ? parseErr : new Error(String(parseErr)));
      }
    });
  });
}
