/** Config that would make an invalid Envoy resource; the offending route is left out and reported. */
export class RouteProblem extends Error {}
