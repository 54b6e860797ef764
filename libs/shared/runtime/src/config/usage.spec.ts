import { flag } from './flags';
import { formatUsage } from './usage';

describe('formatUsage', () => {
  it('lists every flag with placeholder, default, env and required marks', () => {
    const text = formatUsage(
      'pilot',
      {
        grpcPort: flag.port({ flag: 'grpc-port', env: 'PILOT_GRPC_PORT', default: 15010, description: 'xDS gRPC port' }),
        debounce: flag.duration({ flag: 'debounce', default: '100ms', description: 'push debounce' }),
        verbose: flag.boolean({ flag: 'verbose', description: 'chatty' }),
        dir: flag.string({ flag: 'dir', required: true, description: 'config dir' }),
      },
      'Pilot serves xDS.',
    );
    const lines = text.split('\n');
    expect(lines.slice(0, 4)).toEqual(['Usage: pilot [flags]', '', 'Pilot serves xDS.', '']);
    expect(text).toMatch(/ {2}--grpc-port <port> +xDS gRPC port \(default 15010, env PILOT_GRPC_PORT\)\n/);
    expect(text).toMatch(/--debounce <duration> +push debounce \(default 100ms\)\n/);
    expect(text).toMatch(/--verbose +chatty\n/);
    expect(text).toMatch(/--dir <string> +config dir \(required\)\n/);
    expect(text).toMatch(/--help +show this help and exit\n/);
  });
});
