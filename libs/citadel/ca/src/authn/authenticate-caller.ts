import { isMeshError, UnauthenticatedError } from '@tsmesh/shared-errors';
import type { Authenticator, CallCredentials, Caller } from './authenticator';

/**
 * Tries each authenticator in order (client certificate first, then token, like Istio) and
 * returns the first caller one vouches for. No credential, or only bad ones => UNAUTHENTICATED
 * with every reason, so a workload's log says exactly what was wrong.
 */
export async function authenticateCaller(call: CallCredentials, authenticators: readonly Authenticator[]): Promise<Caller> {
  const failures: string[] = [];
  for (const authenticator of authenticators) {
    try {
      const caller = await authenticator.authenticate(call);
      if (caller) return caller;
    } catch (err) {
      if (!isMeshError(err, UnauthenticatedError)) throw err;
      failures.push(err.message);
    }
  }
  if (failures.length > 0) throw new UnauthenticatedError(failures.join('; '));
  const tokenSupported = authenticators.some((authenticator) => authenticator.name === 'service-account-token');
  const presentedToken = call.metadata.get('authorization').length > 0;
  if (presentedToken && !tokenSupported) {
    throw new UnauthenticatedError('a bearer token was sent but this Citadel has no --token-verification-key');
  }
  throw new UnauthenticatedError(
    'no credential: present a client certificate issued by this CA or "authorization: Bearer <service-account token>"',
  );
}
