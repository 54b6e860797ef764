// Which process opened a TCP connection, read from Linux's /proc: how the egress e2e proves
// that the external server got a request from the egress gateway's process and not from the
// client's sidecar, although both connect from 127.0.0.1.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** `127.0.0.1:5000` as /proc/net/tcp writes it: the IPv4 address as a little-endian hex word, the port as hex. */
function procAddress(endpoint: string): string {
  const [ip = '', port = ''] = endpoint.split(':');
  const octets = ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0').toUpperCase());
  if (octets.length !== 4 || !port) throw new Error(`not an IPv4 ip:port: ${endpoint}`);
  return `${octets.reverse().join('')}:${Number(port).toString(16).padStart(4, '0').toUpperCase()}`;
}

/** The socket inode of the open connection from `from` to `to` (ip:port each), if there is one. */
function connectionInode(from: string, to: string): string | undefined {
  const [local, remote] = [procAddress(from), procAddress(to)];
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields[1] === local && fields[2] === remote) return fields[9];
  }
  return undefined;
}

function holdsSocket(pid: number, inode: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`;
      } catch {
        return false; // closed while we looked
      }
    });
  } catch {
    return false; // the process is gone
  }
}

/**
 * The name of the candidate process holding the client end of the connection `from` → `to`;
 * undefined when the connection is closed or none of them holds it.
 */
export function connectionOwner(from: string, to: string, candidates: Readonly<Record<string, number | undefined>>): string | undefined {
  const inode = connectionInode(from, to);
  if (!inode || inode === '0') return undefined;
  return Object.entries(candidates).find(([, pid]) => pid !== undefined && holdsSocket(pid, inode))?.[0];
}
