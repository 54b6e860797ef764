/** An Envoy `Address` holding a socket address (shared by CDS static clusters and EDS). */
export function socketAddress(address: string, port: number) {
  return { address: { $case: 'socketAddress' as const, value: { address, portSpecifier: { $case: 'portValue' as const, value: port } } } };
}
